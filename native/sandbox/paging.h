// Cursor pagination shared by every list of the app API (Dots: limit, starting_after, ending_before
// -> {has_more, data}), newest first by insertion order. Runs inside the caller's transaction.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "http_util.h"

namespace flowkit::sandbox {

template <class T>
struct page {
  std::vector<T> data;  // newest first
  bool has_more = false;
};

// One page of `table` for the app. live_filter narrows the rows ("" or " AND ..."). `from` is the
// table, or a join whose other tables have no app_id/seq/id column. `seq` orders the rows (the
// insertion order); the cursors name rows by `id`. 400 invalid_parameter on a cursor of no row.
template <class T>
page<T> list_page(database& db, const std::string& table, const std::string& from, const std::string& columns,
                  const std::string& live_filter, std::string_view app_id, const page_request& req,
                  T (*read)(const statement&), const std::string& seq = "seq") {
  std::int64_t cursor = std::numeric_limits<std::int64_t>::max();
  if (const auto& id = req.starting_after ? req.starting_after : req.ending_before) {
    auto st = db.query("SELECT " + seq + " FROM " + table + " WHERE app_id = ?1 AND id = ?2", app_id, *id);
    if (!st.step())
      fail(400, "invalid_parameter", "The cursor does not name an object of this list.",
           req.starting_after ? "starting_after" : "ending_before");
    cursor = st.integer(0);
  }
  const bool backwards = req.ending_before.has_value();
  const std::string col = table + "." + seq;
  std::string sql = "SELECT " + columns + " FROM " + from + " WHERE " + table + ".app_id = ?1" + live_filter +
                    (backwards ? " AND " + col + " > ?2 ORDER BY " + col + " ASC"
                               : " AND " + col + " < ?2 ORDER BY " + col + " DESC") +
                    " LIMIT ?3";
  page<T> out;
  auto st = db.query(sql, app_id, cursor, static_cast<std::int64_t>(req.limit) + 1);
  while (st.step()) out.data.push_back(read(st));
  if (out.data.size() > static_cast<std::size_t>(req.limit)) {
    out.has_more = true;
    out.data.resize(static_cast<std::size_t>(req.limit));
  }
  if (backwards) std::reverse(out.data.begin(), out.data.end());
  return out;
}

}  // namespace flowkit::sandbox
