// Tax information (W-9 / W-8BEN) against the real sandbox: the app API's PUT /users/{id}/compliance,
// the widget's GET/PUT /compliance, the flags and masked summaries, the sandbox TIN matching
// rule, bad input (always a 4xx naming the field, nothing stored), encryption at rest (no TIN or
// date of birth in the database or its WAL) and the data key file.
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "sandbox_process.h"

extern char** environ;

using namespace flowkit::test;

namespace {

namespace fs = std::filesystem;

// UTC date `offset` days from today, "YYYY-MM-DD".
std::string utc_day(int offset = 0) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(system_clock::now()) + days{offset}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

json w9_body(const std::string& tin = "123-45-6789", const std::string& dob = "1990-04-15") {
  return {{"w9",
           {{"entity_type", "individual"},
            {"tax_classification", "individual"},
            {"name", "Ada Lovelace"},
            {"tin_type", "ssn"},
            {"tin", tin},
            {"date_of_birth", dob},
            {"address",
             {{"line_1", "12 Analytical Engine Way"},
              {"city", "Springfield"},
              {"state", "IL"},
              {"country", "US"},
              {"postcode", "62701"}}},
            {"signature", {{"name", "Ada Lovelace"}, {"date", utc_day()}, {"consent", true}}}}}};
}

json w8ben_body() {
  return {{"w8ben",
           {{"name", "Ada Lovelace"},
            {"citizenship_country", "DE"},
            {"date_of_birth", "1985-02-03"},
            {"address", {{"line_1", "Hauptstrasse 1"}, {"city", "Berlin"}, {"postcode", "10115"}, {"country", "DE"}}},
            {"foreign_tax_id", "12345678901"},
            {"signature", {{"consent", true}, {"name", "Ada Lovelace"}, {"date", utc_day()}}}}}};
}

json no_compliance() {
  return {{"tax_id_collected", false}, {"address_collected", false}, {"date_of_birth_collected", false},
          {"1099_collected", false},   {"w9_collected", false},      {"w8_ben_collected", false},
          {"flagged", false}};
}

json w9_compliance() {
  return {{"tax_id_collected", true}, {"address_collected", true}, {"date_of_birth_collected", true},
          {"1099_collected", false},  {"w9_collected", true},      {"w8_ben_collected", false},
          {"flagged", false}};
}

json w8ben_compliance() {
  return {{"tax_id_collected", true}, {"address_collected", true}, {"date_of_birth_collected", true},
          {"1099_collected", false},  {"w9_collected", false},     {"w8_ben_collected", true},
          {"flagged", false}};
}

std::string path_of(const json& user) { return "/api/v2/users/" + user["id"].get<std::string>() + "/compliance"; }

reply get_user(const sandbox_process& sb, const json& user) {
  return sb.app("GET", "/api/v2/users/" + user["id"].get<std::string>());
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_no_secrets(const std::string& text, const std::string& where) {
  for (const char* secret : {"123456789", "123-45-6789", "1990-04-15", "273456789", "27-3456789", "912701234",
                             "912-70-1234", "1985-02-03", "12345678901", "Analytical Engine"})
    EXPECT_EQ(text.find(secret), std::string::npos) << where << " contains " << secret;
}

// A fresh folder that outlives one sandbox process (sandbox_process removes its own folder).
struct temp_dir {
  std::string path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "flowkit-compliance-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct start_failure {
  int exit_code = -1;  // -1: it did not exit by itself (it started)
  std::string output;
};

// Runs the sandbox with flags that must stop it before it listens; returns its exit code and output.
start_failure start_expecting_failure(const std::string& work_dir, std::vector<std::string> args) {
  const std::string out_path = work_dir + "/failed-start.log";
  args.insert(args.begin(), {FLOWKIT_SANDBOX_BIN, "--port", "0"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  start_failure result;
  if (rc != 0) return result;
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 500 && !exited; ++i) {
    exited = waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  result.output = file_bytes(out_path);
  return result;
}

// A flow for `user` (pre-authorized) with a compliance step, and its widget session.
std::string widget_session_for(const sandbox_process& sb, const json& user, const json& steps = {"compliance"}) {
  json flow = sb.create_flow({{"steps", steps}, {"user_id", user["id"]}});
  return sb.session_for(flow);
}

}  // namespace

TEST(compliance, w9_is_accepted_with_flags_verification_and_masked_summary) {
  sandbox_process sb({.args = {"--log-requests"}});
  json user = sb.create_user("4155550123");
  reply put = sb.app("PUT", path_of(user), w9_body());
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["id"], user["id"]);
  EXPECT_EQ(put.body["compliance"], w9_compliance());
  EXPECT_EQ(put.body["tax_id_verification"], "matched");
  EXPECT_EQ(put.body["summary"],
            json({{"form", "w9"},
                  {"name", "Ada Lovelace"},
                  {"tin_type", "ssn"},
                  {"tin", "***-**-6789"},
                  {"address", {{"city", "Springfield"}, {"state", "IL"}, {"country", "US"}}}}));
  expect_no_secrets(put.raw, "the PUT response");

  reply got = get_user(sb, user);
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body["compliance"], w9_compliance());
  EXPECT_EQ(got.body["tax_id_verification"], "matched");
  EXPECT_FALSE(got.body.contains("summary"));
  expect_no_secrets(got.raw, "GET user");

  reply list = sb.app("GET", "/api/v2/users");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body["data"].size(), 1u);
  EXPECT_EQ(list.body["data"][0]["compliance"], w9_compliance());
  EXPECT_EQ(list.body["data"][0]["tax_id_verification"], "matched");
  expect_no_secrets(sb.log(), "the log");
}

TEST(compliance, new_user_has_nothing_collected) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  EXPECT_EQ(user["compliance"], no_compliance());
  EXPECT_EQ(user["tax_id_verification"], "not_collected");
}

TEST(compliance, tin_ending_in_9999_is_mismatched) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  reply put = sb.app("PUT", path_of(user), w9_body("123-45-9999"));
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["tax_id_verification"], "mismatched");
  EXPECT_EQ(put.body["summary"]["tin"], "***-**-9999");
  EXPECT_EQ(get_user(sb, user).body["tax_id_verification"], "mismatched");
}

TEST(compliance, business_w9_with_ein) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  json body = w9_body("27-3456789");
  body["w9"]["entity_type"] = "business";
  body["w9"]["tax_classification"] = "llc";
  body["w9"]["llc_tax_classification"] = "S";
  body["w9"]["business_name"] = "Engines LLC";
  body["w9"]["tin_type"] = "ein";
  body["w9"].erase("date_of_birth");
  reply put = sb.app("PUT", path_of(user), body);
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["summary"]["tin_type"], "ein");
  EXPECT_EQ(put.body["summary"]["tin"], "**-***6789");
  EXPECT_EQ(put.body["compliance"]["tax_id_collected"], true);
  EXPECT_EQ(put.body["compliance"]["date_of_birth_collected"], false);
  EXPECT_EQ(put.body["tax_id_verification"], "matched");
}

TEST(compliance, w8ben_is_accepted_without_us_tin) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  reply put = sb.app("PUT", path_of(user), w8ben_body());
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["compliance"], w8ben_compliance());
  EXPECT_EQ(put.body["tax_id_verification"], "not_collected");
  EXPECT_EQ(put.body["summary"],
            json({{"form", "w8ben"},
                  {"name", "Ada Lovelace"},
                  {"tin_type", "foreign"},
                  {"tin", "*******8901"},
                  {"address", {{"city", "Berlin"}, {"state", nullptr}, {"country", "DE"}}}}));
  expect_no_secrets(put.raw, "the PUT response");
  reply got = get_user(sb, user);
  EXPECT_EQ(got.body["compliance"], w8ben_compliance());
  EXPECT_EQ(got.body["tax_id_verification"], "not_collected");
}

TEST(compliance, w8ben_without_any_tin_and_with_us_itin) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  json none = w8ben_body();
  none["w8ben"].erase("foreign_tax_id");
  none["w8ben"]["foreign_tax_id_reason"] = "not_issued";
  reply put = sb.app("PUT", path_of(user), none);
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["compliance"]["tax_id_collected"], false);
  EXPECT_EQ(put.body["tax_id_verification"], "not_collected");
  EXPECT_TRUE(put.body["summary"]["tin"].is_null());

  json itin = w8ben_body();
  itin["w8ben"]["tin"] = "912-70-1234";
  put = sb.app("PUT", path_of(user), itin);
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["tax_id_verification"], "matched");
  EXPECT_EQ(put.body["summary"]["tin_type"], "itin");
  EXPECT_EQ(put.body["summary"]["tin"], "***-**-1234");
  expect_no_secrets(put.raw, "the PUT response");
}

TEST(compliance, w9_replaces_w8ben) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  ASSERT_EQ(sb.app("PUT", path_of(user), w8ben_body()).status, 200);
  EXPECT_EQ(get_user(sb, user).body["compliance"], w8ben_compliance());
  reply put = sb.app("PUT", path_of(user), w9_body("123-45-9999"));
  ASSERT_EQ(put.status, 200) << put.raw;
  reply got = get_user(sb, user);
  EXPECT_EQ(got.body["compliance"], w9_compliance());
  EXPECT_EQ(got.body["tax_id_verification"], "mismatched");
  put = sb.app("PUT", path_of(user), w9_body());  // and a corrected W-9 replaces that
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(get_user(sb, user).body["tax_id_verification"], "matched");
}

TEST(compliance, signature_date_may_be_one_day_off_the_servers_utc_day) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  for (int offset : {-1, 1}) {
    json body = w9_body();
    body["w9"]["signature"]["date"] = utc_day(offset);
    reply put = sb.app("PUT", path_of(user), body);
    EXPECT_EQ(put.status, 200) << offset << ": " << put.raw;
  }
  for (int offset : {-3, 2}) {
    json body = w9_body();
    body["w9"]["signature"]["date"] = utc_day(offset);
    reply put = sb.app("PUT", path_of(user), body);
    EXPECT_EQ(put.status, 422) << offset << ": " << put.raw;
    EXPECT_EQ(put.body["error"]["field"], "w9.signature.date");
  }
}

TEST(compliance, bad_input_names_the_field_and_stores_nothing) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  ASSERT_EQ(sb.app("PUT", path_of(user), w8ben_body()).status, 200);  // what must survive every bad PUT

  struct bad_case {
    const char* what;
    json body;
    const char* field;
  };
  std::vector<bad_case> cases;
  {
    json b = w9_body();
    b["w9"]["tin"] = 123456789;
    cases.push_back({"tin as a number", b, "w9.tin"});
  }
  {
    json b = w9_body();
    b["w9"]["name"] = "";  // given but empty: a missing name is filled from the user (Dots' SDK shape)
    cases.push_back({"empty name", b, "w9.name"});
  }
  {
    json b = w9_body();
    b["w9"].erase("tin");
    cases.push_back({"missing tin", b, "w9.tin"});
  }
  {
    json b = w9_body();
    b["w9"]["name"] = std::string(10 * 1024, 'A');
    cases.push_back({"10 KB name", b, "w9.name"});
  }
  {
    json b = w9_body();
    b["w9"]["address"]["country"] = "DE";
    cases.push_back({"foreign address on a W-9", b, "w9.address.country"});
  }
  {
    json b = w9_body("000-12-3456");
    cases.push_back({"invalid SSN", b, "w9.tin"});
  }
  {
    json b = w9_body("123-45-6789", utc_day(-17 * 365));
    cases.push_back({"under 18", b, "w9.date_of_birth"});
  }
  {
    json b = w9_body();
    b["w9"]["signature"]["name"] = "Somebody Else";
    cases.push_back({"signature name mismatch", b, "w9.signature.name"});
  }
  {
    json b = w9_body();
    b["w9"]["signature"]["date"] = utc_day(-30);
    cases.push_back({"stale signature date", b, "w9.signature.date"});
  }
  {
    json b = w9_body();
    b["w8ben"] = w8ben_body()["w8ben"];
    cases.push_back({"both w9 and w8ben", b, "w9"});
  }
  cases.push_back({"neither form", json::object(), "w9"});
  cases.push_back({"w9 not an object", json{{"w9", "yes"}}, "w9"});
  {
    json b = w9_body();
    b["w9"]["address"] = "12 Main St";
    cases.push_back({"address not an object", b, "w9.address"});
  }
  {
    json b = w8ben_body();
    b["w8ben"]["address"]["country"] = "US";
    cases.push_back({"W-8BEN with a US residence", b, "w8ben.address.country"});
  }
  {
    json b = w8ben_body();
    b["w8ben"]["tin"] = "666-12-3456";
    cases.push_back({"W-8BEN with an invalid US TIN", b, "w8ben.tin"});
  }

  for (const auto& c : cases) {
    reply r = sb.app("PUT", path_of(user), c.body);
    EXPECT_EQ(r.status, 422) << c.what << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "invalid_compliance") << c.what;
    EXPECT_EQ(r.body["error"]["field"], c.field) << c.what << ": " << r.raw;
    EXPECT_TRUE(r.body["error"]["message"].is_string()) << c.what;
    ASSERT_TRUE(r.body["error"]["errors"].is_array()) << c.what;
    EXPECT_GE(r.body["error"]["errors"].size(), 1u) << c.what;
    EXPECT_EQ(r.body["error"]["errors"][0]["field"], c.field) << c.what;
    expect_no_secrets(r.raw, c.what);
    reply got = get_user(sb, user);
    EXPECT_EQ(got.body["compliance"], w8ben_compliance()) << c.what;
    EXPECT_EQ(got.body["tax_id_verification"], "not_collected") << c.what;
  }

  // Every problem at once, in form order.
  json many = w9_body("000-12-3456");
  many["w9"]["address"]["postcode"] = "1234";
  reply r = sb.app("PUT", path_of(user), many);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["error"]["field"], "w9.tin");
  ASSERT_EQ(r.body["error"]["errors"].size(), 2u) << r.raw;
  EXPECT_EQ(r.body["error"]["errors"][1]["field"], "w9.address.postcode");

  reply malformed = sb.app_raw("PUT", path_of(user), "{\"w9\": {");
  EXPECT_EQ(malformed.status, 400) << malformed.raw;
  EXPECT_EQ(malformed.body["error"]["code"], "invalid_json");
  reply array = sb.app_raw("PUT", path_of(user), "[1, 2]");
  EXPECT_EQ(array.status, 400) << array.raw;
  EXPECT_EQ(get_user(sb, user).body["compliance"], w8ben_compliance());
}

TEST(compliance, unknown_user_and_bad_credentials) {
  sandbox_process sb;
  reply missing = sb.app("PUT", "/api/v2/users/00000000-0000-4000-8000-000000000000/compliance", w9_body());
  EXPECT_EQ(missing.status, 404) << missing.raw;
  json user = sb.create_user("4155550123");
  reply anonymous = sb.send("PUT", path_of(user), {}, w9_body().dump());
  EXPECT_EQ(anonymous.status, 401) << anonymous.raw;
  EXPECT_EQ(get_user(sb, user).body["compliance"], no_compliance());
}

TEST(compliance, widget_requires_an_authorized_session) {
  sandbox_process sb;
  reply no_token = sb.widget("PUT", "/api/widget/v1/compliance", "", w9_body());
  EXPECT_EQ(no_token.status, 401) << no_token.raw;
  reply bad_token = sb.widget("GET", "/api/widget/v1/compliance", "nope");
  EXPECT_EQ(bad_token.status, 401) << bad_token.raw;

  // A flow without a user: onboarding comes first.
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  reply before = sb.widget("PUT", "/api/widget/v1/compliance", token, w9_body());
  EXPECT_EQ(before.status, 403) << before.raw;
  EXPECT_EQ(before.body["error"]["code"], "not_authorized");
  EXPECT_EQ(sb.widget("GET", "/api/widget/v1/compliance", token).status, 403);

  // A flow whose user's pre-authorization has run out.
  sandbox_process late({.args = {"--preauth-window", "0"}});
  json user = late.create_user("4155550123");
  std::string expired = widget_session_for(late, user);
  reply stale = late.widget("PUT", "/api/widget/v1/compliance", expired, w9_body());
  EXPECT_EQ(stale.status, 403) << stale.raw;
  EXPECT_EQ(late.app("GET", "/api/v2/users/" + user["id"].get<std::string>()).body["compliance"], no_compliance());
}

TEST(compliance, widget_put_and_get_after_onboarding) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  ASSERT_EQ(sb.widget("POST", "/api/widget/v1/onboarding/send-code", token,
                      json{{"country_code", "1"}, {"phone_number", "4155550123"}})
                .status,
            200);
  reply verified =
      sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", sb.last_code_for("+14155550123")}});
  ASSERT_EQ(verified.status, 200) << verified.raw;
  const std::string user_id = verified.body["user_id"];

  reply empty = sb.widget("GET", "/api/widget/v1/compliance", token);
  ASSERT_EQ(empty.status, 200) << empty.raw;
  EXPECT_EQ(empty.body, json({{"collected", false}, {"tax_id_verification", "not_collected"}, {"summary", nullptr}}));

  json bad = w9_body();
  bad["w9"]["tin"] = "123-45-678";
  reply rejected = sb.widget("PUT", "/api/widget/v1/compliance", token, bad);
  EXPECT_EQ(rejected.status, 422) << rejected.raw;
  EXPECT_EQ(rejected.body["error"]["field"], "w9.tin");
  EXPECT_EQ(sb.widget("GET", "/api/widget/v1/compliance", token).body["collected"], false);

  reply put = sb.widget("PUT", "/api/widget/v1/compliance", token, w9_body());
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["compliance"], w9_compliance());
  EXPECT_EQ(put.body["tax_id_verification"], "matched");
  EXPECT_EQ(put.body["summary"]["tin"], "***-**-6789");
  EXPECT_EQ(put.body["summary"]["form"], "w9");
  expect_no_secrets(put.raw, "the widget PUT response");

  reply on_file = sb.widget("GET", "/api/widget/v1/compliance", token);
  ASSERT_EQ(on_file.status, 200) << on_file.raw;
  EXPECT_EQ(on_file.body["collected"], true);
  EXPECT_EQ(on_file.body["tax_id_verification"], "matched");
  EXPECT_EQ(on_file.body["summary"], put.body["summary"]);
  expect_no_secrets(on_file.raw, "the widget GET response");

  // Submitting does not complete the step; the widget does that next.
  reply widget_flow = sb.widget("GET", "/api/widget/v1/flow", token);
  EXPECT_EQ(widget_flow.body["completed_steps"], json({"onboarding"}));
  reply done = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", token, json{{"status", "completed"}});
  EXPECT_EQ(done.status, 200) << done.raw;

  reply user = sb.app("GET", "/api/v2/users/" + user_id);
  EXPECT_EQ(user.body["compliance"], w9_compliance());

  // Replacing from the widget: W-8BEN over the W-9.
  reply replaced = sb.widget("PUT", "/api/widget/v1/compliance", token, w8ben_body());
  ASSERT_EQ(replaced.status, 200) << replaced.raw;
  EXPECT_EQ(sb.widget("GET", "/api/widget/v1/compliance", token).body["summary"]["form"], "w8ben");
  EXPECT_EQ(sb.app("GET", "/api/v2/users/" + user_id).body["compliance"], w8ben_compliance());
}

TEST(compliance, widget_flow_without_compliance_step_cannot_submit) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  std::string token = widget_session_for(sb, user, {"manage-payouts"});
  reply put = sb.widget("PUT", "/api/widget/v1/compliance", token, w9_body());
  EXPECT_EQ(put.status, 404) << put.raw;
  EXPECT_EQ(sb.app("GET", "/api/v2/users/" + user["id"].get<std::string>()).body["compliance"], no_compliance());
}

TEST(compliance, database_and_wal_hold_no_tin_or_birth_date_in_clear) {
  sandbox_process sb({.args = {"--log-requests"}});
  json a = sb.create_user("4155550123");
  json b = sb.create_user("4155550124");
  json c = sb.create_user("4155550125");
  ASSERT_EQ(sb.app("PUT", path_of(a), w9_body()).status, 200);
  json ein = w9_body("27-3456789");
  ein["w9"]["tax_classification"] = "c_corporation";
  ein["w9"]["entity_type"] = "business";
  ein["w9"]["business_name"] = "Engines Inc";
  ein["w9"]["tin_type"] = "ein";
  ASSERT_EQ(sb.app("PUT", path_of(b), ein).status, 200);
  json itin = w8ben_body();
  itin["w8ben"]["tin"] = "912701234";
  ASSERT_EQ(sb.app("PUT", path_of(c), itin).status, 200);
  std::string token = widget_session_for(sb, a);
  ASSERT_EQ(sb.widget("GET", "/api/widget/v1/compliance", token).status, 200);

  const std::string db = file_bytes(sb.db_path);
  const std::string wal = file_bytes(sb.db_path + "-wal");
  ASSERT_FALSE(db.empty());
  ASSERT_FALSE(wal.empty());
  EXPECT_NE((db + wal).find("***-**-6789"), std::string::npos);  // the rows are there, masked
  expect_no_secrets(db, "the database file");
  expect_no_secrets(wal, "the WAL file");
  expect_no_secrets(sb.log(), "the log");
}

TEST(compliance, data_key_file_is_private_and_reused_across_restarts) {
  temp_dir dir;
  const std::string db_path = dir.path + "/fk.db";
  std::string key_text, user_id;
  {
    sandbox_process sb({.db_path = db_path});
    struct stat st {};
    ASSERT_EQ(stat((db_path + ".key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    key_text = file_bytes(db_path + ".key");
    EXPECT_EQ(key_text.size(), 65u);  // 64 hex characters and a newline
    json user = sb.create_user("4155550123");
    user_id = user["id"];
    ASSERT_EQ(sb.app("PUT", path_of(user), w9_body()).status, 200);
  }
  {
    sandbox_process sb({.db_path = db_path});
    EXPECT_EQ(file_bytes(db_path + ".key"), key_text);
    json user = {{"id", user_id}};
    std::string token = widget_session_for(sb, user);
    reply on_file = sb.widget("GET", "/api/widget/v1/compliance", token);
    ASSERT_EQ(on_file.status, 200) << on_file.raw;
    EXPECT_EQ(on_file.body["collected"], true);
    EXPECT_EQ(on_file.body["summary"]["tin"], "***-**-6789");
    EXPECT_EQ(on_file.body["summary"]["name"], "Ada Lovelace");
  }
  // The same key given as a flag works; another key, or a lost key file, is refused at start.
  std::string hex = key_text.substr(0, 64);
  {
    sandbox_process sb({.args = {"--data-key", hex}, .db_path = db_path});
    std::string token = widget_session_for(sb, json{{"id", user_id}});
    EXPECT_EQ(sb.widget("GET", "/api/widget/v1/compliance", token).body["summary"]["tin"], "***-**-6789");
  }
  std::string other = std::string(64, hex[0] == 'a' ? 'b' : 'a');
  start_failure wrong = start_expecting_failure(dir.path, {"--db", db_path, "--data-key", other});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.output;
  EXPECT_NE(wrong.output.find("does not match"), std::string::npos) << wrong.output;
  fs::remove(db_path + ".key");
  start_failure lost = start_expecting_failure(dir.path, {"--db", db_path});
  EXPECT_EQ(lost.exit_code, 1) << lost.output;
  EXPECT_NE(lost.output.find("is missing"), std::string::npos) << lost.output;
  EXPECT_FALSE(fs::exists(db_path + ".key"));  // not silently replaced
}

TEST(compliance, data_key_from_environment_and_bad_keys) {
  temp_dir dir;
  const std::string db_path = dir.path + "/fk.db";
  {
    sandbox_process sb({.db_path = db_path, .env = {"FLOWKIT_DATA_KEY=" + std::string(64, 'c')}});
    EXPECT_FALSE(fs::exists(db_path + ".key"));
    json user = sb.create_user("4155550123");
    ASSERT_EQ(sb.app("PUT", path_of(user), w9_body()).status, 200);
  }
  for (const std::string& bad : {std::string("abc"), std::string(64, 'z')}) {
    start_failure f = start_expecting_failure(dir.path, {"--db", dir.path + "/other.db", "--data-key", bad});
    EXPECT_EQ(f.exit_code, 2) << f.output;
    EXPECT_NE(f.output.find("--data-key"), std::string::npos) << f.output;
    EXPECT_EQ(f.output.find(bad), std::string::npos) << "the key is echoed: " << f.output;
  }
  EXPECT_FALSE(fs::exists(dir.path + "/other.db"));
}

// Dots' SDK sends a W-9 without the legal name and the signature block: the app API takes the
// name on file and signs as the platform, so SDK callers can submit.
TEST(compliance, app_api_accepts_the_dots_sdk_w9_shape_with_the_name_on_file) {
  sandbox_process sb;
  json user = sb.create_user("4155550123");
  json body = {{"w9", {{"entity_type", "individual"}, {"date_of_birth", "1985-12-10"}, {"tin", "123-45-6789"},
                       {"address", {{"line_1", "12 Analytical Way"}, {"city", "San Francisco"}, {"state", "CA"},
                                    {"country", "US"}, {"postcode", "94103"}}}}}};
  reply r = sb.app("PUT", "/api/v2/users/" + user["id"].get<std::string>() + "/compliance", body);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["summary"]["name"], user["first_name"].get<std::string>() + " " + user["last_name"].get<std::string>());
  EXPECT_EQ(r.body["compliance"]["w9_collected"], true);
}
