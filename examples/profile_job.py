"""A spark-submit job: profile a file with handyspark and write the report.

    ./dev submit examples/profile_job.py INPUT --out report.html [--format csv|parquet|json|orc]
        [--by COL ...] [--columns COL ...] [--k K] [--bins N] [--relative-error E]

The ``handyspark profile`` command (``handyspark.cli.main``) on the session spark-submit configures
(its --master, --conf ...): the command profiles on the active session and leaves it to the job to
stop. It prints a line per phase and the summary line last (spark-submit passes the job's stderr, where
the phases go, on to its stdout); the exit code is the command's (2 for bad input: a missing file, an
unknown column, a file not in its format).
"""

from __future__ import annotations

import sys

from pyspark.sql import SparkSession

from handyspark.cli import main as handyspark_command


def main(argv: list[str]) -> int:
    spark = SparkSession.builder.appName("handyspark-profile").getOrCreate()
    try:
        return handyspark_command(["profile", *argv])
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
