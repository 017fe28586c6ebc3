"""The profile as HTML: one self-contained page (:func:`to_html`) and a compact notebook view (:func:`compact_html`).

The page holds everything it shows: a stylesheet in ``<style>``, the figures of :mod:`handyspark.plotting.profile` as inline
``<svg>`` elements; no script, no link, nothing fetched. Its sections, in order: the overview (rows,
columns, duplicate rows, per stratum; the options; links to every column), the missing values, the
Pearson and Spearman correlations (and Cramér's V when the profile has it), then one section per column — its figures of :attr:`Profile.table`
that apply (one column per stratum), its histogram (small multiples of the strata on shared axes) and its
top values (one table per stratum, side by side).

Every shown figure sits in a cell that names it, ``<td data-stat="mean" data-stratum="0">29.6991</td>``,
in a section that names its column, ``<section class="column" data-column="Age">``; every text from the
data (column names, values, strata) is escaped.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial
from html import escape
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..plotting import profile as figures
from ..plotting._svg import to_svg
from ..plotting.profile import ProfileData, stratum_titles

__all__ = ["to_html", "compact_html", "format_value", "largest_strata", "MAX_STRATA"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;margin:0 auto;
 max-width:1280px;padding:1rem 2rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:.4rem 0}h3{font-size:1rem;margin:0 0 .3rem}
section{border-top:1px solid #ccc;padding:.6rem 0 1.2rem}
table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}
th,td{padding:.15rem .6rem;border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top}
th{font-weight:600}tbody th,th.text,td.text{text-align:left}td.text{max-width:24rem;overflow-wrap:anywhere}
caption{text-align:left;font-weight:600;padding:.2rem 0}
.type{color:#666;font-weight:normal;font-size:.8em}.note{color:#555;font-size:.9rem}
.row{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure{margin:0}svg{max-width:100%;height:auto}
ol.toc{columns:14rem;font-size:.9rem;padding-left:1.5rem}
"""


#: The most strata whose figures a report draws (see :func:`to_html`).
MAX_STRATA = 12


def to_html(profile: ProfileData, path: str | os.PathLike[str] | None = None, *, title: str = "Profile",
            max_strata: int = MAX_STRATA) -> str | None:
    """The report of ``profile`` as one self-contained HTML page, written to ``path`` (UTF-8; returns None)
    or returned as text when ``path`` is None. See the module's description for what it holds.

    The overview lists every stratum; the figures and the column sections show the ``max_strata``
    largest (by rows; ties in the profile's order), and the page says so when it leaves strata out: a
    page of a thousand strata would hold a thousand panels per column.

    Examples
    --------
    >>> page = to_html(hdf.profile(["Age", "Sex"]))
    >>> page.startswith("<!DOCTYPE html>"), page.count('<section class="column"')
    (True, 2)
    """
    if isinstance(max_strata, bool) or not isinstance(max_strata, int) or max_strata < 1:
        raise ArgumentError(f"max_strata must be a positive int, got {max_strata!r}")
    page = document(profile, title, max_strata)
    if path is None:
        return page
    Path(path).write_text(page, encoding="utf-8")
    return None


def largest_strata(profile: ProfileData, n: int) -> list[int]:
    """The positions of the ``n`` strata with the most rows (ties in the profile's order), in the profile's order.

    Examples
    --------
    >>> largest_strata(hdf.stratify(["Pclass"]).profile(["Age"]), 2)  # 216, 184 and 491 rows
    [0, 2]
    """
    rows = [int(f["rows"]) for f in profile.frame]
    return sorted(sorted(range(len(rows)), key=lambda s: -rows[s])[:n])


def _strata_subset(profile: ProfileData, positions: list[int]) -> ProfileData:
    """The profile of the strata at ``positions`` only (the same columns and options)."""
    if positions == list(range(len(profile.keys))):
        return profile
    pick = {name: [getattr(profile, name)[s] for s in positions]
            for name in ("keys", "frame", "stats", "top", "histograms", "pearson", "spearman", "cramer")}
    return replace(cast(Any, profile), **pick)


def document(profile: ProfileData, title: str = "Profile", max_strata: int = MAX_STRATA) -> str:
    """The page :func:`to_html` writes."""
    counter = itertools.count()
    everything = profile
    numbers = largest_strata(profile, max_strata)
    profile = _strata_subset(profile, numbers)
    table, titles = profile.table, stratum_titles(profile)  # made once: each is a pandas view of the data

    def figure(build: Callable[[], Any], what: str) -> str:
        """``<figure>`` of what ``build`` draws, or a note when there is nothing to draw."""
        try:
            fig = build()
        except ArgumentError as error:
            return f'<p class="note">{escape(str(error))}</p>'
        return f'<figure data-figure="{what}">{to_svg(fig, prefix=f"f{next(counter)}-")}</figure>'

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        '<section id="overview"><h2>Overview</h2>',
        _summary(everything), _overview_table(everything), _left_out(everything, numbers), _options(profile),
        "<h3>Columns</h3>", _toc(profile), "</section>",
        '<section id="missing"><h2>Missing values</h2>',
        figure(partial(figures.missing_figure, profile), "missing"), "</section>",
        '<section id="correlations"><h2>Correlations</h2><div class="row">',
        *(figure(partial(figures.correlation_figure, profile, m), f"correlation-{m}") for m in _methods(profile)),
        "</div></section>",
    ]
    for j, name in enumerate(profile.names):
        parts += [
            f'<section class="column" id="column-{j}" data-column="{escape(name)}">',
            f'<h2>{escape(name)} <span class="type">{escape(profile.types[j])}</span></h2>',
            '<div class="row">', _stats_table(profile, table, titles, j, numbers),
            figure(partial(figures.histogram_figure, profile, name), "histogram"),
            '<div class="top"><h3>Top values</h3>', _top_tables(profile, titles, j, numbers), "</div></div></section>",
        ]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _methods(profile: ProfileData) -> list[str]:
    """The association matrices to draw: Pearson and Spearman, and Cramér's V when the profile has it."""
    try:
        profile.corr("cramer")
    except ArgumentError:  # a profile without Cramér's V
        return ["pearson", "spearman"]
    return ["pearson", "spearman", "cramer"]


def compact_html(profile: ProfileData, max_rows: int = 60) -> str:
    """The notebook view (``Profile._repr_html_``): the overview and :attr:`Profile.table` (its first
    ``max_rows`` rows), formatted as the report formats them; no figures, no stylesheet.

    Examples
    --------
    >>> view = compact_html(hdf.profile(["Age"]))
    >>> 'data-stat="rows" data-stratum="0">891<' in view, len(view) < 100_000
    (True, True)
    """
    table = profile.table
    stats = list(table.columns)
    levels = [str(n) for n in table.index.names]
    head = "".join(f"<th>{escape(name)}</th>" for name in [*levels, *stats])
    rows = []
    for i, (label, record) in enumerate(table.iterrows()):
        if i == max_rows:
            break
        labels = label if isinstance(label, tuple) else (label,)
        cells = "".join(f"<th>{escape(format_value(v))}</th>" for v in labels)
        cells += "".join(_cell(stat, record[stat], i // max(1, len(profile.names))) for stat in stats)
        rows.append(f"<tr>{cells}</tr>")
    more = len(table) - max_rows
    tail = f'<p>… {more:,} more rows: <code>profile.table</code> holds them all.</p>' if more > 0 else ""
    return "\n".join([
        '<div class="handyspark-profile">', _summary(profile), _overview_table(profile),
        f'<table class="profile-table"><thead><tr>{head}</tr></thead><tbody>', *rows, "</tbody></table>", tail,
        "<p><code>profile.to_html(path)</code> writes the full report, with the figures.</p></div>",
    ])


def format_value(value: Any) -> str:
    """The text a report shows for one figure: counts with thousands separators, other numbers to 6
    significant digits, ``''`` for a figure that does not apply (None, NaN, ``<NA>``); not escaped.

    Examples
    --------
    >>> format_value(891), format_value(29.69911764705882), format_value(0.0022446689), format_value(None)
    ('891', '29.6991', '0.00224467', '')
    >>> format_value(1234567.891), format_value(float("-inf")), format_value(2.5e-07), format_value("S")
    ('1,234,568', '-inf', '2.5e-07', 'S')
    """
    if _absent(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if v == 0:
            return "0"
        magnitude = math.floor(math.log10(abs(v)))
        if not -4 <= magnitude < 15:
            return f"{v:.6g}"
        text = f"{v:,.{max(0, 5 - magnitude)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)  # decimals, dates, strings


def _absent(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _cell(stat: str, value: Any, stratum: int) -> str:
    kind = "" if isinstance(value, (int, float, np.integer, np.floating, Decimal)) else ' class="text"'
    return f'<td data-stat="{escape(stat)}" data-stratum="{stratum}"{kind}>{escape(format_value(value))}</td>'


def _summary(profile: ProfileData) -> str:
    rows = sum(int(f["rows"]) for f in profile.frame)
    text = (f"{len(profile.names):,} columns ({len(profile.numeric):,} numeric), "
            f"{rows:,} rows")
    if profile.strata is not None:
        text += f" in {len(profile.keys):,} strata of {', '.join(str(n) for n in profile.overview.index.names)}"
    return f'<p class="summary">{escape(text)}.</p>'


def _overview_table(profile: ProfileData) -> str:
    titles = stratum_titles(profile)
    stratified = profile.strata is not None
    head = ("<th>stratum</th>" if stratified else "") + "<th>rows</th><th>columns</th><th>duplicates</th>"
    body = []
    for s, (title, frame) in enumerate(zip(titles, profile.frame)):
        label = f'<th scope="row">{escape(title)}</th>' if stratified else ""
        cells = "".join(_cell(stat, frame.get(stat), s) for stat in ("rows", "columns", "duplicates"))
        body.append(f"<tr>{label}{cells}</tr>")
    return f'<table class="overview"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _options(profile: ProfileData) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in profile.options.items())
    return f'<p class="note">Options: {escape(text)}. Duplicates are rows minus distinct rows.</p>'


def _toc(profile: ProfileData) -> str:
    items = "".join(f'<li><a href="#column-{j}">{escape(name)}</a> <span class="type">{escape(kind)}</span></li>'
                    for j, (name, kind) in enumerate(zip(profile.names, profile.types)))
    return f'<nav><ol class="toc">{items}</ol></nav>'


def _left_out(profile: ProfileData, numbers: list[int]) -> str:
    """A note when the figures show only some strata."""
    if len(numbers) == len(profile.keys):
        return ""
    return (f'<p class="note" data-strata-shown="{len(numbers)}">The figures and the column sections show the '
            f"{len(numbers):,} largest of the {len(profile.keys):,} strata (by rows); the profile's tables "
            "(<code>p.table</code>, <code>p.overview</code>) hold every stratum.</p>")


def _stats_table(profile: ProfileData, table: pd.DataFrame, titles: list[str], j: int, numbers: list[int]) -> str:
    """Column ``j``'s figures (every one that is not blank in some stratum), one column per stratum
    (``data-stratum``: the stratum's position in the whole profile, ``numbers``)."""
    n = len(profile.names)
    rows = table.iloc[[s * n + j for s in range(len(profile.keys))]]
    head = ""
    if profile.strata is not None:
        head = "<thead><tr><th></th>" + "".join(f'<th scope="col" data-stratum="{numbers[s]}">{escape(t)}</th>'
                                                  for s, t in enumerate(titles)) + "</tr></thead>"
    body = []
    for stat in table.columns:
        values = rows[stat].tolist()
        if stat == "type" or all(_absent(v) for v in values):
            continue
        cells = "".join(_cell(stat, v, numbers[s]) for s, v in enumerate(values))
        body.append(f'<tr><th scope="row">{escape(stat)}</th>{cells}</tr>')
    return f'<table class="stats">{head}<tbody>{"".join(body)}</tbody></table>'


def _top_tables(profile: ProfileData, titles: list[str], j: int, numbers: list[int]) -> str:
    """Column ``j``'s top values: value, count and share of the stratum's rows; a table per stratum."""
    tables = []
    for s, title in enumerate(titles):
        pairs = profile.top[s][j]
        rows = int(profile.frame[s]["rows"])
        caption = f"<caption>{escape(title)}</caption>" if profile.strata is not None else ""
        body = "".join(
            f'<tr><td class="text" data-top="value">{_value(v)}</td><td data-top="count">{escape(format_value(c))}'
            f'</td><td>{100 * c / rows:.1f}%</td></tr>' for v, c in pairs)
        if not pairs:
            body = '<tr><td colspan="3" class="text">none</td></tr>'
        tables.append(f'<table class="top" data-stratum="{numbers[s]}">{caption}<thead><tr><th class="text">value</th><th>count</th>'
                      f'<th>of rows</th></tr></thead><tbody>{body}</tbody></table>')
    return f'<div class="row">{"".join(tables)}</div>'


def _value(value: Any) -> str:
    """A top value as HTML: escaped text, ``null`` and the empty string in italics."""
    if value is None:
        return "<em>null</em>"
    if value == "":
        return "<em>empty string</em>"
    return escape(format_value(value))
