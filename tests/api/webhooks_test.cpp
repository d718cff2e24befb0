// Webhooks against the real sandbox and a local receiver (an httplib::Server on a free port that
// records every request): every delivery carries a valid Svix signature (recomputed here with
// libsodium) and a recent timestamp, and a thin body; events for flows, transfers through the rail
// and payout links; retries with exponential backoff while the receiver is down or failing, up to
// --webhook-max-attempts; pending events survive a restart; API calls never wait on delivery.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <thread>
#include <vector>

#include "money_helpers.h"
#include "tax_forms.h"
#include "webhooks.h"

using namespace flowkit::test;
using clock_type = std::chrono::steady_clock;

namespace {

// ---- the receiver's side: Svix verification written independently of the sandbox ----

std::string b64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string hmac_key(const std::string& secret) {
  const std::string prefix = "whsec_";
  if (secret.rfind(prefix, 0) != 0) return secret;
  const std::string text = secret.substr(prefix.size());
  std::string key(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return "";
  key.resize(len);
  return key;
}

// True when one of the header's space-separated "v1,<base64>" entries is the HMAC-SHA256 of
// "{id}.{timestamp}.{body}" under the secret's key.
bool verify(const std::string& secret, const std::string& id, const std::string& timestamp, const std::string& body,
            const std::string& signature_header) {
  if (sodium_init() < 0) return false;
  const std::string key = hmac_key(secret);
  if (key.empty()) return false;
  const std::string content = id + "." + timestamp + "." + body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(content.data()), content.size());
  crypto_auth_hmacsha256_final(&st, mac);
  const std::string expected = b64(mac, sizeof mac);
  std::size_t pos = 0;
  while (pos < signature_header.size()) {
    std::size_t end = signature_header.find(' ', pos);
    if (end == std::string::npos) end = signature_header.size();
    const std::string entry = signature_header.substr(pos, end - pos);
    if (entry.rfind("v1,", 0) == 0) {
      const std::string sig = entry.substr(3);
      if (sig.size() == expected.size() && sodium_memcmp(sig.data(), expected.data(), sig.size()) == 0) return true;
    }
    pos = end + 1;
  }
  return false;
}

// ---- the receiver ----

struct delivery {
  std::string id, timestamp, signature, content_type, body;
  json payload;
  int answered = 0;  // the status the receiver answered
  clock_type::time_point at;
  std::string event() const { return payload.is_object() ? payload.value("event", "") : ""; }
  std::string object_id() const {
    for (const char* k : {"flow_id", "payout_link_id", "transfer_id"})
      if (payload.is_object() && payload.contains(k)) return payload[k].get<std::string>();
    return "";
  }
};

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

class receiver {
 public:
  explicit receiver(int port = 0) : port_(port) {}
  ~receiver() { stop(); }
  receiver(const receiver&) = delete;
  receiver& operator=(const receiver&) = delete;

  std::function<int(int n)> status_for = [](int) { return 204; };  // answer to the n-th request (0-based)
  int delay_ms = 0;                                                // how long each answer takes

  void start() {
    server_.Post("/hooks", [this](const httplib::Request& req, httplib::Response& res) {
      delivery d;
      d.at = clock_type::now();
      d.id = req.get_header_value("svix-id");
      d.timestamp = req.get_header_value("svix-timestamp");
      d.signature = req.get_header_value("svix-signature");
      d.content_type = req.get_header_value("Content-Type");
      d.body = req.body;
      d.payload = json::parse(req.body, nullptr, false);
      int n = 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        n = static_cast<int>(got_.size());
        d.answered = status_for(n);
        got_.push_back(d);
      }
      if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      res.status = d.answered;
    });
    if (port_ == 0) {
      port_ = server_.bind_to_any_port("127.0.0.1");
      ASSERT_GT(port_, 0);
    } else {
      ASSERT_TRUE(server_.bind_to_port("127.0.0.1", port_)) << "port " << port_;
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks"; }

  std::vector<delivery> all() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return got_;
  }
  // Polls until pred(all()) holds (or the timeout); returns all().
  std::vector<delivery> wait_until(const std::function<bool(const std::vector<delivery>&)>& pred,
                                   int timeout_ms = 10000) const {
    auto deadline = clock_type::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      auto got = all();
      if (pred(got)) return got;
      if (clock_type::now() > deadline) {
        ADD_FAILURE() << "the receiver did not get the expected deliveries; it has " << got.size();
        return got;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  int port_;
  httplib::Server server_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<delivery> got_;
};

// Accepted (2xx) deliveries of one event for one object.
int count(const std::vector<delivery>& got, const std::string& event, const std::string& id) {
  int n = 0;
  for (const auto& d : got)
    if (d.answered / 100 == 2 && d.event() == event && d.object_id() == id) ++n;
  return n;
}
std::function<bool(const std::vector<delivery>&)> has(const std::string& event, const std::string& id, int n = 1) {
  return [=](const std::vector<delivery>& got) { return count(got, event, id) >= n; };
}

// Every delivery: valid signature, recent timestamp, JSON content type, thin body.
void expect_valid(const delivery& d, const std::string& secret) {
  EXPECT_EQ(d.id.rfind("msg_", 0), 0u) << d.id;
  EXPECT_TRUE(verify(secret, d.id, d.timestamp, d.body, d.signature)) << d.signature << " " << d.body;
  ASSERT_FALSE(d.timestamp.empty());
  const long long ts = std::stoll(d.timestamp);
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_LE(std::llabs(now - ts), 60) << "svix-timestamp is seconds, and recent";
  EXPECT_EQ(d.content_type.rfind("application/json", 0), 0u) << d.content_type;
  ASSERT_TRUE(d.payload.is_object()) << d.body;
  EXPECT_EQ(d.payload.size(), 3u) << "thin: event, the object's id, created: " << d.body;
  EXPECT_TRUE(d.payload["created"].is_string()) << d.body;
  const std::string event = d.event();
  EXPECT_TRUE(event == "flow.updated" || event == "payout_link.updated" || event == "transfer.updated") << d.body;
  EXPECT_FALSE(d.object_id().empty()) << d.body;
}
void expect_all_valid(const std::vector<delivery>& got, const std::string& secret) {
  for (const auto& d : got) expect_valid(d, secret);
}

std::string webhook_secret_of(const sandbox_process& sb) {
  std::smatch m;
  const std::string log = sb.log();
  if (!std::regex_search(log, m, std::regex(R"(flowkit-sandbox webhook_secret: (\S+))"))) return "";
  return m[1];
}

sandbox_options hooked(const std::string& url, std::vector<std::string> more = {}) {
  sandbox_options o;
  o.args = {"--webhook-url", url, "--webhook-retry-base-ms", "100", "--rail-delay-ms", "300"};
  o.args.insert(o.args.end(), more.begin(), more.end());
  return o;
}

std::string balance_transfer(const sandbox_process& sb, const json& user, std::int64_t amount) {
  reply r = sb.app("POST", "/api/v2/transfers", json{{"amount", amount}, {"user_id", user["id"]}});
  EXPECT_EQ(r.status, 200) << r.raw;
  return id_of(r.body);
}

const json k_phone = {{"country_code", "1"}, {"phone_number", "4155550123"}};

}  // namespace

TEST(webhooks, the_signer_matches_svix_and_secrets_parse) {
  // Svix's published example: secret, message id, timestamp and body -> this signature.
  auto key = flowkit::sandbox::webhooks::key_of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  const std::string body = R"({"test": 2432232314})";
  const std::string expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  EXPECT_EQ(flowkit::sandbox::webhooks::signature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body), expected);
  EXPECT_TRUE(verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body,
                     expected));
  EXPECT_TRUE(verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body,
                     "v1,bm90IGl0 " + expected))
      << "any one of several signatures may match";
  EXPECT_FALSE(flowkit::sandbox::webhooks::key_of("whsec_not base64!"));
  EXPECT_EQ(flowkit::sandbox::webhooks::key_of("plain-secret"), std::optional<std::string>("plain-secret"));
  const std::string fresh = flowkit::sandbox::webhooks::new_secret();
  EXPECT_EQ(fresh.rfind("whsec_", 0), 0u);
  EXPECT_EQ(hmac_key(fresh).size(), 32u);
  EXPECT_NE(fresh, flowkit::sandbox::webhooks::new_secret());
}

TEST(webhooks, a_tampered_delivery_fails_verification) {
  receiver rx;
  rx.start();
  sandbox_process sb(hooked(rx.url()));
  const std::string secret = webhook_secret_of(sb);
  ASSERT_EQ(secret.rfind("whsec_", 0), 0u) << sb.log();
  reply link = sb.app("POST", "/api/v2/payout-links", json{{"amount", 500}});
  ASSERT_EQ(link.status, 200) << link.raw;
  auto got = rx.wait_until(has("payout_link.updated", id_of(link.body)));
  ASSERT_EQ(got.size(), 1u);
  const delivery& d = got[0];
  EXPECT_TRUE(verify(secret, d.id, d.timestamp, d.body, d.signature));

  std::string body = d.body;
  body.replace(body.find(id_of(link.body)), 1, body[body.find(id_of(link.body))] == 'a' ? "b" : "a");
  EXPECT_FALSE(verify(secret, d.id, d.timestamp, body, d.signature)) << "another object id";
  EXPECT_FALSE(verify(secret, d.id, d.timestamp, d.body + " ", d.signature)) << "one byte more";
  EXPECT_FALSE(verify(secret, d.id, std::to_string(std::stoll(d.timestamp) + 1), d.body, d.signature)) << "replayed later";
  EXPECT_FALSE(verify(secret, "msg_other", d.timestamp, d.body, d.signature)) << "another message id";
  EXPECT_FALSE(verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", d.id, d.timestamp, d.body, d.signature))
      << "another secret";
  EXPECT_FALSE(verify(secret, d.id, d.timestamp, d.body, "v2," + d.signature.substr(3))) << "only v1 counts";
}

TEST(webhooks, a_flow_completing_onboarding_and_steps_sends_flow_updated) {
  receiver rx;
  rx.start();
  sandbox_process sb(hooked(rx.url()));
  const std::string secret = webhook_secret_of(sb);
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  const std::string flow_id = id_of(flow);
  std::string token = sb.session_for(flow);
  reply sent = sb.widget("POST", "/api/widget/v1/onboarding/send-code", token, k_phone);
  ASSERT_EQ(sent.status, 200) << sent.raw;
  reply ok = sb.widget("POST", "/api/widget/v1/onboarding/verify", token,
                       json{{"code", sb.last_code_for("+14155550123")}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  rx.wait_until(has("flow.updated", flow_id));

  // The compliance step completes only with a tax form on file (server-side step rules).
  ASSERT_EQ(sb.widget("PUT", "/api/widget/v1/compliance", token, w9_form()).status, 200);
  reply step = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", token, json{{"status", "completed"}});
  ASSERT_EQ(step.status, 200) << step.raw;
  rx.wait_until(has("flow.updated", flow_id, 2));
  reply again = sb.widget("POST", "/api/widget/v1/flow/steps/compliance/complete", token, json{{"status", "completed"}});
  ASSERT_EQ(again.status, 200) << again.raw;
  std::this_thread::sleep_for(std::chrono::milliseconds(400));

  auto got = rx.all();
  EXPECT_EQ(count(got, "flow.updated", flow_id), 2) << "creating the flow and repeating a step change nothing";
  EXPECT_EQ(got.size(), 2u);
  expect_all_valid(got, secret);
  for (const auto& d : got) {
    EXPECT_EQ(d.payload["flow_id"], flow_id);
    EXPECT_EQ(d.body.find("4155550123"), std::string::npos) << "no personal data: " << d.body;
    EXPECT_EQ(d.body.rfind(R"({"event":"flow.updated","flow_id":")", 0), 0u) << d.body;
  }
  EXPECT_NE(got[0].id, got[1].id) << "one message id per event";
}

TEST(webhooks, a_transfer_through_the_rail_sends_each_status_change) {
  receiver rx;
  rx.start();
  sandbox_process sb(hooked(rx.url()));
  const std::string secret = webhook_secret_of(sb);
  json user = sb.create_user("4155550101");
  const std::string funding = balance_transfer(sb, user, -5000);  // completed at once: one event
  add_method(sb, user, paypal_method());

  std::string ok_id, failing_id;
  for (std::int64_t amount : {1000, 1013}) {  // 1013: the rail fails it
    reply r = sb.app("POST", "/api/v2/payouts", json{{"user_id", user["id"]}, {"amount", amount}, {"platform", "paypal"}});
    ASSERT_EQ(r.status, 200) << r.raw;
    (amount == 1000 ? ok_id : failing_id) = id_of(r.body);
  }
  EXPECT_EQ(wait_transfer(sb, ok_id, {"completed", "failed"})["status"], "completed");
  EXPECT_EQ(wait_transfer(sb, failing_id, {"completed", "failed"})["status"], "failed");
  // created, pending, completed | failed
  rx.wait_until([&](const std::vector<delivery>& got) {
    return count(got, "transfer.updated", ok_id) >= 3 && count(got, "transfer.updated", failing_id) >= 3 &&
           count(got, "transfer.updated", funding) >= 1;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto got = rx.all();
  EXPECT_EQ(count(got, "transfer.updated", funding), 1);
  EXPECT_EQ(count(got, "transfer.updated", ok_id), 3);
  EXPECT_EQ(count(got, "transfer.updated", failing_id), 3);
  EXPECT_EQ(got.size(), 7u);
  expect_all_valid(got, secret);
  std::string last_created;  // best effort by creation: a healthy receiver sees them in order
  for (const auto& d : got) {
    EXPECT_GE(d.payload["created"].get<std::string>(), last_created);
    last_created = d.payload["created"].get<std::string>();
  }
}

TEST(webhooks, payout_links_created_claimed_canceled_and_delivered) {
  receiver rx;
  rx.start();
  sandbox_process sb(hooked(rx.url()));
  const std::string secret = webhook_secret_of(sb);

  reply canceled = sb.app("POST", "/api/v2/payout-links", json{{"amount", 700}});
  ASSERT_EQ(canceled.status, 200) << canceled.raw;
  const std::string a = id_of(canceled.body);
  ASSERT_EQ(sb.app("DELETE", "/api/v2/payout-links/" + a).status, 200);
  ASSERT_EQ(sb.app("DELETE", "/api/v2/payout-links/" + a).status, 409);  // no change, no event

  reply created = sb.app("POST", "/api/v2/payout-links",
                         json{{"amount", 2500}, {"payee", {{"country_code", "1"}, {"phone_number", "4155550177"}}},
                              {"delivery", {{"method", "sms"}}}});
  ASSERT_EQ(created.status, 200) << created.raw;
  const std::string b = id_of(created.body);
  json flow = sb.app("GET", "/api/v2/flows/" + created.body["flow_id"].get<std::string>()).body;
  std::string token = verified_session(sb, flow, "+14155550177");
  ASSERT_EQ(sb.widget("GET", "/api/widget/v1/wallet", token).status, 200);  // claims the link
  ASSERT_EQ(sb.widget("GET", "/api/widget/v1/wallet", token).status, 200);  // once
  rx.wait_until([&](const std::vector<delivery>& got) {
    return count(got, "payout_link.updated", a) >= 2 && count(got, "payout_link.updated", b) >= 2 &&
           count(got, "flow.updated", id_of(flow)) >= 1;
  });

  reply saved = sb.widget("PUT", "/api/widget/v1/payout-methods", token, json{{"platform", "venmo"}, {"handle", "@pat-smith"}});
  ASSERT_EQ(saved.status, 200) << saved.raw;
  reply paid = sb.widget("POST", "/api/widget/v1/payouts", token,
                         json{{"amount", 2500}, {"payout_method_id", saved.body["saved"]["id"]}, {"idempotency_key", "k1"}});
  ASSERT_EQ(paid.status, 200) << paid.raw;
  EXPECT_EQ(wait_transfer(sb, id_of(paid.body), {"completed", "failed"})["status"], "completed");
  rx.wait_until(has("payout_link.updated", b, 3));  // delivered
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto got = rx.all();
  EXPECT_EQ(count(got, "payout_link.updated", a), 2) << "created, canceled";
  EXPECT_EQ(count(got, "payout_link.updated", b), 3) << "created (sent), claimed, delivered";
  EXPECT_EQ(count(got, "flow.updated", id_of(flow)), 1) << "onboarding";
  EXPECT_EQ(count(got, "transfer.updated", id_of(paid.body)), 3);
  expect_all_valid(got, secret);
  for (const auto& d : got) EXPECT_EQ(d.body.find("4155550177"), std::string::npos) << d.body;
}

TEST(webhooks, failed_deliveries_are_retried_with_exponential_backoff) {
  receiver rx;
  rx.status_for = [](int n) { return n < 3 ? 503 : 200; };
  rx.start();
  sandbox_process sb(hooked(rx.url(), {"--webhook-retry-base-ms", "200"}));  // the later flag wins
  const std::string secret = webhook_secret_of(sb);
  json user = sb.create_user("4155550102");
  const std::string id = balance_transfer(sb, user, -100);
  auto got = rx.wait_until(has("transfer.updated", id));
  ASSERT_EQ(got.size(), 4u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    expect_valid(got[i], secret);  // each attempt is signed with its own timestamp
    EXPECT_EQ(got[i].id, got[0].id) << "the same message id on every attempt";
    EXPECT_EQ(got[i].body, got[0].body);
  }
  for (std::size_t i = 1; i < got.size(); ++i) {
    auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(got[i].at - got[i - 1].at).count();
    EXPECT_GE(gap, (200 << (i - 1)) - 10) << "wait before attempt " << i + 1;
  }
  EXPECT_NE(sb.log().find("attempt 3 failed (HTTP 503); retrying in 800 ms"), std::string::npos) << sb.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(rx.all().size(), 4u) << "delivered: no more attempts";
}

TEST(webhooks, an_event_is_given_up_after_the_last_attempt) {
  receiver rx;
  rx.status_for = [](int) { return 500; };
  rx.start();
  sandbox_process sb(hooked(rx.url(), {"--webhook-retry-base-ms", "50", "--webhook-max-attempts", "3"}));
  json user = sb.create_user("4155550103");
  balance_transfer(sb, user, -100);
  rx.wait_until([](const std::vector<delivery>& got) { return got.size() >= 3; });
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // a 4th attempt would come after 200 ms
  EXPECT_EQ(rx.all().size(), 3u);
  EXPECT_NE(sb.log().find("gave up after 3 attempts"), std::string::npos) << sb.log();
}

TEST(webhooks, events_wait_while_the_receiver_is_down) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  receiver rx(port);
  sandbox_process sb(hooked(rx.url()));
  const std::string secret = webhook_secret_of(sb);
  json user = sb.create_user("4155550104");
  const std::string transfer = balance_transfer(sb, user, -300);
  reply link = sb.app("POST", "/api/v2/payout-links", json{{"amount", 400}});
  ASSERT_EQ(link.status, 200) << link.raw;
  std::this_thread::sleep_for(std::chrono::milliseconds(900));  // attempts at ~0, 100, 300, 700 ms fail
  EXPECT_NE(sb.log().find("attempt 3 failed"), std::string::npos) << sb.log();
  EXPECT_EQ(sb.log().find("gave up"), std::string::npos);

  rx.start();
  auto got = rx.wait_until([&](const std::vector<delivery>& got) {
    return count(got, "transfer.updated", transfer) >= 1 && count(got, "payout_link.updated", id_of(link.body)) >= 1;
  });
  EXPECT_EQ(got.size(), 2u);
  expect_all_valid(got, secret);
}

TEST(webhooks, pending_events_survive_a_restart) {
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "flowkit-hooks-XXXXXX").string();
  ASSERT_TRUE(mkdtemp(dir.data()));
  const int port = free_port();
  ASSERT_GT(port, 0);
  receiver rx(port);
  sandbox_options first = hooked(rx.url());
  first.db_path = dir + "/hooks.db";
  std::string secret, transfer, link;
  {
    sandbox_process sb(first);
    secret = webhook_secret_of(sb);
    json user = sb.create_user("4155550105");
    transfer = balance_transfer(sb, user, -200);
    link = id_of(sb.app("POST", "/api/v2/payout-links", json{{"amount", 300}}).body);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }  // SIGTERM with both events pending (the destructor checks a clean exit)

  rx.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(rx.all().empty()) << "nobody delivers while the sandbox is down";

  sandbox_options second;
  second.db_path = first.db_path;  // no webhook flags: the URL and the generated secret are stored
  second.args = {"--webhook-retry-base-ms", "100"};
  sandbox_process sb(second);
  EXPECT_EQ(webhook_secret_of(sb), secret) << "the generated secret is kept";
  auto got = rx.wait_until([&](const std::vector<delivery>& got) {
    return count(got, "transfer.updated", transfer) >= 1 && count(got, "payout_link.updated", link) >= 1;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  got = rx.all();
  EXPECT_EQ(got.size(), 2u);
  expect_all_valid(got, secret);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(webhooks, api_calls_answer_fast_while_the_receiver_hangs) {
  receiver rx;
  rx.delay_ms = 3000;
  rx.start();
  auto sb = std::make_unique<sandbox_process>(hooked(rx.url()));
  const std::string secret = webhook_secret_of(*sb);
  json user = sb->create_user("4155550106");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto t0 = clock_type::now();
    ids.push_back(balance_transfer(*sb, user, -100));
    reply list = sb->app("GET", "/api/v2/transfers");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count();
    EXPECT_EQ(list.status, 200);
    EXPECT_LT(ms, 1000) << "call " << i << " waited on a delivery";
    std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the first delivery is in flight now
  }
  auto got = rx.wait_until([](const std::vector<delivery>& got) { return !got.empty(); });
  expect_all_valid(got, secret);
  EXPECT_EQ(got[0].payload["transfer_id"], ids[0]);
  // Stopping with a delivery in flight aborts it and still exits cleanly and quickly.
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  auto t0 = clock_type::now();
  sb.reset();
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count(), 2000);
}

TEST(webhooks, given_secrets_sign_and_no_url_means_no_events) {
  const std::string whsec = "whsec_" + b64(reinterpret_cast<const unsigned char*>("0123456789abcdef0123456789abcdef"), 32);
  for (const std::string& given : {whsec, std::string("a-plain-shared-secret")}) {
    receiver rx;
    rx.start();
    sandbox_process sb(hooked(rx.url(), {"--webhook-secret", given}));
    EXPECT_EQ(webhook_secret_of(sb), given);
    json user = sb.create_user("4155550107");
    const std::string id = balance_transfer(sb, user, -100);
    auto got = rx.wait_until(has("transfer.updated", id));
    expect_all_valid(got, given);
  }

  // Without a URL nothing is queued; a URL given at a later start only sees later changes.
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "flowkit-hooks-XXXXXX").string();
  ASSERT_TRUE(mkdtemp(dir.data()));
  sandbox_options plain;
  plain.db_path = dir + "/plain.db";
  {
    sandbox_process sb(plain);
    EXPECT_EQ(webhook_secret_of(sb), "") << "no webhook secret is printed without a URL";
    json user = sb.create_user("4155550108");
    balance_transfer(sb, user, -100);
  }
  receiver rx;
  rx.start();
  sandbox_options later = hooked(rx.url());
  later.db_path = plain.db_path;
  {
    sandbox_process sb(later);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    EXPECT_TRUE(rx.all().empty());
    json user = sb.create_user("4155550109");
    const std::string id = balance_transfer(sb, user, -100);
    auto got = rx.wait_until(has("transfer.updated", id));
    EXPECT_EQ(got.size(), 1u);
    expect_all_valid(got, webhook_secret_of(sb));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(webhooks, bad_webhook_flags_are_refused) {
  for (const std::string& args :
       {"--webhook-url ftp://example.com/hooks", "--webhook-url http://", "--webhook-url 'http://a b/'",
        "--webhook-url http://127.0.0.1:1/h --webhook-secret 'whsec_***'", "--webhook-secret ''",
        "--webhook-retry-base-ms 0", "--webhook-max-attempts 0"}) {
    // Flags are checked before the database is opened: nothing is created.
    const std::string cmd = std::string(FLOWKIT_SANDBOX_BIN) + " --port 0 --db /nonexistent-dir/x.db " + args +
                            " >/dev/null 2>&1";
    int rc = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(rc)) << args;
    EXPECT_EQ(WEXITSTATUS(rc), 2) << args;
  }
}
