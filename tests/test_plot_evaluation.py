"""handyspark.plotting.evaluation: drawing from small frames, no Spark, inspected through matplotlib artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from handyspark.plotting.evaluation import (
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
