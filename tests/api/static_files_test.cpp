// Serving the widget: the flow page with frame-ancestors, assets with the right MIME types,
// precompressed siblings, no path traversal, a clear 503 without --widget-dir, and /healthz.
#include <gtest/gtest.h>

#include "sandbox_process.h"

using namespace flowkit::test;

TEST(static_files, flow_page_sets_frame_ancestors_from_allowed_origins) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  auto res = sb.client().Get("/flow/" + flow["id"].get<std::string>());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Security-Policy"), "frame-ancestors 'self' https://host.example");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("flowkit test widget"), std::string::npos);
}

TEST(static_files, flow_page_has_the_same_frame_ancestors_on_every_path_and_no_wildcard_cors) {
  sandbox_process sb;
  json flow = sb.create_flow({{"steps", {"compliance"}}});
  for (std::string path : {"/flow/" + flow["id"].get<std::string>(), std::string("/flow/index.html"),
                           std::string("/widget/index.html")}) {
    auto res = sb.client().Get(path, {{"Origin", "https://evil.example"}});
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"), "frame-ancestors 'self' https://host.example") << path;
    EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin")) << path;
    EXPECT_NE(res->body.find("flowkit test widget"), std::string::npos) << path;
  }
  // Scripts stay importable from host pages on other origins.
  auto js = sb.client().Get("/widget/flowkit.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get_header_value("Access-Control-Allow-Origin"), "*");
}

TEST(static_files, wasm_is_served_as_application_wasm) {
  sandbox_process sb;
  auto res = sb.client().Get("/widget/flowkit.wasm");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(res->body, std::string("\0asm\1\0\0\0", 8));
}

TEST(static_files, serves_precompressed_siblings_by_accept_encoding) {
  sandbox_process sb;
  auto cli = sb.client();
  auto br = cli.Get("/widget/flowkit.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(br);
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(br->body, "BROTLI-BYTES");
  EXPECT_EQ(br->get_header_value("Content-Type"), "text/javascript");
  EXPECT_EQ(br->get_header_value("Vary"), "Accept-Encoding");

  auto gz = cli.Get("/widget/flowkit.js", {{"Accept-Encoding", "gzip, br;q=0"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->body, "GZIP-BYTES");

  auto raw = cli.Get("/widget/flowkit.js", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(raw);
  EXPECT_FALSE(raw->has_header("Content-Encoding"));
  EXPECT_EQ(raw->body, "console.log('plain');");

  auto relative = cli.Get("/flow/flowkit.js");  // index.html may use relative URLs
  ASSERT_TRUE(relative);
  EXPECT_EQ(relative->status, 200);
  EXPECT_EQ(relative->get_header_value("Content-Type"), "text/javascript");

  auto again = cli.Get("/widget/flowkit.js", {{"If-None-Match", raw->get_header_value("ETag")}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
}

TEST(static_files, path_traversal_is_impossible) {
  sandbox_process sb;
  auto cli = sb.client();
  for (const char* path : {"/widget/../secret.txt", "/widget/%2e%2e/secret.txt", "/widget/..%2fsecret.txt",
                           "/flow/..%2fsecret.txt", "/widget/%2fetc%2fpasswd", "/widget/./../secret.txt",
                           "/widget/.hidden", "/widget//etc/passwd", "/widget/..\\secret.txt"}) {
    auto res = cli.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_GE(res->status, 400) << path;
    EXPECT_LT(res->status, 500) << path;
    EXPECT_EQ(res->body.find("TOP-SECRET"), std::string::npos) << path;
  }
}

TEST(static_files, missing_widget_dir_gives_clear_503) {
  sandbox_process sb({{}, /*with_widget_dir=*/false});
  auto res = sb.client().Get("/flow/00000000-0000-4000-8000-000000000000");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("--widget-dir"), std::string::npos);
}

TEST(static_files, healthz_answers_ok) {
  sandbox_process sb;
  reply r = sb.send("GET", "/healthz", {}, std::nullopt);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, json({{"ok", true}}));
}
