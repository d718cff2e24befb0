// cpp-httplib transport and outbox reader (see http_client.h).
#include "http_client.h"
#include "flow/flow.h"
#include <httplib.h>
#include <memory>
#include <nlohmann/json.hpp>

namespace fk::harness {

bool split_link(const std::string& link, origin& o, std::string& flow_id, std::string& secret) {
    const size_t scheme = link.find("://");
    if (scheme == std::string::npos) return false;
    const size_t path = link.find('/', scheme + 3);
    if (path == std::string::npos) return false;
    o.scheme_host_port = link.substr(0, path);
    return flow::parse_link(link, flow_id, secret);
}

transport http_transport(const origin& o) {
    auto client = std::make_shared<httplib::Client>(o.scheme_host_port);
    client->set_connection_timeout(5);
    client->set_read_timeout(15);
    return [client](const http_request& req) -> http_response {
        httplib::Headers headers;
        std::string content_type = "application/json";
        for (const auto& [k, v] : req.headers) {
            if (k == "Content-Type") content_type = v;
            else headers.emplace(k, v);
        }
        auto send = [&]() -> httplib::Result {
            if (req.method == "POST") return client->Post(req.path, headers, req.body, content_type);
            if (req.method == "PUT") return client->Put(req.path, headers, req.body, content_type);
            if (req.method == "DELETE") return client->Delete(req.path, headers);
            return client->Get(req.path, headers);
        };
        httplib::Result res = send();
        if (!res) return {0, ""};
        return {res->status, res->body};
    };
}

std::optional<std::string> latest_code(const origin& o, const std::string& client_id, const std::string& api_key,
                                       const std::string& e164) {
    httplib::Client client(o.scheme_host_port);
    client.set_basic_auth(client_id, api_key);
    auto res = client.Get("/api/v2/sandbox/sms", httplib::Params{{"phone_number", e164}}, httplib::Headers{});
    if (!res || res->status != 200) return std::nullopt;
    auto j = nlohmann::json::parse(res->body, nullptr, false);
    if (j.is_discarded() || !j.contains("data") || !j["data"].is_array() || j["data"].empty()) return std::nullopt;
    const auto& first = j["data"][0];
    if (first.contains("code") && first["code"].is_string()) return first["code"].get<std::string>();
    return std::nullopt;
}

std::optional<std::string> phone_on_file(const origin& o, const std::string& client_id, const std::string& api_key,
                                         const std::string& flow_id) {
    httplib::Client client(o.scheme_host_port);
    client.set_basic_auth(client_id, api_key);
    auto get_json = [&](const std::string& path) {
        auto res = client.Get(path);
        return res && res->status == 200 ? nlohmann::json::parse(res->body, nullptr, false) : nlohmann::json();
    };
    const auto flow = get_json("/api/v2/flows/" + flow_id);
    if (!flow.is_object() || !flow["user_id"].is_string()) return std::nullopt;
    const auto user = get_json("/api/v2/users/" + flow["user_id"].get<std::string>());
    if (!user.is_object() || !user["phone_number"].is_object()) return std::nullopt;
    const auto& p = user["phone_number"];
    if (!p["country_code"].is_string() || !p["phone_number"].is_string()) return std::nullopt;
    return "+" + p["country_code"].get<std::string>() + p["phone_number"].get<std::string>();
}

}  // namespace fk::harness
