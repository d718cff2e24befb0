// Test helper: runs the real flowkit-sandbox binary on a free port with a fresh temporary
// database and a small fake widget folder, parses its start-up lines, and offers JSON calls
// against the app API (Basic auth) and the widget API (Bearer). Stops the process on exit.
#pragma once
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace flowkit::test {

using json = nlohmann::json;

struct reply {
  int status = 0;           // 0 when the request failed at the transport
  json body;                // discarded (is_discarded()) when the body is not JSON
  std::string raw;
  httplib::Headers headers;
  std::string header(const std::string& name) const;  // "" when absent
};

struct sandbox_options {
  std::vector<std::string> args;  // extra flags, e.g. {"--widget-session-ttl", "1"}
  bool with_widget_dir = true;
  std::string db_path;            // "" -> a fresh database in the temporary folder
  std::vector<std::string> env;   // extra environment entries, "NAME=value"
};

class sandbox_process {
 public:
  explicit sandbox_process(sandbox_options options = {});  // asserts (gtest) the sandbox started
  ~sandbox_process();
  sandbox_process(const sandbox_process&) = delete;
  sandbox_process& operator=(const sandbox_process&) = delete;

  int port = 0;
  std::string client_id, api_key;
  std::string dir;      // temporary folder holding the database, the log and widget/
  std::string db_path;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port); }
  std::string log() const;

  httplib::Client client() const;  // no credentials, no automatic decompression

  // App API with Basic auth. body: a json value, or a raw string sent as is.
  reply app(const std::string& method, const std::string& path, const std::optional<json>& body = std::nullopt) const;
  reply app_raw(const std::string& method, const std::string& path, const std::string& raw_body) const;
  // Widget API with an optional Bearer token ("" sends no Authorization header).
  reply widget(const std::string& method, const std::string& path, const std::string& token,
               const std::optional<json>& body = std::nullopt) const;
  reply send(const std::string& method, const std::string& path, const httplib::Headers& headers,
             const std::optional<std::string>& raw_body) const;

  // Conveniences built on the calls above.
  json create_flow(const json& body) const;                        // expects 200
  json create_user(const std::string& national_number) const;      // expects 200
  std::string session_for(const json& flow) const;                 // exchanges the link secret; returns the token
  std::string last_code_for(const std::string& e164) const;        // newest code from /api/v2/sandbox/sms

 private:
  int pid_ = -1;
};

std::string link_secret_of(const json& flow);  // the part after "#s=" in flow["link"]

}  // namespace flowkit::test
