# Helpers for the shell end-to-end tests: start a real sandbox on a free port with a temp
# database, call its app API, count results. Sourced by harness_*.sh.
set -u
: "${FLOWKIT_SANDBOX_BIN:?set FLOWKIT_SANDBOX_BIN}"
WORK=$(mktemp -d /tmp/flowkit-e2e.XXXXXX)
CLIENT_ID=e2e_client
API_KEY=e2e_key_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
PASSED=0 FAILED=0
SANDBOX_PID=

start_sandbox() {  # start_sandbox [extra flags...]: sets BASE
  "$FLOWKIT_SANDBOX_BIN" --port 0 --db "$WORK/sandbox.db" --client-id "$CLIENT_ID" --api-key "$API_KEY" \
    --resend-cooldown 1 "$@" >"$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do
    BASE=$(grep -o 'listening on http://[0-9.:]*' "$WORK/sandbox.log" | head -1 | sed 's/listening on //')
    [ -n "$BASE" ] && return 0
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "sandbox did not start:"; cat "$WORK/sandbox.log"; exit 1
}
stop_sandbox() { [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null; wait "$SANDBOX_PID" 2>/dev/null; SANDBOX_PID=; }
cleanup() { stop_sandbox; rm -rf "$WORK"; }
trap cleanup EXIT

api() {  # api METHOD PATH [JSON]: prints the body; the status goes to $WORK/status
  local data=()
  [ $# -ge 3 ] && data=(-H 'Content-Type: application/json' --data "$3")
  curl -s -o "$WORK/body" -w '%{http_code}' -u "$CLIENT_ID:$API_KEY" -X "$1" "${data[@]}" "$BASE/api/v2$2" >"$WORK/status"
  cat "$WORK/body"
}
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

check() {  # check NAME FUNCTION: runs FUNCTION with errexit (any failing line fails it), counts PASS/FAIL
  local name=$1; shift
  # Not inside `if`: bash ignores errexit in conditions, which would let a failing line pass.
  ( set -e; "$@" ) >"$WORK/check.log" 2>&1
  local rc=$?
  if [ $rc -eq 0 ]; then PASSED=$((PASSED + 1)); echo "PASS $name"
  else FAILED=$((FAILED + 1)); echo "FAIL $name"; sed 's/^/    /' "$WORK/check.log" | tail -40; fi
}
absent() { ! grep -q "$@"; }    # absent PATTERN FILE...: fails when PATTERN is found (`! cmd` never trips errexit)
fails() { ! "$@"; }             # fails COMMAND...: fails when COMMAND succeeds
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }
