// JSON responses and errors, input parsing, credentials, time and logging for the routes.
// Messages never echo request bodies; logs carry method and path only.
#include "http_util.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "crypto.h"
#include "http_server.h"

namespace flowkit::sandbox {

void fail(int status, std::string code, std::string message, std::string field, json extra) {
  api_error err;
  err.status = status;
  err.code = std::move(code);
  err.message = std::move(message);
  err.field = std::move(field);
  err.extra = std::move(extra);
  throw err;
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, const api_error& err) {
  json e = {{"code", err.code}, {"message", err.message}};
  if (!err.field.empty()) e["field"] = err.field;
  if (err.extra.is_object())
    for (auto& [k, v] : err.extra.items()) e[k] = v;
  send_json(res, err.status, json{{"error", e}});
}

// Deepest [ / { nesting outside strings. Deep documents would overflow the stack in the
// recursive parts of nlohmann::json (dump, comparisons), so they are refused before parsing.
static std::size_t nesting_depth(const std::string& text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

json parse_object_body(const httplib::Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
  if (nesting_depth(req.body) > k_max_json_depth)
    fail(400, "invalid_json", "The request body is nested too deeply.");
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) fail(400, "invalid_json", "The request body is not valid JSON.");
  if (!body.is_object()) fail(400, "invalid_json", "The request body must be a JSON object.");
  return body;
}

std::optional<std::string> opt_string(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) fail(400, "invalid_type", std::string(field) + " must be a string.", field);
  return it->get<std::string>();
}

std::string need_string(const json& obj, const char* field) {
  auto value = opt_string(obj, field);
  if (!value || value->empty()) fail(422, "missing_field", std::string(field) + " is required.", field);
  return *value;
}

std::optional<bool> opt_bool(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) fail(400, "invalid_type", std::string(field) + " must be true or false.", field);
  return it->get<bool>();
}

page_request read_page_request(const httplib::Request& req) {
  page_request page;
  if (req.has_param("limit")) {
    std::string text = req.get_param_value("limit");
    bool digits = !text.empty() && text.size() <= 3 && text.find_first_not_of("0123456789") == std::string::npos;
    int value = digits ? std::stoi(text) : 0;
    if (value < 1 || value > 100)
      fail(400, "invalid_parameter", "limit must be an integer between 1 and 100.", "limit");
    page.limit = value;
  }
  if (req.has_param("starting_after") && !req.get_param_value("starting_after").empty())
    page.starting_after = req.get_param_value("starting_after");
  if (req.has_param("ending_before") && !req.get_param_value("ending_before").empty())
    page.ending_before = req.get_param_value("ending_before");
  if (page.starting_after && page.ending_before)
    fail(400, "invalid_parameter", "Use starting_after or ending_before, not both.", "ending_before");
  return page;
}

std::optional<std::pair<std::string, std::string>> basic_credentials(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Basic ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  auto decoded = base64_decode(std::string_view(header).substr(prefix.size()));
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

std::optional<std::string> bearer_token(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return header.substr(prefix.size());
}

static void answer_internal_error(const httplib::Request& req, httplib::Response& res, const char* what) {
  log_line("error: " + log_escape(req.method) + " " + log_escape(req.path) + " failed: " + log_escape(what));
  api_error err;
  err.status = 500;
  err.code = "internal_error";
  err.message = "The sandbox hit an unexpected error; see its log.";
  send_error(res, err);
}

httplib::Server::Handler guarded(handler fn) {
  return [fn = std::move(fn)](const httplib::Request& req, httplib::Response& res) {
    try {
      // A chunked body is framed within the connection's budget (http_server.cpp); its decoded
      // size is checked here, before any route reads it.
      if (req.body.size() > k_max_body_bytes) fail(413, "payload_too_large", "The request body is too large.");
      fn(req, res);
    } catch (const api_error& err) {
      send_error(res, err);
    } catch (const std::exception& e) {
      answer_internal_error(req, res, e.what());
    } catch (...) {
      answer_internal_error(req, res, "unknown exception");
    }
  };
}

void install_error_handlers(httplib::Server& server) {
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route already answered
    if (int refused = connection_refusal()) {  // the connection loop stopped reading this request
      res.status = refused;
      res.set_header("Connection", "close");
    }
    api_error err;
    err.status = res.status;
    switch (res.status) {
      case 408: err.code = "request_timeout"; err.message = "The request took too long to arrive."; break;
      case 404: err.code = "not_found"; err.message = "No such route."; break;
      case 413: err.code = "payload_too_large"; err.message = "The request body is too large."; break;
      case 414: err.code = "uri_too_long"; err.message = "The request URI is too long."; break;
      case 416: err.code = "range_not_satisfiable"; err.message = "The Range header is not valid."; break;
      case 431: err.code = "headers_too_large"; err.message = "The request headers are too large or too many."; break;
      default:
        if (res.status >= 500) {
          err.code = "internal_error";
          err.message = "The sandbox hit an unexpected error.";
        } else {
          err.code = "bad_request";
          err.message = "The request could not be processed.";
        }
    }
    send_error(res, err);
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
      answer_internal_error(req, res, "unknown exception");
    } catch (const std::exception& e) {
      answer_internal_error(req, res, e.what());
    } catch (...) {
      answer_internal_error(req, res, "unknown exception");
    }
  });
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso_time(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

std::string log_escape(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '\\' || c == '"') {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

void log_line(const std::string& line) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace flowkit::sandbox
