#!/usr/bin/env bash
# Measures the server's resident memory while it refuses a 300 MiB-cell workbook (issue 19, finding 1):
# starts the Release host on a temporary SQLite zone, signs in, creates an enterprise, posts the 300 KB
# workbook (bomb-xlsx.py) to the traceability import and samples VmRSS every 50 ms. Command and result:
# docs/benchmarks.md, "Production grade".
set -euo pipefail
dll="$(cd "$(dirname "$0")/.." && pwd)/src/QualityZone/bin/Release/net10.0/QualityZone.dll"  # dotnet build -c Release first
dir=$(mktemp -d /tmp/qz-bomb-XXXX); port=5777
python3 "$(dirname "$0")/bomb-xlsx.py"; ls -l /tmp/bomb.xlsx | awk '{print "bomb size", $5, "bytes"}'
Database__DataDirectory=$dir Admin__Email=a@b.qz Admin__Password=Bomb-password-1 Jobs__Enabled=false Urls=http://127.0.0.1:$port dotnet $dll >$dir/log 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null; rm -rf $dir' EXIT
for i in $(seq 1 120); do curl -fs http://127.0.0.1:$port/healthz/live >/dev/null && break; sleep 0.5; done
jar=$dir/jar
t=$(curl -fs -c $jar -b $jar http://127.0.0.1:$port/account/login | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c $jar -b $jar --data-urlencode "Input.Email=a@b.qz" --data-urlencode "Input.Password=Bomb-password-1" --data-urlencode "__RequestVerificationToken=$t" http://127.0.0.1:$port/account/login
# An enterprise to import for.
code=$(python3 -c "
w=[3,7,9,10,5,8,4,2]; a='0123456789ABCDEFGHJKLMNPQRTUWXY'; W=[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]
f16='913302830000B0MA'; body=f16[8:16]
s=sum((int(c) if c.isdigit() else ord(c)-55)*x for c,x in zip(body,w)); c=11-s%11; oc='X' if c==10 else '0' if c==11 else str(c)
f17=f16+oc; s2=sum(a.index(ch)*W[i] for i,ch in enumerate(f17)); print(f17+a[(31-s2%31)%31])")
tok=$(Database__DataDirectory=$dir dotnet $dll token create --email a@b.qz 2>/dev/null </dev/null || true)
id=$(curl -fs -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d "{\"creditCode\":\"$code\",\"nameZh\":\"炸弹测试气动有限公司\"}" http://127.0.0.1:$port/api/enterprises | sed 's/.*"id":"\([^"]*\)".*/\1/')
for i in 1 2 3; do curl -fs -b $jar http://127.0.0.1:$port/trace/import?kind=Batches >/dev/null; done
sleep 2
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status; }
idle=$(rss); echo "idle RSS ${idle} MiB"
peak=$idle; ( while kill -0 $pid 2>/dev/null; do r=$(rss); echo $r; sleep 0.05; done ) > $dir/samples & sampler=$!
page=$(curl -fs -b $jar -c $jar "http://127.0.0.1:$port/trace/import?kind=Batches&enterprise=$id")
t2=$(echo "$page" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
start=$(date +%s.%N)
curl -s -b $jar -o $dir/out.html -F "__RequestVerificationToken=$t2" -F kind=Batches -F "enterprise=$id" -F "file=@/tmp/bomb.xlsx" "http://127.0.0.1:$port/trace/import?kind=Batches&enterprise=$id"
end=$(date +%s.%N)
sleep 0.5; kill $sampler
peak=$(sort -n $dir/samples | tail -n1)
echo "answer in $(python3 -c "print(round($end-$start,2))") s: $(grep -o '单元格内容超过[^<]*' $dir/out.html | head -n1)"
echo "peak RSS ${peak} MiB, ${peak}-${idle} = $((peak-idle)) MiB above idle"
