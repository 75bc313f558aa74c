#!/bin/bash
# Start-up to the first /healthz 200 (docs/benchmarks.md, tenth session): starts the host in BIN_DIR on DATA_DIR RUNS
# times, polling every 10 ms, and prints each time. Compare the Release build with a ReadyToRun publish
# (dotnet publish src/QualityZone -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/qzr2r).
#
#   bench/probes/startup.sh /tmp/qzr2r /tmp/qzbE 5
#   EXTRA_ENV="Jobs__Enabled=false" bench/probes/startup.sh … (extra settings for the server, e.g. to leave the jobs out)
set -u
BIN=$1; DATA=$2; RUNS=${3:-7}
cd "$BIN"
for i in $(seq 1 "$RUNS"); do
  s=$(date +%s%N)
  env Database__DataDirectory="$DATA" Logging__LogLevel__Default=Warning ${EXTRA_ENV:-} dotnet QualityZone.dll --urls http://127.0.0.1:5097 >/dev/null 2>&1 &
  PID=$!
  for _ in $(seq 1 6000); do curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:5097/healthz 2>/dev/null | grep -q 200 && break; sleep 0.01; done
  echo "run $i: $(( ($(date +%s%N) - s) / 1000000 )) ms"
  kill $PID; wait $PID 2>/dev/null
done
