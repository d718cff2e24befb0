// The flow machine: session, step order, completion, failures, expiry.
#include "flow/flow.h"
#include "test_util.h"
#include <gtest/gtest.h>

using namespace fk;
using namespace fk::test;

namespace {
flow::result opened(const json& widget_flow) {
    auto r = flow::update(flow::init("flow_1", "sec"), flow::start{});
    return flow::update(r.m, api_result{"flow.session", respond(200, {{"token", "tok"}, {"expires_in", 1800}, {"flow", widget_flow}})});
}
}  // namespace

TEST(flow_update, start_asks_for_a_session_with_the_link_secret) {
    auto r = flow::update(flow::init("flow_1", "sec"), flow::start{});
    EXPECT_EQ(r.m.ph, flow::phase::loading);
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].tag, "flow.session");
    EXPECT_EQ(calls[0].request.path, "/api/widget/v1/flows/flow_1/session");
    EXPECT_EQ(json::parse(calls[0].request.body)["link_secret"], "sec");
}

TEST(flow_update, a_flow_without_user_starts_with_onboarding_and_tells_the_host) {
    auto r = opened(widget_flow_json({"onboarding", "compliance"}));
    EXPECT_EQ(r.m.ph, flow::phase::in_step);
    EXPECT_EQ(r.m.current_step, "onboarding");
    EXPECT_FALSE(r.m.reverify);
    EXPECT_EQ(r.m.token, "tok");
    EXPECT_EQ(host_types(r.fx), (std::vector<std::string>{"ready", "step_started"}));
}

TEST(flow_update, skips_steps_already_completed) {
    auto r = opened(widget_flow_json({"onboarding", "compliance", "payout"}, {"onboarding", "compliance"}, "user_1", true));
    EXPECT_EQ(r.m.current_step, "payout");
}

TEST(flow_update, a_user_whose_preauthorization_lapsed_must_verify_again) {
    auto r = opened(widget_flow_json({"compliance"}, {}, "user_1", false));
    EXPECT_EQ(r.m.current_step, "onboarding");
    EXPECT_TRUE(r.m.reverify);
    EXPECT_EQ(host_types(r.fx), std::vector<std::string>{"ready"});  // not a step of the flow
}

TEST(flow_update, finishing_onboarding_reports_dots_and_envelope_messages_then_completes_the_flow) {
    auto r = opened(widget_flow_json({"onboarding"}));
    auto updated = *api::parse_widget_flow(respond(200, widget_flow_json({"onboarding"}, {"onboarding"}, "user_9", true)));
    auto done = flow::update(r.m, flow::step_finished{"onboarding", "completed", updated});
    EXPECT_EQ(done.m.ph, flow::phase::done);
    auto types = host_types(done.fx);
    ASSERT_EQ(types.size(), 3u);
    EXPECT_EQ(types[0], R"(dots:{"status":"completed","step":"onboarding"})");
    EXPECT_EQ(types[1], "step_completed");
    EXPECT_EQ(types[2], "flow_completed");
    EXPECT_EQ(json::parse(only<post_to_host>(done.fx)[2].message)["payload"]["user_id"], "user_9");
}

TEST(flow_update, finishing_another_step_records_it_with_the_server_first) {
    auto r = opened(widget_flow_json({"compliance", "payout"}, {}, "user_1", true));
    auto f = flow::update(r.m, flow::step_finished{"compliance", "completed", std::nullopt});
    auto calls = only<api_call>(f.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].request.path, "/api/widget/v1/flow/steps/compliance/complete");
    auto next = flow::update(f.m, api_result{"flow.complete", respond(200, widget_flow_json({"compliance", "payout"}, {"compliance"}, "user_1", true))});
    EXPECT_EQ(next.m.current_step, "payout");
}

TEST(flow_update, an_unknown_flow_fails_without_retry) {
    auto r = flow::update(flow::init("nope", "sec"), flow::start{});
    auto f = flow::update(r.m, api_result{"flow.session", error_response(404, "flow_not_found")});
    EXPECT_EQ(f.m.ph, flow::phase::failed);
    EXPECT_FALSE(f.m.error.retryable());
    EXPECT_NE(f.m.error_text.find("new link"), std::string::npos);
    auto msg = json::parse(only<post_to_host>(f.fx).at(0).message);
    EXPECT_EQ(msg["type"], "error");
    EXPECT_EQ(msg["payload"]["retryable"], false);
    EXPECT_TRUE(only<api_call>(flow::update(f.m, flow::retry{}).fx).empty());
}

TEST(flow_update, a_network_failure_can_be_retried) {
    auto r = flow::update(flow::init("flow_1", "sec"), flow::start{});
    auto f = flow::update(r.m, api_result{"flow.session", http_response{0, ""}});
    EXPECT_EQ(f.m.ph, flow::phase::failed);
    EXPECT_TRUE(f.m.error.retryable());
    auto again = flow::update(f.m, flow::retry{});
    EXPECT_EQ(only<api_call>(again.fx).size(), 1u);
}

TEST(flow_update, lapsed_credentials_tell_the_host_and_start_again_opens_a_new_session) {
    auto r = opened(widget_flow_json({"onboarding"}));
    auto e = flow::update(r.m, flow::session_lapsed{});
    EXPECT_EQ(e.m.ph, flow::phase::expired);
    EXPECT_EQ(host_types(e.fx), std::vector<std::string>{"session_expired"});
    EXPECT_TRUE(e.m.token.empty());
    auto again = flow::update(e.m, flow::retry{});
    EXPECT_EQ(only<api_call>(again.fx).at(0).tag, "flow.session");
}

TEST(flow_update, a_garbled_session_response_is_an_error_not_a_crash) {
    auto r = flow::update(flow::init("flow_1", "sec"), flow::start{});
    for (std::string body : {"", "{", "[]", R"({"token":5})", R"({"token":"t","flow":{"id":"x","steps":"no"}})"}) {
        auto f = flow::update(r.m, api_result{"flow.session", http_response{200, body}});
        EXPECT_EQ(f.m.ph, flow::phase::failed) << body;
    }
}

TEST(flow_link, parses_the_flow_id_and_the_secret_from_the_fragment) {
    std::string id, secret;
    ASSERT_TRUE(flow::parse_link("http://127.0.0.1:8080/flow/abc-123?styles=x#s=deadbeef&x=1", id, secret));
    EXPECT_EQ(id, "abc-123");
    EXPECT_EQ(secret, "deadbeef");
    EXPECT_FALSE(flow::parse_link("http://127.0.0.1:8080/other", id, secret));
}

TEST(flow_update, redirect_is_recorded_first_then_told_to_the_host_then_navigates) {
    json wf = widget_flow_json({}, {}, "user_1", true);
    wf["steps"] = json::array({{{"name", "redirect"}, {"options", {{"redirect_url", "https://app.example/done"}}}}});
    auto r = opened(wf);
    EXPECT_EQ(r.m.current_step, "redirect");
    auto f = flow::update(r.m, flow::step_finished{"redirect", "completed", std::nullopt});
    EXPECT_TRUE(only<navigate>(f.fx).empty());  // not before the server has it
    json done = wf;
    done["completed_steps"] = json::array({"redirect"});
    auto d = flow::update(f.m, api_result{"flow.complete", respond(200, done)});
    auto types = host_types(d.fx);
    ASSERT_EQ(types.size(), 2u);
    EXPECT_EQ(types[0], "flow_completed");
    EXPECT_EQ(types[1], "redirect");
    ASSERT_EQ(only<navigate>(d.fx).size(), 1u);
    EXPECT_EQ(only<navigate>(d.fx)[0].url, "https://app.example/done");
}

TEST(flow_update, the_session_is_kept_for_the_tab_and_forgotten_when_it_lapses) {
    auto r = opened(widget_flow_json({"onboarding", "compliance"}));
    EXPECT_EQ(only<keep_session>(r.fx), (std::vector<keep_session>{{"flow_1", "tok"}}));
    auto lapsed = flow::update(r.m, flow::session_lapsed{});
    EXPECT_EQ(only<keep_session>(lapsed.fx), (std::vector<keep_session>{{"flow_1", ""}}));
}

TEST(flow_update, a_reload_resumes_the_kept_session_without_a_new_code) {
    auto r = flow::update(flow::init("flow_1", "sec"), flow::start{"kept"});
    auto calls = only<api_call>(r.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].tag, "flow.resume");
    EXPECT_EQ(calls[0].request.path, "/api/widget/v1/flow");
    // Verified before the reload: the payee is back on the step they were on, not on "Verify it's you".
    auto resumed = flow::update(r.m, api_result{"flow.resume", respond(200, widget_flow_json({"onboarding", "compliance", "payout"},
                                                                                            {"onboarding", "compliance"}, "user_1", true))});
    EXPECT_EQ(resumed.m.current_step, "payout");
    EXPECT_FALSE(resumed.m.reverify);
    EXPECT_EQ(resumed.m.token, "kept");
    EXPECT_EQ(host_types(resumed.fx), (std::vector<std::string>{"ready", "step_started"}));
}

TEST(flow_update, a_kept_session_that_lapsed_falls_back_to_a_new_one) {
    auto r = flow::update(flow::init("flow_1", "sec"), flow::start{"stale"});
    auto fresh = flow::update(r.m, api_result{"flow.resume", error_response(401, "session_expired")});
    EXPECT_EQ(fresh.m.ph, flow::phase::loading) << "not the expired screen: the link itself is still good";
    auto calls = only<api_call>(fresh.fx);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].tag, "flow.session");
    EXPECT_EQ(only<keep_session>(fresh.fx), (std::vector<keep_session>{{"flow_1", ""}}));
}
