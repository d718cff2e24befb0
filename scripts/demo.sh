#!/usr/bin/env bash
# Command 1: installs what is missing, builds, starts the sandbox with the whole product: a flow
# with every step (phone, tax form, payout methods, withdrawal, redirect) embedded by a demo host
# page on another origin, and a payout link with $25.00 waiting (open it on a phone, top-level, as
# from an SMS). Prints the links and credentials and serves until Ctrl-C. Ports: FLOWKIT_PORT (8080) for the sandbox, FLOWKIT_HOST_PORT (8090) for the host.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
PORT=${FLOWKIT_PORT:-8080}
HOST_PORT=${FLOWKIT_HOST_PORT:-8090}
DATA=${FLOWKIT_DEMO_DIR:-$HOME/.cache/flowkit/demo}
mkdir -p "$DATA"
CLIENT_ID=${FLOWKIT_CLIENT_ID:-demo_client}
API_KEY=${FLOWKIT_API_KEY:-$(cat "$DATA/api_key" 2>/dev/null || od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | tee "$DATA/api_key")}
SANDBOX=http://127.0.0.1:$PORT
HOST=http://127.0.0.1:$HOST_PORT

build/native-debug/native/sandbox/flowkit-sandbox --port "$PORT" --db "$DATA/sandbox.db" \
  --client-id "$CLIENT_ID" --api-key "$API_KEY" --widget-dir build/wasm-release/widget \
  --allowed-origin "$HOST" --app-name "Acme Deliveries" >"$DATA/sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID ${HOST_PID:-} 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do grep -q 'listening on' "$DATA/sandbox.log" && break; sleep 0.1; done
grep -q 'listening on' "$DATA/sandbox.log" || { cat "$DATA/sandbox.log"; exit 1; }

api() { curl -sf -u "$CLIENT_ID:$API_KEY" -H 'Content-Type: application/json' --data "$2" "$SANDBOX/api/v2/$1"; }
link_of() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["link"])'; }
LINK=$(api flows '{"steps": ["compliance", "manage-payouts", "payout", {"name": "redirect", "redirect_url": "'"$HOST"'/"}], "metadata": {"demo": true}}' | link_of)
PAYOUT_LINK=$(api payout-links '{"amount": 2500, "memo": "June deliveries: 12 orders", "delivery": {"method": "link"}, "additional_steps": ["compliance"]}' | link_of)
node web/demo/serve_host.mjs --port "$HOST_PORT" --sandbox "$SANDBOX" --link "$LINK" >"$DATA/host.log" 2>&1 &
HOST_PID=$!
sleep 0.3

cat <<MSG

flowkit sandbox   $SANDBOX   (log: $DATA/sandbox.log)
app credentials   client_id=$CLIENT_ID  api_key=$API_KEY
demo flow link    $LINK   (every step)
payout link       $PAYOUT_LINK   (\$25.00 waiting: open it top-level, e.g. in a phone-sized window)
demo host page    $HOST/   (another origin; embeds the link in an iframe and lists its messages)
one-time codes    printed in the sandbox log, or:
                  curl -u $CLIENT_ID:$API_KEY '$SANDBOX/api/v2/sandbox/sms?phone_number=%2B12015550123'
new flows         curl -u $CLIENT_ID:$API_KEY -H 'Content-Type: application/json' -d '{"steps":[]}' $SANDBOX/api/v2/flows

Ctrl-C stops both servers.
MSG
tail -f "$DATA/sandbox.log" | grep --line-buffered 'SMS to' &
wait $SANDBOX_PID
