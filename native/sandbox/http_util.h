// HTTP helpers shared by the sandbox's routes: JSON responses and errors, body and query
// parsing with type checks, credentials from headers, time stamps, and the handler guard
// that turns any failure into a JSON error (bad input never becomes a 500).
#pragma once
#include <httplib.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace flowkit::sandbox {

using json = nlohmann::json;

// Thrown by handlers to answer with {"error": {"code", "message", "field"?, ...extra}}.
struct api_error : std::exception {
  int status = 400;
  std::string code, message, field;
  json extra = json::object();  // more members of "error", e.g. attempts_left, retry_after
  const char* what() const noexcept override { return code.c_str(); }
};

[[noreturn]] void fail(int status, std::string code, std::string message, std::string field = {},
                       json extra = json::object());

void send_json(httplib::Response& res, int status, const json& body);  // never throws on odd UTF-8
void send_error(httplib::Response& res, const api_error& err);

constexpr std::size_t k_max_body_bytes = 64 * 1024;  // larger bodies -> 413, however they are framed

// Request bodies must be JSON objects, nested at most k_max_json_depth deep. An empty body reads as {}.
constexpr std::size_t k_max_json_depth = 32;
json parse_object_body(const httplib::Request& req);  // 400 invalid_json when malformed, too deep or not an object

// Field readers: a JSON null counts as absent. Wrong type -> 400 invalid_type (field set);
// the need_* forms also answer 422 missing_field when absent or empty.
std::optional<std::string> opt_string(const json& obj, const char* field);
std::string need_string(const json& obj, const char* field);
std::optional<bool> opt_bool(const json& obj, const char* field);

struct page_request {
  int limit = 10;                               // 1..100
  std::optional<std::string> starting_after;    // object id; the page holds older objects
  std::optional<std::string> ending_before;     // object id; the page holds newer objects
};
page_request read_page_request(const httplib::Request& req);  // 400 invalid_parameter on a bad limit or both cursors

std::optional<std::pair<std::string, std::string>> basic_credentials(const httplib::Request& req);  // user, password
std::optional<std::string> bearer_token(const httplib::Request& req);

using handler = std::function<void(const httplib::Request&, httplib::Response&)>;
httplib::Server::Handler guarded(handler fn);  // api_error -> its JSON; anything else -> logged 500 internal_error
void install_error_handlers(httplib::Server& server);  // JSON bodies for errors httplib produces itself (404, 413, ...)

std::int64_t now_ms();                  // wall clock, milliseconds since the Unix epoch
std::string iso_time(std::int64_t ms);  // "2024-05-01T12:00:00.000Z"
void log_line(const std::string& line); // one line to stdout, flushed; thread-safe
// Text from a request made safe for one log line: control characters, backslashes, quotes and
// bytes >= 0x7f become \xNN, so a path cannot start a fake line or hide in a terminal.
std::string log_escape(std::string_view text);

}  // namespace flowkit::sandbox
