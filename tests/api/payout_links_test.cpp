// Payout links, send-payout and payout requests against the real sandbox: the escrow reserved from
// the app wallet, delivery by SMS / e-mail (and delivery_failed), the link's flow, the claim by the
// verified user (once), delivery when their payout completes, cancel (money back once, 409 after),
// idempotency, and the Dots shapes.
#include <gtest/gtest.h>

#include "money_helpers.h"

using namespace flowkit::test;

namespace {

sandbox_options rail_ms(int ms) {
  sandbox_options o;
  o.args = {"--rail-delay-ms", std::to_string(ms)};
  return o;
}

const char* const k_payee_e164 = "+14155550177";
const json k_payee = {{"country_code", "1"}, {"phone_number", "4155550177"}, {"first_name", "Pat"}};

json sms_for(const sandbox_process& sb, const std::string& e164) {
  reply r = sb.app("GET", "/api/v2/sandbox/sms?phone_number=" + httplib::detail::encode_query_param(e164));
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body["data"];
}

json get_link(const sandbox_process& sb, const std::string& id) {
  reply r = sb.app("GET", "/api/v2/payout-links/" + id);
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body;
}

json link_flow(const sandbox_process& sb, const json& link) {
  reply r = sb.app("GET", "/api/v2/flows/" + link["flow_id"].get<std::string>());
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body;
}

}  // namespace

TEST(payout_links, create_reserves_the_amount_and_texts_the_link) {
  sandbox_process sb;
  reply r = sb.app("POST", "/api/v2/payout-links",
                   json{{"amount", 2500},
                        {"payee", k_payee},
                        {"delivery", {{"method", "sms"}, {"message", "From Acme:"}}},
                        {"memo", "Thanks for the gig"},
                        {"additional_steps", {"compliance"}},
                        {"metadata", {{"order", 7}}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  const json& link = r.body;
  EXPECT_EQ(link["status"], "delivery_pending");
  EXPECT_EQ(link["delivery_status"], "sent");
  EXPECT_EQ(link["amount"], 2500);
  EXPECT_TRUE(link["claimed_user_id"].is_null());
  EXPECT_EQ(link["delivery"]["method"], "sms");
  EXPECT_EQ(link["payee"]["phone_number"], "4155550177");
  EXPECT_EQ(link["metadata"]["order"], 7);
  EXPECT_EQ(link["payout_fee_party"], "user");
  EXPECT_TRUE(link["created"].is_string());
  ASSERT_TRUE(link["link"].is_string());
  EXPECT_NE(link["link"].get<std::string>().find("/flow/" + link["flow_id"].get<std::string>() + "#s="), std::string::npos);
  EXPECT_EQ(app_balance(sb), 7500);

  json sms = sms_for(sb, k_payee_e164);
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_NE(sms[0]["body"].get<std::string>().find(link["link"].get<std::string>()), std::string::npos) << sms;
  EXPECT_NE(sms[0]["body"].get<std::string>().find("$25.00"), std::string::npos) << sms;
  EXPECT_FALSE(sms[0].contains("code")) << "a payout link text carries no code";

  json flow = link_flow(sb, link);
  EXPECT_EQ(flow["payout_link_id"], link["id"]);
  EXPECT_EQ(flow["steps"], json({"onboarding", "compliance", "payout"}));
  EXPECT_EQ(flow["link"], link["link"]);
  EXPECT_EQ(get_link(sb, id_of(link)), link);
  json balances = expect_ledger_balanced(sb)["balances"];
  EXPECT_EQ(balances["payout_link_escrow"], 2500);
}

TEST(payout_links, the_verified_user_claims_once_and_delivery_follows_the_payout) {
  sandbox_process sb(rail_ms(200));
  json link = sb.app("POST", "/api/v2/payout-links",
                     json{{"amount", 2500}, {"payee", k_payee}, {"delivery", {{"method", "sms"}}},
                          {"payout_fee_party", "platform"}})
                  .body;
  ASSERT_EQ(link["status"], "delivery_pending") << link;
  json flow = link_flow(sb, link);
  std::string token = sb.session_for(flow);
  // Before the phone is proved, the link is not a key to the money.
  reply early = sb.widget("GET", "/api/widget/v1/wallet", token);
  EXPECT_EQ(early.status, 403) << early.raw;
  EXPECT_EQ(get_link(sb, id_of(link))["status"], "delivery_pending");

  token = verified_session(sb, flow, k_payee_e164);
  reply wallet = sb.widget("GET", "/api/widget/v1/wallet", token);
  ASSERT_EQ(wallet.status, 200) << wallet.raw;
  EXPECT_EQ(wallet.body["amount"], 2500);
  reply again = sb.widget("GET", "/api/widget/v1/wallet", token);
  EXPECT_EQ(again.body["amount"], 2500) << "claimed twice";
  json claimed = get_link(sb, id_of(link));
  EXPECT_EQ(claimed["status"], "claimed");
  EXPECT_EQ(claimed["claimed_user_id"], flow["user_id"]);
  reply cancel = sb.app("DELETE", "/api/v2/payout-links/" + id_of(link));
  expect_client_error(cancel, 409, "payout_link_claimed", "cancel a claimed link");

  reply saved = sb.widget("PUT", "/api/widget/v1/payout-methods", token, json{{"platform", "venmo"}, {"handle", "@pat-smith"}});
  ASSERT_EQ(saved.status, 200) << saved.raw;
  const std::string method = saved.body["saved"]["id"];
  reply quote = sb.widget("POST", "/api/widget/v1/payouts/quote", token, json{{"amount", 2500}, {"payout_method_id", method}});
  ASSERT_EQ(quote.status, 200) << quote.raw;
  EXPECT_EQ(quote.body["fee_party"], "platform");  // the link's payout_fee_party
  EXPECT_EQ(quote.body["net"], 2500);
  reply paid = sb.widget("POST", "/api/widget/v1/payouts", token,
                         json{{"amount", 2500}, {"payout_method_id", method}, {"idempotency_key", "w-1"}});
  ASSERT_EQ(paid.status, 200) << paid.raw;
  json done = wait_transfer(sb, id_of(paid.body), {"completed", "failed"});
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["payout_link_id"], link["id"]);
  json delivered = get_link(sb, id_of(link));
  EXPECT_EQ(delivered["status"], "delivered");
  EXPECT_TRUE(delivered["delivered"].is_string());
  json balances = expect_ledger_balanced(sb)["balances"];
  EXPECT_EQ(balances["payout_link_escrow"], 0);
  EXPECT_EQ(balances["user_wallet"], 0);
  EXPECT_EQ(app_balance(sb), 10000 - 2500 - 44);  // venmo 1.75% paid by the platform
}

TEST(payout_links, anyone_who_onboards_claims_a_link_without_a_payee) {
  sandbox_process sb;
  json link = sb.app("POST", "/api/v2/payout-links", json{{"amount", 1200}}).body;
  EXPECT_EQ(link["status"], "delivery_pending");
  EXPECT_EQ(link["delivery_status"], "not_sent");
  EXPECT_TRUE(link["user_id"].is_null());
  json flow = link_flow(sb, link);
  EXPECT_TRUE(flow["user_id"].is_null());
  std::string token = sb.session_for(flow);
  sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, json{{"country_code", "1"}, {"phone_number", "4155550155"}});
  reply ok = sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", sb.last_code_for("+14155550155")}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  reply wallet = sb.widget("GET", "/api/widget/v1/wallet", token);
  EXPECT_EQ(wallet.body["amount"], 1200) << wallet.raw;
  EXPECT_EQ(get_link(sb, id_of(link))["claimed_user_id"], ok.body["user_id"]);
}

TEST(payout_links, cancel_returns_the_money_exactly_once) {
  sandbox_process sb;
  json link = sb.app("POST", "/api/v2/payout-links", json{{"amount", 4000}, {"user_id", sb.create_user("4155550123")["id"]}}).body;
  ASSERT_EQ(link["status"], "delivery_pending") << link;
  EXPECT_EQ(app_balance(sb), 6000);
  reply canceled = sb.app("DELETE", "/api/v2/payout-links/" + id_of(link));
  ASSERT_EQ(canceled.status, 200) << canceled.raw;
  EXPECT_EQ(canceled.body["status"], "canceled");
  EXPECT_EQ(app_balance(sb), 10000);
  reply twice = sb.app("DELETE", "/api/v2/payout-links/" + id_of(link));
  expect_client_error(twice, 409, "payout_link_canceled", "second cancel");
  EXPECT_EQ(app_balance(sb), 10000);
  // A canceled link's flow no longer pays: the user's wallet stays empty.
  json flow = link_flow(sb, link);
  std::string token = verified_session(sb, flow, "+14155550123");
  reply wallet = sb.widget("GET", "/api/widget/v1/wallet", token);
  EXPECT_EQ(wallet.body["amount"], 0) << wallet.raw;
  EXPECT_EQ(get_link(sb, id_of(link))["status"], "canceled");
  expect_ledger_balanced(sb);
}

TEST(payout_links, delivery_failures_email_and_insufficient_funds) {
  sandbox_process sb;
  json bad_phone = sb.app("POST", "/api/v2/payout-links",
                          json{{"amount", 100}, {"payee", {{"country_code", "1"}, {"phone_number", "555"}}},
                               {"delivery", {{"method", "sms"}}}})
                       .body;
  EXPECT_EQ(bad_phone["status"], "delivery_failed") << bad_phone;
  EXPECT_EQ(sb.app("DELETE", "/api/v2/payout-links/" + id_of(bad_phone)).status, 200);

  json by_email = sb.app("POST", "/api/v2/payout-links",
                         json{{"amount", 300}, {"payee", {{"email", "pat@example.com"}}}, {"delivery", {{"method", "email"}}}})
                      .body;
  EXPECT_EQ(by_email["status"], "delivery_pending") << by_email;
  reply emails = sb.app("GET", "/api/v2/sandbox/emails?email=pat@example.com");
  ASSERT_EQ(emails.status, 200) << emails.raw;
  ASSERT_EQ(emails.body["data"].size(), 1u);
  EXPECT_NE(emails.body["data"][0]["body"].get<std::string>().find(by_email["link"].get<std::string>()), std::string::npos);
  json bad_email = sb.app("POST", "/api/v2/payout-links",
                          json{{"amount", 100}, {"payee", {{"email", "not-an-email"}}}, {"delivery", {{"method", "email"}}}})
                       .body;
  EXPECT_EQ(bad_email["status"], "delivery_failed") << bad_email;

  reply too_much = sb.app("POST", "/api/v2/payout-links", json{{"amount", 9601}});
  expect_client_error(too_much, 422, "insufficient_funds", "link above the app wallet");
  EXPECT_EQ(too_much.body["error"]["available"], 9600);
  reply list = sb.app("GET", "/api/v2/payout-links?limit=2");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["has_more"], true);
  EXPECT_EQ(list.body["data"][0]["id"], bad_email["id"]);
  reply rest = sb.app("GET", "/api/v2/payout-links?starting_after=" + id_of(list.body["data"][1]));
  EXPECT_EQ(rest.body["data"].size(), 1u);
  expect_ledger_balanced(sb);
}

TEST(payout_links, idempotency_key_makes_one_link) {
  sandbox_process sb;
  json body = {{"amount", 1000}, {"idempotency_key", "link-1"}};
  reply a = sb.app("POST", "/api/v2/payout-links", body);
  reply b = sb.app("POST", "/api/v2/payout-links", body);
  ASSERT_EQ(a.status, 200) << a.raw;
  ASSERT_EQ(b.status, 200) << b.raw;
  EXPECT_EQ(a.body["id"], b.body["id"]);
  EXPECT_EQ(a.body["link"], b.body["link"]);
  EXPECT_EQ(app_balance(sb), 9000);
  body["amount"] = 1001;
  expect_client_error(sb.app("POST", "/api/v2/payout-links", body), 409, "idempotency_conflict", "other amount");
}

TEST(send_payout, pays_a_user_with_a_method_and_texts_a_link_to_anyone_else) {
  sandbox_process sb(rail_ms(100000));
  json user = sb.create_user("4155550123");
  std::string method = add_method(sb, user, paypal_method());
  reply direct = sb.app("POST", "/api/v2/payouts/send-payout", json{{"amount", 1500}, {"user_id", user["id"]}});
  ASSERT_EQ(direct.status, 200) << direct.raw;
  EXPECT_EQ(direct.body["object"], "transfer");
  EXPECT_EQ(direct.body["type"], "payout");
  EXPECT_EQ(direct.body["payout_method_id"], method);
  EXPECT_EQ(app_balance(sb), 8500);
  EXPECT_EQ(user_balance(sb, user), 0);

  reply by_phone = sb.app("POST", "/api/v2/payouts/send-payout",
                          json{{"amount", 700}, {"payee", {{"country_code", "1"}, {"phone_number", "4155550123"}}}});
  EXPECT_EQ(by_phone.body["object"], "transfer") << by_phone.raw;

  reply stranger = sb.app("POST", "/api/v2/payouts/send-payout",
                          json{{"amount", 900},
                               {"payee", {{"country_code", "1"}, {"phone_number", "4155550188"}}},
                               {"delivery", {{"message", "Your refund"}}},
                               {"force_collect_compliance_information", true}});
  ASSERT_EQ(stranger.status, 200) << stranger.raw;
  EXPECT_EQ(stranger.body["object"], "payout_link");
  EXPECT_EQ(stranger.body["status"], "delivery_pending");
  json sms = sms_for(sb, "+14155550188");
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_EQ(sms[0]["body"].get<std::string>().rfind("Your refund", 0), 0u) << sms;
  EXPECT_EQ(link_flow(sb, stranger.body)["steps"], json({"onboarding", "compliance", "payout"}));
  EXPECT_EQ(app_balance(sb), 10000 - 1500 - 700 - 900);
  expect_ledger_balanced(sb);
}

TEST(payout_requests, approve_sends_a_link_and_reject_closes) {
  sandbox_process sb;
  reply created = sb.app("POST", "/api/v2/payout-requests",
                         json{{"amount", 3000}, {"payee", {{"country_code", "1"}, {"phone_number", "4155550166"}}},
                              {"memo", "Invoice 12"}, {"metadata", {{"invoice", 12}}}});
  ASSERT_EQ(created.status, 200) << created.raw;
  EXPECT_EQ(created.body["status"], "created");
  EXPECT_EQ(created.body["payee"], json({{"country_code", "1"}, {"phone_number", "4155550166"}}));
  EXPECT_TRUE(created.body["payout-link"].is_null());
  EXPECT_EQ(created.body["memo"], "Invoice 12");
  EXPECT_EQ(app_balance(sb), 10000) << "a request reserves nothing";

  reply approved = sb.app("POST", "/api/v2/payout-requests/" + id_of(created.body) + "/approve");
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  ASSERT_TRUE(approved.body["payout-link"].is_object()) << approved.raw;
  EXPECT_EQ(approved.body["payout-link"]["status"], "delivery_pending");
  EXPECT_EQ(approved.body["payout-link"]["amount"], 3000);
  EXPECT_EQ(sms_for(sb, "+14155550166").size(), 1u);
  EXPECT_EQ(app_balance(sb), 7000);
  expect_client_error(sb.app("POST", "/api/v2/payout-requests/" + id_of(created.body) + "/approve"), 409,
                      "payout_request_decided", "approve twice");

  json user = sb.create_user("4155550123");
  reply other = sb.app("POST", "/api/v2/payout-requests", json{{"amount", 100}, {"user_id", user["id"]}});
  ASSERT_EQ(other.status, 200) << other.raw;
  EXPECT_EQ(other.body["user"]["id"], user["id"]);
  reply rejected = sb.app("POST", "/api/v2/payout-requests/" + id_of(other.body) + "/reject");
  EXPECT_EQ(rejected.body["status"], "rejected");
  reply big = sb.app("POST", "/api/v2/payout-requests", json{{"amount", 8000}, {"user_id", user["id"]}});
  expect_client_error(sb.app("POST", "/api/v2/payout-requests/" + id_of(big.body) + "/approve"), 422,
                      "insufficient_funds", "approve above the app wallet");
  EXPECT_EQ(sb.app("GET", "/api/v2/payout-requests/" + id_of(big.body)).body["status"], "created");

  reply list = sb.app("GET", "/api/v2/payout-requests?limit=2");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["has_more"], true);
  EXPECT_EQ(list.body["data"][0]["id"], big.body["id"]);
  reply got = sb.app("GET", "/api/v2/payout-requests/" + id_of(created.body));
  EXPECT_EQ(got.body["payout-link"]["id"], approved.body["payout-link"]["id"]);
  expect_client_error(sb.app("GET", "/api/v2/payout-requests/nope"), 404, "payout_request_not_found", "unknown");
  expect_ledger_balanced(sb);
}

TEST(payout_links, the_payees_page_learns_who_pays_how_much_and_the_memo_before_anything_else) {
  sandbox_process sb({.args = {"--app-name", "Acme Deliveries"}});
  json link = sb.app("POST", "/api/v2/payout-links", json{{"amount", 1850}, {"memo", "October deliveries"}}).body;
  json flow = link_flow(sb, link);
  reply session = sb.widget("POST", "/api/widget/v1/flows/" + flow["id"].get<std::string>() + "/session", "",
                            json{{"link_secret", link_secret_of(flow)}});
  ASSERT_EQ(session.status, 200) << session.raw;
  const json& wf = session.body["flow"];
  EXPECT_EQ(wf["app_name"], "Acme Deliveries");
  EXPECT_EQ(wf["payout_link"]["amount"], 1850);
  EXPECT_EQ(wf["payout_link"]["memo"], "October deliveries");
  EXPECT_FALSE(wf.contains("payee")) << "nothing about the payee before they prove who they are";
  json plain = sb.create_flow({{"steps", {"compliance"}}});
  reply other = sb.widget("POST", "/api/widget/v1/flows/" + plain["id"].get<std::string>() + "/session", "",
                          json{{"link_secret", link_secret_of(plain)}});
  EXPECT_TRUE(other.body["flow"]["payout_link"].is_null()) << other.raw;
}
