// Host messages: exact shapes integrators rely on.
#include "flow/host_events.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;

TEST(host_events, envelope_has_source_version_type_flow_and_payload) {
    json j = json::parse(fk::host::step_completed("flow_1", "onboarding", "completed"));
    EXPECT_EQ(j, (json{{"source", "flowkit"}, {"version", 1}, {"type", "step_completed"}, {"flow_id", "flow_1"},
                       {"payload", {{"step", "onboarding"}, {"status", "completed"}}}}));
}

TEST(host_events, dots_compatible_messages_keep_their_shapes) {
    EXPECT_EQ(json::parse(fk::host::dots_height(480)), (json{{"height", 480}}));
    EXPECT_EQ(json::parse(fk::host::dots_step("manage-payouts", "completed-saved")),
              (json{{"step", "manage-payouts"}, {"status", "completed-saved"}}));
}

TEST(host_events, error_carries_retryable) {
    json j = json::parse(fk::host::error("f", "network_error", "We couldn't reach the server.", true));
    EXPECT_EQ(j["payload"]["retryable"], true);
    EXPECT_EQ(j["type"], "error");
}

TEST(host_events, only_the_flowkit_host_envelope_is_accepted) {
    auto ok = fk::host::parse_from_host(R"({"source":"flowkit-host","version":1,"type":"configure","payload":{"styles":{"theme":"dark"},"locale":"es"}})");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->type, "configure");
    EXPECT_EQ(json::parse(*ok->styles_json), (json{{"theme", "dark"}}));
    EXPECT_EQ(ok->locale, "es");
    EXPECT_TRUE(fk::host::parse_from_host(R"({"source":"flowkit-host","version":1,"type":"close"})"));
    for (const char* bad : {R"({"type":"configure","payload":{}})", R"({"source":"flowkit","version":1,"type":"close"})",
                            R"({"source":"flowkit-host","version":2,"type":"close"})", R"({"source":"flowkit-host","version":1,"type":"pay"})",
                            R"({"source":"flowkit-host","version":1,"type":"configure","payload":"x"})", "[]", "not json", R"({"height":5})"})
        EXPECT_FALSE(fk::host::parse_from_host(bad)) << bad;
}
