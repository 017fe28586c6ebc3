"""Binary-classification evaluation computed by Spark: only per-score aggregates reach the driver.

:mod:`~handyspark.evaluation.scores` reads and checks the score and label columns,
:mod:`~handyspark.evaluation.table` aggregates the predictions by distinct score,
:mod:`~handyspark.evaluation.curves` turns that into counts, curves and areas,
:mod:`~handyspark.evaluation.thresholds`, :mod:`~handyspark.evaluation.confusion`,
:mod:`~handyspark.evaluation.loss` and :mod:`~handyspark.evaluation.histograms` the rest.
The public front end is :class:`handyspark.BinaryClassificationMetrics`.
"""
