// Step names and options of flows (see flow_steps.h): every check the app API runs on `steps`
// and on a payout link's `additional_steps` before anything is stored.
#include "flow_steps.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace flowkit::sandbox {

namespace {

constexpr std::array<const char*, 7> k_step_names = {
    "compliance", "id-verification", "background-check", "manage-payments", "manage-payouts", "payout", "redirect"};

void check_bool_option(const json& options, const char* name, const std::string& field) {
  auto it = options.find(name);
  if (it != options.end() && !it->is_null() && !it->is_boolean())
    fail(400, "invalid_type", field + "." + name + " must be true or false.", field + "." + name);
}

void check_step_options(const step_spec& step, const std::string& field) {
  const json& o = step.options;
  check_bool_option(o, "hide_continue_button", field);
  if (step.name == "manage-payouts") {
    check_bool_option(o, "require_default_payout_method", field);
    check_bool_option(o, "require_auto_payout_method", field);
  }
  if (step.name == "payout") {
    auto it = o.find("payout_fee_party");
    if (it != o.end() && !it->is_null()) {
      if (!it->is_string()) fail(400, "invalid_type", field + ".payout_fee_party must be a string.", field + ".payout_fee_party");
      if (*it != "user" && *it != "platform")
        fail(422, "invalid_option", field + ".payout_fee_party must be \"user\" or \"platform\".", field + ".payout_fee_party");
    }
  }
  if (step.name == "redirect") {
    auto it = o.find("redirect_url");
    if (it == o.end() || it->is_null())
      fail(422, "missing_field", "The redirect step needs a redirect_url.", field + ".redirect_url");
    if (!it->is_string()) fail(400, "invalid_type", field + ".redirect_url must be a string.", field + ".redirect_url");
    if (!is_allowed_redirect_url(it->get<std::string>()))
      fail(422, "invalid_option",
           field + ".redirect_url must be an https URL (http only for localhost or 127.0.0.1 in the sandbox).",
           field + ".redirect_url");
  }
}

}  // namespace

bool is_allowed_redirect_url(const std::string& url) {
  if (url.size() > 2048) return false;
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f || c == '\\'; }))
    return false;
  const bool https = url.rfind("https://", 0) == 0;
  const bool http = url.rfind("http://", 0) == 0;
  if (!https && !http) return false;
  const std::size_t start = https ? 8 : 7;
  const std::size_t end = url.find_first_of("/?#", start);
  const std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (authority.empty() || authority.find('@') != std::string::npos) return false;  // no user info
  std::string host = authority;
  if (auto colon = authority.rfind(':'); colon != std::string::npos && authority.front() != '[') {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    host = authority.substr(0, colon);
  }
  if (host.empty()) return false;
  if (https) return true;
  std::string lower_host = host;
  std::transform(lower_host.begin(), lower_host.end(), lower_host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower_host == "localhost" || lower_host == "127.0.0.1";
}

std::vector<step_spec> read_steps(const json& list, const std::string& name) {
  if (!list.is_array()) fail(400, "invalid_type", name + " must be an array of step names or step objects.", name);
  std::vector<step_spec> steps;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& item = list[i];
    const std::string field = name + "[" + std::to_string(i) + "]";
    step_spec step;
    if (item.is_string()) {
      step.name = item.get<std::string>();
    } else if (item.is_object()) {
      auto n = item.find("name");
      if (n == item.end() || n->is_null()) fail(422, "missing_field", field + ".name is required.", field + ".name");
      if (!n->is_string()) fail(400, "invalid_type", field + ".name must be a string.", field + ".name");
      step.name = n->get<std::string>();
      step.options = item;
      step.options.erase("name");
    } else {
      fail(400, "invalid_type", field + " must be a step name or an object with a name.", field);
    }
    if (std::find(k_step_names.begin(), k_step_names.end(), step.name) == k_step_names.end())
      fail(422, "invalid_step",
           field + " is not a known step; use compliance, id-verification, background-check, manage-payments, "
                   "manage-payouts, payout or redirect.",
           field);
    if (std::any_of(steps.begin(), steps.end(), [&](const step_spec& s) { return s.name == step.name; }))
      fail(422, "duplicate_step", field + " repeats a step already in the flow.", field);
    check_step_options(step, field);
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace flowkit::sandbox
