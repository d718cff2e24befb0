// Secrets at rest: the database, its WAL and SHM are readable by their owner only, the api key
// is stored only as a keyed hash, and starting with new credentials revokes the old ones.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "db.h"
#include "sandbox_process.h"

using namespace flowkit::test;

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string temp_db(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string(name) + std::to_string(::getpid()) + ".db")).string();
}

void remove_db(const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) std::filesystem::remove(db + suffix);
}

reply with_credentials(const sandbox_process& sb, const std::string& client_id, const std::string& api_key) {
  return sb.send("GET", "/api/v2/flows", {httplib::make_basic_authentication_header(client_id, api_key)}, std::nullopt);
}

}  // namespace

TEST(secrets_at_rest, database_wal_and_shm_are_owner_only) {
  sandbox_process sb;
  sb.create_flow({{"steps", {"payout"}}});
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat((sb.db_path + suffix).c_str(), &st), 0) << suffix;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "mode of the database file " << suffix;
  }
}

TEST(secrets_at_rest, api_key_is_not_in_the_database_or_its_wal) {
  const std::string db = temp_db("flowkit-keyhash-");
  std::string generated;
  {
    sandbox_process sb({{"--client-id", "hash-client", "--api-key", "sk_flag_given_key_0123456789"}, true, db});
    EXPECT_EQ(sb.app("GET", "/api/v2/flows").status, 200);
    sb.create_flow({{"steps", {"payout"}}});
    const std::string text = file_text(db) + file_text(db + "-wal");
    EXPECT_EQ(text.find("sk_flag_given_key_0123456789"), std::string::npos);
  }
  remove_db(db);
  {
    sandbox_process sb({{}, true, db});  // generated credentials
    generated = sb.api_key;
    ASSERT_FALSE(generated.empty());
    EXPECT_EQ(sb.app("GET", "/api/v2/flows").status, 200);
    const std::string text = file_text(db) + file_text(db + "-wal");
    EXPECT_EQ(text.find(generated), std::string::npos);
  }
  remove_db(db);
}

TEST(secrets_at_rest, webhook_secret_and_link_key_are_sealed) {
  const std::string db = temp_db("flowkit-sealed-");
  std::string link;
  {
    sandbox_process sb({{"--webhook-url", "http://127.0.0.1:9/hooks", "--webhook-secret", "raw-webhook-secret-4242"},
                        true, db});
    link = sb.create_flow({{"steps", {"payout"}}})["link"];
    const std::string text = file_text(db) + file_text(db + "-wal");
    EXPECT_EQ(text.find("raw-webhook-secret-4242"), std::string::npos);
  }
  {
    flowkit::sandbox::database d(db);
    std::string key = d.transaction([](flowkit::sandbox::database& t) {
      auto st = t.query("SELECT value FROM settings WHERE key = 'link_key'");
      return st.step() ? st.text(0) : std::string();
    });
    EXPECT_EQ(key.rfind("v1:", 0), 0u) << "the link key is stored sealed";
  }
  {
    // A restart opens both: the same flow keeps its link.
    sandbox_process again({{}, true, db});
    reply flows = again.app("GET", "/api/v2/flows");
    ASSERT_EQ(flows.status, 200) << flows.raw;
    EXPECT_EQ(flows.body["data"][0]["link"].get<std::string>().substr(link.find("/flow/")),
              link.substr(link.find("/flow/")));
    EXPECT_NE(again.log().find("webhook_secret: raw-webhook-secret-4242"), std::string::npos);
  }
  remove_db(db);
}

TEST(secrets_at_rest, new_credentials_revoke_the_old_pair_and_keep_the_data) {
  const std::string db = temp_db("flowkit-rotate-");
  std::string flow_id;
  {
    sandbox_process a({{"--client-id", "old-client", "--api-key", "old-key"}, true, db});
    flow_id = a.create_flow({{"steps", {"payout"}}})["id"];
  }
  {
    sandbox_process b({{"--client-id", "new-client", "--api-key", "new-key"}, true, db});
    EXPECT_EQ(with_credentials(b, "old-client", "old-key").status, 401);
    EXPECT_EQ(with_credentials(b, "new-client", "new-key").status, 200);
  }
  {
    // The same client id with a new key: the old key stops working too.
    sandbox_process a({{"--client-id", "old-client", "--api-key", "rotated-key"}, true, db});
    EXPECT_EQ(with_credentials(a, "old-client", "old-key").status, 401);
    EXPECT_EQ(with_credentials(a, "new-client", "new-key").status, 401);
    reply kept = with_credentials(a, "old-client", "rotated-key");
    EXPECT_EQ(kept.status, 200);
    reply flow = a.send("GET", "/api/v2/flows/" + flow_id,
                        {httplib::make_basic_authentication_header("old-client", "rotated-key")}, std::nullopt);
    EXPECT_EQ(flow.status, 200) << "the app's data stays";
  }
  {
    // A restart without flags keeps the key given last; only its hash is stored.
    sandbox_process again({{}, true, db});
    EXPECT_EQ(again.client_id, "old-client");
    EXPECT_EQ(with_credentials(again, "old-client", "rotated-key").status, 200);
  }
  remove_db(db);
}
