// The app's credentials: generated and kept in the database when absent, taken from the
// flags or the FLOWKIT_CLIENT_ID / FLOWKIT_API_KEY environment otherwise; data survives restarts.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "sandbox_process.h"

using namespace flowkit::test;

TEST(app_credentials, generated_once_and_kept_across_restarts) {
  const std::string db = (std::filesystem::temp_directory_path() /
                          ("flowkit-creds-" + std::to_string(::getpid()) + ".db")).string();
  std::string client_id, api_key, flow_id;
  {
    sandbox_process first({{}, true, db});
    ASSERT_FALSE(first.client_id.empty());
    ASSERT_FALSE(first.api_key.empty());
    client_id = first.client_id;
    api_key = first.api_key;
    flow_id = first.create_flow({{"steps", {"payout"}}})["id"];
  }
  {
    sandbox_process second({{}, true, db});
    EXPECT_EQ(second.client_id, client_id);
    EXPECT_EQ(second.api_key, api_key);
    reply r = second.app("GET", "/api/v2/flows/" + flow_id);
    EXPECT_EQ(r.status, 200) << r.raw;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST(app_credentials, taken_from_flags_or_environment) {
  sandbox_process flags({{"--client-id", "my-client", "--api-key", "my-secret-key"}});
  EXPECT_EQ(flags.client_id, "my-client");
  EXPECT_EQ(flags.app("GET", "/api/v2/flows").status, 200);

  sandbox_process env({{}, true, "", {"FLOWKIT_CLIENT_ID=env-client", "FLOWKIT_API_KEY=env-key"}});
  EXPECT_EQ(env.client_id, "env-client");
  EXPECT_EQ(env.api_key, "env-key");
  EXPECT_EQ(env.app("GET", "/api/v2/users").status, 200);
}

TEST(app_credentials, data_of_one_app_is_invisible_to_another) {
  const std::string db = (std::filesystem::temp_directory_path() /
                          ("flowkit-apps-" + std::to_string(::getpid()) + ".db")).string();
  std::string flow_id, user_id;
  {
    sandbox_process a({{"--client-id", "app-a", "--api-key", "key-a"}, true, db});
    flow_id = a.create_flow({{"steps", {"payout"}}})["id"];
    user_id = a.create_user("4155550123")["id"];
  }
  {
    sandbox_process b({{"--client-id", "app-b", "--api-key", "key-b"}, true, db});
    EXPECT_EQ(b.app("GET", "/api/v2/flows/" + flow_id).status, 404);
    EXPECT_EQ(b.app("GET", "/api/v2/users/" + user_id).status, 404);
    EXPECT_EQ(b.app("GET", "/api/v2/flows").body["data"].size(), 0u);
    reply cross = b.app("POST", "/api/v2/flows", json{{"steps", {"payout"}}, {"user_id", user_id}});
    EXPECT_EQ(cross.status, 422) << cross.raw;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}
