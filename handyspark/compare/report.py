"""A comparison as one self-contained HTML page: the flags of every column, then one section per column.

Like the profile's report: a stylesheet in ``<style>``, figures as inline ``<svg>`` (drawn by
:mod:`handyspark.plotting.compare`), no script, nothing fetched; every text from the data escaped.
Every figure sits in a cell that names it, ``<td data-stat="psi" data-stratum="0">0.0618</td>``; every
flag in a cell ``data-flag="alarm"``.
"""

from __future__ import annotations

import itertools
import os
from html import escape
from pathlib import Path
from typing import Protocol

from ..errors import ArgumentError
from ..plotting._svg import to_svg
from ..plotting.compare import ComparisonData, column_figure, stratum_titles
from ..profile.report import format_value


class Comparison(ComparisonData, Protocol):
    """What the report reads of a :class:`~handyspark.compare.Comparison` (its fields and ``table``)."""

    source: str
    options: dict


__all__ = ["to_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;margin:0 auto;
 max-width:1280px;padding:1rem 2rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:.4rem 0}
section{border-top:1px solid #ccc;padding:.6rem 0 1.2rem}
table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}
th,td{padding:.15rem .6rem;border-bottom:1px solid #e4e4e4;text-align:right}
th.text,td.text{text-align:left}.note{color:#555;font-size:.9rem}.kind{color:#666;font-weight:normal;font-size:.8em}
td[data-flag=alarm]{background:#f8d0d0}td[data-flag=warn]{background:#fbeacc}td[data-flag=ok]{background:#e3f2e3}
figure{margin:.5rem 0}svg{max-width:100%;height:auto}
"""

#: The figures of the flags table and of each column's table, in order.
SHOWN = ("psi", "ks", "ks_bound", "js", "missing_ref", "missing_cur", "missing_change", "mean_ref", "mean_cur",
         "mean_change", "50%_change", "appeared", "vanished", "count_ref", "count_cur")


def to_html(comparison: Comparison, path: str | os.PathLike[str] | None = None, *, title: str = "Comparison",
            max_strata: int = 12) -> str | None:
    """The report of ``comparison`` as one HTML page, written to ``path`` (UTF-8; returns None) or returned.

    The flags table lists every column in every stratum; each column's section draws the ``max_strata``
    strata with the most rows (both sides together).

    Examples
    --------
    >>> page = to_html(hdf.where(F.col("Pclass") == 1).toHandy().compare(hdf, ["Age", "Sex"]))
    >>> page.startswith("<!DOCTYPE html>"), page.count('<section class="column"')
    (True, 2)
    """
    if isinstance(max_strata, bool) or not isinstance(max_strata, int) or max_strata < 1:
        raise ArgumentError(f"max_strata must be a positive int, got {max_strata!r}")
    page = document(comparison, title, max_strata)
    if path is None:
        return page
    Path(path).write_text(page, encoding="utf-8")
    return None


def _largest(comparison: Comparison, n: int) -> list[int]:
    rows = [per[0]["sides"][0]["rows"] + per[0]["sides"][1]["rows"] if per else 0 for per in comparison.cells]
    return sorted(sorted(range(len(rows)), key=lambda s: -rows[s])[:n])


def _cell(stat: str, value: object, stratum: int) -> str:
    text = escape(format_value(value))
    if stat.endswith("flag"):
        return f'<td class="text" data-flag="{text}" data-stratum="{stratum}">{text}</td>'
    return f'<td data-stat="{escape(stat)}" data-stratum="{stratum}">{text}</td>'


def document(comparison: Comparison, title: str = "Comparison", max_strata: int = 12) -> str:
    """The page :func:`to_html` writes."""
    table = comparison.table
    titles = stratum_titles(comparison)
    counter = itertools.count()
    flags = table["flag"].value_counts()
    stratified = comparison.strata is not None
    summary = (f"{len(comparison.names):,} columns" + (f" in {len(comparison.keys):,} strata" if stratified else "")
               + f": {int(flags.get('alarm', 0)):,} alarm, {int(flags.get('warn', 0)):,} warn.")
    source = {"frames": "two frames (KS exact)", "profile": "a saved profile against a frame (KS bounded: "
              "ks at the bin edges, ks_bound above it)", "profiles": "two saved profiles (KS bounded)"}
    thresholds = ", ".join(f"{k} {v[0]:g} / {v[1]:g}" for k, v in comparison.options["thresholds"].items() if v)
    head = "".join(f"<th>{escape(n)}</th>" for n in [*(["stratum"] if stratified else []), "column", "flag", *SHOWN])
    body = []
    n = len(comparison.names)
    for i, (_, row) in enumerate(table.iterrows()):
        s, j = divmod(i, n)
        label = f'<td class="text">{escape(titles[s])}</td>' if stratified else ""
        name = f'<td class="text"><a href="#column-{j}">{escape(comparison.names[j])}</a></td>'
        cells = _cell("flag", row["flag"], s) + "".join(_cell(stat, row[stat], s) for stat in SHOWN)
        body.append(f'<tr data-column="{escape(comparison.names[j])}">{label}{name}{cells}</tr>')
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>", f"<h1>{escape(title)}</h1>",
        '<section id="flags"><h2>Flags</h2>', f'<p class="summary">{escape(summary)}</p>',
        f'<p class="note">Compared: {escape(source.get(comparison.source, comparison.source))}. Thresholds '
        f"(warn / alarm): {escape(thresholds)}. PSI over shared bins, shares below "
        f"{comparison.options.get('epsilon', 1e-4):g} raised to it; JS is the Jensen–Shannon distance (base 2).</p>",
        f'<table class="flags"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></section>',
    ]
    shown = _largest(comparison, max_strata)
    if len(shown) < len(comparison.keys):
        parts.append(f'<p class="note">The column sections draw the {len(shown):,} largest of the '
                     f"{len(comparison.keys):,} strata.</p>")
    for j, name in enumerate(comparison.names):
        svg = to_svg(column_figure(comparison, name, shown), prefix=f"f{next(counter)}-")
        parts += [f'<section class="column" id="column-{j}" data-column="{escape(name)}">',
                  f'<h2>{escape(name)} <span class="kind">{escape(comparison.kinds[j])}</span></h2>',
                  f'<figure data-figure="bins">{svg}</figure></section>']
    parts.append("</body></html>\n")
    return "\n".join(parts)
