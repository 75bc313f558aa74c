#!/usr/bin/env bash
# Runs every bench suite on SQLite and on PostgreSQL and writes one table of the figures side by side
# (issue 22), so that docs/benchmarks.md is filled from one command:
#
#   bench/run-all.sh [--quick] [--only "trace epcis"] [--out DIR]
#
#   --quick   every suite at about a tenth of its issue's scale (tens of minutes; for checking the bench itself).
#             Without it each suite seeds the scale its issue names (hours: the archives suite alone seeds 720,000 lines).
#   --only    a subset of the suites below.
#   --out     where the results go (default bench/results/<UTC date and time>/): one file per suite and provider,
#             and summary.md, the table of every figure with SQLite and PostgreSQL beside each other.
#
# PostgreSQL is a throwaway server started here on a free loopback port (as scripts/test.sh does), with the
# production settings (fsync and synchronous_commit on), and removed afterwards. Each suite starts the Release
# host as its own process on a freshly seeded database (bench/QualityZone.Bench/Program.cs).
set -uo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)

quick=0
only=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$root_dir/bench/results/$(date -u +%Y-%m-%dT%H%M)}
mkdir -p "$out"

# suite name → the bench's arguments (full scale, quick scale)
declare -A full=(
  [basics]="startup queries pages load enterprises"
  [archives]="archives"
  [trace]="trace --requests 2000 --warm 2000"
  [epcis]="epcis --documents 100 --warm 300 --events 10000000"
  [supervision]="supervision"
  [portal]="portal"
  [reports]="reports"
  [testing]="testing"
  [training]="training"
  [policies]="policies"
)
declare -A small=(
  [basics]="startup queries pages load enterprises --enterprises 200 --runs 3 --seconds 5"
  [archives]="archives --enterprises 60"
  [trace]="trace --enterprises 10 --batches 10000 --requests 300 --warm 300"
  [epcis]="epcis --documents 20 --events 200000"
  [supervision]="supervision --enterprises 60 --actions 3000"
  [portal]="portal --enterprises 60"
  [reports]="reports --enterprises 60"
  [testing]="testing --enterprises 30 --test-requests 10000"
  [training]="training --enterprises 30 --training-sessions 200"
  [policies]="policies --enterprises 200"
)
order=(basics archives trace epcis supervision portal reports testing training policies)
[ -n "$only" ] && read -r -a order <<<"$only"

command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "PostgreSQL is needed (apt-get install postgresql)" >&2; exit 2; }

dotnet build bench/QualityZone.Bench -c Release -v q -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
bench="dotnet bench/QualityZone.Bench/bin/Release/net10.0/QualityZone.Bench.dll"

work=$(mktemp -d /tmp/qz-bench-pg-XXXXXX)
chmod 755 "$work"
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
cleanup() {
  pg "$pg_bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
port=55500
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
pg "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$out/initdb.log" 2>&1 || { cat "$out/initdb.log"; exit 1; }
pg "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=1GB" start >/dev/null || { cat "$work/server.log"; exit 1; }

for suite in "${order[@]}"; do
  args=${full[$suite]:-}
  [ -n "$args" ] || { echo "no suite $suite (suites: ${!full[*]})" >&2; exit 2; }
  [ "$quick" = 1 ] && args=${small[$suite]}
  for provider in sqlite postgres; do
    file="$out/$provider-$suite.md"
    extra=()
    [ "$provider" = postgres ] && extra=(--postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=qz_bench_$suite")
    echo "$(date -u +%H:%M:%S) $suite on $provider: $bench $args ${extra[*]}"
    start=$(date +%s)
    # shellcheck disable=SC2086
    $bench $args "${extra[@]}" >"$file" 2>"$out/$provider-$suite.err"
    status=$?
    echo "  exit $status after $(( $(date +%s) - start )) s → $file"
    [ $status -eq 0 ] || echo "| $suite failed on $provider (exit $status; see $provider-$suite.err) | | | | | | |" >>"$file"
  done
done

python3 bench/summary.py "$out" "${order[@]}" >"$out/summary.md"
echo "Table: $out/summary.md"
