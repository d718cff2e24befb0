// flowkit-sandbox entry point: reads the flags, opens the database, registers the routes and
// serves until SIGINT/SIGTERM. Prints the credentials and one "listening on" line at start.
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "crypto.h"
#include "http_server.h"
#include "http_util.h"
#include "purge.h"
#include "rail.h"
#include "sandbox.h"
#include "webhooks.h"

using namespace flowkit::sandbox;

namespace {

constexpr const char* k_usage = R"(usage: flowkit-sandbox [flags]
  --port N                    listen port (default 8080; 0 picks a free port)
  --host ADDR                 listen address (default 127.0.0.1)
  --db PATH                   SQLite database file (default ./flowkit-sandbox.db)
  --client-id ID              app client id (or FLOWKIT_CLIENT_ID; default: stored or generated)
  --api-key KEY               app api key (or FLOWKIT_API_KEY; default: stored or generated)
  --allowed-origin ORIGIN     host origin allowed to embed flows (repeatable)
  --webhook-url URL           where events are POSTed (http(s); stored: later starts keep it)
  --webhook-secret SECRET     signing secret, whsec_<base64 key> (Svix) or raw text (default: stored or
                              generated once, printed at start)
  --webhook-retry-base-ms MS  wait before the first retry of a failed delivery (default 1000; doubles
                              per failure, at most 10 minutes)
  --webhook-max-attempts N    delivery attempts before an event is given up (default 15)
  --data-key HEX              32-byte key (64 hex characters) that encrypts tax information (or
                              FLOWKIT_DATA_KEY; default: DB_PATH.key, created 0600 on the first start)
  --public-url URL            base of flow links (default http://HOST:PORT)
  --widget-dir DIR            built widget files served at /flow/{id} and /widget/
  --widget-session-ttl SECS   widget session lifetime (default 1800)
  --preauth-window SECS       how long a flow created with a user_id is pre-authorized (default 900)
  --resend-cooldown SECS      minimum time between two SMS codes for one flow or user (default 30)
  --code-ttl SECS             one-time code lifetime (default 600)
  --otp-phone-sends-per-hour N       codes sent to one phone number per rolling hour, all flows (default 10)
  --otp-phone-failures-per-hour N    wrong codes for one phone number per hour before it locks (default 10)
  --otp-address-sends-per-hour N     widget code requests from one client address per hour (default 100)
  --otp-address-verifies-per-hour N  widget code checks from one client address per hour (default 300)
  --rail-delay-ms MS          how long the simulated rail takes to settle a payout (default 3000; pending
                              from half of it). A payout whose amount ends in 13 cents fails.
  --sqlite-synchronous full|normal  full (default): a committed posting survives power loss; normal only
                              to measure what that costs (tests/bench/sandbox_load.sh)
  --request-timeout-ms MS     a request's headers, and then its body, must arrive within this (default 10000;
                              else 408 and the connection closes)
  --log-requests              print one line per request (method, path, status)
  --app-name NAME             the platform's display name payees see (default "Sandbox Platform")
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "flowkit-sandbox: " << message << "\n" << k_usage;
  std::exit(2);
}

std::int64_t parse_int(const std::string& flag, const std::string& value, std::int64_t min, std::int64_t max) {
  if (value.empty() || value.size() > 12 || value.find_first_not_of("0123456789") != std::string::npos)
    usage_error(flag + " needs a whole number");
  std::int64_t n = std::stoll(value);
  if (n < min || n > max) usage_error(flag + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

std::string normalize_origin(const std::string& flag, std::string origin) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  auto scheme = origin.find("://");
  if ((origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) ||
      origin.find('/', scheme + 3) != std::string::npos || origin.size() == scheme + 3 ||
      origin.find_first_of(" ;,'\"") != std::string::npos)
    usage_error(flag + " needs an origin such as https://app.example.com");
  return origin;
}

config parse_flags(int argc, char** argv) {
  config cfg;
  if (const char* v = std::getenv("FLOWKIT_CLIENT_ID"); v && *v) cfg.client_id = v;
  if (const char* v = std::getenv("FLOWKIT_API_KEY"); v && *v) cfg.api_key = v;
  if (const char* v = std::getenv("FLOWKIT_DATA_KEY"); v && *v) cfg.data_key_hex = v;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i], value;
    if (flag == "--help" || flag == "-h") {
      std::cout << k_usage;
      std::exit(0);
    }
    if (flag == "--log-requests") {
      cfg.log_requests = true;
      continue;
    }
    if (auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else {
      if (i + 1 >= argc) usage_error(flag + " needs a value");
      value = argv[++i];
    }
    if (flag == "--port") cfg.port = static_cast<int>(parse_int(flag, value, 0, 65535));
    else if (flag == "--host") cfg.host = value;
    else if (flag == "--db") cfg.db_path = value;
    else if (flag == "--client-id") cfg.client_id = value;
    else if (flag == "--api-key") cfg.api_key = value;
    else if (flag == "--allowed-origin") cfg.allowed_origins.push_back(normalize_origin(flag, value));
    else if (flag == "--webhook-url") cfg.webhook_url = value;
    else if (flag == "--webhook-secret") cfg.webhook_secret = value;
    else if (flag == "--webhook-retry-base-ms") cfg.webhook_retry_base_ms = parse_int(flag, value, 1, 3600 * 1000);
    else if (flag == "--webhook-max-attempts") cfg.webhook_max_attempts = static_cast<int>(parse_int(flag, value, 1, 1000));
    else if (flag == "--data-key") cfg.data_key_hex = value;
    else if (flag == "--public-url") cfg.public_url = value;
    else if (flag == "--widget-dir") cfg.widget_dir = value;
    else if (flag == "--widget-session-ttl") cfg.widget_session_ttl_s = parse_int(flag, value, 1, 7 * 24 * 3600);
    else if (flag == "--preauth-window") cfg.preauth_window_s = parse_int(flag, value, 0, 7 * 24 * 3600);
    else if (flag == "--resend-cooldown") cfg.resend_cooldown_s = parse_int(flag, value, 0, 3600);
    else if (flag == "--code-ttl") cfg.code_ttl_s = parse_int(flag, value, 1, 24 * 3600);
    else if (flag == "--otp-phone-sends-per-hour") cfg.phone_sends_per_hour = static_cast<int>(parse_int(flag, value, 1, 100000));
    else if (flag == "--otp-phone-failures-per-hour") cfg.phone_failures_per_hour = static_cast<int>(parse_int(flag, value, 1, 100000));
    else if (flag == "--otp-address-sends-per-hour") cfg.address_sends_per_hour = static_cast<int>(parse_int(flag, value, 1, 1000000));
    else if (flag == "--otp-address-verifies-per-hour") cfg.address_verifies_per_hour = static_cast<int>(parse_int(flag, value, 1, 1000000));
    else if (flag == "--request-timeout-ms") cfg.request_timeout_ms = static_cast<int>(parse_int(flag, value, 100, 600000));
    else if (flag == "--sqlite-synchronous") {
      if (value != "full" && value != "normal") usage_error("--sqlite-synchronous must be full or normal");
      cfg.durable = value == "full";
    } else if (flag == "--rail-delay-ms") cfg.rail_delay_ms = parse_int(flag, value, 0, 24 * 3600 * 1000);
    else if (flag == "--app-name") cfg.app_name = value.substr(0, 80);
    else usage_error("unknown flag " + flag);
  }
  if (cfg.client_id && cfg.client_id->empty()) usage_error("--client-id must not be empty");
  if (cfg.api_key && cfg.api_key->empty()) usage_error("--api-key must not be empty");
  if (cfg.data_key_hex && (cfg.data_key_hex->size() != 64 ||
                           cfg.data_key_hex->find_first_not_of("0123456789abcdefABCDEF") != std::string::npos))
    usage_error("--data-key (or FLOWKIT_DATA_KEY) needs 64 hex characters");
  if (cfg.webhook_url && !webhooks::valid_url(*cfg.webhook_url))
    usage_error("--webhook-url needs an http:// or https:// URL");
  if (cfg.webhook_secret && (cfg.webhook_secret->empty() || !webhooks::key_of(*cfg.webhook_secret)))
    usage_error("--webhook-secret must be whsec_ followed by base64, or other non-empty text");
  if (!cfg.public_url.empty() && cfg.public_url.rfind("http://", 0) != 0 && cfg.public_url.rfind("https://", 0) != 0)
    usage_error("--public-url must start with http:// or https://");
  return cfg;
}

}  // namespace

int main(int argc, char** argv) {
  crypto_init();
  sandbox sb;
  sb.cfg = parse_flags(argc, argv);
  if (!sb.cfg.widget_dir.empty() && !std::filesystem::is_directory(sb.cfg.widget_dir))
    std::cerr << "flowkit-sandbox: warning: --widget-dir " << sb.cfg.widget_dir
              << " is not a directory; /flow/{id} will answer 503\n";

  app_credentials creds;
  webhooks::settings hooks;
  try {
    sb.db = std::make_unique<database>(sb.cfg.db_path, sb.cfg.durable);
    prepare_data_key(sb);  // first: the api key hash is keyed with it
    creds = prepare_sandbox(sb);
    hooks = webhooks::prepare(*sb.db, creds.app_id, sb.data_key);
  } catch (const std::exception& e) {
    std::cerr << "flowkit-sandbox: " << e.what() << "\n";
    return 1;
  }

  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  server_limits limits;
  limits.header_timeout_ms = limits.body_timeout_ms = sb.cfg.request_timeout_ms;
  http_server server(limits);  // limits, timeouts and the thread pool: http_server.h
  // Debian's libcpp-httplib listens with a backlog of 5, which refuses bursts of connections (50
  // clients at once); remember the listening socket and raise its backlog after binding.
  int listen_fd = -1;
  server.set_socket_options([&listen_fd](int sock) {
    httplib::default_socket_options(sock);
    listen_fd = sock;
  });
  install_error_handlers(server);
  register_app_api(server, sb);
  register_widget_api(server, sb);
  register_static_files(server, sb);
  if (sb.cfg.log_requests)
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      // req.path is percent-decoded: "%0a" is a real newline here. Escape all request text.
      log_line(log_escape(req.method) + " " + log_escape(req.path) + " " + std::to_string(res.status));
    });

  int port = sb.cfg.port;
  if (port == 0) {
    port = server.bind_to_any_port(sb.cfg.host);
    if (port <= 0) {
      std::cerr << "flowkit-sandbox: cannot listen on " << sb.cfg.host << "\n";
      return 1;
    }
  } else if (!server.bind_to_port(sb.cfg.host, port)) {
    std::cerr << "flowkit-sandbox: cannot listen on " << sb.cfg.host << ":" << port << "\n";
    return 1;
  }
  if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
  set_public_origins(sb, port);

  log_line("flowkit-sandbox client_id: " + creds.client_id);
  log_line("flowkit-sandbox api_key: " +
           (creds.api_key.empty() ? std::string("(given on an earlier start; only its hash is kept)") : creds.api_key));
  if (creds.generated) log_line("flowkit-sandbox: generated new credentials; they are kept in " + sb.cfg.db_path);
  if (hooks.url) {
    log_line("flowkit-sandbox webhook_url: " + *hooks.url);
    log_line("flowkit-sandbox webhook_secret: " + hooks.secret.value_or(""));
    if (hooks.secret_generated) log_line("flowkit-sandbox: generated a new webhook secret; it is kept in " + sb.cfg.db_path);
  }
  log_line("flowkit-sandbox listening on http://" + sb.cfg.host + ":" + std::to_string(port));

  rail_worker rail(*sb.db, sb.cfg.rail_delay_ms);  // started after the signal mask: it inherits it
  webhooks::delivery_policy policy;
  policy.retry_base_ms = sb.cfg.webhook_retry_base_ms;
  policy.max_attempts = sb.cfg.webhook_max_attempts;
  webhooks::worker deliveries(*sb.db, policy, sb.data_key);  // delivers pending events, also those of earlier runs
  purge_worker purge(*sb.db, 3600 * 1000);      // expired sessions, spent codes, ...: now and every hour
  std::thread stopper([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  bool ok = server.listen_after_bind();
  if (!ok) std::cerr << "flowkit-sandbox: the server stopped with an error\n";
  // listen_after_bind also returns after stop(); wake the stopper if it is still waiting.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  rail.stop();
  purge.stop();
  deliveries.stop();  // aborts an attempt in flight; the event stays pending for the next start
  return ok ? 0 : 1;
}
