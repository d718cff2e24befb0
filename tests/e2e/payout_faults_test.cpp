// Fault injection at the widget's transport: the real payout step (flowkit-harness runner) pays
// through a transport that loses the answer after the server committed, times out, gets a 5xx,
// or delivers the request twice. Whatever happens, the person is paid exactly once.
#include "../api/sandbox_process.h"
#include "http_client.h"
#include "runner.h"
#include <gtest/gtest.h>

using flowkit::test::json;
using flowkit::test::sandbox_process;

namespace {

enum class fault { none, drop_after_commit, timeout_before_server, server_error, duplicate };

// Wraps the real HTTP transport: the first payout request meets `f`, later ones go through.
struct faulty {
    fk::harness::transport real;
    fault f;
    int payout_posts = 0;
    fk::http_response operator()(const fk::http_request& req) {
        const bool payout = req.method == "POST" && req.path == "/api/widget/v1/payouts";
        if (!payout || payout_posts++ > 0) return real(req);
        switch (f) {
            case fault::none: return real(req);
            case fault::drop_after_commit: real(req); return {0, ""};   // committed, answer lost
            case fault::timeout_before_server: return {0, ""};           // never reached the server
            case fault::server_error: return {503, R"({"error":{"code":"unavailable","message":"try later"}})"};
            case fault::duplicate: real(req); return real(req);          // the network delivered it twice
        }
        return real(req);
    }
};

struct payee {
    std::string user_id;
    json flow;
};

payee funded_payee(const sandbox_process& sb, const std::string& national) {
    json user = sb.create_user(national);
    const std::string id = user["id"];
    auto t = sb.app("POST", "/api/v2/transfers", json{{"amount", -5000}, {"user_id", id}});
    EXPECT_EQ(t.status, 200) << t.raw;
    auto m = sb.app("PUT", "/api/v2/users/" + id + "/payout-methods",
                    json{{"platform", "ach"}, {"routing_number", "011000015"}, {"account_number", "000123456789"},
                         {"account_type", "checking"}, {"account_holder_name", "Ada Lovelace"}});
    EXPECT_EQ(m.status, 200) << m.raw;
    return {id, sb.create_flow(json{{"steps", {"payout"}}, {"user_id", id}})};
}

int payouts_of(const sandbox_process& sb, const std::string& user_id) {
    auto r = sb.app("GET", "/api/v2/transfers?limit=100");
    int n = 0;
    if (r.body.is_object() && r.body["data"].is_array())
        for (const auto& t : r.body["data"])
            if (t.value("type", "") == "payout" && t.value("user_id", "") == user_id) ++n;
    return n;
}

int64_t balance_of(const sandbox_process& sb, const std::string& user_id) {
    auto r = sb.app("GET", "/api/v2/users/" + user_id);
    return r.body.is_object() && r.body["wallet"].is_object() ? r.body["wallet"].value("amount", int64_t(-1)) : -1;
}

// Runs the payout step through `f`; the person reviews, presses Withdraw, and "Try again" when asked.
void withdraw_through(fault f, const std::string& national) {
    sandbox_process sb;
    payee p = funded_payee(sb, national);
    std::string id, secret;
    fk::harness::origin o;
    ASSERT_TRUE(fk::harness::split_link(p.flow["link"], o, id, secret));
    faulty transport{fk::harness::http_transport(o), f};
    fk::harness::runner r(id, secret, std::ref(transport));
    r.start();
    auto& d = r.driver();
    ASSERT_TRUE(r.wait_for([&] { return d.enabled("Review withdrawal"); }, 10000)) << d.screen();
    ASSERT_TRUE(d.click("Review withdrawal"));
    ASSERT_TRUE(r.wait_for([&] { const auto* b = d.find("Withdraw $", fk::ui::role::button); return b && b->enabled(); }, 10000))
        << d.screen();
    ASSERT_TRUE(d.click("Withdraw"));
    d.click("Withdraw");  // a double click changes nothing
    r.wait_for([&] { return d.enabled("Try again") || d.has("Done"); }, 10000);
    if (d.has("Try again")) {
        EXPECT_TRUE(d.shows("won't be paid twice")) << d.screen();
        ASSERT_TRUE(d.click("Try again"));
    }
    ASSERT_TRUE(r.wait_for([&] { return d.has("Done"); }, 10000)) << d.screen();
    EXPECT_TRUE(d.shows("Amount: $50.00")) << d.screen();
    EXPECT_EQ(payouts_of(sb, p.user_id), 1) << "exactly one payout";
    EXPECT_EQ(balance_of(sb, p.user_id), 0) << "the $50.00 left the wallet once";
    EXPECT_TRUE(r.saw_host_message("payout_created"));
}

}  // namespace

TEST(payout_faults, a_clean_run_pays_once) { withdraw_through(fault::none, "2015550111"); }
TEST(payout_faults, an_answer_lost_after_the_server_committed_pays_once) { withdraw_through(fault::drop_after_commit, "2015550112"); }
TEST(payout_faults, a_timeout_before_the_server_pays_once_after_retry) { withdraw_through(fault::timeout_before_server, "2015550113"); }
TEST(payout_faults, a_server_error_pays_once_after_retry) { withdraw_through(fault::server_error, "2015550114"); }
TEST(payout_faults, a_request_delivered_twice_pays_once) { withdraw_through(fault::duplicate, "2015550115"); }
