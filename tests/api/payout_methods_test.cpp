// Payout methods against the real sandbox: the app API's PUT/GET /users/{id}/payout-methods
// (Dots) and flowkit's DELETE, /default and /auto-payout, the widget's /payout-methods calls,
// the single default (also under concurrent requests), duplicates, the limit, bad input (always
// a 4xx naming the field, nothing stored) and encryption at rest (no account number, routing
// number or IBAN in the database or its WAL).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "sandbox_process.h"

using namespace flowkit::test;

namespace {

// Test accounts. Routing numbers pass the ABA checksum; the IBAN is the usual German example.
const char* const k_routing = "021000021";
const char* const k_account = "9876543210123";
const char* const k_iban = "DE89370400440532013000";
const char* const k_venmo_phone = "+14155550199";

json ach(const std::string& account = k_account, const std::string& routing = k_routing) {
  return {{"platform", "ach"},
          {"routing_number", routing},
          {"account_number", account},
          {"account_type", "checking"},
          {"account_holder_name", "Ada Lovelace"}};
}
json paypal(const std::string& email = "ada.payee@example.com") { return {{"platform", "paypal"}, {"email", email}}; }
json venmo_phone(const std::string& phone = k_venmo_phone) { return {{"platform", "venmo"}, {"phone_number", phone}}; }
json venmo_handle() { return {{"platform", "venmo"}, {"handle", "@ada-lovelace"}}; }
json cash_app() { return {{"platform", "cash_app"}, {"cash_tag", "$adalovelace"}}; }
json intl() {
  return {{"platform", "intl_transfer"}, {"country", "DE"},     {"iban", k_iban},
          {"swift", "COBADEFFXXX"},      {"currency", "EUR"},  {"account_holder_name", "Ada Lovelace"}};
}

std::vector<json> every_platform() { return {ach(), paypal(), venmo_phone(), venmo_handle(), cash_app(), intl()}; }

std::string user_path(const json& user) { return "/api/v2/users/" + user["id"].get<std::string>(); }
std::string methods_path(const json& user) { return user_path(user) + "/payout-methods"; }

// Full account data that must never show in a response, the log, the database or its WAL.
void expect_no_account_data(const std::string& text, const std::string& where) {
  for (const char* secret : {k_account, k_routing, k_iban, "DE89 3704 0044 0532 0130 00", "370400440532013000",
                             "4155550199", "011000015", "1234567890"})
    EXPECT_EQ(text.find(secret), std::string::npos) << where << " contains " << secret;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string widget_session_for(const sandbox_process& sb, const json& user, const json& steps = {"manage-payouts"}) {
  return sb.session_for(sb.create_flow({{"steps", steps}, {"user_id", user["id"]}}));
}

// The ids of the methods marked default in a list.
std::vector<std::string> defaults_in(const json& list) {
  std::vector<std::string> ids;
  for (const json& m : list)
    if (m.value("default", false)) ids.push_back(m["id"]);
  return ids;
}

void expect_method_shape(const json& m, const std::string& platform) {
  EXPECT_TRUE(m["id"].is_string()) << m;
  EXPECT_EQ(m["platform"], platform) << m;
  EXPECT_TRUE(m["description"].is_string()) << m;
  EXPECT_TRUE(m["mask"].is_string()) << m;
  EXPECT_TRUE(m["default"].is_boolean()) << m;
  EXPECT_TRUE(m["created"].is_string()) << m;
  for (const char* full : {"routing_number", "account_number", "iban", "swift"}) EXPECT_FALSE(m.contains(full)) << m;
}

}  // namespace

TEST(payout_methods, app_api_adds_every_platform_with_masks_only) {
  sandbox_process sb({.args = {"--log-requests"}});
  json user = sb.create_user("4155550123");
  EXPECT_TRUE(user["default_payout_method"].is_null());
  EXPECT_TRUE(user["default_payout_method_id"].is_null());
  EXPECT_EQ(user["auto_payout"], false);

  std::vector<std::string> ids;
  for (const json& body : every_platform()) {
    reply put = sb.app("PUT", methods_path(user), body);
    ASSERT_EQ(put.status, 200) << body << ": " << put.raw;
    expect_method_shape(put.body, body["platform"]);
    EXPECT_EQ(put.body["default"], ids.empty()) << "only the first method becomes the default";
    expect_no_account_data(put.raw, "the PUT response");
    ids.push_back(put.body["id"]);
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());

  reply list = sb.app("GET", methods_path(user));
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_TRUE(list.body.is_array()) << "Dots' getPayoutMethods returns Array<payment_method>: " << list.raw;
  ASSERT_EQ(list.body.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(list.body[i]["id"], ids[i]) << "listed in the order added";
    expect_method_shape(list.body[i], every_platform()[i]["platform"]);
  }
  EXPECT_EQ(defaults_in(list.body), std::vector<std::string>{ids[0]});
  expect_no_account_data(list.raw, "the GET list");

  const json& first = list.body[0];
  EXPECT_EQ(first["mask"], "0123");
  EXPECT_EQ(first["account_type"], "checking");
  EXPECT_NE(first["description"].get<std::string>().find("0123"), std::string::npos) << first;
  EXPECT_EQ(list.body[5]["mask"], "3000") << list.body[5];
  EXPECT_EQ(list.body[5]["country"], "DE") << list.body[5];
  EXPECT_EQ(list.body[5]["currency"], "EUR") << list.body[5];
  EXPECT_EQ(list.body[4]["cash_tag"], "$adalovelace") << list.body[4];

  reply got = sb.app("GET", user_path(user));
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body["default_payout_method"], "ach");
  EXPECT_EQ(got.body["default_payout_method_id"], ids[0]);
  EXPECT_EQ(got.body["auto_payout"], false);
  reply users = sb.app("GET", "/api/v2/users");
  ASSERT_EQ(users.status, 200) << users.raw;
  EXPECT_EQ(users.body["data"][0]["default_payout_method"], "ach");
  expect_no_account_data(sb.log(), "the log");
}

TEST(payout_methods, adding_the_same_account_again_returns_the_method_on_file) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  reply first = sb.app("PUT", methods_path(user), ach());
  ASSERT_EQ(first.status, 200) << first.raw;
  const std::string id = first.body["id"];

  reply again = sb.app("PUT", methods_path(user), ach());
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["id"], id);
  EXPECT_EQ(again.body["default"], true);

  json savings = ach();
  savings["account_type"] = "savings";  // same account: still the one on file
  EXPECT_EQ(sb.app("PUT", methods_path(user), savings).body["id"], id);

  reply other_account = sb.app("PUT", methods_path(user), ach("9876543210124"));
  ASSERT_EQ(other_account.status, 200) << other_account.raw;
  EXPECT_NE(other_account.body["id"], id);
  EXPECT_EQ(other_account.body["default"], false);

  const std::string paypal_id = sb.app("PUT", methods_path(user), paypal()).body["id"];
  EXPECT_EQ(sb.app("PUT", methods_path(user), paypal("Ada.Payee@Example.com")).body["id"], paypal_id);
  const std::string venmo_id = sb.app("PUT", methods_path(user), venmo_phone()).body["id"];
  EXPECT_EQ(sb.app("PUT", methods_path(user), venmo_phone("4155550199")).body["id"], venmo_id);
  const std::string iban_id = sb.app("PUT", methods_path(user), intl()).body["id"];
  json spaced = intl();
  spaced["iban"] = "de89 3704 0044 0532 0130 00";
  EXPECT_EQ(sb.app("PUT", methods_path(user), spaced).body["id"], iban_id);

  reply list = sb.app("GET", methods_path(user));
  EXPECT_EQ(list.body.size(), 5u) << list.raw;

  // Another user may hold the same account.
  json other = sb.create_user("4155550124");
  reply theirs = sb.app("PUT", methods_path(other), ach());
  ASSERT_EQ(theirs.status, 200) << theirs.raw;
  EXPECT_NE(theirs.body["id"], id);
  EXPECT_EQ(theirs.body["default"], true);
}

TEST(payout_methods, set_default_and_remove_keep_exactly_one_default) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  std::vector<std::string> ids;
  for (const json& body : {ach(), paypal(), cash_app()}) ids.push_back(sb.app("PUT", methods_path(user), body).body["id"]);

  reply set = sb.app("POST", methods_path(user) + "/" + ids[1] + "/default");
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["id"], ids[1]);
  EXPECT_EQ(set.body["default"], true);
  EXPECT_EQ(defaults_in(sb.app("GET", methods_path(user)).body), std::vector<std::string>{ids[1]});
  EXPECT_EQ(sb.app("GET", user_path(user)).body["default_payout_method"], "paypal");
  // Again: no change, still one default.
  ASSERT_EQ(sb.app("POST", methods_path(user) + "/" + ids[1] + "/default").status, 200);
  EXPECT_EQ(defaults_in(sb.app("GET", methods_path(user)).body), std::vector<std::string>{ids[1]});

  ASSERT_EQ(sb.app("PUT", user_path(user) + "/auto-payout", json{{"enabled", true}}).status, 200);

  // Removing the default: the most recently added remaining method takes over.
  reply removed = sb.app("DELETE", methods_path(user) + "/" + ids[1]);
  ASSERT_EQ(removed.status, 200) << removed.raw;
  EXPECT_EQ(removed.body["id"], user["id"]);
  EXPECT_EQ(removed.body["default_payout_method_id"], ids[2]);
  EXPECT_EQ(removed.body["default_payout_method"], "cash_app");
  EXPECT_EQ(removed.body["auto_payout"], true);
  EXPECT_EQ(defaults_in(sb.app("GET", methods_path(user)).body), std::vector<std::string>{ids[2]});
  EXPECT_EQ(sb.app("DELETE", methods_path(user) + "/" + ids[1]).status, 404);

  // Removing a method that is not the default changes nothing else.
  ASSERT_EQ(sb.app("DELETE", methods_path(user) + "/" + ids[0]).status, 200);
  reply list = sb.app("GET", methods_path(user));
  ASSERT_EQ(list.body.size(), 1u) << list.raw;
  EXPECT_EQ(defaults_in(list.body), std::vector<std::string>{ids[2]});

  // Removing the last method: no default, auto-payout off.
  reply last = sb.app("DELETE", methods_path(user) + "/" + ids[2]);
  ASSERT_EQ(last.status, 200) << last.raw;
  EXPECT_TRUE(last.body["default_payout_method"].is_null());
  EXPECT_TRUE(last.body["default_payout_method_id"].is_null());
  EXPECT_EQ(last.body["auto_payout"], false);
  EXPECT_EQ(sb.app("GET", methods_path(user)).body, json::array());

  // The next method added is the default again.
  EXPECT_EQ(sb.app("PUT", methods_path(user), venmo_handle()).body["default"], true);
}

TEST(payout_methods, auto_payout_needs_a_default_method) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  const std::string path = user_path(user) + "/auto-payout";
  reply refused = sb.app("PUT", path, json{{"enabled", true}});
  EXPECT_EQ(refused.status, 422) << refused.raw;
  EXPECT_EQ(refused.body["error"]["code"], "no_default_payout_method");
  EXPECT_EQ(refused.body["error"]["message"], "Choose a default payout method first.");
  EXPECT_EQ(sb.app("GET", user_path(user)).body["auto_payout"], false);

  reply off = sb.app("PUT", path, json{{"enabled", false}});
  EXPECT_EQ(off.status, 200) << off.raw;
  EXPECT_EQ(off.body["auto_payout"], false);

  ASSERT_EQ(sb.app("PUT", methods_path(user), paypal()).status, 200);
  reply on = sb.app("PUT", path, json{{"enabled", true}});
  ASSERT_EQ(on.status, 200) << on.raw;
  EXPECT_EQ(on.body["auto_payout"], true);
  EXPECT_EQ(on.body["default_payout_method"], "paypal");
  EXPECT_EQ(sb.app("GET", user_path(user)).body["auto_payout"], true);

  reply missing = sb.app("PUT", path, json::object());
  EXPECT_EQ(missing.status, 422) << missing.raw;
  EXPECT_EQ(missing.body["error"]["field"], "enabled");
  reply wrong_type = sb.app("PUT", path, json{{"enabled", "yes"}});
  EXPECT_EQ(wrong_type.status, 400) << wrong_type.raw;
  EXPECT_EQ(wrong_type.body["error"]["field"], "enabled");
  EXPECT_EQ(sb.app_raw("PUT", path, "{\"enabled\": tru").status, 400);
  EXPECT_EQ(sb.app("GET", user_path(user)).body["auto_payout"], true);
}

TEST(payout_methods, at_most_ten_methods_per_user) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  std::string first_id;
  for (int i = 0; i < 10; ++i) {
    reply r = sb.app("PUT", methods_path(user), paypal("payee" + std::to_string(i) + "@example.com"));
    ASSERT_EQ(r.status, 200) << r.raw;
    if (i == 0) first_id = r.body["id"];
  }
  reply eleventh = sb.app("PUT", methods_path(user), paypal("payee10@example.com"));
  EXPECT_EQ(eleventh.status, 409) << eleventh.raw;
  EXPECT_EQ(eleventh.body["error"]["code"], "too_many_methods");
  // One already on file is still answered.
  reply again = sb.app("PUT", methods_path(user), paypal("payee0@example.com"));
  EXPECT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["id"], first_id);
  EXPECT_EQ(sb.app("GET", methods_path(user)).body.size(), 10u);
  // After a removal there is room again.
  ASSERT_EQ(sb.app("DELETE", methods_path(user) + "/" + first_id).status, 200);
  EXPECT_EQ(sb.app("PUT", methods_path(user), paypal("payee10@example.com")).status, 200);
}

TEST(payout_methods, bad_input_names_the_field_and_stores_nothing) {
  sandbox_process sb({.args = {"--log-requests"}});
  json user = sb.create_user("4155550123");
  reply kept = sb.app("PUT", methods_path(user), cash_app());  // what must survive every bad PUT
  ASSERT_EQ(kept.status, 200) << kept.raw;

  struct bad_case {
    const char* what;
    json body;
    const char* field;
  };
  std::vector<bad_case> cases;
  cases.push_back({"bad ABA checksum", ach(k_account, "021000022"), "routing_number"});
  cases.push_back({"3-digit account", ach("123"), "account_number"});
  cases.push_back({"18-digit account", ach("123456789012345678"), "account_number"});
  {
    json b = intl();
    b["iban"] = "DE88370400440532013000";
    cases.push_back({"bad IBAN check digits", b, "iban"});
  }
  cases.push_back({"unknown platform", json{{"platform", "bitcoin"}, {"address", "1abc"}}, "platform"});
  cases.push_back({"no platform", json{{"email", "ada.payee@example.com"}}, "platform"});
  cases.push_back({"platform as a number", json{{"platform", 7}}, "platform"});
  {
    json b = ach();
    b["account_number"] = 9876543210123;
    cases.push_back({"account number as a number", b, "account_number"});
  }
  {
    json b = ach();
    b["routing_number"] = 21000021;
    cases.push_back({"routing number as a number", b, "routing_number"});
  }
  {
    json b = ach();
    b.erase("routing_number");
    cases.push_back({"missing routing number", b, "routing_number"});
  }
  cases.push_back({"10 KB email", paypal(std::string(10 * 1024, 'a') + "@example.com"), "email"});
  {
    json b = ach();
    b["account_holder_name"] = std::string(10 * 1024, 'A');
    cases.push_back({"10 KB holder name", b, "account_holder_name"});
  }
  cases.push_back({"email without @", paypal("ada.example.com"), "email"});
  cases.push_back({"email as an object", json{{"platform", "paypal"}, {"email", {{"a", 1}}}}, "email"});
  cases.push_back({"venmo nonsense", venmo_phone("12"), "phone_number"});
  cases.push_back({"cash tag without letters", json{{"platform", "cash_app"}, {"cash_tag", "$123"}}, "cash_tag"});

  for (const auto& c : cases) {
    reply r = sb.app("PUT", methods_path(user), c.body);
    EXPECT_EQ(r.status, 422) << c.what << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "invalid_payout_method") << c.what;
    EXPECT_EQ(r.body["error"]["field"], c.field) << c.what << ": " << r.raw;
    EXPECT_TRUE(r.body["error"]["message"].is_string()) << c.what;
    ASSERT_TRUE(r.body["error"]["errors"].is_array()) << c.what << ": " << r.raw;
    EXPECT_GE(r.body["error"]["errors"].size(), 1u) << c.what;
    EXPECT_EQ(r.body["error"]["errors"][0]["field"], c.field) << c.what;
    expect_no_account_data(r.raw, c.what);
    reply list = sb.app("GET", methods_path(user));
    ASSERT_EQ(list.body.size(), 1u) << c.what << ": " << list.raw;
  }

  // Every problem at once.
  reply many = sb.app("PUT", methods_path(user), ach("123", "021000022"));
  ASSERT_EQ(many.status, 422) << many.raw;
  std::set<std::string> fields;
  for (const json& e : many.body["error"]["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"routing_number", "account_number"})) << many.raw;

  for (const char* raw : {"{\"platform\": \"ach\"", "[1, 2]", "\"ach\"", "{\"platform\":\"ach\"}x"}) {
    reply r = sb.app_raw("PUT", methods_path(user), raw);
    EXPECT_EQ(r.status, 400) << raw << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "invalid_json") << raw;
  }
  EXPECT_EQ(sb.app("GET", methods_path(user)).body.size(), 1u);
  EXPECT_EQ(sb.log().find(" 500"), std::string::npos) << sb.log();
  expect_no_account_data(sb.log(), "the log");
}

TEST(payout_methods, unknown_users_methods_and_credentials) {
  sandbox_process sb;
  const std::string nobody = "/api/v2/users/00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(sb.app("PUT", nobody + "/payout-methods", paypal()).status, 404);
  EXPECT_EQ(sb.app("GET", nobody + "/payout-methods").status, 404);
  EXPECT_EQ(sb.app("PUT", nobody + "/auto-payout", json{{"enabled", false}}).status, 404);

  json a = sb.create_user("4155550123");
  json b = sb.create_user("4155550124");
  const std::string a_method = sb.app("PUT", methods_path(a), paypal()).body["id"];
  const std::string b_method = sb.app("PUT", methods_path(b), cash_app()).body["id"];

  // A method of another user is not found.
  reply del = sb.app("DELETE", methods_path(a) + "/" + b_method);
  EXPECT_EQ(del.status, 404) << del.raw;
  EXPECT_EQ(del.body["error"]["code"], "payout_method_not_found");
  EXPECT_EQ(sb.app("POST", methods_path(a) + "/" + b_method + "/default").status, 404);
  EXPECT_EQ(sb.app("POST", methods_path(a) + "/nope/default").status, 404);
  EXPECT_EQ(sb.app("DELETE", methods_path(a) + "/nope").status, 404);
  EXPECT_EQ(sb.app("GET", methods_path(b)).body.size(), 1u);

  reply anonymous = sb.send("PUT", methods_path(a), {}, paypal("x@example.com").dump());
  EXPECT_EQ(anonymous.status, 401) << anonymous.raw;
  EXPECT_EQ(sb.send("GET", methods_path(a), {}, std::nullopt).status, 401);
  EXPECT_EQ(sb.send("DELETE", methods_path(a) + "/" + a_method, {}, std::nullopt).status, 401);
  EXPECT_EQ(sb.app("GET", methods_path(a)).body.size(), 1u);

  // A deleted user's methods are out of reach with the user.
  ASSERT_EQ(sb.app("DELETE", user_path(a)).status, 200);
  EXPECT_EQ(sb.app("GET", methods_path(a)).status, 404);
}

TEST(payout_methods, widget_manages_methods_with_one_envelope) {
  sandbox_process sb({.args = {"--log-requests"}});
  json user = sb.create_user("4155550123");
  std::string token = widget_session_for(sb, user);

  reply empty = sb.widget("GET", "/api/widget/v1/payout-methods", token);
  ASSERT_EQ(empty.status, 200) << empty.raw;
  EXPECT_EQ(empty.body, json({{"data", json::array()}, {"default_payout_method_id", nullptr}, {"auto_payout", false}}));

  std::vector<std::string> ids;
  for (const json& body : every_platform()) {
    reply put = sb.widget("PUT", "/api/widget/v1/payout-methods", token, body);
    ASSERT_EQ(put.status, 200) << body << ": " << put.raw;
    ASSERT_TRUE(put.body["saved"].is_object()) << put.raw;
    expect_method_shape(put.body["saved"], body["platform"]);
    ids.push_back(put.body["saved"]["id"]);
    EXPECT_EQ(put.body["data"].size(), ids.size());
    EXPECT_EQ(put.body["data"].back()["id"], ids.back());
    EXPECT_EQ(put.body["default_payout_method_id"], ids.front());
    EXPECT_EQ(put.body["auto_payout"], false);
    expect_no_account_data(put.raw, "the widget PUT response");
  }

  reply dup = sb.widget("PUT", "/api/widget/v1/payout-methods", token, intl());
  ASSERT_EQ(dup.status, 200) << dup.raw;
  EXPECT_EQ(dup.body["saved"]["id"], ids.back());
  EXPECT_EQ(dup.body["data"].size(), ids.size());

  json bad = ach();
  bad["routing_number"] = "021000022";
  reply rejected = sb.widget("PUT", "/api/widget/v1/payout-methods", token, bad);
  EXPECT_EQ(rejected.status, 422) << rejected.raw;
  EXPECT_EQ(rejected.body["error"]["code"], "invalid_payout_method");
  EXPECT_EQ(rejected.body["error"]["field"], "routing_number");
  EXPECT_EQ(sb.widget("PUT", "/api/widget/v1/payout-methods", token, std::nullopt).status, 422);

  reply set = sb.widget("POST", "/api/widget/v1/payout-methods/" + ids[2] + "/default", token, json::object());
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["default_payout_method_id"], ids[2]);
  EXPECT_EQ(set.body["saved"]["id"], ids[2]);
  EXPECT_EQ(defaults_in(set.body["data"]), std::vector<std::string>{ids[2]});

  reply auto_on = sb.widget("PUT", "/api/widget/v1/auto-payout", token, json{{"enabled", true}});
  ASSERT_EQ(auto_on.status, 200) << auto_on.raw;
  EXPECT_EQ(auto_on.body["auto_payout"], true);
  EXPECT_EQ(auto_on.body["data"].size(), ids.size());

  reply removed = sb.widget("DELETE", "/api/widget/v1/payout-methods/" + ids[2], token);
  ASSERT_EQ(removed.status, 200) << removed.raw;
  EXPECT_EQ(removed.body["data"].size(), ids.size() - 1);
  EXPECT_EQ(removed.body["default_payout_method_id"], ids.back()) << "the most recently added remaining method";
  EXPECT_EQ(removed.body["auto_payout"], true);
  EXPECT_EQ(sb.widget("DELETE", "/api/widget/v1/payout-methods/" + ids[2], token).status, 404);

  reply app_view = sb.app("GET", user_path(user));
  EXPECT_EQ(app_view.body["default_payout_method_id"], ids.back());
  EXPECT_EQ(app_view.body["default_payout_method"], "intl_transfer");
  EXPECT_EQ(app_view.body["auto_payout"], true);
  EXPECT_EQ(sb.app("GET", methods_path(user)).body.size(), ids.size() - 1);

  for (std::size_t i = 0; i < ids.size(); ++i)
    if (i != 2) ASSERT_EQ(sb.widget("DELETE", "/api/widget/v1/payout-methods/" + ids[i], token).status, 200);
  reply none = sb.widget("GET", "/api/widget/v1/payout-methods", token);
  EXPECT_EQ(none.body, json({{"data", json::array()}, {"default_payout_method_id", nullptr}, {"auto_payout", false}}));
  reply refused = sb.widget("PUT", "/api/widget/v1/auto-payout", token, json{{"enabled", true}});
  EXPECT_EQ(refused.status, 422) << refused.raw;
  EXPECT_EQ(refused.body["error"]["message"], "Choose a default payout method first.");
  expect_no_account_data(sb.log(), "the log");

  // The preflight allows DELETE.
  reply pre = sb.send("OPTIONS", "/api/widget/v1/payout-methods/x",
                      {{"Origin", sb.base_url()}, {"Access-Control-Request-Method", "DELETE"}}, std::nullopt);
  EXPECT_EQ(pre.status, 204) << pre.raw;
  EXPECT_NE(pre.header("Access-Control-Allow-Methods").find("DELETE"), std::string::npos);
}

TEST(payout_methods, widget_needs_an_authorized_session_of_a_payout_flow) {
  sandbox_process sb;
  EXPECT_EQ(sb.widget("GET", "/api/widget/v1/payout-methods", "").status, 401);
  EXPECT_EQ(sb.widget("PUT", "/api/widget/v1/payout-methods", "nope", paypal()).status, 401);

  // A flow without a user: onboarding comes first.
  std::string anonymous = sb.session_for(sb.create_flow({{"steps", {"manage-payouts"}}}));
  reply before = sb.widget("PUT", "/api/widget/v1/payout-methods", anonymous, paypal());
  EXPECT_EQ(before.status, 403) << before.raw;
  EXPECT_EQ(before.body["error"]["code"], "not_authorized");

  json user = sb.create_user("4155550123");
  json other = sb.create_user("4155550124");
  const std::string others_method = sb.app("PUT", methods_path(other), paypal()).body["id"];

  // A flow without a payout step is no key to payout methods.
  std::string compliance_only = widget_session_for(sb, user, {"compliance"});
  reply no_step = sb.widget("PUT", "/api/widget/v1/payout-methods", compliance_only, paypal());
  EXPECT_EQ(no_step.status, 404) << no_step.raw;
  EXPECT_EQ(no_step.body["error"]["code"], "step_not_found");
  EXPECT_EQ(sb.widget("GET", "/api/widget/v1/payout-methods", compliance_only).status, 404);

  // A payout step works as well as manage-payouts; the session acts for its flow's user only.
  std::string payout = widget_session_for(sb, user, {"payout"});
  reply mine = sb.widget("PUT", "/api/widget/v1/payout-methods", payout, cash_app());
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body["data"].size(), 1u);
  EXPECT_EQ(sb.widget("DELETE", "/api/widget/v1/payout-methods/" + others_method, payout).status, 404);
  EXPECT_EQ(sb.widget("POST", "/api/widget/v1/payout-methods/" + others_method + "/default", payout).status, 404);
  EXPECT_EQ(sb.app("GET", methods_path(other)).body.size(), 1u);
  EXPECT_EQ(sb.app("GET", methods_path(user)).body.size(), 1u);

  // A flow whose user's pre-authorization has run out.
  sandbox_process late({.args = {"--preauth-window", "0"}});
  json late_user = late.create_user("4155550123");
  std::string expired = widget_session_for(late, late_user);
  EXPECT_EQ(late.widget("PUT", "/api/widget/v1/payout-methods", expired, paypal()).status, 403);
  EXPECT_EQ(late.widget("GET", "/api/widget/v1/payout-methods", expired).status, 403);
  EXPECT_EQ(late.app("GET", methods_path(late_user)).body, json::array());
}

TEST(payout_methods, widget_after_onboarding) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"manage-payouts"}}});
  std::string token = sb.session_for(flow);
  ASSERT_EQ(sb.widget("POST", "/api/widget/v1/onboarding/send-code", token,
                      json{{"country_code", "1"}, {"phone_number", "4155550123"}})
                .status,
            200);
  reply verified =
      sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", sb.last_code_for("+14155550123")}});
  ASSERT_EQ(verified.status, 200) << verified.raw;
  reply put = sb.widget("PUT", "/api/widget/v1/payout-methods", token, ach());
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["saved"]["default"], true);
  reply user = sb.app("GET", "/api/v2/users/" + verified.body["user_id"].get<std::string>());
  EXPECT_EQ(user.body["default_payout_method"], "ach");
  EXPECT_EQ(user.body["default_payout_method_id"], put.body["saved"]["id"]);
}

TEST(payout_methods, concurrent_set_default_leaves_exactly_one_default) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  std::vector<std::string> ids;
  for (const json& body : every_platform()) ids.push_back(sb.app("PUT", methods_path(user), body).body["id"]);
  ASSERT_EQ(ids.size(), 6u);

  constexpr int k_threads = 50;
  std::vector<int> statuses(k_threads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < k_threads; ++i)
    threads.emplace_back([&, i] {
      httplib::Client c = sb.client();  // one client (connection) per thread
      c.set_basic_auth(sb.client_id, sb.api_key);
      c.set_read_timeout(30);
      auto res = c.Post(methods_path(user) + "/" + ids[static_cast<std::size_t>(i) % ids.size()] + "/default",
                        "", "application/json");
      statuses[static_cast<std::size_t>(i)] = res ? res->status : 0;
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < k_threads; ++i) EXPECT_EQ(statuses[static_cast<std::size_t>(i)], 200) << "request " << i;

  reply list = sb.app("GET", methods_path(user));
  ASSERT_EQ(list.body.size(), ids.size());
  auto defaults = defaults_in(list.body);
  ASSERT_EQ(defaults.size(), 1u) << list.raw;
  EXPECT_EQ(sb.app("GET", user_path(user)).body["default_payout_method_id"], defaults[0]);

  // Concurrent removals and set-defaults: still exactly one default while any method is left.
  threads.clear();
  std::vector<int> mixed(ids.size() * 2, 0);
  for (std::size_t i = 0; i < ids.size() * 2; ++i)
    threads.emplace_back([&, i] {
      httplib::Client c = sb.client();
      c.set_basic_auth(sb.client_id, sb.api_key);
      c.set_read_timeout(30);
      const std::string& id = ids[i % ids.size()];
      auto res = i % 2 == 0 && i < ids.size() ? c.Delete(methods_path(user) + "/" + id)
                                              : c.Post(methods_path(user) + "/" + id + "/default", "", "application/json");
      mixed[i] = res ? res->status : 0;
    });
  for (auto& t : threads) t.join();
  for (int s : mixed) EXPECT_TRUE(s == 200 || s == 404) << s;
  reply after = sb.app("GET", methods_path(user));
  ASSERT_FALSE(after.body.empty());
  EXPECT_EQ(defaults_in(after.body).size(), 1u) << after.raw;
}

TEST(payout_methods, database_and_wal_hold_no_account_data_in_clear) {
  sandbox_process sb({.args = {"--log-requests"}});
  json a = sb.create_user("4155550123");
  json b = sb.create_user("4155550124");
  for (const json& body : every_platform()) ASSERT_EQ(sb.app("PUT", methods_path(a), body).status, 200);
  std::string token = widget_session_for(sb, b);
  for (const json& body : {ach("1234567890", "011000015"), intl()})
    ASSERT_EQ(sb.widget("PUT", "/api/widget/v1/payout-methods", token, body).status, 200);
  ASSERT_EQ(sb.widget("GET", "/api/widget/v1/payout-methods", token).status, 200);

  const std::string description = sb.app("GET", methods_path(a)).body[0].value("description", "");
  ASSERT_FALSE(description.empty());

  const std::string db = file_bytes(sb.db_path);
  const std::string wal = file_bytes(sb.db_path + "-wal");
  ASSERT_FALSE(db.empty());
  ASSERT_FALSE(wal.empty());
  EXPECT_NE((db + wal).find(description), std::string::npos);  // the rows are there, masked
  expect_no_account_data(db, "the database file");
  expect_no_account_data(wal, "the WAL file");
  for (const char* clear : {"ada.payee@example.com", "COBADEFFXXX"}) {
    EXPECT_EQ(db.find(clear), std::string::npos) << "the database file contains " << clear;
    EXPECT_EQ(wal.find(clear), std::string::npos) << "the WAL file contains " << clear;
  }
  expect_no_account_data(sb.log(), "the log");
}
