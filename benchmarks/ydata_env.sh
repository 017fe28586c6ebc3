#!/usr/bin/env bash
# The profile benchmark in its own environment, beside ydata-profiling's Spark backend:
#   benchmarks/ydata_env.sh [profile_bench.py args...]     e.g. --rows 20000 --repeat 1 --out -
#   benchmarks/ydata_env.sh --install-only                 make the venv, run nothing
#   benchmarks/ydata_env.sh --test [pytest args...]        tests/test_profile_oracle.py there (classic session)
# ydata-profiling is installed only here, in .venvs/bench-ydata (Python 3.11; git-ignored), never as a
# dependency of handyspark or of its extras. The venv is made once and reused while this script and
# pyproject.toml are older than it. PYSPARK=4.x.y picks another PySpark (default below: the newest that
# ydata-profiling's Spark backend was found to run on; its `spark` extra asks for PySpark >= 4.0).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

YDATA_VERSION="${YDATA_VERSION:-4.18.4}"
PYSPARK_VERSION="${PYSPARK:-4.3.0}"
venv=".venvs/bench-ydata"


stamp="$venv/.installed-ydata${YDATA_VERSION}-pyspark${PYSPARK_VERSION}"
if [ ! -x "$venv/bin/python" ] || [ ! -e "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$0" -nt "$stamp" ]; then
  echo "== creating $venv (ydata-profiling $YDATA_VERSION, PySpark $PYSPARK_VERSION)" >&2
  make_venv "$venv" benchmarks/ydata_env.sh
  # ydata-profiling pins pandas < 3, numpy < 2.4, matplotlib <= 3.10, scipy < 1.17; its `spark` extra adds
  # pyspark >= 4.0, pyarrow and visions < 0.7.7. pyspark.pandas (the describe() baseline) needs pandas 2.
  "$venv/bin/python" -m pip install --quiet -e . "ydata-profiling[spark]==${YDATA_VERSION}" \
    "pyspark==${PYSPARK_VERSION}" "pandas>=2.2,<3" "psutil" "pytest>=8" "pytest-xdist>=3.5"
  touch "$stamp"
fi

if [ "${1:-}" = "--install-only" ]; then
  "$venv/bin/python" -c 'import importlib.metadata as m; print(*(f"{p} {m.version(p)}" for p in ("ydata-profiling", "pyspark", "pandas", "numpy", "pyarrow")), sep=", ")'
  exit 0
fi
if [ "${1:-}" = "--test" ]; then
  shift
  # the pip package of PySpark has no Spark Connect client dependencies here: the classic session only
  HANDYSPARK_TEST_SESSIONS=classic exec "$venv/bin/python" -m pytest -p no:cacheprovider -n 0 \
    tests/test_profile_oracle.py "$@"
fi
exec "$venv/bin/python" benchmarks/profile_bench.py "$@"
