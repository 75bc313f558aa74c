#!/bin/bash
# The server's memory over feed imports (docs/benchmarks.md, tenth session): starts the host in BIN_DIR on a copy of a
# kept SQLite data folder (or on PostgreSQL when QZ_PROBE_POSTGRES holds a connection string), posts the feed files
# of bench/probes/feed-files.py in turn, and prints each import's time, VmHWM (peak) and VmRSS.
#
#   FILES="cpsc0 tbt0" bench/probes/memprobe.sh src/QualityZone/bin/Release/net10.0 /tmp/qzP [ENV=VALUE ...]
#
# KEPT: a folder seeded by the bench (`QualityZone.Bench portal --keep /tmp/qzP`); extra arguments go into the
# server's environment (e.g. DOTNET_gcServer=1 to compare the GC modes).
set -u
BIN=$(realpath "$1"); KEPT=$2; shift 2
FEEDS=${FEEDS:-/tmp/feeds}
DATA=$(mktemp -d /tmp/qz-memprobe-XXXXXX)
cp -r "$KEPT"/. "$DATA"/
if [ -n "${QZ_PROBE_POSTGRES:-}" ]; then export Database__Provider=Postgres ConnectionStrings__Main="$QZ_PROBE_POSTGRES"; fi
cd "$BIN"
TOKEN=$(Database__DataDirectory=$DATA dotnet QualityZone.dll token create --email office@demo.qz 2>/dev/null | grep -oE 'qz_[A-Za-z0-9_-]+' | head -1)
env Database__DataDirectory=$DATA Logging__LogLevel__Default=Warning Jobs__Enabled=false "$@" dotnet QualityZone.dll --urls http://127.0.0.1:5095 >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null http://127.0.0.1:5095/healthz && break; sleep 0.2; done
rss() { grep -E "VmRSS|VmHWM" /proc/$PID/status | awk '{printf "%s %d MiB  ", $1, $2/1024}'; echo; }
echo "started: $(rss)"
for f in ${FILES:-cpsc0 tbt0}; do
  s=$(date +%s.%N)
  code=$(curl -s -o "$DATA/$f.out" -w "%{http_code}" -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$FEEDS/$f.json" http://127.0.0.1:5095/api/notices/import)
  echo "$code $f: $(echo "$(date +%s.%N) - $s" | bc) s; $(rss)"
  echo "  $(grep -oE '"(records|created|updated|unchanged|alerts|actions)":[0-9]+' "$DATA/$f.out" | tr '\n' ' ')"
done
