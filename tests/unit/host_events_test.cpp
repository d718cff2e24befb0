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
