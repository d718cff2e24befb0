#!/usr/bin/env bash
# Sandbox server numbers (issue 12): throughput and p99 of GET /api/v2/flows/{id} at 32 keep-alive
# connections (wrk -t2 -c32 --latency, ~10 s), the median keep-alive round trip on one connection,
# /healthz latency while 200 idle and slow connections are held open, and payout throughput with
# SQLite synchronous=FULL (the default) and NORMAL. Prints numbers; asserts nothing.
#
#   bash tests/bench/sandbox_load.sh                 # build/native-release if built, else native-debug
#   SANDBOX_BIN=path/to/flowkit-sandbox DURATION=10 bash tests/bench/sandbox_load.sh
#
# Needs curl, python3 and wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}
if [[ -z "${SANDBOX_BIN:-}" ]]; then
  for b in build/native-release/native/sandbox/flowkit-sandbox build/native-debug/native/sandbox/flowkit-sandbox; do
    if [[ -x $b ]]; then SANDBOX_BIN=$b; break; fi
  done
fi
[[ -x "${SANDBOX_BIN:-}" ]] || { echo "no flowkit-sandbox binary; build one (cmake --build --preset native-release)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_sandbox NAME [flags...]: starts one sandbox; sets PORT, AUTH (Basic header value).
start_sandbox() {
  local name=$1; shift
  "$SANDBOX_BIN" --port 0 --db "$WORK/$name.db" --rail-delay-ms 60000 "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do
    grep -q 'listening on' "$WORK/$name.log" 2>/dev/null && break
    sleep 0.05
  done
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/$name.log")
  local id key
  id=$(sed -n 's/^flowkit-sandbox client_id: //p' "$WORK/$name.log")
  key=$(sed -n 's/^flowkit-sandbox api_key: //p' "$WORK/$name.log")
  AUTH="Basic $(printf '%s:%s' "$id" "$key" | base64 -w0)"
}

api() {  # api METHOD PATH [BODY]
  curl -sf -X "$1" -H "Authorization: $AUTH" -H 'Content-Type: application/json' ${3:+-d "$3"} \
    "http://127.0.0.1:$PORT$2"
}

echo "flowkit-sandbox: $SANDBOX_BIN"
echo "machine: $(nproc) cores; $(date -u +%FT%TZ)"
start_sandbox main
FLOW=$(api POST /api/v2/flows '{"steps":["payout"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

echo
echo "== GET /api/v2/flows/{id}: wrk -t2 -c32 -d${DURATION}s --latency"
wrk -t2 -c32 -d"${DURATION}s" --latency -H "Authorization: $AUTH" "http://127.0.0.1:$PORT/api/v2/flows/$FLOW" \
  >"$WORK/wrk.txt"
grep -E 'Requests/sec|Non-2xx|Socket errors' "$WORK/wrk.txt" || true
grep -E '^ +(50|90|99)%' "$WORK/wrk.txt" | sed 's/^ */  p/'

echo
echo "== keep-alive round trip: 200 sequential GET /healthz on one connection (curl)"
URLS=()
for _ in $(seq 1 200); do URLS+=(-o /dev/null "http://127.0.0.1:$PORT/healthz"); done
curl -s -w '%{time_total} %{num_connects}\n' "${URLS[@]}" >"$WORK/ka.txt"
python3 - "$WORK/ka.txt" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
# time_total of a reused connection is the request's round trip; the first one also connects.
ms = sorted(float(t) * 1000 for t, c in rows[1:])
new = sum(int(c) for _, c in rows)
print(f"  median {statistics.median(ms):.2f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.2f} ms over {len(ms)} requests "
      f"({new} connection(s) opened)")
EOF

echo
echo "== /healthz while 200 connections are held open (100 idle, 100 sending a header line every 2 s)"
python3 - "$PORT" <<'EOF'
import socket, statistics, sys, threading, time, http.client
port = int(sys.argv[1])
idle, slow = [], []
for i in range(200):
    s = socket.create_connection(("127.0.0.1", port))
    if i % 2:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    else:
        idle.append(s)
stop = threading.Event()
def dribble():
    n = 0
    while not stop.is_set():
        for s in slow:
            try: s.sendall(b"X-Slow-%d: 1\r\n" % n)
            except OSError: pass
        n += 1
        stop.wait(2)
t = threading.Thread(target=dribble); t.start()
time.sleep(0.5)
times, failed = [], 0
end = time.time() + 8
while time.time() < end:
    start = time.perf_counter()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/healthz"); r = c.getresponse(); r.read(); c.close()
        if r.status == 200: times.append((time.perf_counter() - start) * 1000)
        else: failed += 1
    except OSError:
        failed += 1
    time.sleep(0.2)
stop.set(); t.join()
for s in idle + slow: s.close()
times.sort()
if times:
    print(f"  {len(times)} answered, {failed} failed; median {statistics.median(times):.2f} ms, max {times[-1]:.2f} ms")
else:
    print(f"  no answer ({failed} failed)")
EOF

# Payouts (fund: true -> one ledger posting + transfer + idempotency row per request), with the
# database synchronous=FULL (default) and NORMAL, each on a fresh sandbox.
payouts() {
  start_sandbox "payouts-$1" --sqlite-synchronous "$1"
  for _ in 1 2 3; do api POST /api/v2/sandbox/fund '{"amount":10000000}' >/dev/null; done
  local user method
  user=$(api POST /api/v2/users '{"first_name":"Bench","last_name":"Payee","email":"bench@example.com","country_code":"1","phone_number":"4155550100"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  api PUT "/api/v2/users/$user/payout-methods" '{"platform":"paypal","email":"bench@example.com"}' >/dev/null
  cat >"$WORK/payout.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"user_id":"$user","amount":100,"platform":"default","fund":true}'
EOF
  wrk -t2 -c8 -d"$((DURATION / 2 > 3 ? DURATION / 2 : 3))s" --latency -s "$WORK/payout.lua" -H "Authorization: $AUTH" \
    "http://127.0.0.1:$PORT/api/v2/payouts" >"$WORK/payouts-$1.txt"
  printf '  synchronous=%-6s %s, p99 %s\n' "$1" "$(grep 'Requests/sec' "$WORK/payouts-$1.txt" | tr -s ' ')" \
    "$(grep -E '^ +99%' "$WORK/payouts-$1.txt" | tr -s ' ' | cut -d' ' -f3)"
  grep -E 'Non-2xx' "$WORK/payouts-$1.txt" | sed 's/^/    /' || true
}
echo
echo "== POST /api/v2/payouts (fund: true), wrk -t2 -c8"
payouts full
payouts normal
