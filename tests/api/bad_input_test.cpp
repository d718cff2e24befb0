// Bad input never crashes the sandbox nor earns a 500: malformed JSON, wrong types, missing
// credentials, unknown ids and routes, oversized bodies, odd bytes in paths and queries.
#include <gtest/gtest.h>

#include "sandbox_process.h"

using namespace flowkit::test;

TEST(bad_input, missing_or_wrong_credentials_are_401) {
  sandbox_process sb;
  reply none = sb.send("GET", "/api/v2/flows", {}, std::nullopt);
  EXPECT_EQ(none.status, 401) << none.raw;
  EXPECT_EQ(none.body["error"]["code"], "unauthorized");
  reply wrong = sb.send("GET", "/api/v2/flows", {httplib::make_basic_authentication_header(sb.client_id, "nope")},
                        std::nullopt);
  EXPECT_EQ(wrong.status, 401) << wrong.raw;
  reply garbage = sb.send("GET", "/api/v2/users", {{"Authorization", "Basic !!!"}}, std::nullopt);
  EXPECT_EQ(garbage.status, 401) << garbage.raw;
  reply bearer = sb.send("POST", "/api/v2/flows", {{"Authorization", "Bearer abc"}}, R"({"steps":["payout"]})");
  EXPECT_EQ(bearer.status, 401) << bearer.raw;
}

TEST(bad_input, malformed_json_is_400) {
  sandbox_process sb;
  for (const char* body : {"{", "{\"steps\":", "[1,2]", "null", "\"steps\"", "{\"steps\":[\"payout\"]}x",
                           "{\"steps\":[\"\xff\xfe\"]}"}) {
    reply r = sb.app_raw("POST", "/api/v2/flows", body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "invalid_json") << body;
  }
}

TEST(bad_input, wrong_types_are_400_with_field) {
  sandbox_process sb;
  struct item {
    const char* path;
    json body;
    const char* field;
  };
  for (const item& it : std::vector<item>{
           {"/api/v2/flows", {{"steps", "payout"}}, "steps"},
           {"/api/v2/flows", {{"steps", {42}}}, "steps[0]"},
           {"/api/v2/flows", {{"steps", {{{"name", 7}}}}}, "steps[0].name"},
           {"/api/v2/flows", {{"steps", {"payout"}}, {"user_id", 5}}, "user_id"},
           {"/api/v2/flows", {{"steps", {"payout"}}, {"metadata", 5}}, "metadata"},
           {"/api/v2/users", {{"first_name", 1}}, "first_name"},
       }) {
    reply r = sb.app("POST", it.path, it.body);
    EXPECT_EQ(r.status, 400) << it.body << ": " << r.raw;
    EXPECT_EQ(r.body["error"]["code"], "invalid_type") << it.body;
    EXPECT_EQ(r.body["error"]["field"], it.field) << it.body;
  }
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  reply code = sb.widget("POST", "/api/widget/v1/onboarding/verify", token, json{{"code", 123456}});
  EXPECT_EQ(code.status, 400) << code.raw;
  reply secret = sb.widget("POST", "/api/widget/v1/flows/" + flow["id"].get<std::string>() + "/session", "",
                           json{{"link_secret", {1, 2}}});
  EXPECT_EQ(secret.status, 400) << secret.raw;
}

TEST(bad_input, unknown_ids_and_routes_are_404_json) {
  sandbox_process sb;
  for (const char* path : {"/api/v2/flows/nope", "/api/v2/users/nope", "/api/v2/flows/%FF%FE", "/api/v2/nothing",
                           "/nothing"}) {
    reply r = sb.app("GET", path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.raw;
    EXPECT_TRUE(r.body["error"]["code"].is_string()) << path;
  }
  reply verify = sb.app("POST", "/api/v2/users/nope/verify", json{{"token", "123456"}});
  EXPECT_EQ(verify.status, 404) << verify.raw;
}

TEST(bad_input, oversized_body_is_413) {
  sandbox_process sb;
  std::string big = R"({"steps":["payout"],"metadata":")" + std::string(70 * 1024, 'x') + "\"}";
  reply r = sb.app_raw("POST", "/api/v2/flows", big);
  EXPECT_EQ(r.status, 413) << r.raw.substr(0, 200);
  EXPECT_EQ(sb.send("GET", "/healthz", {}, std::nullopt).status, 200);  // still serving
}

TEST(bad_input, odd_inputs_never_give_500) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  std::string token = sb.session_for(flow);
  const std::vector<std::string> bodies = {
      "", "{}", "[]", "0", "true", "{\"steps\":[]}", "{\"steps\":[{}]}", "{\"steps\":[null]}",
      "{\"steps\":[\"payout\"],\"user_id\":\"\"}", "{\"first_name\":\"\\u0000\"}", "{\"token\":null}",
      "{\"code\":\"\\ud800\"}", "{\"country_code\":\"1\",\"phone_number\":\"\\n\\n\"}",
      "{\"country_code\":\"1111111\",\"phone_number\":\"1\"}", "{\"link_secret\":\"\"}", "{\"status\":[]}",
      std::string("{\"a\":") + std::string(500, '[') + std::string(500, ']') + "}"};
  const std::vector<std::string> paths = {"/api/v2/flows", "/api/v2/users", "/api/v2/users/x/verify",
                                          "/api/v2/users/x/send-verification-token",
                                          "/api/widget/v1/flows/" + flow["id"].get<std::string>() + "/session",
                                          "/api/widget/v1/onboarding/send-code", "/api/widget/v1/onboarding/verify",
                                          "/api/widget/v1/flow/steps/compliance/complete"};
  for (const auto& path : paths)
    for (const auto& body : bodies) {
      httplib::Headers headers = {httplib::make_basic_authentication_header(sb.client_id, sb.api_key)};
      if (path.rfind("/api/widget", 0) == 0) headers = {{"Authorization", "Bearer " + token}};
      reply r = sb.send("POST", path, headers, body);
      EXPECT_GT(r.status, 0) << path << " " << body;
      EXPECT_LT(r.status, 500) << path << " " << body << ": " << r.raw;
    }
  for (const char* q : {"?limit=99999999999999999999", "?starting_after=%00", "?ending_before=%FF", "?limit=%20"}) {
    reply r = sb.app("GET", std::string("/api/v2/users") + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.raw;
  }
  reply sms = sb.app("GET", "/api/v2/sandbox/sms?phone_number=%FF%00");
  EXPECT_EQ(sms.status, 400) << sms.raw;
}

TEST(bad_input, deeply_nested_json_is_refused_and_the_server_survives) {
  sandbox_process sb;
  const int n = 30000;  // under the body limit; deep enough to overflow a recursive walk
  std::string body = R"({"steps":["payout"],"metadata":{"a":)" + std::string(n, '[') + std::string(n, ']') + "}}";
  reply r = sb.app_raw("POST", "/api/v2/flows", body);
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "invalid_json");
  EXPECT_EQ(sb.send("GET", "/healthz", {}, std::nullopt).status, 200);
}
