// Starts flowkit-sandbox (path from FLOWKIT_SANDBOX_BIN) as a child process with posix_spawn,
// waits for its "listening on" line in the log file, and talks to it with httplib::Client.
// The child's output goes to a file, so a chatty sandbox can never block on a full pipe.
#include "sandbox_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

extern char** environ;

namespace flowkit::test {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "flowkit-api-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

reply to_reply(const httplib::Result& res) {
  reply r;
  if (!res) return r;
  r.status = res->status;
  r.raw = res->body;
  r.headers = res->headers;
  r.body = json::parse(res->body, nullptr, false);
  return r;
}

}  // namespace

std::string reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

sandbox_process::sandbox_process(sandbox_options options) {
  dir = make_temp_dir();
  db_path = options.db_path.empty() ? dir + "/sandbox.db" : options.db_path;
  const std::string log_path = dir + "/sandbox.log";
  fs::create_directories(dir + "/widget");
  write_file(dir + "/widget/index.html", "<!doctype html><title>flowkit test widget</title>");
  write_file(dir + "/widget/flowkit.js", "console.log('plain');");
  write_file(dir + "/widget/flowkit.js.br", "BROTLI-BYTES");
  write_file(dir + "/widget/flowkit.js.gz", "GZIP-BYTES");
  write_file(dir + "/widget/flowkit.wasm", std::string("\0asm\1\0\0\0", 8));
  write_file(dir + "/secret.txt", "TOP-SECRET-OUTSIDE-WIDGET-DIR");

  std::vector<std::string> args = {FLOWKIT_SANDBOX_BIN, "--port", "0", "--db", db_path,
                                   "--allowed-origin", "https://host.example"};
  if (options.with_widget_dir) {
    args.push_back("--widget-dir");
    args.push_back(dir + "/widget");
  }
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  for (auto& e : options.env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(std::string("cannot start ") + FLOWKIT_SANDBOX_BIN);
  pid_ = pid;

  const std::regex listening(R"(flowkit-sandbox listening on http://127\.0\.0\.1:(\d+))");
  const std::regex client_line(R"(flowkit-sandbox client_id: (\S+))");
  const std::regex key_line(R"(flowkit-sandbox api_key: (\S+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string text = read_text(log_path);
    std::smatch m;
    if (std::regex_search(text, m, listening)) {
      port = std::stoi(m[1]);
      if (std::regex_search(text, m, client_line)) client_id = m[1];
      if (std::regex_search(text, m, key_line)) api_key = m[1];
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("flowkit-sandbox exited early:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("flowkit-sandbox did not print its listening line:\n" + read_text(log_path));
}

sandbox_process::~sandbox_process() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 250 && !exited; ++i) {
      exited = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!exited) {
      ADD_FAILURE() << "flowkit-sandbox did not stop on SIGTERM";
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ADD_FAILURE() << "flowkit-sandbox did not exit cleanly on SIGTERM\n" << log();
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

std::string sandbox_process::log() const { return read_text(dir + "/sandbox.log"); }

httplib::Client sandbox_process::client() const {
  httplib::Client c("127.0.0.1", port);
  c.set_decompress(false);
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  return c;
}

reply sandbox_process::send(const std::string& method, const std::string& path, const httplib::Headers& headers,
                            const std::optional<std::string>& raw_body) const {
  httplib::Client c = client();
  c.set_decompress(true);
  const std::string body = raw_body.value_or("");
  const char* type = "application/json";
  if (method == "GET") return to_reply(c.Get(path, headers));
  if (method == "DELETE") return to_reply(c.Delete(path, headers));
  if (method == "OPTIONS") return to_reply(c.Options(path, headers));
  if (method == "PUT") return to_reply(c.Put(path, headers, body, type));
  return to_reply(c.Post(path, headers, body, type));
}

reply sandbox_process::app(const std::string& method, const std::string& path, const std::optional<json>& body) const {
  return app_raw(method, path, body ? body->dump() : "");
}

reply sandbox_process::app_raw(const std::string& method, const std::string& path, const std::string& raw_body) const {
  httplib::Headers headers = {httplib::make_basic_authentication_header(client_id, api_key)};
  return send(method, path, headers, raw_body);
}

reply sandbox_process::widget(const std::string& method, const std::string& path, const std::string& token,
                              const std::optional<json>& body) const {
  httplib::Headers headers;
  if (!token.empty()) headers.insert({"Authorization", "Bearer " + token});
  return send(method, path, headers, body ? std::optional<std::string>(body->dump()) : std::nullopt);
}

json sandbox_process::create_flow(const json& body) const {
  reply r = app("POST", "/api/v2/flows", body);
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body;
}

json sandbox_process::create_user(const std::string& national_number) const {
  reply r = app("POST", "/api/v2/users",
                json{{"first_name", "Ada"},
                     {"last_name", "Lovelace"},
                     {"email", "ada@example.com"},
                     {"country_code", "1"},
                     {"phone_number", national_number}});
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body;
}

std::string sandbox_process::session_for(const json& flow) const {
  reply r = widget("POST", "/api/widget/v1/flows/" + flow["id"].get<std::string>() + "/session", "",
                   json{{"link_secret", link_secret_of(flow)}});
  EXPECT_EQ(r.status, 200) << r.raw;
  return r.body.value("token", "");
}

std::string sandbox_process::last_code_for(const std::string& e164) const {
  reply r = app("GET", "/api/v2/sandbox/sms?phone_number=" + httplib::detail::encode_query_param(e164));
  EXPECT_EQ(r.status, 200) << r.raw;
  if (r.status != 200 || !r.body["data"].is_array() || r.body["data"].empty()) return "";
  return r.body["data"][0].value("code", "");
}

std::string link_secret_of(const json& flow) {
  const std::string link = flow.value("link", "");
  auto pos = link.find("#s=");
  return pos == std::string::npos ? "" : link.substr(pos + 3);
}

}  // namespace flowkit::test
