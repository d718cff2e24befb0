// W-9 / W-8BEN submissions: validation with the shared rules (flow/tax.h), the clear flags and
// masked summary, and the sealed row. Nothing personal (TIN, date of birth, street address,
// full name) is written in clear, logged, or sent back.
#include "compliance.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "crypto.h"
#include "flow/tax.h"
#include "flow/tax_json.h"

namespace flowkit::sandbox {

namespace tax = fk::tax;

namespace {

tax::date utc_date(std::int64_t now_ms) {
  std::time_t secs = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::int64_t day_number(const tax::date& d) {
  using namespace std::chrono;
  const year_month_day ymd{year{d.year}, month{static_cast<unsigned>(d.month)}, day{static_cast<unsigned>(d.day)}};
  return sys_days{ymd}.time_since_epoch().count();
}

// "Today" for the checks: the signature's date when it is within one day of the server's UTC
// date (the person may be a time zone ahead or behind), else the server's date, so that the
// shared rules reject the signature date.
tax::date today_for(const std::string& signature_date, std::int64_t now_ms, bool& in_window) {
  const tax::date server = utc_date(now_ms);
  auto signed_on = tax::parse_date(signature_date);
  in_window = signed_on && std::llabs(day_number(*signed_on) - day_number(server)) <= 1;
  return in_window ? *signed_on : server;
}

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Foreign TINs have no fixed format: show the last four characters only when at least five
// more stay hidden.
std::string mask_foreign_tin(const std::string& tin) {
  std::string compact;
  for (char c : tin)
    if (c != ' ' && c != '-' && c != '.' && c != '/') compact.push_back(c);
  if (compact.size() < 9) return "****";
  return std::string(compact.size() - 4, '*') + compact.substr(compact.size() - 4);
}

[[noreturn]] void fail_invalid(const tax::errors& errs) {
  json list = json::array();
  for (const auto& e : errs) list.push_back({{"field", e.field}, {"message", e.message}});
  fail(422, "invalid_compliance", errs.front().message, errs.front().field, {{"errors", std::move(list)}});
}

void require_signature_in_window(tax::errors& errs, const std::string& form, bool in_window) {
  const std::string field = form + ".signature.date";
  if (in_window) return;
  for (const auto& e : errs)
    if (e.field == field) return;
  errs.push_back({field, "Sign with today's date."});
}

compliance_submission from_w9(const tax::w9& f) {
  compliance_submission s;
  s.state.form = "w9";
  s.state.tax_id_collected = true;
  s.state.address_collected = true;
  s.state.date_of_birth_collected = !f.date_of_birth.empty();
  s.state.tin_type = f.tin_type;
  s.state.tin_masked = tax::mask_tin(f.tin_type, f.tin);
  s.state.tax_id_verification = sandbox_tin_verification(f.tin);
  s.summary = {
      {"form", "w9"},
      {"name", f.name},
      {"tin_type", s.state.tin_type},
      {"tin", s.state.tin_masked},
      {"address", {{"city", f.address.city}, {"state", f.address.state}, {"country", "US"}}},
  };
  if (!f.business_name.empty()) s.summary["business_name"] = f.business_name;
  s.request = tax::request_json(f);
  return s;
}

compliance_submission from_w8ben(const tax::w8ben& f) {
  compliance_submission s;
  s.state.form = "w8ben";
  s.state.tax_id_collected = !f.us_tin.empty() || !f.foreign_tax_id.empty();
  s.state.address_collected = true;
  s.state.date_of_birth_collected = !f.date_of_birth.empty();
  if (!f.us_tin.empty()) {  // a US TIN on a W-8BEN is an SSN or an ITIN; only it can be matched
    s.state.tin_type = tax::check_itin(f.us_tin).empty() ? "itin" : "ssn";
    s.state.tin_masked = tax::mask_tin(s.state.tin_type, f.us_tin);
    s.state.tax_id_verification = sandbox_tin_verification(f.us_tin);
  } else if (!f.foreign_tax_id.empty()) {
    s.state.tin_type = "foreign";
    s.state.tin_masked = mask_foreign_tin(f.foreign_tax_id);
  }
  s.summary = {
      {"form", "w8ben"},
      {"name", f.name},
      {"tin_type", nullable(s.state.tin_type)},
      {"tin", nullable(s.state.tin_masked)},
      {"address",
       {{"city", f.residence.city}, {"state", nullable(f.residence.state)}, {"country", f.residence.country}}},
  };
  s.request = tax::request_json(f);
  return s;
}

}  // namespace

std::string sandbox_tin_verification(const std::string& tin) {
  const std::string d = tax::digits(tin);
  return d.size() >= 4 && d.compare(d.size() - 4, 4, "9999") == 0 ? "mismatched" : "matched";
}

compliance_submission check_compliance(const json& body, std::int64_t now) {
  tax::errors errs;
  tax::parsed parsed = tax::parse_request(body, errs);
  if (!errs.empty()) fail_invalid(errs);
  bool in_window = false;
  if (parsed.w9_form) {
    const tax::date today = today_for(parsed.w9_form->sig.date, now, in_window);
    errs = tax::validate(*parsed.w9_form, today);
    require_signature_in_window(errs, "w9", in_window);
    if (!errs.empty()) fail_invalid(errs);
    return from_w9(*parsed.w9_form);
  }
  if (parsed.w8ben_form) {
    const tax::date today = today_for(parsed.w8ben_form->sig.date, now, in_window);
    errs = tax::validate(*parsed.w8ben_form, today);
    require_signature_in_window(errs, "w8ben", in_window);
    if (!errs.empty()) fail_invalid(errs);
    return from_w8ben(*parsed.w8ben_form);
  }
  fail_invalid({{"w9", "Send the tax information as a W-9 (\"w9\") or a W-8BEN (\"w8ben\")."}});
}

void store_compliance(database& db, const std::string& data_key, const std::string& user_id,
                      const compliance_submission& sub, std::int64_t now) {
  // The user id inside the sealed text ties the ciphertext to its row: a row copied onto
  // another user does not open as theirs.
  std::string plaintext = json{{"user_id", user_id}, {"request", sub.request}, {"summary", sub.summary}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  const std::string sealed = seal(plaintext, data_key);
  wipe(plaintext);
  const compliance_state& c = sub.state;
  db.query(
        "INSERT INTO compliance (user_id, form, tin_type, tin_masked, tax_id_collected, address_collected, "
        "date_of_birth_collected, tin_verification, sealed, created_ms, updated_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
        "ON CONFLICT(user_id) DO UPDATE SET form = excluded.form, tin_type = excluded.tin_type, "
        "tin_masked = excluded.tin_masked, tax_id_collected = excluded.tax_id_collected, "
        "address_collected = excluded.address_collected, date_of_birth_collected = excluded.date_of_birth_collected, "
        "tin_verification = excluded.tin_verification, sealed = excluded.sealed, updated_ms = excluded.updated_ms",
        user_id, c.form, c.tin_type, c.tin_masked, c.tax_id_collected, c.address_collected, c.date_of_birth_collected,
        c.tax_id_verification, sealed, now)
      .run();
}

std::optional<json> stored_compliance_summary(database& db, const std::string& data_key, const std::string& user_id) {
  std::string sealed;
  {
    auto st = db.query("SELECT sealed FROM compliance WHERE user_id = ?1", user_id);
    if (!st.step()) return std::nullopt;
    sealed = st.text(0);
  }
  auto plaintext = unseal(sealed, data_key);
  if (!plaintext) throw std::runtime_error("a compliance row does not open with the data key");
  json stored = json::parse(*plaintext, nullptr, false);
  wipe(*plaintext);
  if (!stored.is_object() || stored.value("user_id", "") != user_id || !stored.contains("summary"))
    throw std::runtime_error("a compliance row does not belong to its user");
  return stored["summary"];
}

}  // namespace flowkit::sandbox
