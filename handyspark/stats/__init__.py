"""The statistics engine: DataFrame in, small pandas results out.

Every function builds Column expressions for any number of columns and runs
them as one aggregation, optionally per stratum (see :mod:`handyspark.strata`).
"""
