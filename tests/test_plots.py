"""Plots through hdf.cols[...] on both sessions: the drawn artists equal numpy/pandas/matplotlib on the same data."""

import matplotlib
import numpy as np
import pytest
from matplotlib.cbook import boxplot_stats

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pyspark.sql.functions as F  # noqa: E402

import handyspark  # noqa: E402, F401
from handyspark._compat import is_connect  # noqa: E402
from handyspark.errors import ArgumentError  # noqa: E402


def _heights(ax):
    return [p.get_height() for p in ax.patches]


def _cell_counts(ax, top, area):
    """Counts back from circle areas: a cell of ``top`` rows has ``area`` (and sizes[0] = 0 here)."""
    points = ax.collections[0]
    counts = np.rint(points.get_sizes() / area * top).astype(int)
    return {(round(x, 9), round(y, 9)): c for (x, y), c in zip(points.get_offsets(), counts)}


def _want_cells(x, y, x_edges, y_edges):
    counts = np.histogram2d(x, y, bins=[x_edges, y_edges])[0]
    xc, yc = (x_edges[:-1] + x_edges[1:]) / 2, (y_edges[:-1] + y_edges[1:]) / 2
    return {(round(xc[i], 9), round(yc[j], 9)): int(counts[i, j]) for i, j in zip(*np.nonzero(counts))}


def test_numeric_hist_bars_equal_numpy(titanic, titanic_pd):
    hdf = titanic.toHandy()
    ax = hdf.cols["Fare"].hist(bins=10, figsize=(5, 3), color="green")
    counts, edges = np.histogram(titanic_pd["Fare"], bins=10)
    assert _heights(ax) == counts.tolist()
    assert [p.get_x() for p in ax.patches] == pytest.approx(edges[:-1].tolist())
    assert tuple(ax.figure.get_size_inches()) == (5, 3)
    assert matplotlib.colors.to_hex(ax.patches[0].get_facecolor()) == "#008000"
    assert titanic_pd["Fare"].isna().sum() == 0 and ax.get_title() == "Fare"  # nothing missing: nothing said
    given = plt.subplots()[1]
    assert hdf.cols["Age"].hist(ax=given, bins=10) is given
    assert _heights(given) == np.histogram(titanic_pd["Age"].dropna(), bins=10)[0].tolist()
    missing = titanic_pd["Age"].isna().sum()
    assert missing == 177 and given.get_title() == f"Age\n{missing} missing not shown"


def test_categorical_hist_bars_equal_value_counts(titanic, titanic_pd):
    ax = titanic.toHandy().cols["Embarked"].hist()
    want = titanic_pd["Embarked"].value_counts()
    assert _heights(ax) == want.tolist()
    assert [t.get_text() for t in ax.get_xticklabels()] == list(want.index)  # strings: most frequent first
    assert titanic.toHandy().cols["Embarked"].histogram().counts.tolist() == want.tolist()
    assert ax.get_title() == f"Embarked\n{titanic_pd['Embarked'].isna().sum()} missing not shown" == (
        "Embarked\n2 missing not shown")


def test_number_and_boolean_categories_in_value_order(spark, titanic, titanic_pd):
    ax = titanic.toHandy().cols["Pclass"].hist()
    want = titanic_pd["Pclass"].value_counts().sort_index()
    assert list(titanic_pd["Pclass"].value_counts().index) == [3, 1, 2]  # by frequency they would run 3, 1, 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]
    assert _heights(ax) == want.tolist()
    assert ax.get_title() == "Pclass"
    flags = spark.createDataFrame([(True,), (False,), (True,), (None,), (True,)], "b boolean").toHandy()
    ax = flags.cols["b"].hist()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["False", "True"] and _heights(ax) == [1, 3]
    assert ax.get_title() == "b\n1 missing not shown"


def test_boxplot_lines_equal_matplotlib(titanic, titanic_pd):
    grid = titanic.toHandy().cols[["Age", "Fare"]].boxplot(k=1.5)
    fig, axes = grid
    assert axes.shape == (2,) and grid.data.table.index.tolist() == ["Age", "Fare"]
    for ax, column in zip(axes, ["Age", "Fare"]):  # one panel, and one y-axis, per column
        assert len(ax.lines) == 7  # box, 2 whiskers, 2 caps, median, fliers
        box, lower, upper, _, _, median, fliers = ax.lines
        values = titanic_pd[column].dropna().to_numpy()
        want = boxplot_stats(values, whis=1.5)[0]
        assert sorted(set(box.get_ydata())) == pytest.approx([want["q1"], want["q3"]])
        assert median.get_ydata()[0] == pytest.approx(want["med"])
        assert lower.get_ydata()[1] == pytest.approx(want["whislo"])
        assert upper.get_ydata()[1] == pytest.approx(want["whishi"])
        np.testing.assert_allclose(np.sort(fliers.get_ydata()), np.sort(want["fliers"]))
        assert [t.get_text() for t in ax.get_xticklabels()] == [column]
        assert ax.get_ylim()[0] <= values.min() <= values.max() <= ax.get_ylim()[1] < 1.2 * values.max()
        missing = titanic_pd[column].isna().sum()
        assert ax.get_title() == (f"{column}\n{missing} missing not shown" if missing else column)
    assert axes[0].get_title() == "Age\n177 missing not shown"
    assert not axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    assert grid.data.table["missing"].to_dict() == titanic_pd[["Age", "Fare"]].isna().sum().to_dict()


def test_boxplot_axes_given(titanic, titanic_pd):
    hdf = titanic.toHandy()
    given = plt.subplots()[1]
    given.set_title("ages")
    assert hdf.cols["Age"].boxplot(ax=given) is given
    assert given.get_title() == "ages\n177 missing not shown"  # the user's title kept, what is left out added
    two = plt.subplots(1, 2)[1]
    assert list(hdf.cols[["Age", "Fare"]].boxplot(ax=two).axes) == list(two)
    with pytest.raises(ArgumentError, match="2 columns draws 2 panels, one per column"):
        hdf.cols[["Age", "Fare"]].boxplot(ax=given)


def test_box_stats_spec_outliers_k3(titanic):
    stats = titanic.toHandy().cols[["Age", "Fare"]].box_stats(k=3.0).table
    assert stats["n_fliers"].to_dict() == {"Age": 0, "Fare": 53}  # SPEC: outliers(method='tukey', k=3.)


def test_scatterplot_cells_equal_histogram2d(titanic, titanic_pd):
    ax = titanic.toHandy().cols[["Fare", "Age"]].scatterplot(sizes=(0.0, 300.0), alpha=0.3)
    both = titanic_pd[["Fare", "Age"]].dropna()
    counts, x_edges, y_edges = np.histogram2d(both["Fare"], both["Age"], bins=30)
    assert _cell_counts(ax, counts.max(), 300.0) == _want_cells(both["Fare"], both["Age"], x_edges, y_edges)
    assert ax.collections[0].get_alpha() == 0.3
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Fare", "Age")
    missing = titanic_pd[["Fare", "Age"]].isna().any(axis=1).sum()
    assert missing == 177 and ax.get_title() == f"Age vs Fare\n{missing} missing not shown"
    legend = ax.get_legend()
    top = int(counts.max())
    assert [t.get_text() for t in legend.get_texts()] == ["1", "20", str(top)] == ["1", "20", "51"]
    np.testing.assert_allclose([h.get_markersize() ** 2 for h in legend.legend_handles],
                               [300.0 / top, 300.0 * 20 / top, 300.0])


def test_stratified_hist_one_panel_per_stratum(titanic, titanic_pd):
    grid = titanic.toHandy().stratify(["Pclass", "Sex"]).cols["Fare"].hist(bins=8, figsize=(9, 5))
    fig, axes = grid  # unpacks as HandySpark 0.2's fig, axs
    edges = np.histogram_bin_edges(titanic_pd["Fare"], bins=8)
    groups = list(titanic_pd.groupby(["Pclass", "Sex"]))
    assert isinstance(axes, np.ndarray) and len(axes) == len(groups) == 6 and fig is axes[0].figure is grid.figure
    assert grid.data.counts.tolist() == [np.histogram(part["Fare"], bins=edges)[0].tolist() for _, part in groups]
    for ax, ((pclass, sex), part) in zip(axes, groups):
        assert ax.get_title() == f"Pclass = {pclass}, Sex = {sex}"  # Fare: nothing missing, nothing said
        assert _heights(ax) == np.histogram(part["Fare"], bins=edges)[0].tolist()
    assert axes[0].get_shared_x_axes().joined(axes[0], axes[5])
    assert tuple(axes[0].figure.get_size_inches()) == (9, 5)


def test_stratified_categorical_hist_and_given_axes(titanic, titanic_pd):
    given = plt.subplots(1, 3)[1]
    axes = titanic.toHandy().stratify(["Pclass"]).cols["Embarked"].hist(ax=given).axes
    assert list(axes) == list(given)
    for ax, (pclass, part) in zip(axes, titanic_pd.groupby("Pclass")):
        want = part["Embarked"].value_counts().reindex(["S", "C", "Q"]).fillna(0)
        assert _heights(ax) == want.tolist(), pclass
        missing = part["Embarked"].isna().sum()
        assert ax.get_title() == f"Pclass = {pclass}" + (f"\n{missing} missing not shown" if missing else "")
    assert axes[0].get_title() == "Pclass = 1\n2 missing not shown"
    with pytest.raises(ArgumentError, match="3 panels"):
        titanic.toHandy().stratify(["Pclass"]).cols["Embarked"].hist(ax=given[0])


def test_stratified_boxplot_and_scatterplot(titanic, titanic_pd):
    st = titanic.toHandy().stratify(["Survived"])
    fig, axes = st.cols["Age"].boxplot(showfliers=False)
    assert len(axes) == 2
    for ax, (survived, part) in zip(axes, titanic_pd.groupby("Survived")):
        want = boxplot_stats(part["Age"].dropna().to_numpy())[0]
        assert len(ax.lines) == 6  # no fliers drawn
        assert ax.lines[5].get_ydata()[0] == pytest.approx(want["med"])
        assert ax.lines[2].get_ydata()[1] == pytest.approx(want["whishi"])
        assert ax.get_title() == f"Survived = {survived}\n{part['Age'].isna().sum()} missing not shown"

    axes = st.cols[["Fare", "Age"]].scatterplot(bins=10, sizes=(0.0, 200.0)).axes
    both = titanic_pd[["Fare", "Age", "Survived"]].dropna()
    counts, x_edges, y_edges = np.histogram2d(both["Fare"], both["Age"], bins=10)
    parts = [part for _, part in both.groupby("Survived")]
    top = max(np.histogram2d(p["Fare"], p["Age"], bins=[x_edges, y_edges])[0].max() for p in parts)
    for ax, part in zip(axes, parts):  # one size scale for all panels
        assert _cell_counts(ax, top, 200.0) == _want_cells(part["Fare"], part["Age"], x_edges, y_edges)
    for ax, (survived, part) in zip(axes, titanic_pd.groupby("Survived")):
        missing = part[["Fare", "Age"]].isna().any(axis=1).sum()
        assert ax.get_title() == f"Survived = {survived}\n{missing} missing not shown"
    assert axes[0].get_legend() is None  # one legend for the shared scale, on the last panel
    texts = [t.get_text() for t in axes[1].get_legend().get_texts()]  # the shared scale: up to the largest cell
    assert len(texts) == 3 and (texts[0], texts[-1]) == ("1", str(int(top)))


def test_stratified_boxplot_of_several_columns_a_row_per_column(titanic, titanic_pd):
    grid = titanic.toHandy().stratify(["Pclass"]).cols[["Age", "Fare"]].boxplot(showfliers=False)
    assert grid.axes.shape == (2, 3)  # (columns, strata)
    groups = list(titanic_pd.groupby("Pclass"))
    for row, column in zip(grid.axes, ["Age", "Fare"]):
        assert row[0].get_ylabel() == column
        assert row[0].get_shared_y_axes().joined(row[0], row[2])  # strata compare on one scale per column
        for ax, (pclass, part) in zip(row, groups):
            want = boxplot_stats(part[column].dropna().to_numpy())[0]
            assert ax.lines[5].get_ydata()[0] == pytest.approx(want["med"])
            missing = part[column].isna().sum()
            assert ax.get_title() == f"Pclass = {pclass}" + (f"\n{missing} missing not shown" if missing else "")
    assert not grid.axes[0, 0].get_shared_y_axes().joined(grid.axes[0, 0], grid.axes[1, 0])


def test_panel_titles_write_bins_as_the_index_does(titanic):
    from handyspark import Bucket

    grid = titanic.toHandy().stratify([Bucket("Age", 2)]).cols["Fare"].hist()
    index = grid.data.to_frame().index.get_level_values("Age").unique()
    assert [str(b) for b in index[:2]] == ["[0.42, 40.21)", "[40.21, 80.0]"]
    assert [ax.get_title() for ax in grid.axes[:2]] == [f"Age in {b}" for b in index[:2]]
    assert "[40.21, 80.0]" in repr(grid.data.to_frame())


def test_plots_run_the_jobs_of_their_numbers(classic_spark, count_jobs, no_aqe):
    """Saying what is missing costs no Spark job: each plot runs the jobs of its statistics, with or without strata."""
    from handyspark import Bucket
    from handyspark.datasets import titanic

    hdf = titanic(classic_spark).toHandy()
    hdf.cols["Fare"].histogram()  # warm-up
    plots = [("Age", "hist", 2), ("Embarked", "hist", 2), (["Age", "Fare"], "boxplot", 4),
             (["Fare", "Age"], "scatterplot", 2)]
    for frame in (hdf, hdf.stratify(["Sex", Bucket("Age", 3)])):
        for columns, plot, most in plots:
            with count_jobs() as c:
                getattr(frame.cols[columns], plot)()
            assert 1 <= c.jobs <= most, (columns, plot, frame is hdf, c.jobs)


def test_facade_errors(titanic):
    hdf = titanic.toHandy()
    with pytest.raises(ArgumentError, match="one column"):
        hdf.cols[["Age", "Fare"]].hist()
    with pytest.raises(ArgumentError, match="two columns"):
        hdf.cols["Age"].scatterplot()


def test_two_million_rows_only_aggregates_reach_the_driver(spark):
    """hist, boxplot and scatterplot of 2M rows; the classic session caps results at spark.driver.maxResultSize."""
    n = 2_000_000
    df = spark.range(0, n, 1, numPartitions=2).select(
        ((F.col("id") % 1000) * 0.5).alias("a"),
        ((F.col("id") * 7919) % 10007 / 100.0).alias("b"),
        F.when(F.col("id") % 500 == 0, F.col("id").cast("double")).otherwise(F.col("id") % 100).alias("c"),
    )
    assert spark.conf.get("spark.driver.maxResultSize") == "8m"
    if not is_connect(spark):  # the premise: 2M rows of (incompressible) doubles do not fit
        with pytest.raises(Exception, match="maxResultSize"):
            spark.range(0, n, 1, numPartitions=2).select(F.rand(1)).collect()
    ids = np.arange(n)
    a, b = (ids % 1000) * 0.5, (ids * 7919) % 10007 / 100.0
    c = np.where(ids % 500 == 0, ids, ids % 100).astype(float)
    hdf = df.toHandy()

    ax = hdf.cols["b"].hist(bins=10)
    assert _heights(ax) == np.histogram(b, bins=10)[0].tolist()

    axes = hdf.cols[["a", "c"]].boxplot(max_fliers=1000).axes
    for ax, values in zip(axes, [a, c]):
        box, lower, upper, _, _, median, fliers = ax.lines
        want = boxplot_stats(values)[0]
        assert sorted(set(box.get_ydata())) == pytest.approx([want["q1"], want["q3"]])
        assert (median.get_ydata()[0], lower.get_ydata()[1], upper.get_ydata()[1]) == pytest.approx(
            (want["med"], want["whislo"], want["whishi"]))
        assert len(fliers.get_ydata()) <= 1000  # a bounded sample, both extremes kept
        if len(want["fliers"]):
            assert fliers.get_ydata().max() == want["fliers"].max()
    shown = len(axes[1].lines[6].get_ydata())
    assert axes[1].texts[0].get_text() == f"c: {shown} of {n // 500 - 1} fliers shown"  # id 0: c = 0, no flier
    assert not axes[0].texts

    ax = hdf.cols[["a", "b"]].scatterplot(bins=30, sizes=(0.0, 100.0))
    counts, x_edges, y_edges = np.histogram2d(a, b, bins=30)
    assert len(ax.collections[0].get_offsets()) == np.count_nonzero(counts) <= 900
    assert _cell_counts(ax, counts.max(), 100.0) == _want_cells(a, b, x_edges, y_edges)


@pytest.mark.parametrize("n_rows", [0, 1])
def test_plots_of_empty_and_one_row_frames(spark, n_rows):
    """No rows: empty panels (numpy's bins of nothing); one row: what numpy/matplotlib draw for one value."""
    hdf = spark.createDataFrame([(2.5, 4.0, "a")][:n_rows], "x double, y double, s string").toHandy()
    values = np.array([2.5])[:n_rows]
    ax = hdf.cols["x"].hist(bins=4)
    counts, edges = np.histogram(values, bins=4)
    assert _heights(ax) == counts.tolist() and [p.get_x() for p in ax.patches] == edges[:-1].tolist()
    assert _heights(hdf.cols["s"].hist()) == [1] * n_rows

    axes = hdf.cols[["x", "y"]].boxplot().axes
    assert [[t.get_text() for t in ax.get_xticklabels()] for ax in axes] == [["x"], ["y"]]
    if n_rows == 0:
        assert len(axes[0].lines) == len(axes[1].lines) == 0  # no box to draw
    else:
        want = boxplot_stats(values)[0]
        box, lower, upper, _, _, median, _ = axes[0].lines[:7]
        assert sorted(set(box.get_ydata())) == [want["q1"]] == [want["q3"]] == [2.5]
        assert (median.get_ydata()[0], lower.get_ydata()[1], upper.get_ydata()[1]) == (2.5, 2.5, 2.5)

    ax = hdf.cols[["x", "y"]].scatterplot(bins=3)
    assert len(ax.collections[0].get_offsets()) == n_rows


def test_stratified_plots_of_an_empty_frame_draw_one_panel_saying_so(spark):
    strat = spark.createDataFrame([], "x double, y double, s string").toHandy().stratify(["s"])
    assert strat.cols["x"].histogram().counts.shape == (0, 10)
    assert strat.cols[["x", "y"]].box_stats().table.empty
    for _, axes in (strat.cols["x"].hist(), strat.cols["s"].hist(), strat.cols[["x", "y"]].boxplot(),
                    strat.cols[["x", "y"]].scatterplot()):
        assert len(axes) == 1 and axes[0].get_title() == "no strata"
        assert "no rows" in axes[0].texts[0].get_text()
