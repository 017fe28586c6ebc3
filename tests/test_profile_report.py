"""The profile's HTML report and its figures, from committed profiles: no Spark session here.

tests/data/profiles holds ``hdf.profile()`` of Titanic (``titanic``), ``hdf.stratify(["Sex"]).profile()``
(``titanic_by_sex``) and ``hdf.stratify(["Pclass", Bucket("Age", 2)]).profile(["Fare", "Embarked",
"Survived"])`` (``titanic_by_pclass_age``), as ``Profile.to_json`` wrote them. The figures are checked by
their artists; the page by parsing it (every figure sits in a ``data-stat`` cell of a ``data-column``
section) and, in the slow part, by rendering it in headless Chromium (``scripts/browser.sh`` installs it).
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import shutil
import subprocess
from functools import cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from handyspark.errors import ArgumentError
from handyspark.plotting.profile import correlation_figure, histogram_figure, missing_figure, stratum_titles
from handyspark.profile import Profile
from handyspark.profile.report import compact_html, format_value

DATA = Path(__file__).parent / "data" / "profiles"
NAMES = ["titanic", "titanic_by_sex", "titanic_by_pclass_age"]
HOSTILE = '<b>x & "y"</b>'
MATH = "$\\frac{$ </section><script>alert('x')</script>"  # mathtext that cannot parse, and markup


def fixture(name: str) -> dict:
    """The JSON data of a committed profile (a fresh copy)."""
    data = json.loads((DATA / f"{name}.json").read_text())
    return data


@cache
def load(name: str) -> Profile:
    return Profile.from_dict(fixture(name))


@cache
def page(name: str) -> str:
    return load(name).to_html()


def renamed(data: dict, names: dict[str, str]) -> dict:
    """``data`` with columns renamed (``names``: old to new) wherever a profile names them."""
    data = copy.deepcopy(data)
    for key in ("names", "numeric", "categorical"):
        if key in data:
            data[key] = [names.get(c, c) for c in data[key]]
    return data


def subset(data: dict, columns: list[str]) -> dict:
    """``data`` of a profile of ``columns`` only (their figures, and the correlations among them)."""
    data = copy.deepcopy(data)
    keep = [data["names"].index(c) for c in columns]
    for key in ("stats", "top", "histograms"):
        data[key] = [[per[j] for j in keep] for per in data[key]]
    for names, matrices in (("numeric", ("pearson", "spearman")), ("categorical", ("cramer",))):
        if names not in data:
            continue
        inner = [i for i, c in enumerate(data[names]) if c in columns]
        data[names] = [data[names][i] for i in inner]
        for key in matrices:
            data[key] = [[[m[a][b] for b in inner] for a in inner] for m in data[key]]
    data["types"] = [data["types"][j] for j in keep]
    data["names"] = list(columns)
    for frame in data["frame"]:
        frame["columns"] = len(columns)
    return data


class Cells(HTMLParser):
    """The figures of a page: the text of every ``data-stat`` / ``data-top`` element with the column section
    (``data-column``) and top-values table (``data-stratum``) it sits in."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.cells: list[tuple[str | None, dict, str]] = []
        self.svgs = 0
        self._column: str | None = None
        self._top_stratum: int | None = None
        self._open: tuple[str, dict] | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self._column = a.get("data-column")
            if "column" in (a.get("class") or "").split():
                self.sections.append(a["data-column"])
        elif tag == "table" and "top" in (a.get("class") or "").split():
            self._top_stratum = int(a["data-stratum"])
        elif tag == "svg":
            self.svgs += 1
        if "data-stat" in a or "data-top" in a:
            if "data-top" in a:
                a["data-stratum"] = str(self._top_stratum)
            self._open, self._text = (tag, a), []

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            self.cells.append((self._column, self._open[1], "".join(self._text)))
            self._open = None
        elif tag == "section":
            self._column = None

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def stats(self) -> dict[tuple[str | None, str, int], str]:
        """``{(column or None for the overview, figure, stratum): text shown}``."""
        return {(c, a["data-stat"], int(a["data-stratum"])): text for c, a, text in self.cells if "data-stat" in a}


def absent(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def shows(text: str, value) -> bool:
    """Whether ``text`` shows ``value``: the number to 6 significant digits, or the text itself."""
    if absent(value):
        return text == ""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return math.isclose(float(text.replace(",", "")), float(value), rel_tol=1e-5, abs_tol=1e-12)
    return text == str(value)


# ----------------------------------------------------------------------------------------------- the page
@pytest.mark.parametrize("name", NAMES)
def test_every_column_has_a_section(name):
    profile, cells = load(name), Cells(page(name))
    assert cells.sections == profile.names
    text = page(name)
    for j, column in enumerate(profile.names):
        assert f'<section class="column" id="column-{j}" data-column="{column}">' in text
        assert f'<h2>{column} <span class="type">{profile.types[j]}</span></h2>' in text
        assert f'<a href="#column-{j}">{column}</a>' in text  # the overview links to it


@pytest.mark.parametrize("name", NAMES)
def test_the_figures_shown_are_the_table(name):
    """Every figure of ``profile.table`` that applies is shown in its column's section, and nothing else."""
    profile = load(name)
    table, n = profile.table, len(profile.names)
    shown = {k: v for k, v in Cells(page(name)).stats().items() if k[0] is not None}
    expected = {}
    for j, column in enumerate(profile.names):
        rows = table.iloc[[s * n + j for s in range(len(profile.keys))]]
        for stat in table.columns.drop("type"):
            values = rows[stat].tolist()
            if not all(absent(v) for v in values):
                expected.update({(column, stat, s): v for s, v in enumerate(values)})
    assert set(shown) == set(expected)
    wrong = {k: (shown[k], v) for k, v in expected.items() if not shows(shown[k], v)}
    assert wrong == {}
    assert shown[("Age", "missing", 0)] == "177" if name == "titanic" else True
    assert shown[("Age", "mean", 0)] == "29.6991" if name == "titanic" else True


@pytest.mark.parametrize("name", NAMES)
def test_the_overview_shows_rows_columns_and_duplicates_per_stratum(name):
    profile = load(name)
    shown = {k: v for k, v in Cells(page(name)).stats().items() if k[0] is None}
    expected = {(None, stat, s): value for s, row in enumerate(profile.overview.to_dict("records"))
                for stat, value in row.items()}
    assert set(shown) == set(expected)
    assert all(shows(shown[k], v) for k, v in expected.items())
    for title in stratum_titles(profile):
        assert f'<th scope="row">{title}</th>' in page(name) or not title
    rows = sum(f["rows"] for f in profile.frame)
    assert f"{len(profile.names)} columns ({len(profile.numeric)} numeric), {rows} rows" in page(name)


@pytest.mark.parametrize("name", NAMES)
def test_top_values_are_shown_in_order_per_stratum(name):
    profile = load(name)
    cells = Cells(page(name)).cells
    for column in profile.names:
        counts = [int(t.replace(",", "")) for c, a, t in cells if c == column and a.get("data-top") == "count"]
        values = [t for c, a, t in cells if c == column and a.get("data-top") == "value"]
        top = profile.top_values(column)
        assert counts == top.tolist()
        expected = top.index.get_level_values(-1)  # after the strata
        assert values == ["null" if v is None else format_value(v) for v in expected]
        strata = [int(a["data-stratum"]) for c, a, _ in cells if c == column and a.get("data-top") == "count"]
        assert strata == [s for s in range(len(profile.keys)) for _ in profile.top[s][profile.names.index(column)]]


@pytest.mark.parametrize("name", NAMES)
def test_the_page_embeds_every_figure_and_fetches_nothing(name):
    profile, text = load(name), page(name)
    with_histogram = sum(h is not None for h in profile.histograms[0])
    methods = 3 if profile.categorical else 2
    assert Cells(text).svgs == 1 + methods + with_histogram  # missing values, heatmaps, histograms
    assert text.startswith("<!DOCTYPE html>")
    for banned in ("http://", "https://", "<script", "<link", "<iframe", "<object", "<embed", "@import"):
        assert banned not in text.lower(), banned
    references = re.findall(r'(?:href|src)="([^"]*)"', text)
    assert references and all(r.startswith(("#", "data:image/png;base64,")) for r in references)
    assert set(re.findall(r"url\(([^)]*)\)", text)) <= {u for u in re.findall(r"url\((#[^)]*)\)", text)}
    ids = re.findall(r'\sid="([^"]*)"', text)
    assert len(ids) == len(set(ids))  # the figures' ids are prefixed: one page, no clashes
    for target in re.findall(r'(?:href="|url\()#([^")]*)', text):
        assert target in ids


def test_to_html_writes_one_file_and_returns_the_page_without_path(tmp_path):
    profile = load("titanic")
    assert profile.to_html(tmp_path / "report.html") is None
    assert profile.to_html(str(tmp_path / "again.html"), title="Titanic") is None
    written = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert written == page("titanic") == profile.to_html()  # the same profile gives the same page
    assert "<title>Titanic</title>" in (tmp_path / "again.html").read_text(encoding="utf-8")


def test_the_report_leaves_pyplot_alone():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    load("titanic_by_sex").to_html()
    histogram_figure(load("titanic"), "Age")
    assert plt.get_fignums() == before


def test_hostile_column_names_are_text():
    data = renamed(fixture("titanic"), {"Embarked": HOSTILE, "Fare": MATH})
    profile = Profile.from_dict(data)
    text = profile.to_html()
    assert Cells(text).sections == profile.names  # the parsed attribute is the name itself
    assert "&lt;b&gt;x &amp; &quot;y&quot;&lt;/b&gt;" in text
    assert "<b>" not in text and "<script" not in text and "</section><script" not in text
    assert text.count("</section>") == 3 + len(profile.names)  # no name closed a section
    assert Cells(text).stats()[(HOSTILE, "count", 0)] == "889"
    fig = correlation_figure(profile, "pearson")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][-1] == MATH[:15] + "…"
    title = histogram_figure(profile, MATH).axes[0].title
    assert title.get_text().replace("\n", " ") == MATH and not title.get_parse_math()  # text, not mathtext
    view = profile._repr_html_()
    assert "<b>" not in view and "<script" not in view and "&lt;b&gt;x &amp; &quot;y&quot;&lt;/b&gt;" in view


def test_hostile_values_and_strata_are_text():
    data = fixture("titanic_by_sex")
    data["top"][0][data["names"].index("Embarked")][0][0] = "<i>S</i> & co"
    data["histograms"][0][data["names"].index("Embarked")]["values"][0] = "<i>S</i> & co"
    data["stats"][1][data["names"].index("Name")]["min"] = '"<img src=x>"'
    text = Profile.from_dict(data).to_html()
    assert "&lt;i&gt;S&lt;/i&gt; &amp; co" in text and "<i>" not in text and "<img" not in text


def test_a_column_without_histogram_or_numbers_gets_a_note():
    data = subset(fixture("titanic"), ["Name", "Sex"])
    data["histograms"][0][0] = None
    profile = Profile.from_dict(data)
    with pytest.raises(ArgumentError, match="has no histogram"):
        histogram_figure(profile, "Name")
    with pytest.raises(ArgumentError, match="no Pearson correlation"):
        correlation_figure(profile, "pearson")
    text = profile.to_html()
    assert "&#x27;Name&#x27; (string) has no histogram" in text
    assert "no Pearson correlation: the profile has no column it applies to" in text
    assert Cells(text).sections == ["Name", "Sex"]


def test_a_profile_without_strata_gets_notes_not_errors():
    data = fixture("titanic_by_sex")  # stratified, of a frame without rows: no strata
    for key in ("keys", "frame", "stats", "top", "histograms", "pearson", "spearman", "cramer"):
        data[key] = []
    profile = Profile.from_dict(data)
    with pytest.raises(ArgumentError, match="no strata"):
        missing_figure(profile)
    text = profile.to_html()
    assert Cells(text).sections == profile.names
    assert "<svg" not in text
    sections = text.split("<section")[1:]  # overview, missing values, correlations, the columns
    assert all("nothing to draw: the profile has no strata" in section for section in sections[1:])
    assert "0 rows in 0 strata" in profile._repr_html_()


def test_the_notebook_view_is_compact_and_shows_the_overview_and_the_table():
    for name in NAMES:
        profile = load(name)
        view = profile._repr_html_()
        assert len(view) < 100_000 and "<svg" not in view and "<style" not in view
        cells = Cells(view).stats()
        assert cells[(None, "rows", 0)] == format_value(profile.frame[0]["rows"])
        assert cells[(None, "duplicates", len(profile.keys) - 1)] == format_value(profile.frame[-1]["duplicates"])
        assert "to_html(path)" in view
    titanic = load("titanic")
    body = compact_html(titanic).split("<tbody>")[-1]
    assert re.findall(r"<tr><th>(.*?)</th>", body) == titanic.names
    assert re.search(r'<td data-stat="mean" data-stratum="0">29\.6991</td>', compact_html(titanic))
    short = compact_html(titanic, max_rows=5)
    assert len(re.findall(r"<tr><th>", short.split("<tbody>")[-1])) == 5
    assert "7 more rows" in short


def test_format_value():
    assert [format_value(v) for v in (891, 1234567, 29.69911764705882, -1.2000000000000002, 0.0, -0.0)] == [
        "891", "1,234,567", "29.6991", "-1.2", "0", "0"]
    assert [format_value(v) for v in (None, float("nan"), float("inf"), 1e-7, 3.2e20, "a<b")] == [
        "", "", "inf", "1e-07", "3.2e+20", "a<b"]  # escaping is the page's job


# -------------------------------------------------------------------------------------------- the figures
@pytest.mark.parametrize("name", NAMES)
def test_histogram_bars_are_the_histogram(name):
    profile = load(name)
    for j, column in enumerate(profile.names):
        if profile.histograms[0][j] is None:
            continue
        fig = histogram_figure(profile, column)
        axes = fig.axes
        assert len(axes) == len(profile.keys)
        hist = profile.histogram(column)
        bars = [bar for ax in axes for bar in ax.patches]
        numeric = "left" in hist
        lengths = [bar.get_height() if numeric else bar.get_width() for bar in bars]
        assert lengths == hist["count"].tolist()
        if numeric:
            assert [bar.get_x() for bar in bars] == pytest.approx(hist["left"].tolist())
            assert all(ax.get_shared_y_axes().joined(axes[0], ax) for ax in axes[1:])
        else:
            labels = [t.get_text() for ax in axes for t in ax.get_yticklabels()]
            assert labels[-1] == "other" and len(labels) == len(bars)
        assert all(ax.get_shared_x_axes().joined(axes[0], ax) for ax in axes[1:])  # shared bins / counts


def test_histogram_titles_say_what_is_left_out():
    assert histogram_figure(load("titanic"), "Age").axes[0].get_title() == "Age\n177 missing not shown"
    assert histogram_figure(load("titanic"), "Fare").axes[0].get_title() == "Fare"
    fig = histogram_figure(load("titanic_by_sex"), "Age")
    assert [ax.get_title() for ax in fig.axes] == ["Sex = female\n53 missing not shown",
                                                   "Sex = male\n124 missing not shown"]
    assert fig.get_suptitle() == "Age"
    titles = [ax.get_title().split("\n")[0] for ax in histogram_figure(load("titanic_by_pclass_age"), "Fare").axes]
    assert titles[:3] == ["Pclass = 1, Age in [0.42, 40.21)", "Pclass = 1, Age in [40.21, 80.0]", "Pclass = 1, Age is null"]


@pytest.mark.parametrize("name", NAMES)
def test_missing_bars_are_the_missing_ratios(name):
    profile = load(name)
    fig = missing_figure(profile)
    ax = fig.axes[0]
    widths = np.array([bar.get_width() for bar in ax.patches]).reshape(len(profile.keys), len(profile.names))
    assert widths.tolist() == profile.table["missing_ratio"].to_numpy().reshape(widths.shape).tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == profile.names
    if profile.strata is not None:
        assert [t.get_text() for t in fig.legends[0].get_texts()] == stratum_titles(profile)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_heatmaps_are_the_correlations(name, method):
    profile = load(name)
    corr = profile.corr(method)
    m = len(profile.numeric)
    fig = correlation_figure(profile, method)
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == len(profile.keys)
    shown = np.stack([np.ma.filled(ax.images[0].get_array().astype(float), np.nan) for ax in panels])
    np.testing.assert_array_equal(shown, corr.to_numpy().reshape(-1, m, m))
    assert [t.get_text() for t in panels[-1].get_xticklabels()] == profile.numeric  # the lowest panel shows them
    assert [t.get_text() for t in panels[0].get_yticklabels()] == profile.numeric
    assert panels[0].images[0].get_clim() == (-1.0, 1.0)
    if name == "titanic":
        cell = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in panels[0].texts}
        a, b = profile.numeric.index("Pclass"), profile.numeric.index("Fare")
        assert cell[(a, b)] == f"{corr.loc['Pclass', 'Fare']:.2f}"


# ----------------------------------------------------------------------------------- in a real browser
def browser() -> str:
    """Chromium's path; skipped when it is missing, except in CI (``CI`` set), where that fails."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/browser.sh installs it (CI must run the browser test)")
        pytest.skip("chromium is not installed (scripts/browser.sh installs it)")
    return found


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'chromium-profile'}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.slow
@pytest.mark.parametrize("name", ["titanic", "titanic_by_pclass_age"])
def test_a_browser_renders_every_section_and_the_overview(name, tmp_path):
    import matplotlib.image

    profile = load(name)
    report = tmp_path / "report.html"
    profile.to_html(report)
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    rendered = Cells(dom)
    assert rendered.sections == profile.names
    assert rendered.svgs == Cells(page(name)).svgs
    overview = {k: v for k, v in rendered.stats().items() if k[0] is None}
    assert overview == {k: v for k, v in Cells(page(name)).stats().items() if k[0] is None}
    assert overview[(None, "rows", 0)] == format_value(profile.frame[0]["rows"])

    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars", report.as_uri())
    assert shot.stat().st_size > 50_000
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (2400, 1280)
    colours = np.unique((pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 100  # text, bars and heatmaps, not a blank page
    assert (pixels[..., :3].mean(axis=2) < 0.5).mean() > 0.005  # some dark ink (text) on the page


def test_a_page_of_many_strata_draws_the_largest_and_says_so():
    profile = load("titanic_by_pclass_age")
    rows = [f["rows"] for f in profile.frame]
    assert rows == [110, 76, 30, 139, 34, 11, 315, 40, 136] and "data-strata-shown" not in page("titanic_by_pclass_age")
    text = profile.to_html(max_strata=3)
    assert 'data-strata-shown="3"' in text and "the 3 largest of the 9 strata" in text
    cells = Cells(text).stats()
    overview = {s for c, _, s in cells if c is None}
    sections = {s for c, _, s in cells if c is not None}
    assert overview == set(range(9)) and sections == {3, 6, 8}  # 139, 315 and 136 rows
    table, n = profile.table, len(profile.names)
    for (column, stat, s), shown_text in cells.items():
        if column is not None:
            assert shows(shown_text, table.iloc[s * n + profile.names.index(column)][stat]), (column, stat, s)
    titles = stratum_titles(profile)
    histogram = text.split('data-column="Fare"')[1].split('data-figure="histogram"')[1].split("</figure>")[0]
    assert all(escape(titles[s]) in histogram for s in (3, 6, 8)) and escape(titles[5]) not in histogram
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(ArgumentError, match="max_strata"):
            profile.to_html(max_strata=bad)
