"""Binary-classification evaluation computed by Spark: only per-score aggregates reach the driver.

:mod:`~handyspark.evaluation.scores` reads and checks the score and label columns,
:mod:`~handyspark.evaluation.table` aggregates the predictions by distinct score,
:mod:`~handyspark.evaluation.curves` turns that into counts, curves and areas,
:mod:`~handyspark.evaluation.thresholds`, :mod:`~handyspark.evaluation.confusion`,
:mod:`~handyspark.evaluation.loss`, :mod:`~handyspark.evaluation.histograms`,
:mod:`~handyspark.evaluation.calibration` (reliability curve, Brier score, calibration
errors) and :mod:`~handyspark.evaluation.ranking` (gains, lift, KS, precision/recall at k)
the rest, all from the per-score table on the driver.
The public front end is :class:`handyspark.BinaryClassificationMetrics`.
"""
