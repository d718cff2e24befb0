// Deleting a user never strands money: refused (409, with what holds the money) while the user's
// wallet has a balance, an open payout link holds escrow for them, or a payout of theirs is on the rail.
#include <gtest/gtest.h>

#include "money_helpers.h"

using namespace flowkit::test;

TEST(user_deletion, refused_while_the_wallet_holds_money) {
  sandbox_process sb;
  json user = funded_user(sb, "4155550161", 2500);
  reply refused = sb.app("DELETE", "/api/v2/users/" + id_of(user));
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["code"], "user_has_balance") << refused.raw;
  EXPECT_EQ(refused.body["error"]["balance"], 2500) << refused.raw;
  EXPECT_EQ(sb.app("GET", "/api/v2/users/" + id_of(user)).status, 200);

  // The money can still be pulled back; then the user can go.
  reply pulled = sb.app("POST", "/api/v2/transfers", json{{"amount", 2500}, {"user_id", id_of(user)}});
  ASSERT_EQ(pulled.status, 200) << pulled.raw;
  reply deleted = sb.app("DELETE", "/api/v2/users/" + id_of(user));
  EXPECT_EQ(deleted.status, 200) << deleted.raw;
  EXPECT_EQ(sb.app("GET", "/api/v2/users/" + id_of(user)).status, 404);
  expect_ledger_balanced(sb);
}

TEST(user_deletion, refused_while_an_open_payout_link_holds_escrow) {
  sandbox_process sb;
  json user = sb.create_user("4155550162");
  reply link = sb.app("POST", "/api/v2/payout-links", json{{"amount", 1500}, {"user_id", id_of(user)}});
  ASSERT_EQ(link.status, 200) << link.raw;
  reply refused = sb.app("DELETE", "/api/v2/users/" + id_of(user));
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["code"], "user_has_open_payout_link") << refused.raw;
  EXPECT_EQ(refused.body["error"]["payout_link_id"], id_of(link.body)) << refused.raw;

  reply canceled = sb.app("DELETE", "/api/v2/payout-links/" + id_of(link.body));
  ASSERT_EQ(canceled.status, 200) << canceled.raw;
  EXPECT_EQ(sb.app("DELETE", "/api/v2/users/" + id_of(user)).status, 200);
  expect_ledger_balanced(sb);
}

TEST(user_deletion, a_user_without_money_is_deleted) {
  sandbox_process sb;
  json user = sb.create_user("4155550163");
  reply deleted = sb.app("DELETE", "/api/v2/users/" + id_of(user));
  EXPECT_EQ(deleted.status, 200) << deleted.raw;
}
