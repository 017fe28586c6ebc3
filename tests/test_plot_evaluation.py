"""handyspark.plotting.evaluation: drawing from small frames, no Spark, inspected through matplotlib artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from handyspark.plotting.evaluation import (
    draw_calibration_curve,
    draw_gains_curve,
    draw_ks,
    draw_lift_curve,
    draw_loss_histogram,
    draw_pr_curve,
    draw_probability_histogram,
    draw_roc_curve,
)

ROC = pd.DataFrame({"threshold": [np.inf, .8, .5, .2], "fpr": [0, .1, .4, 1], "tpr": [0, .6, .9, 1]})
PR = pd.DataFrame({"threshold": [np.inf, .8, .5, .2], "recall": [0, .6, .9, 1], "precision": [.9, .9, .7, .5]})
PROBS = pd.DataFrame({
    "left": [0, .25, .5, .75], "right": [.25, .5, .75, 1],
    "negative": [10, 6, 3, 1], "positive": [1, 3, 5, 9],
    "negative_misclassified": [0, 0, 3, 1], "positive_misclassified": [1, 3, 0, 0],
})
LOSSES = pd.DataFrame({"left": [0, 1, 2], "right": [1, 2, 3], "negative": [12, 5, 3], "positive": [8, 4, 1],
                       "count": [20, 9, 4]})


def test_roc_curve_draws_the_points_and_the_diagonal():
    ax = draw_roc_curve(ROC, auc=0.8123, color="purple")
    curve, chance = ax.lines
    np.testing.assert_array_equal(curve.get_xdata(), ROC["fpr"])
    np.testing.assert_array_equal(curve.get_ydata(), ROC["tpr"])
    assert curve.get_color() == "purple"
    assert list(chance.get_xdata()) == [0, 1] and list(chance.get_ydata()) == [0, 1]
    assert "AUC = 0.8123" in ax.get_legend().get_texts()[0].get_text()
    assert ax.get_xlabel() == "False Positive Rate"


def test_roc_curve_on_a_given_axes_without_area():
    fig, ax = plt.subplots()
    assert draw_roc_curve(ROC, ax=ax) is ax
    assert ax.get_legend().get_texts()[0].get_text() == "ROC curve"


def test_pr_curve_with_baseline():
    ax = draw_pr_curve(PR, auc=0.77, baseline=0.38)
    curve, base = ax.lines
    np.testing.assert_array_equal(curve.get_xdata(), PR["recall"])
    np.testing.assert_array_equal(curve.get_ydata(), PR["precision"])
    assert list(base.get_ydata()) == [0.38, 0.38]
    assert ax.get_ylabel() == "Precision"
    assert len(draw_pr_curve(PR).lines) == 1  # no baseline asked, none drawn


def test_probability_histogram_marks_misclassified_cases():
    ax = draw_probability_histogram(PROBS, threshold=0.5)
    negative, positive = ax.patches[0], ax.patches[1]  # the two step lines come first
    np.testing.assert_array_equal(negative.get_data().values, PROBS["negative"])
    np.testing.assert_array_equal(positive.get_data().values, PROBS["positive"])
    np.testing.assert_array_equal(positive.get_data().edges, [0, .25, .5, .75, 1])
    bars = ax.containers[0]
    np.testing.assert_array_equal([b.get_height() for b in bars], [1, 3, 3, 1])
    np.testing.assert_array_equal([b.get_x() for b in bars], PROBS["left"])
    np.testing.assert_allclose([b.get_width() for b in bars], 0.25)
    threshold_line = ax.lines[-1]
    assert list(threshold_line.get_xdata()) == [0.5, 0.5]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "misclassified" in labels and "threshold = 0.5" in labels


def test_probability_histogram_without_threshold_line():
    ax = draw_probability_histogram(PROBS, threshold=None)
    assert len(ax.lines) == 0


def test_loss_histogram_stacks_classes():
    fig, ax = plt.subplots()
    assert draw_loss_histogram(LOSSES, ax=ax) is ax
    negative, positive = ax.containers
    np.testing.assert_array_equal([b.get_height() for b in negative], LOSSES["negative"])
    np.testing.assert_array_equal([b.get_height() for b in positive], LOSSES["positive"])
    np.testing.assert_array_equal([b.get_y() for b in positive], LOSSES["negative"])  # stacked on the negatives
    tops = [b.get_y() + b.get_height() for b in positive]
    np.testing.assert_array_equal(tops, LOSSES["count"])
    assert ax.get_xlabel().startswith("Binary cross-entropy")
    # the figure says the bars are stacked: a bar's top counts both classes
    assert ax.get_title() == "Loss histogram (stacked)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["negative (0)", "positive (1), stacked on negative"]

CALIBRATION = pd.DataFrame({"bin": [0, 2, 3], "lower": [0, .5, .75], "upper": [.25, .75, 1], "count": [40, 25, 10],
                            "positives": [4, 15, 9], "prob_pred": [.1, .62, .9], "prob_true": [.1, .6, .9]})
GAINS = pd.DataFrame({"cumulative_fraction": [.25, .5, .75, 1], "gain": [.5, .8, .95, 1],
                      "cumulative_lift": [2, 1.6, 1.2666, 1], "cumulative_positives": [10, 16, 19, 20],
                      "cumulative_rows": [25, 50, 75, 100]})


def test_calibration_curve_draws_the_curve_the_diagonal_and_the_counts():
    ax = draw_calibration_curve(CALIBRATION, color="purple")
    curve, diagonal = ax.lines
    np.testing.assert_array_equal(curve.get_xdata(), CALIBRATION["prob_pred"])
    np.testing.assert_array_equal(curve.get_ydata(), CALIBRATION["prob_true"])
    assert curve.get_color() == "purple"
    assert list(diagonal.get_xdata()) == [0, 1] and list(diagonal.get_ydata()) == [0, 1]
    bars = ax.count_axes.patches  # the rows per bin, over the bin's edges, on a second y axis
    assert [b.get_height() for b in bars] == [40, 25, 10]
    np.testing.assert_allclose([b.get_x() for b in bars], CALIBRATION["lower"])
    np.testing.assert_allclose([b.get_width() for b in bars], [.25, .25, .25])
    assert ax.count_axes.get_ylabel() == "Rows per bin" and ax.get_zorder() > ax.count_axes.get_zorder()
    assert ax.get_xlabel() == "Mean predicted probability"
    tied = pd.DataFrame({"lower": [.4], "upper": [.4], "count": [7], "prob_pred": [.4], "prob_true": [.5]})
    fig, own = plt.subplots()
    assert draw_calibration_curve(tied, ax=own) is own
    assert own.count_axes.patches[0].get_width() == pytest.approx(0.01)  # a zero-width bin stays visible


def test_gains_and_lift_curves():
    ax = draw_gains_curve(GAINS)
    curve, random, best = ax.lines
    np.testing.assert_array_equal(curve.get_xdata(), [0, .25, .5, .75, 1])
    np.testing.assert_array_equal(curve.get_ydata(), [0, .5, .8, .95, 1])
    assert list(random.get_ydata()) == [0, 1]
    assert list(best.get_xdata()) == [0, 0.2, 1] and list(best.get_ydata()) == [0, 1, 1]  # 20 positives in 100 rows
    ax = draw_lift_curve(GAINS)
    curve, random = ax.lines
    np.testing.assert_array_equal(curve.get_ydata(), GAINS["cumulative_lift"])
    assert list(random.get_ydata()) == [1, 1] and ax.get_ylabel() == "Cumulative lift"


def test_ks_chart_marks_the_gap():
    ks = pd.Series({"statistic": 0.5, "threshold": 0.8, "tpr": 0.6, "fpr": 0.1})
    ax = draw_ks(ROC, ks)
    positives, negatives, gap = ax.lines
    np.testing.assert_array_equal(positives.get_xdata(), [.8, .5, .2])  # the inf row is left out
    np.testing.assert_array_equal(positives.get_ydata(), [.6, .9, 1])
    np.testing.assert_array_equal(negatives.get_ydata(), [.1, .4, 1])
    assert list(gap.get_xdata()) == [0.8, 0.8] and list(gap.get_ydata()) == [0.1, 0.6]
    assert "KS = 0.5000" in ax.get_legend().get_texts()[2].get_text()


def test_matplotlib_is_imported_only_when_drawing():
    import os
    import subprocess
    import sys

    code = (
        "import sys, pandas as pd\n"
        "import handyspark.plotting.evaluation as e\n"
        "before = 'matplotlib' in sys.modules\n"
        "e.draw_roc_curve(pd.DataFrame({'fpr': [0, 1], 'tpr': [0, 1]}))\n"
        "print(before, 'matplotlib.pyplot' in sys.modules)\n"
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]
