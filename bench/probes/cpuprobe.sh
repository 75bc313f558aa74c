#!/bin/bash
# Server CPU a request under wrk (issue 22.2: /tasks ≤ 500 µs, an API-token /ping ≤ 100 µs): starts the host in BIN_DIR on
# DATA_DIR (a seeded demo: `QualityZone.dll seed-demo --enterprises 60 --months 24`), signs the office in with an API token,
# warms PATH up for 10 s under wrk, then measures SECONDS s and divides the server's user+system CPU time (/proc/PID/stat)
# by the requests wrk completed. RUNS measured runs on the same process.
#
#   bench/probes/cpuprobe.sh src/QualityZone/bin/Release/net10.0 /tmp/qzdemo /tasks 15 3
set -u
BIN=$1; DATA=$2; PATH_=$3; SECONDS_=${4:-15}; RUNS=${5:-3}
PORT=5098
cd "$BIN"
TOKEN=$(env Database__DataDirectory="$DATA" Logging__LogLevel__Default=Warning ${EXTRA_ENV:-} dotnet QualityZone.dll token create --email office@demo.qz 2>/dev/null | tail -n 1)
env Database__DataDirectory="$DATA" Logging__LogLevel__Default=Warning ${EXTRA_ENV:-} dotnet QualityZone.dll --urls http://127.0.0.1:$PORT >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for _ in $(seq 1 3000); do curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:$PORT/healthz 2>/dev/null | grep -q 200 && break; sleep 0.02; done
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }
wrk -t2 -c16 -d10s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$PATH_" >/dev/null
for i in $(seq 1 "$RUNS"); do
  before=$(cpu)
  out=$(wrk -t2 -c16 -d${SECONDS_}s --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$PATH_")
  after=$(cpu)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  non2xx=$(echo "$out" | grep -c "Non-2xx")
  echo "run $i: $PATH_ $requests requests, $rps req/s, server CPU $(( (after - before) * 1000000 / ticks / requests )) µs a request$( [ "$non2xx" -gt 0 ] && echo ' (NON-2xx answers!)')"
done
