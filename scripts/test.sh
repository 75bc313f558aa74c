#!/usr/bin/env bash
# Runs every test of the platform on a fresh Debian machine:
#   - installs what the tests need if it is missing (PostgreSQL server, Chromium, a CJK font);
#   - starts a throwaway PostgreSQL server in a temporary directory on a free loopback port;
#   - runs `dotnet test` on the whole solution (SQLite and PostgreSQL suites, browser tests);
#   - stops the server, removes its files, and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# The Chinese TrueType font generated PDFs embed (see DocumentFonts); pdftotext reads them back in the tests.
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# LibreOffice opens the generated Word and Excel files in the tests, as a user would.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# nginx fronts two instances in scripts/two-instances.sh.
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} …"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/qz-test-XXXXXX)
chmod 755 "$work"
port=54329
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

# initdb refuses to run as root: run the server as the postgres account the package created.
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"

cleanup() {
  pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
  -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$work/pg/server.log"; echo "0 passed, 1 failed"; exit 1; }
export QZ_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export QZ_TEST_ARTIFACTS="${QZ_TEST_ARTIFACTS:-$root_dir/artifacts/test}"
mkdir -p "$QZ_TEST_ARTIFACTS"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port; artifacts in $QZ_TEST_ARTIFACTS"

log="$work/dotnet-test.log"
dotnet test QualityZone.slnx -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 29, Skipped: 0, Total: 29, …"
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

# Two instances on one PostgreSQL behind nginx (issue 19): one more test, run as the operator would.
# About 45 s on a quiet machine; five minutes is the limit on a loaded one.
echo "scripts/two-instances.sh …"
if timeout 300 bash scripts/two-instances.sh >"$work/two-instances.log" 2>&1; then
  passed=$((passed + 1)); grep -E '^[0-9]\.|^two instances' "$work/two-instances.log"
else
  failed=$((failed + 1)); status=1; echo "two instances: FAILED"; tail -n 40 "$work/two-instances.log"
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then echo "no tests ran"; failed=1; status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
