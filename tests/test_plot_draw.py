"""Drawing small results by hand, without any Spark session: inspect the artists."""

import subprocess
import sys

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from handyspark.errors import ArgumentError  # noqa: E402
from handyspark.plotting import _draw  # noqa: E402
from handyspark.plotting.grid import draw_panels, panel_axes  # noqa: E402
from handyspark.stats.binning import Histogram  # noqa: E402
from handyspark.stats.boxstats import BoxStats  # noqa: E402
from handyspark.stats.scatter import ScatterCounts  # noqa: E402


def _ax():
    return plt.subplots()[1]


def test_numeric_bars_cover_the_bins():
    h = Histogram("Fare", "numeric", np.array([3, 0, 5]), edges=np.array([0.0, 1.5, 3.0, 10.0]))
    ax = _ax()
    assert _draw.hist(h, ax, color="red") is ax
    bars = ax.patches
    assert [b.get_height() for b in bars] == [3, 0, 5]
    assert [b.get_x() for b in bars] == [0.0, 1.5, 3.0]
    assert [b.get_width() for b in bars] == pytest.approx([1.5, 1.5, 7.0])
    assert matplotlib.colors.to_hex(bars[0].get_facecolor()) == "#ff0000"  # kwargs reach ax.bar
    assert ax.get_xlabel() == "Fare" and ax.get_ylabel() == "count"
    assert ax.get_title() == "Fare"  # nothing missing: nothing said


def test_hist_title_says_how_many_values_are_missing():
    h = Histogram("Age", "numeric", np.array([3, 5]), edges=np.array([0.0, 1.0, 2.0]), missing=1177)
    assert _draw.hist(h, _ax()).get_title() == "Age\n1,177 missing not shown"
    given = _ax()
    given.set_title("my ages")
    assert _draw.hist(h, given).get_title() == "my ages\n1,177 missing not shown"  # a user's title is kept
    assert _draw.hist(h, _ax(), title="Sex = male").get_title() == "Sex = male\n1,177 missing not shown"


def test_categorical_bars_are_labelled():
    h = Histogram("Embarked", "categorical", np.array([644, 168, 77]), categories=["S", "C", "Q"])
    ax = _draw.hist(h, _ax())
    assert [b.get_height() for b in ax.patches] == [644, 168, 77]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["S", "C", "Q"]


def _box_table(fliers=(), n_fliers=0, truncated=False, missing=(0, 0)):
    row = {"n": 10, "missing": missing[0], "mean": 5.0, "q1": 2.0, "median": 4.0, "q3": 6.0, "whislo": 1.0, "whishi": 9.0,
           "n_fliers": n_fliers, "fliers": np.array(fliers, dtype=float), "truncated": truncated}
    empty = {**row, **{k: np.nan for k in ("mean", "q1", "median", "q3", "whislo", "whishi")}, "n": 0,
             "n_fliers": 0, "truncated": False, "missing": missing[1],
             "fliers": np.array([])}
    return pd.DataFrame([row, empty], index=["a", "b"])


def test_boxplot_draws_quartiles_whiskers_and_fliers():
    stats = BoxStats(_box_table(fliers=[20.0, 30.0], n_fliers=2))
    ax = _draw.boxplot(stats, _ax(), showmeans=True)
    # bxp adds, per box: the box, lower and upper whiskers, two caps, the median, the mean, the fliers
    box, lower, upper, cap_lo, cap_hi, median, mean, fliers = ax.lines
    assert list(lower.get_ydata()) == [2.0, 1.0] and list(upper.get_ydata()) == [6.0, 9.0]
    assert set(cap_lo.get_ydata()) == {1.0} and set(cap_hi.get_ydata()) == {9.0}
    assert set(box.get_ydata()) == {2.0, 6.0}
    assert set(median.get_ydata()) == {4.0}
    assert list(fliers.get_ydata()) == [20.0, 30.0]
    assert list(mean.get_ydata()) == [5.0]  # showmeans reached ax.bxp
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]  # the empty column keeps its place
    assert not ax.texts
    assert ax.get_title() == "a, b"


def test_boxplot_title_says_how_many_values_are_missing():
    one = BoxStats(_box_table(missing=(7, 0)).iloc[[0]])
    assert _draw.boxplot(one, _ax()).get_title() == "a\n7 missing not shown"
    both = BoxStats(_box_table(missing=(7, 3)))
    assert _draw.boxplot(both, _ax()).get_title() == "a, b\nmissing not shown: a 7, b 3"
    assert _draw.boxplot(BoxStats(_box_table(missing=(0, 3))), _ax()).get_title() == "a, b\nmissing not shown: b 3"


def test_boxplot_says_when_fliers_were_cut():
    stats = BoxStats(_box_table(fliers=[20.0, 30.0], n_fliers=57, truncated=True))
    ax = _draw.boxplot(stats, _ax())
    assert [t.get_text() for t in ax.texts] == ["a: 2 of 57 fliers shown"]
    hidden = _draw.boxplot(stats, _ax(), showfliers=False)
    assert not hidden.texts and len(hidden.lines) == 6


def _cells(missing=0):
    cells = pd.DataFrame({"ix": [0, 1, 1], "iy": [0, 0, 1], "x": [0.5, 1.5, 1.5], "y": [5.0, 5.0, 15.0],
                          "count": [1, 10, 4]})
    return ScatterCounts("Fare", "Age", np.array([0.0, 1.0, 2.0]), np.array([0.0, 10.0, 20.0]), cells,
                         missing=missing)


def test_scatter_draws_one_circle_per_cell_sized_by_count():
    sc = _cells()
    np.testing.assert_array_equal(sc.counts, [[1, 0], [10, 4]])
    ax = _draw.scatter(sc, _ax(), sizes=(0.0, 100.0), color="black")
    points = ax.collections[0]
    np.testing.assert_array_equal(points.get_offsets(), [[0.5, 5.0], [1.5, 5.0], [1.5, 15.0]])
    np.testing.assert_allclose(points.get_sizes(), [10.0, 100.0, 40.0])  # area proportional to count
    assert ax.get_xlabel() == "Fare" and ax.get_ylabel() == "Age"
    assert ax.get_xlim()[0] < 0.0 < 2.0 < ax.get_xlim()[1]
    shared = _draw.scatter(sc, _ax(), sizes=(0.0, 100.0), max_count=20)
    np.testing.assert_allclose(shared.collections[0].get_sizes(), [5.0, 50.0, 20.0])
    assert ax.get_title() == "Age vs Fare"  # nothing missing: nothing said
    assert _draw.scatter(_cells(missing=177), _ax()).get_title() == "Age vs Fare\n177 missing not shown"


def test_scatter_legend_shows_circle_sizes():
    ax = _draw.scatter(_cells(), _ax(), sizes=(0.0, 100.0), max_count=20, color="black")
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "rows per cell"
    assert [t.get_text() for t in legend.get_texts()] == ["1", "10", "20"]
    # a legend circle has the area of a drawn circle of that count (markersize is the diameter)
    areas = [h.get_markersize() ** 2 for h in legend.legend_handles]
    np.testing.assert_allclose(areas, [5.0, 50.0, 100.0])
    assert all(matplotlib.colors.to_hex(h.get_color()) == "#000000" for h in legend.legend_handles)
    assert _draw.scatter(_cells(), _ax(), s=30).get_legend() is None  # fixed sizes: no size legend
    assert _draw.scatter(_cells(), _ax(), legend=False).get_legend() is None


@pytest.mark.parametrize("top, want", [(1, [1]), (2, [1, 2]), (3, [1, 3]), (10, [1, 5, 10]), (45, [1, 20, 45]),
                                       (99, [1, 50, 99]), (2345, [1, 1000, 2345])])
def test_legend_counts_one_a_round_middle_and_the_largest(top, want):
    assert _draw.legend_counts(top) == want


def test_panels_one_titled_axes_per_stratum_with_shared_axes():
    bins = [pd.Interval(0.42, 40.21, closed="left"), pd.Interval(40.21, 80.0, closed="both")]
    strata = pd.MultiIndex.from_tuples([("female", bins[0]), ("male", None), ("male", bins[1])],
                                       names=["Sex", "Age"])
    h = Histogram("Fare", "numeric", np.array([[1, 2], [3, 4], [5, 6]]), edges=np.array([0.0, 1.0, 2.0]),
                  missing=np.array([0, 1, 0]), strata=strata, clauses=("c0", "c1", "c2"))
    grid = draw_panels(h, _draw.hist, figsize=(6, 2))
    axes = grid.axes
    assert grid.data is h and grid.figure is axes[0].figure
    assert isinstance(axes, np.ndarray) and axes.shape == (3,)
    assert [[b.get_height() for b in ax.patches] for ax in axes] == [[1, 2], [3, 4], [5, 6]]
    assert [ax.get_title() for ax in axes] == ["Sex = female, Age in [0.42, 40.21)",
                                              "Sex = male, Age is null\n1 missing not shown",
                                              "Sex = male, Age in [40.21, 80.0]"]
    # a bin reads the same in a panel title and in the result's index
    assert f"Age in {h.strata[2][1]}" in axes[2].get_title() and "[40.21, 80.0]" in repr(h.to_frame())
    fig = axes[0].figure
    assert len(fig.axes) == 3 and tuple(fig.get_size_inches()) == (6, 2)
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[2])


def test_panel_grid_layout_and_given_axes():
    axes = panel_axes(5)
    assert len(axes) == 5 and len(axes[0].figure.axes) == 5  # a 3 x 2 grid, the sixth cell removed
    given = plt.subplots(2, 2)[1]
    assert list(panel_axes(3, ax=given)) == list(given.ravel()[:3])
    with pytest.raises(ArgumentError, match="3 panels"):
        panel_axes(3, ax=_ax())
    rows = panel_axes(6, ncols=3, sharey="row")
    assert rows[0].get_shared_y_axes().joined(rows[0], rows[2]) and not rows[0].get_shared_y_axes().joined(
        rows[0], rows[3])
    with pytest.raises(ArgumentError, match="2 panels, one per column"):
        panel_axes(2, ax=_ax(), what="a box plot of {n} columns draws {n} panels, one per column")


def test_importing_the_package_does_not_import_matplotlib():
    code = ("import sys, handyspark, handyspark.plotting, handyspark.stats.binning, handyspark.stats.scatter; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
