// API client: builders carry the bearer token; parsers never throw on hostile bodies.
#include "flow/api.h"
#include "test_util.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;

TEST(api_client, authed_requests_carry_the_bearer_token_and_json_type) {
    auto r = api::verify_code("tok", "123456");
    EXPECT_EQ(r.method, "POST");
    EXPECT_NE(std::find(r.headers.begin(), r.headers.end(), std::pair<std::string, std::string>{"Authorization", "Bearer tok"}), r.headers.end());
    EXPECT_NE(std::find(r.headers.begin(), r.headers.end(), std::pair<std::string, std::string>{"Content-Type", "application/json"}), r.headers.end());
}

TEST(api_client, reads_step_options_from_objects_and_names_from_strings) {
    json j = widget_flow_json({});
    j["steps"] = json::array({"compliance", {{"name", "manage-payouts"}, {"options", {{"require_default_payout_method", true}}}}});
    auto f = api::parse_widget_flow(respond(200, j));
    ASSERT_TRUE(f);
    ASSERT_EQ(f->steps.size(), 2u);
    EXPECT_EQ(f->steps[0].name, "compliance");
    EXPECT_TRUE(f->steps[1].options.require_default_payout_method);
}

TEST(api_client, error_bodies_are_read_and_garbage_becomes_a_generic_error) {
    auto e = api::parse_error(error_response(422, "invalid_code", {{"attempts_left", 3}, {"field", "code"}}));
    EXPECT_EQ(e.code, "invalid_code");
    EXPECT_EQ(e.attempts_left, 3);
    EXPECT_EQ(e.field, "code");
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(api::parse_error({502, "<html>bad gateway"}).code, "server_error");
    EXPECT_TRUE(api::parse_error({502, ""}).retryable());
    EXPECT_EQ(api::parse_error({0, ""}).code, "network_error");
    EXPECT_EQ(api::parse_error({400, R"({"error":"flat string"})"}).code, "http_400");
}

TEST(api_client, parsers_reject_wrong_types) {
    EXPECT_FALSE(api::parse_verified({200, R"({"user_id":1,"flow":[]})"}));
    EXPECT_FALSE(api::parse_widget_flow({200, R"({"id":"f","steps":[1,2]})"}));
    EXPECT_FALSE(api::parse_code_sent({500, "{}"}));
    EXPECT_FALSE(api::parse_session({200, "\xff\xfe"}));
}
