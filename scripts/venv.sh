# Sourced by scripts/matrix.sh and benchmarks/ydata_env.sh: `make_venv DIR WHAT` (re)creates the venv DIR with
# Python 3.11 (or $PYTHON) and an upgraded pip, after checking that Java is there for Spark; WHAT names
# the venv in the error messages. The caller installs its packages into it.
make_venv() {
  local dir="$1" what="$2" py="" candidate
  for candidate in "${PYTHON:-}" python3.11; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      py="$candidate"; break
    fi
  done
  [ -n "$py" ] || { echo "$what needs Python 3.11 on the PATH (or PYTHON=/path/to/python3.11)" >&2; return 1; }
  command -v java >/dev/null 2>&1 || { echo "Spark needs Java 17 (or 21): install it first" >&2; return 1; }
  rm -rf "$dir"
  "$py" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --upgrade pip
}
