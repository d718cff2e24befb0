#!/usr/bin/env bash
# flowkit-harness against a real sandbox: autopilot completes onboarding; a script walks the
# screens by label (wrong code, attempts left, right code); a broken link fails loudly.
# usage: FLOWKIT_SANDBOX_BIN=... FLOWKIT_HARNESS_BIN=... harness_e2e.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/harness_lib.sh"
: "${FLOWKIT_HARNESS_BIN:?set FLOWKIT_HARNESS_BIN}"
H="$FLOWKIT_HARNESS_BIN"
start_sandbox

autopilot_completes_onboarding() {
  local flow link id
  flow=$(api POST /flows '{"steps": []}')
  link=$(echo "$flow" | json 'd["link"]'); id=$(echo "$flow" | json 'd["id"]')
  "$H" --link "$link" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" | tee "$WORK/autopilot.out"
  grep -q 'FLOW COMPLETED' "$WORK/autopilot.out"
  grep -q '"type":"step_completed"' "$WORK/autopilot.out"
  grep -q '"type":"flow_completed"' "$WORK/autopilot.out"
  local user; user=$(api GET "/flows/$id" | json 'd["user_id"] or ""')
  echo "user_id=$user"; [ -n "$user" ]
}
check "autopilot completes onboarding and the flow gets its user" autopilot_completes_onboarding

script_walks_wrong_then_right_code() {
  local link; link=$(api POST /flows '{"steps": []}' | json 'd["link"]')
  cat >"$WORK/onboarding.flowkit" <<'SCRIPT'
expect step onboarding
expect disabled "Continue"
type "Phone number" "2015550147"
expect enabled "Continue"
click "Continue"
expect text "Enter the code"
type "Verification code" "000000"
expect text "You have 4 attempts left"
code "Verification code"
expect message flow_completed
expect done
SCRIPT
  "$H" --link "$link" --script "$WORK/onboarding.flowkit" --client-id "$CLIENT_ID" --api-key "$API_KEY"
}
check "a script by label: wrong code shows attempts left, the right one completes" script_walks_wrong_then_right_code

script_failure_exits_nonzero() {
  local link; link=$(api POST /flows '{"steps": []}' | json 'd["link"]')
  printf 'expect text "This text is not on any screen"\n' >"$WORK/bad.flowkit"
  ! "$H" --link "$link" --script "$WORK/bad.flowkit" --timeout 1
}
check "a failing script exits non-zero and shows the screen" script_failure_exits_nonzero

bad_link_fails() {
  local link; link=$(api POST /flows '{"steps": []}' | json 'd["link"]')
  ! "$H" --link "${link%%#*}#s=0000" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" >"$WORK/bad.out" 2>&1
  cat "$WORK/bad.out"; grep -q "isn't valid" "$WORK/bad.out"
}
check "a link with a wrong secret is refused" bad_link_fails

finish
