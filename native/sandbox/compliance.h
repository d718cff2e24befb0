// Tax information (W-9 / W-8BEN) for the app API (PUT /api/v2/users/{id}/compliance) and the
// widget API (/api/widget/v1/compliance): checking a submission with the shared rules of
// flow/tax.h (the widget runs the same code; the server never trusts it), storing it sealed
// under the data key, and the masked summary that is all anyone sees again.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db.h"
#include "http_util.h"
#include "records.h"

namespace flowkit::sandbox {

// A submission that passed every check. Holds the full form (TIN, date of birth) in memory
// only until it is stored; `state` and `summary` are safe to keep in clear and to show.
struct compliance_submission {
  compliance_state state;
  json summary;       // {"form", "name", "tin_type", "tin" (masked), "address": {"city", "state", "country"}}
  json request;       // the form as {"w9": {...}} / {"w8ben": {...}}: personal, goes only into the sealed column
};

// Parses and validates a request body (an object). Any problem -> 422 invalid_compliance with
// `field`/`message` of the first problem and `errors: [{field, message}]` listing all.
// The signature date may be the server's UTC day or one day either side (the person's own
// day); that date is then "today" for the checks. now: milliseconds since the epoch.
compliance_submission check_compliance(const json& body, std::int64_t now);

// Replaces the user's submission (in the caller's transaction).
void store_compliance(database& db, const std::string& data_key, const std::string& user_id,
                      const compliance_submission& sub, std::int64_t now);

// The masked summary of the user's stored submission (decrypted), or nullopt when none.
// Throws std::runtime_error when the sealed row cannot be opened with the data key.
std::optional<json> stored_compliance_summary(database& db, const std::string& data_key, const std::string& user_id);

// Sandbox TIN matching rule: a US TIN whose last four digits are 9999 is "mismatched", every
// other valid one "matched".
std::string sandbox_tin_verification(const std::string& tin);

}  // namespace flowkit::sandbox
