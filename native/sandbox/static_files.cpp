// Serves the built widget: the flow page at /flow/{id} (index.html with frame-ancestors from
// the allowed origins) and its assets at /widget/<path> (also /flow/<file.ext>, so relative
// references in index.html work). Precompressed .br/.gz siblings, MIME types, ETag, and no
// way out of --widget-dir. Also GET /healthz.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "http_util.h"
#include "sandbox.h"

namespace flowkit::sandbox {

namespace fs = std::filesystem;

namespace {

std::string mime_type(const std::string& name) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript";
  if (ext == "wasm") return "application/wasm";
  if (ext == "css") return "text/css";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "png") return "image/png";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// Only plain relative names: segments of [A-Za-z0-9._-] that do not start with a dot.
bool is_safe_relative_path(const std::string& path) {
  if (path.empty() || path.size() > 200) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end == start || path[start] == '.') return false;
    for (std::size_t i = start; i < end; ++i) {
      char c = path[i];
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    }
    start = end + 1;
  }
  return true;
}

bool accepts_encoding(const httplib::Request& req, const std::string& coding) {  // honours ";q=0"
  std::stringstream list(req.get_header_value("Accept-Encoding"));
  std::string item;
  while (std::getline(list, item, ',')) {
    auto semi = item.find(';');
    std::string name = item.substr(0, semi);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name != coding) continue;
    if (semi == std::string::npos) return true;
    std::string params = item.substr(semi + 1);
    params.erase(std::remove_if(params.begin(), params.end(), ::isspace), params.end());
    return !(params == "q=0" || params == "q=0.0" || params == "q=0.00" || params == "q=0.000");
  }
  return false;
}

bool regular_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// One range of a `Range: bytes=...` header for a file of `size` bytes: {first, length}, length 0
// when it cannot be satisfied; nullopt (serve the whole file) for several ranges or another unit.
// Several ranges are not served: one request must not turn into many copies of a file.
std::optional<std::pair<std::size_t, std::size_t>> byte_range(const std::string& header, std::size_t size) {
  static const std::regex one(R"(bytes=(\d{0,18})-(\d{0,18}))");
  std::smatch m;
  if (!std::regex_match(header, m, one) || (m[1].length() == 0 && m[2].length() == 0)) return std::nullopt;
  const std::pair<std::size_t, std::size_t> unsatisfiable{0, 0};
  if (m[1].length() == 0) {  // the last N bytes
    std::size_t n = std::stoull(m[2].str());
    if (n == 0 || size == 0) return unsatisfiable;
    n = std::min(n, size);
    return std::make_pair(size - n, n);
  }
  std::size_t first = std::stoull(m[1].str());
  std::size_t last = m[2].length() == 0 ? size - 1 : std::min<std::size_t>(std::stoull(m[2].str()), size - 1);
  if (size == 0 || first >= size || last < first) return unsatisfiable;
  return std::make_pair(first, last - first + 1);
}

void send_unavailable(httplib::Response& res) {
  res.status = 503;
  res.set_content(
      "flowkit-sandbox: the widget files are not available. Start the sandbox with --widget-dir DIR, where DIR holds "
      "the built widget (index.html, flowkit.js, flowkit.wasm).\n",
      "text/plain; charset=utf-8");
}

// Sends `rel` from the widget dir, preferring a precompressed sibling the client accepts.
// Returns false (nothing sent) when the file does not exist.
bool send_file(const sandbox& sb, const httplib::Request& req, httplib::Response& res, const std::string& rel,
               const std::string& cache_control) {
  if (!is_safe_relative_path(rel)) return false;
  std::error_code ec;
  const fs::path root = fs::canonical(sb.cfg.widget_dir, ec);
  if (ec) return false;
  const fs::path plain = root / rel;
  const fs::path real = fs::weakly_canonical(plain, ec);
  if (ec) return false;
  const std::string root_text = root.string() + "/";
  if (real.string().compare(0, root_text.size(), root_text) != 0) return false;  // a symlink out of the dir
  if (!regular_file(real)) return false;

  fs::path chosen = real;
  std::string coding;
  if (accepts_encoding(req, "br") && regular_file(real.string() + ".br")) {
    chosen = real.string() + ".br";
    coding = "br";
  } else if (accepts_encoding(req, "gzip") && regular_file(real.string() + ".gz")) {
    chosen = real.string() + ".gz";
    coding = "gzip";
  }
  struct stat st {};
  if (::stat(chosen.c_str(), &st) != 0) return false;
  const std::string etag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "-" +
                           std::to_string(st.st_mtim.tv_nsec) + (coding.empty() ? "" : "-" + coding) + "\"";
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control", cache_control);
  res.set_header("ETag", etag);
  res.set_header("X-Content-Type-Options", "nosniff");
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return true;
  }
  auto body = std::make_shared<std::string>();
  if (!read_file(chosen, *body)) return false;
  if (!coding.empty()) res.set_header("Content-Encoding", coding);
  res.set_header("Accept-Ranges", "bytes");
  res.status = 200;
  std::size_t first = 0, size = body->size();
  if (req.has_header("Range")) {
    auto range = byte_range(req.get_header_value("Range"), body->size());
    if (range && range->second == 0) {  // not satisfiable
      res.set_header("Content-Range", "bytes */" + std::to_string(body->size()));
      fail(416, "range_not_satisfiable", "The requested range is outside the file.");
    }
    if (range) {
      first = range->first;
      size = range->second;
      res.status = 206;
      res.set_header("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(first + size - 1) + "/" +
                                          std::to_string(body->size()));
    }
  }
  // A content provider keeps httplib from compressing the body a second time.
  res.set_content_provider(size, mime_type(rel),
                           [body, first](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             sink.write(body->data() + first + offset, length);
                             return true;
                           });
  return true;
}

std::string asset_cache_control(const std::string& rel) {  // content-hashed names never change
  static const std::regex hashed(R"(.*[.-][0-9a-f]{8,}\.[A-Za-z0-9]+$)");
  return std::regex_match(rel, hashed) ? "public, max-age=31536000, immutable" : "no-cache";
}

void set_page_headers(const sandbox& sb, httplib::Response& res) {  // every HTML page: who may frame it
  std::string ancestors = "frame-ancestors 'self'";
  for (const auto& origin : sb.cfg.allowed_origins) ancestors += " " + origin;
  res.set_header("Content-Security-Policy", ancestors);
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Content-Type-Options", "nosniff");
}

void serve_flow_page(const sandbox& sb, httplib::Response& res);

bool is_html(const std::string& rel) {
  auto dot = rel.rfind('.');
  std::string ext = dot == std::string::npos ? "" : rel.substr(dot + 1);
  return ext == "html" || ext == "htm";
}

void serve_asset(const sandbox& sb, const httplib::Request& req, httplib::Response& res, const std::string& rel) {
  if (sb.cfg.widget_dir.empty()) return send_unavailable(res);
  // The flow page is the same page under every name it is reachable by (/flow/index.html,
  // /widget/index.html): same frame-ancestors, same origins filled in.
  if (rel == "index.html") return serve_flow_page(sb, res);
  if (is_html(rel)) {
    set_page_headers(sb, res);  // pages carry the CSP and are never shared with other origins
  } else {
    // The widget's files are public; host pages on other origins import the embed SDK
    // (/widget/flowkit-embed.mjs) as a module, which browsers load only with CORS.
    res.set_header("Access-Control-Allow-Origin", "*");
  }
  if (!send_file(sb, req, res, rel, asset_cache_control(rel))) fail(404, "not_found", "No such widget file.");
}

void serve_flow_page(const sandbox& sb, httplib::Response& res) {
  set_page_headers(sb, res);
  res.set_header("Cache-Control", "no-cache");
  // The page learns which parent origins may receive its messages from this meta tag
  // (web/host_bridge.js). Origins are normalized by the flag parser: no quotes or markup.
  std::string page;
  if (sb.cfg.widget_dir.empty() || !read_file(fs::path(sb.cfg.widget_dir) / "index.html", page)) return send_unavailable(res);
  std::string origins;
  for (const auto& origin : sb.cfg.allowed_origins) origins += (origins.empty() ? "" : " ") + origin;
  const std::string placeholder = "%FLOWKIT_ALLOWED_ORIGINS%";
  if (const auto at = page.find(placeholder); at != std::string::npos) page.replace(at, placeholder.size(), origins);
  res.set_content(page, "text/html; charset=utf-8");
}

}  // namespace

void register_static_files(httplib::Server& server, sandbox& sb) {
  server.Get("/healthz", guarded([](const httplib::Request&, httplib::Response& res) {
               send_json(res, 200, {{"ok", true}});
             }));
  server.Get(R"(/flow/([^/]+))", guarded([&sb](const httplib::Request& req, httplib::Response& res) {
               const std::string name = req.matches[1];
               if (name.find('.') != std::string::npos) return serve_asset(sb, req, res, name);  // flow ids have no dot
               serve_flow_page(sb, res);
             }));
  server.Get(R"(/widget/(.+))", guarded([&sb](const httplib::Request& req, httplib::Response& res) {
               serve_asset(sb, req, res, req.matches[1]);
             }));
}

}  // namespace flowkit::sandbox
