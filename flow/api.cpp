// Request builders and defensive parsers for the widget API (see api.h).
#include "api.h"
#include <nlohmann/json.hpp>

namespace fk::api {
using json = nlohmann::json;

namespace {
const std::string k_base = "/api/widget/v1";

http_request authed(std::string method, std::string path, const std::string& token, std::string body = {}) {
    http_request r{std::move(method), std::move(path), std::move(body), {}};
    r.headers.emplace_back("Authorization", "Bearer " + token);
    if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    return r;
}

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int integer(const json& j, const char* key, int fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}
bool boolean(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::optional<json> body_object(const http_response& r) {
    if (!ok(r)) return std::nullopt;
    json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
}

std::optional<step_ref> parse_step(const json& s) {
    if (s.is_string()) return step_ref{s.get<std::string>(), {}};
    if (!s.is_object()) return std::nullopt;
    step_ref ref{str(s, "name"), {}};
    if (ref.name.empty()) return std::nullopt;
    const json opts = s.contains("options") && s["options"].is_object() ? s["options"] : s;
    ref.options.hide_continue_button = boolean(opts, "hide_continue_button");
    ref.options.require_default_payout_method = boolean(opts, "require_default_payout_method");
    ref.options.require_auto_payout_method = boolean(opts, "require_auto_payout_method");
    ref.options.payout_fee_party = str(opts, "payout_fee_party");
    ref.options.redirect_url = str(opts, "redirect_url");
    return ref;
}

std::optional<widget_flow> flow_from(const json& j) {
    if (!j.is_object()) return std::nullopt;
    widget_flow f;
    f.id = str(j, "id");
    if (f.id.empty()) return std::nullopt;
    auto steps = j.find("steps");
    if (steps == j.end() || !steps->is_array()) return std::nullopt;
    for (const json& s : *steps) {
        auto ref = parse_step(s);
        if (!ref) return std::nullopt;
        f.steps.push_back(*ref);
    }
    if (auto c = j.find("completed_steps"); c != j.end() && c->is_array())
        for (const json& s : *c)
            if (s.is_string()) f.completed_steps.push_back(s.get<std::string>());
    f.user_id = str(j, "user_id");
    f.authorized = boolean(j, "authorized");
    if (auto h = j.find("phone_hint"); h != j.end() && h->is_object())
        f.hint = phone_hint{str(*h, "country_code"), str(*h, "last4")};
    f.app_name = str(j, "app_name").substr(0, 80);
    if (auto l = j.find("payout_link"); l != j.end() && l->is_object()) {
        auto a = l->find("amount");
        if (a != l->end() && a->is_number_integer() && a->get<int64_t>() > 0)
            f.payout_link = link_summary{a->get<int64_t>(), str(*l, "memo").substr(0, 500)};
    }
    return f;
}
}  // namespace

bool ok(const http_response& r) { return r.status >= 200 && r.status < 300; }

http_request create_session(const std::string& flow_id, const std::string& link_secret) {
    return {"POST", k_base + "/flows/" + flow_id + "/session", json{{"link_secret", link_secret}}.dump(),
            {{"Content-Type", "application/json"}}};
}
http_request get_flow(const std::string& token) { return authed("GET", k_base + "/flow", token); }
http_request send_code(const std::string& token, const std::string& country_code, const std::string& national_number) {
    return authed("POST", k_base + "/onboarding/send-code", token,
                  json{{"country_code", country_code}, {"phone_number", national_number}}.dump());
}
http_request send_code_to_phone_on_file(const std::string& token) {
    return authed("POST", k_base + "/onboarding/send-code", token, "{}");
}
http_request verify_code(const std::string& token, const std::string& code) {
    return authed("POST", k_base + "/onboarding/verify", token, json{{"code", code}}.dump());
}
http_request complete_step(const std::string& token, const std::string& step, const std::string& status) {
    return authed("POST", k_base + "/flow/steps/" + step + "/complete", token, json{{"status", status}}.dump());
}

http_request get_compliance(const std::string& token) { return authed("GET", k_base + "/compliance", token); }
http_request put_compliance(const std::string& token, const std::string& body_json) {
    return authed("PUT", k_base + "/compliance", token, body_json);
}

http_request get_payout_methods(const std::string& token) { return authed("GET", k_base + "/payout-methods", token); }
http_request add_payout_method(const std::string& token, const std::string& body_json) {
    return authed("PUT", k_base + "/payout-methods", token, body_json);
}
http_request remove_payout_method(const std::string& token, const std::string& id) {
    return authed("DELETE", k_base + "/payout-methods/" + id, token);
}
http_request set_default_payout_method(const std::string& token, const std::string& id) {
    return authed("POST", k_base + "/payout-methods/" + id + "/default", token, "{}");
}
http_request set_auto_payout(const std::string& token, bool enabled) {
    return authed("PUT", k_base + "/auto-payout", token, json{{"enabled", enabled}}.dump());
}

http_request get_wallet(const std::string& token) { return authed("GET", k_base + "/wallet", token); }
http_request quote_payout(const std::string& token, int64_t amount, const std::string& method_id) {
    return authed("POST", k_base + "/payouts/quote", token, json{{"amount", amount}, {"payout_method_id", method_id}}.dump());
}
http_request create_payout(const std::string& token, int64_t amount, const std::string& method_id, const std::string& key) {
    http_request r = authed("POST", k_base + "/payouts", token,
                            json{{"amount", amount}, {"payout_method_id", method_id}, {"idempotency_key", key}}.dump());
    r.headers.emplace_back("Idempotency-Key", key);
    return r;
}
http_request get_transfer(const std::string& token, const std::string& id) {
    return authed("GET", k_base + "/transfers/" + id, token);
}

std::optional<session> parse_session(const http_response& r) {
    auto j = body_object(r);
    if (!j) return std::nullopt;
    session s{str(*j, "token"), integer(*j, "expires_in", 0), {}};
    auto f = j->find("flow");
    if (s.token.empty() || f == j->end()) return std::nullopt;
    auto flow = flow_from(*f);
    if (!flow) return std::nullopt;
    s.flow = std::move(*flow);
    return s;
}
std::optional<widget_flow> parse_widget_flow(const http_response& r) {
    auto j = body_object(r);
    return j ? flow_from(*j) : std::nullopt;
}
std::optional<code_sent> parse_code_sent(const http_response& r) {
    auto j = body_object(r);
    if (!j) return std::nullopt;
    return code_sent{str(*j, "sent_to"), integer(*j, "resend_in", 30), integer(*j, "expires_in", 600)};
}
std::optional<verified> parse_verified(const http_response& r) {
    auto j = body_object(r);
    if (!j) return std::nullopt;
    auto f = j->find("flow");
    if (f == j->end()) return std::nullopt;
    auto flow = flow_from(*f);
    if (!flow) return std::nullopt;
    verified v{str(*j, "user_id"), std::move(*flow)};
    if (v.user_id.empty()) v.user_id = v.flow.user_id;
    return v;
}

std::optional<compliance_status> parse_compliance(const http_response& r) {
    auto j = body_object(r);
    if (!j) return std::nullopt;
    compliance_status c;
    c.verification = str(*j, "tax_id_verification");
    const json* summary = nullptr;
    if (auto s = j->find("summary"); s != j->end() && s->is_object()) summary = &*s;
    c.collected = j->contains("collected") ? boolean(*j, "collected") : summary != nullptr;
    if (summary) {
        c.form = str(*summary, "form");
        c.tin_masked = str(*summary, "tin");
    }
    return c;
}

std::optional<payout_methods> parse_payout_methods(const http_response& r) {
    auto j = body_object(r);
    if (!j) return std::nullopt;
    auto data = j->find("data");
    if (data == j->end() || !data->is_array()) return std::nullopt;
    payout_methods p;
    for (const json& m : *data)
        if (auto s = payout::parse_saved(m)) p.methods.push_back(*s);
    p.default_id = str(*j, "default_payout_method_id");
    p.auto_payout = boolean(*j, "auto_payout");
    return p;
}

namespace {
int64_t cents(const json& j, const char* key, int64_t fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}
}  // namespace

std::optional<wallet> parse_wallet(const http_response& r) {
    auto j = body_object(r);
    if (!j || !(*j)["amount"].is_number_integer()) return std::nullopt;
    wallet w{cents(*j, "amount", 0), cents(*j, "withdrawable_amount", 0), 100, 0};
    if (auto l = j->find("limits"); l != j->end() && l->is_object()) {
        w.min_payout = cents(*l, "min_payout", 100);
        w.max_payout = cents(*l, "max_payout", 0);
    }
    return w;
}
std::optional<quote> parse_quote(const http_response& r) {
    auto j = body_object(r);
    if (!j || !(*j)["fee"].is_number_integer() || !(*j)["net"].is_number_integer()) return std::nullopt;
    return quote{cents(*j, "amount", 0), cents(*j, "fee", 0), cents(*j, "net", 0), str(*j, "fee_party"), str(*j, "payout_method_id")};
}
std::optional<transfer> parse_transfer(const http_response& r) {
    auto j = body_object(r);
    if (!j) return std::nullopt;
    transfer t{str(*j, "id"), str(*j, "status"), cents(*j, "amount", 0), cents(*j, "fee", 0), cents(*j, "net", 0), str(*j, "description")};
    if (t.id.empty() || t.status.empty()) return std::nullopt;
    return t;
}

api_error parse_error(const http_response& r) {
    api_error e;
    e.status = r.status;
    if (r.status == 0) {
        e.code = "network_error";
        return e;
    }
    json j = json::parse(r.body, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("error") && j["error"].is_object()) {
        const json& err = j["error"];
        e.code = str(err, "code");
        e.message = str(err, "message");
        e.field = str(err, "field");
        e.attempts_left = integer(err, "attempts_left", -1);
        e.retry_after = integer(err, "retry_after", -1);
        if (auto a = err.find("available"); a != err.end() && a->is_number_integer()) e.available = a->get<int64_t>();
        if (auto list = err.find("errors"); list != err.end() && list->is_array())
            for (const json& fe : *list)
                if (fe.is_object()) e.field_errors.emplace_back(str(fe, "field"), str(fe, "message"));
        if (e.field_errors.empty() && !e.field.empty()) e.field_errors.emplace_back(e.field, e.message);
    }
    if (e.code.empty()) e.code = ok(r) ? "bad_response" : (r.status >= 500 ? "server_error" : "http_" + std::to_string(r.status));
    return e;
}

}  // namespace fk::api
