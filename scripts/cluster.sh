#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 from the installed PySpark: a master, two workers (three cores
# each, their own work dirs and ports; each of three applications at a time gets one one-core executor on
# each: the tests, the Connect server and a spark-submit job) and a Spark
# Connect server in front of them.
#
#   scripts/cluster.sh start   # prints the URLs; state (pids, logs, work dirs) in .cluster/
#   scripts/cluster.sh stop    # stops every process by the id it was started with
#   scripts/cluster.sh env     # HANDYSPARK_TEST_MASTER=... HANDYSPARK_TEST_REMOTE=... for the running cluster
#
# PYTHON (default .venv/bin/python) chooses the PySpark whose spark-class runs the cluster; its
# interpreter runs the Python workers too.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=$ROOT/.cluster
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for_port() {  # wait_for_port PORT PIDFILE NAME: until something listens on PORT, or the process died
  local port=$1 pid; pid=$(cat "$2")
  for _ in $(seq 1 240); do
    if "$PYTHON" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$3 exited; its log:" >&2; tail -n 40 "$STATE/$3.log" >&2; return 1; fi
    sleep 0.5
  done
  echo "$3 did not listen on $port within 120 s; its log:" >&2; tail -n 40 "$STATE/$3.log" >&2; return 1
}

alive_workers() {  # alive_workers WEB_PORT: how many workers the master lists as ALIVE
  "$PYTHON" - "$1" <<'PY' 2>/dev/null || echo 0
import json, sys, urllib.request
status = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/json/", timeout=5))
print(sum(w.get("state") == "ALIVE" for w in status.get("workers", [])))
PY
}

start_bg() {  # start_bg NAME CMD...: run in the background, pid in NAME.pid, output in NAME.log
  local name=$1; shift
  nohup "$@" > "$STATE/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
}

start() {
  if [ -f "$STATE/master.pid" ] && kill -0 "$(cat "$STATE/master.pid")" 2>/dev/null; then
    echo "a cluster is running (scripts/cluster.sh stop first)" >&2; exit 1
  fi
  rm -rf "$STATE"; mkdir -p "$STATE"
  SPARK_HOME=$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
  export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR=$STATE SPARK_CONF_DIR=$STATE/conf
  export PYSPARK_PYTHON=$PYTHON PATH="$(dirname "$PYTHON"):$PATH"
  mkdir -p "$SPARK_CONF_DIR"
  # WARN and above in every JVM of the cluster
  cp "$ROOT/examples/log4j2.properties" "$SPARK_CONF_DIR/log4j2.properties"
  local master_port web_port connect_port
  master_port=$(free_port); web_port=$(free_port); connect_port=$(free_port)
  echo "$master_port" > "$STATE/master.port"; echo "$connect_port" > "$STATE/connect.port"
  start_bg master "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$web_port"
  wait_for_port "$master_port" "$STATE/master.pid" master
  for n in 1 2; do
    mkdir -p "$STATE/worker-$n"
    start_bg "worker-$n" "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port "$(free_port)" --webui-port "$(free_port)" --cores 3 --memory 3g \
      --work-dir "$STATE/worker-$n" "spark://127.0.0.1:$master_port"
  done
  # the workers have registered when the master's status page lists both as ALIVE
  for _ in $(seq 1 240); do
    [ "$(alive_workers "$web_port")" -ge 2 ] && break
    sleep 0.5
  done
  [ "$(alive_workers "$web_port")" -ge 2 ] || {
    echo "the workers did not register; logs:" >&2; tail -n 20 "$STATE"/worker-*.log >&2; exit 1; }
  start_bg connect "$SPARK_HOME/bin/spark-submit" --class org.apache.spark.sql.connect.service.SparkConnectServer \
    --name handyspark-connect-server --master "spark://127.0.0.1:$master_port" \
    --conf spark.executor.cores=1 --conf spark.executor.memory=768m --conf spark.cores.max=2 \
    --conf spark.connect.grpc.binding.address=127.0.0.1 --conf spark.connect.grpc.binding.port="$connect_port" \
    --conf spark.sql.shuffle.partitions=2 --conf spark.ui.enabled=false \
    --conf spark.pyspark.python="$PYTHON" --conf spark.driver.memory=1g --conf spark.driver.maxResultSize=8m \
    --conf spark.scheduler.mode=FAIR
  wait_for_port "$connect_port" "$STATE/connect.pid" connect
  env_lines
}

env_lines() {
  echo "HANDYSPARK_TEST_MASTER=spark://127.0.0.1:$(cat "$STATE/master.port")"
  echo "HANDYSPARK_TEST_REMOTE=sc://127.0.0.1:$(cat "$STATE/connect.port")"
}

stop() {  # the Connect server first (its executors), then the workers, then the master
  for name in connect worker-1 worker-2 master; do
    [ -f "$STATE/$name.pid" ] || continue
    pid=$(cat "$STATE/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/$name.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) env_lines ;;
  *) echo "usage: scripts/cluster.sh start|stop|env" >&2; exit 2 ;;
esac
