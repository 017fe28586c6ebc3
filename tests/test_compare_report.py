"""Comparison.plot(), Comparison.to_html() and the ``handyspark compare`` command."""

import json
import re

import numpy as np
import pandas as pd
import pyspark.sql.functions as F
import pytest

import handyspark  # noqa: F401
from handyspark.cli import main
from handyspark.compare import Comparison
from handyspark.datasets import titanic_path
from handyspark.errors import ArgumentError
from handyspark.plotting.compare import draw_bins


@pytest.fixture(scope="module")
def stratified(classic_spark, activate):
    """Drawing and writing read the result only: one kind of session (test_compare runs the Spark side on both)."""
    from handyspark.datasets import titanic

    activate(classic_spark)
    hdf = titanic(classic_spark).toHandy()
    return hdf.where(F.col("Survived") == 0).toHandy().stratify(["Sex"]).compare(
        hdf.where(F.col("Survived") == 1), ["Age", "Embarked"])


# ---------------------------------------------------------------------- the plot
def test_draw_bins_draws_both_shares_without_spark():
    import matplotlib.pyplot as plt

    cell = {"counts": [[1, 3], [2, 2]], "edges": [5.0], "sides": []}
    ax = draw_bins(cell, "numeric", plt.figure().gca(), "x")
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0.25, 0.75, 0.5, 0.5]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5"]


def test_plot_is_a_grid_of_columns_by_strata_with_the_shares(stratified):
    grid = stratified.plot()
    fig, axs = grid
    assert len(axs) == 4 and grid.data is stratified
    bins = stratified.bins("Age").loc["female"]
    heights = [p.get_height() for p in axs[0].patches]
    n = len(bins)
    np.testing.assert_allclose(heights[:n], bins["reference_share"])
    np.testing.assert_allclose(heights[n:], bins["current_share"])
    assert axs[0].get_title().startswith("Age | Sex = female")
    assert "PSI" in axs[0].get_title() and "alarm" in axs[0].get_title()
    assert [t.get_text() for t in axs[2].get_xticklabels()] == stratified.bins("Embarked").loc["female"]["value"].tolist()
    with pytest.raises(ArgumentError, match="not a compared column"):
        stratified.plot("Fare")
    assert len(stratified.plot("Age").axes) == 2


# ---------------------------------------------------------------------- the HTML report
def test_html_report_is_self_contained_and_names_every_figure(stratified, tmp_path):
    page = stratified.to_html()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.replace(
        'http-equiv', '')
    assert page.count('<section class="column"') == 2 and page.count("<svg") == 2
    table = stratified.table
    flags = re.findall(r'<td class="text" data-flag="(\w+)" data-stratum="(\d)">', page)
    assert [f for f, _ in flags] == table["flag"].tolist()
    psi = re.findall(r'data-stat="psi" data-stratum="\d">([^<]*)<', page)
    assert [float(v) for v in psi] == pytest.approx(table["psi"].tolist(), rel=1e-5)
    stratified.to_html(tmp_path / "drift.html", title="<b>drift</b>")
    text = (tmp_path / "drift.html").read_text()
    assert "&lt;b&gt;drift&lt;/b&gt;" in text and "<b>" not in text


# ---------------------------------------------------------------------- the command
@pytest.fixture(scope="module")
def halves(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    data = pd.read_csv(titanic_path())
    data[data.Sex == "male"].to_csv(folder / "men.csv", index=False)
    data[data.Sex == "female"].to_csv(folder / "women.csv", index=False)
    return folder


def test_the_exit_code_says_whether_a_column_crossed_the_alarm(classic_spark, activate, halves, tmp_path, capsys):
    activate(classic_spark)
    men, women = str(halves / "men.csv"), str(halves / "women.csv")
    out = tmp_path / "drift.html"
    assert main(["compare", men, women, "--out", str(out)]) == 1  # Sex, Survived... alarm
    assert out.read_text().count('<section class="column"') == 12
    assert "12 columns" in capsys.readouterr().out
    quiet = tmp_path / "quiet.json"
    assert main(["compare", men, women, "--out", str(quiet), "--columns", "PassengerId", "Age",
                 "--psi", "0.5", "0.9", "--ks", "0.5", "0.9"]) == 0
    result = Comparison.from_json(quiet.read_text())
    assert result.names == ["PassengerId", "Age"] and result.options["thresholds"]["psi"] == [0.5, 0.9]
    by = tmp_path / "by.json"
    assert main(["compare", men, women, "--out", str(by), "--by", "Pclass", "--columns", "Age"]) == 1
    assert json.loads(by.read_text())["strata"] == [{"column": "Pclass"}]


def test_a_saved_profile_as_the_reference(classic_spark, activate, halves, tmp_path):
    activate(classic_spark)
    saved = tmp_path / "men_profile.json"
    assert main(["profile", str(halves / "men.csv"), "--out", str(saved), "--columns", "Age", "Sex"]) == 0
    out = tmp_path / "drift.json"
    assert main(["compare", str(saved), str(halves / "women.csv"), "--out", str(out)]) == 1
    result = Comparison.from_json(out.read_text())
    assert result.source == "profile" and result.names == ["Age", "Sex"]
    assert main(["compare", str(saved), str(halves / "women.csv"), "--out", str(out), "--by", "Pclass"]) == 2


def test_bad_input_exits_2(classic_spark, activate, halves, tmp_path, capsys):
    activate(classic_spark)
    men = str(halves / "men.csv")
    assert main(["compare", men, str(halves / "nope.csv"), "--out", str(tmp_path / "d.html")]) == 2
    assert main(["compare", men, men, "--out", str(tmp_path / "d.txt")]) == 2
    assert main(["compare", men, men, "--out", str(tmp_path / "d.html"), "--columns", "Nope"]) == 2
    assert main(["compare", men, men, "--out", str(tmp_path / "d.html"), "--psi", "0.3", "0.1"]) == 2
    assert "handyspark compare: error:" in capsys.readouterr().err
