#!/usr/bin/env bash
# Two instances of the platform on one PostgreSQL behind Debian's nginx, all on the loopback
# (docs/deployment.md, "Two instances"). Proves, with curl:
#   1. a session signed in through nginx works on both instances (data-protection keys in the database);
#   2. a file uploaded to one instance is served by the other (Files:Directory shared);
#   3. a background job runs once across both (the job lease), and the other takes over when the holder stops;
#   4. the keys survive a restart;
#   5. signing out on one instance ends the session on the other at once (no in-memory state).
# Prints "two instances: OK" and exits 0, or the first failed check and exits 1. Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dll="$root_dir/src/QualityZone/bin/Release/net10.0/QualityZone.dll"
[ -f "$dll" ] || dotnet build "$root_dir/src/QualityZone" -c Release -v q >/dev/null

work=$(mktemp -d /tmp/qz-two-XXXXXX)
chmod 755 "$work"
pids=()
free_port() { local p=$1; while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { mkdir -p /tmp/qz-two-failed && cp "$work"/*.log /tmp/qz-two-failed/ 2>/dev/null; echo "FAILED: $*"; echo "--- instance A log"; tail -n 30 "$work/a.log" 2>/dev/null || true; echo "--- instance B log"; tail -n 30 "$work/b.log" 2>/dev/null || true; exit 1; }

# PostgreSQL
pg_port=$(free_port 55500)
mkdir -p "$work/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$work/pg"; }
pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# A loaded CI machine: three minutes to start, and once more on another port if it did not (printing why).
start_pg() { pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 180 -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null; }
if ! start_pg; then
  echo "PostgreSQL did not start on $pg_port:"; tail -n 20 "$work/pg/server.log" || true
  pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  pg_port=$(free_port $((pg_port + 1)))
  start_pg
fi
pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE qualityzone" >/dev/null

# The same configuration for both instances; only the port differs.
export Database__Provider=Postgres
export ConnectionStrings__Main="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=qualityzone"
export Files__Directory="$work/shared-files"
export Admin__Email=admin@two.qz Admin__Password=Two-instances-1
export Telemetry__MetricsKey=two-instances-key
export AllowedHosts="localhost;127.0.0.1"
export Jobs__Enabled=true
# The reminder job every 2 s instead of hourly, so that "once across instances" shows within seconds.
job_env=("Jobs__return-reminders__IntervalSeconds=2" "Jobs__return-reminders__FirstRunSeconds=1")

dotnet "$dll" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; fail "migrate"; }

port_a=$(free_port 5601); start_a() { env "${job_env[@]}" Urls="http://127.0.0.1:$port_a" dotnet "$dll" >>"$work/a.log" 2>&1 & pid_a=$!; pids+=("$pid_a"); }
start_a
port_b=$(free_port $((port_a + 1))); start_b() { env "${job_env[@]}" Urls="http://127.0.0.1:$port_b" dotnet "$dll" >>"$work/b.log" 2>&1 & pid_b=$!; pids+=("$pid_b"); }
start_b
ready() { # port: waits up to 150 s (30 s on a quiet machine) for /healthz/ready
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/healthz/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }
ready "$port_a" || fail "instance A did not become ready"
ready "$port_b" || fail "instance B did not become ready"

# nginx in front, round robin, with the headers docs/deployment.md shows.
port_n=$(free_port $((port_b + 1)))
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
user root;
events { worker_connections 256; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/nginx-body; proxy_temp_path $work/nginx-proxy; fastcgi_temp_path $work/nginx-fcgi; uwsgi_temp_path $work/nginx-uwsgi; scgi_temp_path $work/nginx-scgi;
  log_format upstream '\$upstream_addr \$status \$request';
  upstream qualityzone { server 127.0.0.1:$port_a; server 127.0.0.1:$port_b; }
  server {
    listen 127.0.0.1:$port_n;
    client_max_body_size 50m;
    access_log $work/upstream.log upstream;
    location / {
      proxy_pass http://qualityzone;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
as_root nginx -c "$work/nginx.conf" -p "$work" || fail "nginx did not start"
front="http://127.0.0.1:$port_n"
for _ in $(seq 1 100); do curl -fs "$front/healthz/live" >/dev/null 2>&1 && break; sleep 0.2; done

# 1. Sign in through nginx: the login page and the form post may reach different instances.
jar="$work/cookies"
token=$(curl -fs -c "$jar" -b "$jar" "$front/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
[ -n "$token" ] || fail "no antiforgery token on the login page"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "Input.Email=admin@two.qz" --data-urlencode "Input.Password=Two-instances-1" --data-urlencode "__RequestVerificationToken=$token" "$front/account/login")
[ "$status" = 302 ] || fail "sign-in through nginx answered $status"
for _ in 1 2 3 4 5 6; do [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$front/api/me")" = 200 ] || fail "the session was refused through nginx"; done
for port in "$port_a" "$port_b"; do [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "http://127.0.0.1:$port/api/me")" = 200 ] || fail "the session was refused by the instance on $port"; done
grep -q "127.0.0.1:$port_a" "$work/upstream.log" && grep -q "127.0.0.1:$port_b" "$work/upstream.log" || fail "nginx did not use both instances"
echo "1. one session, both instances: OK"

# 2. A file uploaded to A is served by B.
api_token=$(dotnet "$dll" token create --email admin@two.qz --name two-instances 2>/dev/null)
department=$(pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d qualityzone -tAc "SELECT \"Id\" FROM departments ORDER BY \"Code\" LIMIT 1")
due=$(date -d '+30 days' +%F)
action=$(curl -fs -H "Authorization: Bearer $api_token" -H 'Content-Type: application/json' \
  -d "{\"source\":\"Manual\",\"title\":\"双实例文件共享检查\",\"severity\":\"Minor\",\"ownerDepartmentId\":\"$department\",\"dueOn\":\"$due\"}" \
  "http://127.0.0.1:$port_a/api/actions" | sed 's/.*"id":"\([^"]*\)".*/\1/')
[ -n "$action" ] || fail "could not create an action"
printf '%%PDF-1.4\n%% two instances %s\n%%%%EOF\n' "$(date +%s%N)" >"$work/evidence.pdf"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $api_token" -F "file=@$work/evidence.pdf;type=application/pdf" -F version=0 "http://127.0.0.1:$port_a/api/actions/$action/evidence")
[ "$status" = 204 ] || fail "the upload to A answered $status"
curl -fs -H "Authorization: Bearer $api_token" -o "$work/downloaded.pdf" "http://127.0.0.1:$port_b/actions/$action/evidence" || fail "B did not serve the file uploaded to A"
cmp -s "$work/evidence.pdf" "$work/downloaded.pdf" || fail "B served a different file"
echo "2. a file uploaded to A is served by B: OK"

# 3. The job runs once across the two: together they succeed no more often than one instance ticks.
runs() { # port outcome -> count of return-reminders runs with that outcome
  curl -fs -H "Authorization: Bearer two-instances-key" "http://127.0.0.1:$1/metrics" \
    | awk -v o="$2" '/^qz_job_runs_total\{/ && /job="return-reminders"/ && $0 ~ "outcome=\"" o "\"" { s += $NF } END { print s + 0 }'; }
sleep 16
a_ok=$(runs "$port_a" succeeded); b_ok=$(runs "$port_b" succeeded); a_skip=$(runs "$port_a" skipped); b_skip=$(runs "$port_b" skipped)
ticks=$(( a_ok + a_skip > b_ok + b_skip ? a_ok + a_skip : b_ok + b_skip ))
echo "   runs: A succeeded $a_ok skipped $a_skip, B succeeded $b_ok skipped $b_skip"
[ "$ticks" -ge 4 ] || fail "the job ticked only $ticks times in 16 s"
[ $(( a_ok + b_ok )) -le $(( ticks + 1 )) ] || fail "the job ran $((a_ok + b_ok)) times for $ticks ticks: more than once per tick"
[ $(( a_skip + b_skip )) -ge 2 ] || fail "no instance ever found the lease held"
# The holder stops; the other takes over once the lease lapses (3 s).
if [ "$a_ok" -ge "$b_ok" ]; then holder=$pid_a; other=$port_b; before=$b_ok; else holder=$pid_b; other=$port_a; before=$a_ok; fi
kill "$holder"; wait "$holder" 2>/dev/null || true
sleep 10
after=$(runs "$other" succeeded)
[ "$after" -gt "$before" ] || fail "the other instance did not take the job over ($before → $after)"
echo "3. the job runs once across instances and fails over: OK"

# 4. Restart the stopped instance: the keys come from the database, the old cookie still works.
if [ "$holder" = "$pid_a" ]; then start_a; restarted=$port_a; else start_b; restarted=$port_b; fi
ready "$restarted" || fail "the restarted instance did not become ready"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "http://127.0.0.1:$restarted/api/me")" = 200 ] || fail "the session did not survive the restart"
echo "4. keys survive a restart: OK"

# 5. Sign out on A; a copy of the cookie is refused by B at once.
cp "$jar" "$work/copied-cookies"
page_token=$(curl -fs -b "$jar" -c "$jar" "http://127.0.0.1:$port_a/account/logout" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
status=$(curl -s -o "$work/logout.html" -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$page_token" "http://127.0.0.1:$port_a/account/logout")
[ "$status" = 302 ] || fail "sign-out answered $status (token ${#page_token} characters): $(head -c 300 "$work/logout.html")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/copied-cookies" "http://127.0.0.1:$port_b/api/me")" = 401 ] || fail "B still accepted the signed-out session"
echo "5. signing out on A ends the session on B: OK"

echo "two instances: OK"
