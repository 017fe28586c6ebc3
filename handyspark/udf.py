"""The old import path of :mod:`handyspark.pandas_functions` (pandas functions as Spark Columns).

Kept so that ``from handyspark.udf import PandasColumns`` keeps working; new code imports
from :mod:`handyspark.pandas_functions`, whose name says what it holds (native Spark
built-ins where they exist, pandas UDFs otherwise).
"""

from .pandas_functions import *  # noqa: F403
from .pandas_functions import __all__  # noqa: F401
