// Idempotency keys: a key is stored per app with a hash of the request it came with and the JSON
// response it produced, in the same transaction as the work. The same key and request again get
// that response back; the same key with another request -> 409 idempotency_conflict.
// Only successful responses are stored (a failed request rolls back and may be retried).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db.h"
#include "http_util.h"

namespace flowkit::sandbox {

constexpr std::size_t k_max_idempotency_key = 255;

// The key of a request: body[field] (a string) or else the Idempotency-Key header; nullopt when
// neither. 400 invalid_type / 422 invalid_idempotency_key (empty or over 255 characters).
std::optional<std::string> read_idempotency_key(const json& body, const httplib::Request& req,
                                                const char* field = "idempotency_key");

std::string request_hash(const json& request);  // BLAKE2b of the canonical JSON (keys sorted)

// Inside a transaction. `scope` keeps endpoints apart ("payouts", "widget:<flow id>").
// Returns the stored response when the key was used with the same request; 409 when with another.
std::optional<json> replay(database& db, const std::string& app_id, const std::string& scope, const std::string& key,
                           const std::string& hash);
void remember(database& db, const std::string& app_id, const std::string& scope, const std::string& key,
              const std::string& hash, const json& response, std::int64_t now);

}  // namespace flowkit::sandbox
