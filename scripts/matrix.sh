#!/usr/bin/env bash
# The suite on another PySpark (and pandas):  scripts/matrix.sh PYSPARK_MINOR [--pandas MAJOR] [pytest args...]
#   scripts/matrix.sh 3.5                 the smoke subset on the newest PySpark 3.5.x, pandas 2
#   scripts/matrix.sh 4.3 --pandas 3      the smoke subset on PySpark 4.3, pandas 3
#   scripts/matrix.sh 4.1 -k strata       pytest arguments instead of the smoke subset
# Each combination has its own venv, .venvs/pyspark-<minor>[-pandas<major>], made once (Python 3.11) and
# reused while pyproject.toml and this script are older than it. Sessions: classic and Spark Connect where
# the PySpark package bundles the Connect server (4.x); classic only on 3.5 (its package has no Connect jars).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

usage() { echo "usage: scripts/matrix.sh PYSPARK_MINOR (3.5, 4.0, 4.1, 4.2, 4.3) [--pandas 2|3] [pytest args...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
minor="$1"; shift
pandas_major=2
if [ "${1:-}" = "--pandas" ]; then
  [ $# -ge 2 ] || usage
  pandas_major="$2"; shift 2
fi
case "$minor" in 3.5|4.0|4.1|4.2|4.3) ;; *) echo "unsupported PySpark $minor" >&2; usage ;; esac
case "$pandas_major" in 2|3) ;; *) echo "unsupported pandas $pandas_major" >&2; usage ;; esac

# pip constraints per PySpark line (what its own requirements imply or what it works with)
constraints=("pandas==${pandas_major}.*")
sessions="classic,connect"
case "$minor" in
  3.5)
    # PySpark 3.5 needs numpy < 2; pyarrow 26 needs numpy >= 2; no Spark Connect server in the pip package
    constraints+=("numpy<2" "pyarrow<26")
    sessions="classic"
    ;;
esac

# the smoke subset: statistics, strata, fill/fence and ML stages saved and loaded, plots, evaluation,
# functions of columns (assign), the version table (about 2 minutes on 2 cores, both kinds of session)
SMOKE=(tests/test_descriptive.py tests/test_strata.py tests/test_imputation.py tests/test_fencing.py
       tests/test_ml_persistence.py tests/test_plots.py tests/test_evaluation.py tests/test_assign.py
       tests/test_versions.py)


name="pyspark-${minor}"
[ "$pandas_major" = 2 ] || name="${name}-pandas${pandas_major}"
venv=".venvs/$name"
if [ ! -x "$venv/bin/python" ] || [ pyproject.toml -nt "$venv/.installed" ] || [ "$0" -nt "$venv/.installed" ]; then
  echo "== creating $venv (PySpark $minor.*, pandas $pandas_major.*)"
  make_venv "$venv" scripts/matrix.sh
  extras="connect"
  [ "$sessions" = classic ] && extras="sql"
  "$venv/bin/python" -m pip install --quiet -e ".[test]" "pyspark[$extras]==${minor}.*" "${constraints[@]}"
  touch "$venv/.installed"
fi

export HANDYSPARK_TEST_SESSIONS="${HANDYSPARK_TEST_SESSIONS:-$sessions}"
"$venv/bin/python" - <<'PY'
import os, sys
import numpy, pandas, pyarrow, pyspark
print(f"== PySpark {pyspark.__version__}, pandas {pandas.__version__}, numpy {numpy.__version__}, "
      f"pyarrow {pyarrow.__version__}, Python {sys.version.split()[0]}; sessions: {os.environ['HANDYSPARK_TEST_SESSIONS']}")
PY
if [ $# -eq 0 ]; then
  set -- "${SMOKE[@]}"
fi
status=0
"$venv/bin/python" -m pytest -p no:cacheprovider "$@" || status=$?
"$venv/bin/python" -c 'import pandas, pyspark; print(f"== ran on PySpark {pyspark.__version__}, pandas {pandas.__version__}")'
exit $status
