#!/usr/bin/env bash
# flowkit-harness against a real sandbox: autopilot completes onboarding; a script walks the
# screens by label (wrong code, attempts left, right code); a broken link fails loudly.
# usage: FLOWKIT_SANDBOX_BIN=... FLOWKIT_HARNESS_BIN=... harness_e2e.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/harness_lib.sh"
: "${FLOWKIT_HARNESS_BIN:?set FLOWKIT_HARNESS_BIN}"
H="$FLOWKIT_HARNESS_BIN"
start_sandbox --preauth-window 0 --rail-delay-ms 300   # flows with a user must re-verify at once

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
  fails "$H" --link "$link" --script "$WORK/bad.flowkit" --timeout 1
}
check "a failing script exits non-zero and shows the screen" script_failure_exits_nonzero

bad_link_fails() {
  local link; link=$(api POST /flows '{"steps": []}' | json 'd["link"]')
  fails "$H" --link "${link%%#*}#s=0000" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" >"$WORK/bad.out" 2>&1
  cat "$WORK/bad.out"
  grep -q "isn't valid" "$WORK/bad.out"
}
check "a link with a wrong secret is refused" bad_link_fails

reverify_after_preauth_window() {
  local user flow link
  user=$(api POST /users '{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","country_code":"1","phone_number":"2015550188"}' | json 'd["id"]')
  link=$(api POST /flows "{\"steps\": [\"compliance\"], \"user_id\": \"$user\"}" | json 'd["link"]')
  "$H" --link "$link" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" >"$WORK/reverify.out" 2>&1 || { cat "$WORK/reverify.out"; return 1; }
  cat "$WORK/reverify.out"
  grep -q '^STEP onboarding/reverify' "$WORK/reverify.out"
  grep -q '^STEP compliance' "$WORK/reverify.out"
  absent '"step":"onboarding"' "$WORK/reverify.out"  # re-verification is not a flow step: the host hears nothing
}
check "after the pre-authorization window the person verifies the phone on file" reverify_after_preauth_window

autopilot_fills_a_w9() {
  local flow link id user
  flow=$(api POST /flows '{"steps": ["compliance"]}')
  link=$(echo "$flow" | json 'd["link"]'); id=$(echo "$flow" | json 'd["id"]')
  "$H" --link "$link" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" | tee "$WORK/w9.out"
  grep -q 'FLOW COMPLETED' "$WORK/w9.out"
  grep -q '"payload":{"status":"completed","step":"compliance"}' "$WORK/w9.out"
  user=$(api GET "/flows/$id" | json 'd["user_id"]')
  api GET "/users/$user" >"$WORK/user.json"; cat "$WORK/user.json"; echo
  json 'd["compliance"]["w9_collected"] and d["compliance"]["tax_id_collected"] and d["tax_id_verification"] == "matched"' <"$WORK/user.json" | grep -qx True
  absent '123456789\|123-45-6789\|1990-01-15' "$WORK/w9.out" "$WORK/user.json"  # never shown raw, never sent to the host
}
check "autopilot fills a W-9; the user shows it collected and matched, the TIN never raw" autopilot_fills_a_w9

script_fills_a_w8ben() {
  local link; link=$(api POST /flows '{"steps": ["compliance"]}' | json 'd["link"]')
  cat >"$WORK/w8ben.flowkit" <<'SCRIPT'
type "Phone number" "2015550166"
click "Continue"
code "Verification code"
expect step compliance
choose "Which describes you?" "Not a US person"
click "Continue"
expect text "W-8BEN"
type "Full name" "Marie Curie"
choose "Country of citizenship" "France"
type "Date of birth" "11071967"
choose "Country of residence" "France"
type "Street address" "1 Rue de la Paix"
type "City or town" "Paris"
type "Postal code" "75002"
type "Foreign tax ID" "1234567890123"
check "I claim tax treaty benefits" on
choose "Treaty country" "France"
type "Treaty article" "Article 12"
type "Withholding rate (%)" "0"
choose "Type of income" "Royalties for copyrights"
check "I certify that all of the above is true" on
type "Type your full legal name to sign" "Marie Curie"
click "Submit"
expect message flow_completed
SCRIPT
  "$H" --link "$link" --script "$WORK/w8ben.flowkit" --client-id "$CLIENT_ID" --api-key "$API_KEY"
}
check "a script fills a W-8BEN with a treaty claim" script_fills_a_w8ben

autopilot_adds_a_default_bank_account() {
  local flow link id user
  flow=$(api POST /flows '{"steps": ["compliance", {"name": "manage-payouts", "require_default_payout_method": true, "require_auto_payout_method": true}]}')
  link=$(echo "$flow" | json 'd["link"]'); id=$(echo "$flow" | json 'd["id"]')
  "$H" --link "$link" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" | tee "$WORK/mp.out"
  grep -q 'FLOW COMPLETED' "$WORK/mp.out"
  grep -q '"payload":{"status":"completed","step":"manage-payouts"}' "$WORK/mp.out"
  user=$(api GET "/flows/$id" | json 'd["user_id"]')
  api GET "/users/$user" >"$WORK/user.json"; cat "$WORK/user.json"; echo
  json 'd["default_payout_method"] == "ach" and d["auto_payout"] is True' <"$WORK/user.json" | grep -qx True
  api GET "/users/$user/payout-methods" >"$WORK/methods.json"; cat "$WORK/methods.json"; echo
  absent '000123456789\|011000015' "$WORK/mp.out" "$WORK/methods.json" "$WORK/user.json"  # masks only
}
check "autopilot adds a bank account, makes it the default and turns on automatic payouts" autopilot_adds_a_default_bank_account

script_manages_several_methods() {
  local link; link=$(api POST /flows '{"steps": ["manage-payouts"]}' | json 'd["link"]')
  cat >"$WORK/mp.flowkit" <<'SCRIPT'
type "Phone number" "2015550177"
click "Continue"
code "Verification code"
expect step manage-payouts
click "Add a payout method"
choose "Payout method type" "PayPal"
type "PayPal email" "ada@example.com"
click "Save"
expect text "PayPal a***@example.com"
click "Add a payout method"
choose "Payout method type" "Cash App"
type "$Cashtag" "$ada"
click "Save"
expect text "Cash App $ada"
click "Make Cash App $ada the default"
expect text "Cash App $ada (Default)"
click "Remove PayPal a***@example.com"
expect text "Remove PayPal a***@example.com?"
click "Remove"
expect text "Cash App $ada (Default)"
click "Continue"
expect message flow_completed
SCRIPT
  "$H" --link "$link" --script "$WORK/mp.flowkit" --client-id "$CLIENT_ID" --api-key "$API_KEY" | tee "$WORK/mp2.out"
  grep -q '"payload":{"status":"completed","step":"manage-payouts"}' "$WORK/mp2.out"
}
check "a script adds PayPal and Cash App, switches the default, removes one" script_manages_several_methods

autopilot_withdraws_and_redirects() {
  local user link
  user=$(api POST /users '{"first_name":"Grace","last_name":"Hopper","email":"grace@example.com","country_code":"1","phone_number":"2015550133"}' | json 'd["id"]')
  api POST /transfers "{\"amount\": -4200, \"user_id\": \"$user\"}" >/dev/null; [ "$(cat "$WORK/status")" = 200 ]
  link=$(api POST /flows "{\"steps\": [\"payout\", {\"name\": \"redirect\", \"redirect_url\": \"https://app.example/done\"}], \"user_id\": \"$user\"}" | json 'd["link"]')
  "$H" --link "$link" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" | tee "$WORK/pay.out"
  grep -q 'FLOW COMPLETED' "$WORK/pay.out"
  grep -q '"type":"payout_created"' "$WORK/pay.out"
  grep -q '"payload":{"url":"https://app.example/done"},"source":"flowkit","type":"redirect"' "$WORK/pay.out"
  grep -q '^NAVIGATE https://app.example/done' "$WORK/pay.out"
  api GET "/users/$user" | json 'd["wallet"]["amount"]' | grep -qx 0   # the whole $42.00 left, once
}
check "autopilot adds a bank account, withdraws the whole balance, then redirects" autopilot_withdraws_and_redirects

payout_link_runs_natively() {
  local pl link id
  pl=$(api POST /payout-links '{"amount": 1500, "payee": {"country_code": "1", "phone_number": "2015550144"}, "delivery": {"method": "link"}}')
  echo "$pl"
  link=$(echo "$pl" | json 'd["link"]'); id=$(echo "$pl" | json 'd["id"]')
  "$H" --link "$link" --autopilot --client-id "$CLIENT_ID" --api-key "$API_KEY" | tee "$WORK/link.out"
  grep -q 'FLOW COMPLETED' "$WORK/link.out"
  for _ in $(seq 1 50); do
    [ "$(api GET "/payout-links/$id" | json 'd["status"]')" = delivered ] && return 0
    sleep 0.1
  done
  api GET "/payout-links/$id"; return 1
}
check "a payout link's flow is claimed, withdrawn and delivered by the harness" payout_link_runs_natively

finish
