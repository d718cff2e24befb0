// Tax information (W-9 for US persons, W-8BEN for foreign persons): the data, the validation
// rules and the JSON the API carries. One implementation for the widget (inline errors) and the
// sandbox (server-side validation, never trusting the widget). No I/O, no clock: callers pass
// today's date.
//
// JSON (PUT /api/v2/users/{id}/compliance and the widget equivalent) follows Dots' shape and
// extends it where a real form needs more (marked "flowkit"):
//   {"w9": {"entity_type": "individual"|"business",
//           "tax_classification": "individual"|"c_corporation"|"s_corporation"|"partnership"|
//                                 "trust_estate"|"llc",                          (flowkit)
//           "llc_tax_classification": "C"|"S"|"P",                              (flowkit; llc only)
//           "name": "...", "business_name": "...",
//           "tin_type": "ssn"|"ein"|"itin", "tin": "123-45-6789",             (tin_type: flowkit)
//           "date_of_birth": "YYYY-MM-DD",
//           "address": {"line_1","line_2"?,"city","state","country":"US","postcode"},
//           "signature": {"name", "date": "YYYY-MM-DD", "consent": true}}}     (flowkit)
//   {"w8ben": {"name", "citizenship_country": "DE", "date_of_birth",
//              "address": {...permanent residence, not US},
//              "mailing_address"?: {...},                                      (flowkit)
//              "foreign_tax_id"? | "foreign_tax_id_reason"?: "not_issued"|"not_required", (reason: flowkit)
//              "tin"?: US SSN/ITIN,
//              "tax_treaty_country"?, "tax_treaty_citation"?, "tax_treaty_rate"? (0.15),
//              "tax_treaty_income_type"?, "tax_treaty_explanation"?,
//              "signature": {"consent", "name", "email"?, "capacity"?, "date"}}}  (capacity, date: flowkit)
// Dots-only bodies still work: without tax_classification, entity_type individual means an
// individual with an SSN and business a C corporation... with an EIN (tin_type defaults from it).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fk::tax {

struct date {
    int year = 0, month = 0, day = 0;
    bool operator==(const date&) const = default;
};
std::optional<date> parse_date(const std::string& yyyy_mm_dd);  // strict YYYY-MM-DD, a real calendar day
std::string format_date(const date& d);                          // "YYYY-MM-DD"
int age_on(const date& birth, const date& today);                // whole years; a Feb 29 birthday counts on Mar 1 in common years

struct field_error {
    std::string field;    // JSON path in the API body, e.g. "w9.address.postcode"
    std::string message;  // words for a person: "Enter a 5-digit ZIP code, or ZIP+4."
    bool operator==(const field_error&) const = default;
};
using errors = std::vector<field_error>;

// Single-field checks: "" when fine, else the message. Inputs may contain spaces and dashes.
std::string check_ssn(const std::string& s);   // 9 digits; not area 000/666/900-999, group 00, serial 0000
std::string check_ein(const std::string& s);   // 9 digits with a valid IRS campus prefix
std::string check_itin(const std::string& s);  // 9XX-[50-65|70-88|90-92|94-99]-XXXX
std::string check_tin(const std::string& type, const std::string& s);  // type: ssn | ein | itin
std::string check_us_zip(const std::string& s);                          // 12345 or 12345-6789 (not 123456789)
std::string check_birth_date(const std::string& s, const date& today);   // real date, 18 or older, not before 1900
std::string digits(const std::string& s);

const std::vector<std::pair<std::string, std::string>>& us_states();  // {"CA", "California"}, incl. DC and territories
bool is_us_state(const std::string& code);

// Masks: only the last 4 digits survive. "***-**-6789" (SSN/ITIN), "**-***6789" (EIN).
std::string mask_tin(const std::string& type, const std::string& tin);

struct us_address {
    std::string line_1, line_2, city, state, postcode;
    bool operator==(const us_address&) const = default;
};
struct address {  // W-8BEN: any country
    std::string line_1, line_2, city, state, postcode, country;  // country: ISO alpha-2
    bool operator==(const address&) const = default;
};
struct signature {
    std::string name;        // typed legal name
    std::string date;        // YYYY-MM-DD, must be today
    bool consent = false;    // the certification was read and accepted
    std::string email;       // W-8BEN, optional
    std::string capacity;    // W-8BEN: when signing for someone else
    bool operator==(const signature&) const = default;
};

struct w9 {
    std::string tax_classification = "individual";  // see the header comment
    std::string llc_tax_classification;             // "C" | "S" | "P" when llc
    std::string name;
    std::string business_name;                      // required unless individual
    std::string tin_type = "ssn";                   // individual: ssn | itin; others: ein (sole props may use ssn)
    std::string tin;                                // digits
    std::string date_of_birth;                      // required for individuals
    us_address address;
    signature sig;
    bool operator==(const w9&) const = default;
};
struct w8ben {
    std::string name;
    std::string citizenship_country;
    std::string date_of_birth;
    address residence;                    // not in the US
    std::optional<address> mailing;
    std::string foreign_tax_id;
    std::string foreign_tax_id_reason;    // "not_issued" | "not_required" when no foreign_tax_id
    std::string us_tin;                   // optional SSN or ITIN
    bool treaty_claim = false;
    std::string treaty_country, treaty_citation, treaty_income_type, treaty_explanation;
    std::string treaty_rate;              // percent as typed, "15" or "0" .. "30"
    signature sig;
    bool operator==(const w8ben&) const = default;
};

bool needs_business_name(const std::string& tax_classification);  // everything but individual
const std::vector<std::pair<std::string, std::string>>& tax_classifications();  // {"c_corporation", "C corporation"}
const std::vector<std::pair<std::string, std::string>>& treaty_income_types();  // Dots' values with labels

// Whole-form checks, every problem at once, in form order. `today` decides age and signature date.
errors validate(const w9& f, const date& today);
errors validate(const w8ben& f, const date& today);

}  // namespace fk::tax
