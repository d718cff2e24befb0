// The HTTP server under load and abuse: keep-alive round trips, slow and idle clients, bodies
// over the limit however they are framed, header caps, byte ranges, and the request log.
// Raw sockets stand in for clients that httplib::Client would not let us be.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "sandbox_process.h"

using namespace flowkit::test;
using clock_type = std::chrono::steady_clock;

namespace {

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads until the peer closes or `timeout_ms` passes; returns what arrived.
std::string read_until_close(int fd, int timeout_ms) {
  std::string out;
  auto until = clock_type::now() + std::chrono::milliseconds(timeout_ms);
  char buf[16384];
  for (;;) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now()).count());
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, left) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// Sends `body_bytes` in 64 KiB pieces after `head`, stopping as soon as the server answers or
// stops reading. Returns {bytes of the body sent, what the server answered}.
std::pair<std::size_t, std::string> push_body(int port, const std::string& head, std::size_t body_bytes, bool chunked) {
  int fd = connect_to(port);
  if (fd < 0) return {0, ""};
  std::string answer;
  std::size_t sent = 0;
  if (send_all(fd, head)) {
    const std::string piece(64 * 1024, 'a');
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx\r\n", piece.size());
    const std::string framed = chunked ? std::string(hex) + piece + "\r\n" : piece;
    while (sent < body_bytes) {
      char buf[4096];
      ssize_t got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (got > 0) {
        answer.append(buf, static_cast<std::size_t>(got));
        break;
      }
      if (got == 0 || !send_all(fd, framed)) break;
      sent += piece.size();
    }
  }
  answer += read_until_close(fd, 3000);
  ::close(fd);
  return {sent, answer};
}

int status_of(const std::string& answer) {  // "HTTP/1.1 413 ..." -> 413; 0 when none
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::atoi(answer.c_str() + 9);
}

// One GET /healthz on a new connection; its time in ms, or -1 when it did not answer 200.
double healthz_ms(const sandbox_process& sb, int timeout_s) {
  httplib::Client cli = sb.client();
  cli.set_connection_timeout(timeout_s, 0);
  cli.set_read_timeout(timeout_s, 0);
  auto start = clock_type::now();
  auto res = cli.Get("/healthz");
  double ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  return res && res->status == 200 ? ms : -1;
}

}  // namespace

// Nagle's algorithm held the second write of each response until the client's delayed ACK
// (~40 ms per request on a kept-alive connection). This test is about real time: it measures.
TEST(server_limits, keep_alive_round_trip_is_fast) {
  sandbox_process sb;
  httplib::Client cli = sb.client();
  cli.set_keep_alive(true);
  std::vector<double> ms;
  for (int i = 0; i < 21; ++i) {
    auto start = clock_type::now();
    auto res = cli.Get("/healthz");
    ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
  }
  std::sort(ms.begin(), ms.end());
  EXPECT_LT(ms[ms.size() / 2], 20.0) << "median keep-alive round trip in ms";
}

// Twelve clients that send one header line every 2 s used to hold all 8 threads of the pool.
// The slow clients need real time to be slow: the sender thread sleeps between lines.
TEST(server_limits, slow_and_idle_clients_do_not_stop_healthz) {
  sandbox_process sb;
  std::vector<int> slow, idle;
  for (int i = 0; i < 12; ++i) {
    int fd = connect_to(sb.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n"));
    slow.push_back(fd);
  }
  for (int i = 0; i < 100; ++i) {
    int fd = connect_to(sb.port);
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::thread dribble([&] {
    for (int line = 0; !stop; ++line) {
      for (int fd : slow) send_all(fd, "X-Slow-" + std::to_string(line) + ": 1\r\n");
      for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (int i = 0; i < 3; ++i) {
    double ms = healthz_ms(sb, 3);
    EXPECT_GE(ms, 0) << "healthz did not answer while slow clients were connected";
    EXPECT_LT(ms, 1000) << "healthz took " << ms << " ms";
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // spread the checks over the slow clients' lines
  }
  stop = true;
  dribble.join();
  for (int fd : slow) ::close(fd);
  for (int fd : idle) ::close(fd);
}

// A client that never finishes its headers is answered 408 and disconnected at the deadline. Real
// time again: the slow client sends a line every 300 ms against a 1.5 s deadline.
TEST(server_limits, headers_that_never_end_get_408_at_the_deadline) {
  sandbox_process sb({{"--request-timeout-ms", "1500"}});
  int fd = connect_to(sb.port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  auto start = clock_type::now();
  std::string answer;
  for (int line = 0; line < 30 && answer.empty(); ++line) {
    send_all(fd, "X-Slow-" + std::to_string(line) + ": 1\r\n");
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 300) > 0) answer = read_until_close(fd, 2000);
  }
  double s = std::chrono::duration<double>(clock_type::now() - start).count();
  ::close(fd);
  EXPECT_EQ(status_of(answer), 408) << answer.substr(0, 200);
  EXPECT_NE(answer.find("request_timeout"), std::string::npos) << answer.substr(0, 400);
  EXPECT_LT(s, 5.0) << "the slow client was cut off after " << s << " s";
  EXPECT_GE(healthz_ms(sb, 3), 0);
}

// Responses are sent in one write at the end; an interim "100 Continue" must still go out at once.
TEST(server_limits, expect_100_continue_is_answered_before_the_body) {
  sandbox_process sb;
  const auto basic = httplib::make_basic_authentication_header(sb.client_id, sb.api_key);
  const std::string body = "{\"steps\":[\"payout\"]}";
  int fd = connect_to(sb.port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, "POST /api/v2/flows HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + basic.first + ": " +
                               basic.second + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n" +
                               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  pollfd p{fd, POLLIN, 0};
  ASSERT_GT(::poll(&p, 1, 3000), 0) << "no 100 Continue";
  char buf[256];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)).rfind("HTTP/1.1 100", 0), 0u);
  send_all(fd, body);
  std::string answer = read_until_close(fd, 5000);
  ::close(fd);
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer.substr(0, 300);
}

TEST(server_limits, chunked_body_over_the_limit_is_refused_before_it_is_read_whole) {
  sandbox_process sb;
  const std::size_t total = 16 * 1024 * 1024;
  auto [sent, answer] = push_body(sb.port,
                                  "POST /api/widget/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n",
                                  total, true);
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 200);
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos) << answer.substr(0, 400);
  // Socket buffers on loopback take several MB before the client notices; the server stopped reading.
  EXPECT_LT(sent, total) << "the server read the whole body it refuses";
  EXPECT_GE(healthz_ms(sb, 3), 0);
}

TEST(server_limits, chunked_body_just_over_the_limit_is_413_and_under_it_works) {
  sandbox_process sb;
  // 70 KiB of JSON in small chunks: over the 64 KiB limit once decoded.
  std::string json_body = "{\"metadata\":{\"a\":\"" + std::string(70 * 1024, 'x') + "\"},\"steps\":[\"payout\"]}";
  auto chunked = [](const std::string& body) {
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += 4000) {
      std::string part = body.substr(at, 4000);
      char hex[16];
      std::snprintf(hex, sizeof hex, "%zx\r\n", part.size());
      out += hex + part + "\r\n";
    }
    return out + "0\r\n\r\n";
  };
  const auto basic = httplib::make_basic_authentication_header(sb.client_id, sb.api_key);
  const std::string auth = basic.first + ": " + basic.second;
  int fd = connect_to(sb.port);
  ASSERT_GE(fd, 0);
  send_all(fd, "POST /api/v2/flows HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth +
                   "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(json_body));
  std::string answer = read_until_close(fd, 5000);
  ::close(fd);
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 300);

  fd = connect_to(sb.port);
  ASSERT_GE(fd, 0);
  send_all(fd, "POST /api/v2/flows HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth +
                   "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   chunked("{\"steps\":[\"payout\"]}"));
  answer = read_until_close(fd, 5000);
  ::close(fd);
  EXPECT_EQ(status_of(answer), 200) << answer.substr(0, 300);
}

TEST(server_limits, declared_length_over_the_limit_is_refused_without_reading_it) {
  sandbox_process sb;
  const std::size_t total = 16 * 1024 * 1024;
  auto [sent, answer] = push_body(sb.port,
                                  "POST /api/widget/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " + std::to_string(total) + "\r\n\r\n",
                                  total, false);
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 200);
  // Socket buffers on loopback take several MB before the client notices; the server stopped reading.
  EXPECT_LT(sent, total) << "the server read the whole body it refuses";
}

TEST(server_limits, header_count_and_size_are_capped) {
  sandbox_process sb;
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
  for (int i = 0; i < 200; ++i) many += "X-H" + std::to_string(i) + ": 1\r\n";
  int fd = connect_to(sb.port);
  ASSERT_GE(fd, 0);
  send_all(fd, many + "\r\n");
  std::string answer = read_until_close(fd, 5000);
  ::close(fd);
  EXPECT_EQ(status_of(answer), 431) << answer.substr(0, 200);
  EXPECT_NE(answer.find("headers_too_large"), std::string::npos);

  // 8 MB of headers in lines of 4 KB: refused after the first 32 KiB. What the client manages to
  // send before it notices also fills the socket buffers (several MB on loopback), so the test
  // only asks that the server stopped before the end.
  fd = connect_to(sb.port);
  ASSERT_GE(fd, 0);
  const std::string line = "X-Big: " + std::string(4000, 'b') + "\r\n";
  send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  std::size_t lines_sent = 0;
  std::string refused;
  for (; lines_sent < 2000; ++lines_sent) {
    char buf[4096];
    ssize_t got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (got > 0) {
      refused.append(buf, static_cast<std::size_t>(got));
      break;
    }
    if (got == 0 || !send_all(fd, line)) break;
  }
  refused += read_until_close(fd, 3000);
  ::close(fd);
  EXPECT_EQ(status_of(refused), 431) << refused.substr(0, 200);
  EXPECT_LT(lines_sent, 2000u) << "the server read every header line";

  // A normal request with a handful of headers still works.
  EXPECT_GE(healthz_ms(sb, 3), 0);
}

TEST(server_limits, ranges_only_on_static_files_206_or_416) {
  sandbox_process sb;
  httplib::Client cli = sb.client();
  auto part = cli.Get("/widget/flowkit.js", {{"Range", "bytes=0-6"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, "console");
  EXPECT_EQ(part->get_header_value("Content-Range"), "bytes 0-6/21");

  auto tail = cli.Get("/widget/flowkit.js", {{"Range", "bytes=-3"}});
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->status, 206);
  EXPECT_EQ(tail->body, "');");

  auto outside = cli.Get("/widget/flowkit.js", {{"Range", "bytes=100-200"}});
  ASSERT_TRUE(outside);
  EXPECT_EQ(outside->status, 416);
  EXPECT_EQ(outside->get_header_value("Content-Range"), "bytes */21");

  // Many ranges: the whole file once, never many copies of it.
  std::string many = "bytes=0-";
  for (int i = 0; i < 500; ++i) many += ",0-";
  auto whole = cli.Get("/widget/flowkit.js", {{"Range", many}});
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  EXPECT_TRUE(whole->body == "console.log('plain');") << whole->body.size() << " bytes: " << whole->body.substr(0, 80);

  // API routes and /healthz ignore Range.
  reply api = sb.send("GET", "/api/v2/flows",
                      {httplib::make_basic_authentication_header(sb.client_id, sb.api_key), {"Range", "bytes=0-3"}},
                      std::nullopt);
  EXPECT_EQ(api.status, 200) << api.raw;
  EXPECT_FALSE(api.body.is_discarded()) << api.raw;
  auto health = cli.Get("/healthz", {{"Range", "bytes=0-3"}});
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "{\"ok\":true}");
}

TEST(server_limits, request_log_escapes_control_characters) {
  sandbox_process sb({.args = {"--log-requests"}});
  httplib::Client cli = sb.client();
  auto res = cli.Get("/flow/x%0aSMS%20to%20+12015550123:%20your%20code%20is%20123456%0d");
  ASSERT_TRUE(res);
  // The request line is logged once the response is written; wait for it.
  std::string log;
  for (int i = 0; i < 100 && log.find("GET /flow/x") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = sb.log();
  }
  ASSERT_NE(log.find("GET /flow/x"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /flow/x\\x0aSMS to +12015550123: your code is 123456\\x0d"), std::string::npos) << log;
  EXPECT_EQ(log.find("\nSMS to +12015550123"), std::string::npos) << log;
}
