// The connection loop of the sandbox's HTTP server (see http_server.h): a growing thread pool,
// a buffered socket stream with per-request deadlines and byte budgets, and the keep-alive loop
// that hands each request to httplib's own parser and router (Server::process_request).
#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace flowkit::sandbox {

namespace {

using clock_type = std::chrono::steady_clock;

// A pool that starts a thread whenever a job would otherwise wait, up to a maximum. A connection
// holds its thread while it is open, so the pool must be as large as the connections served.
class growing_pool : public httplib::TaskQueue {
 public:
  explicit growing_pool(std::size_t max_threads) : max_threads_(std::max<std::size_t>(max_threads, 1)) {}

  void enqueue(std::function<void()> fn) override {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_threads_) threads_.emplace_back([this] { work(); });
    cond_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    cond_.notify_all();
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        cond_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
        --idle_;
        if (jobs_.empty()) return;  // shutting down
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool shutdown_ = false;
};

int ms_until(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 1000));
}

bool wait_socket(int sock, short events, int timeout_ms) {
  pollfd p{sock, events, 0};
  int r;
  do r = ::poll(&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

// The socket as httplib sees it. Reads come from a buffer; what a request may read is bounded by
// phase: its headers (bytes and deadline), then its body (a budget set from its framing, and a
// deadline). Writes are collected and sent at the end of each response (one packet for small
// answers) or whenever 64 KiB have gathered.
class conn_stream : public httplib::Stream {
 public:
  conn_stream(int sock, const server_limits& limits, const std::atomic<socket_t>& listen_sock)
      : sock_(sock), limits_(limits), listen_sock_(listen_sock) {
    in_.resize(16 * 1024);
  }

  enum class phase { headers, body };

  void begin_request() {
    phase_ = phase::headers;
    phase_bytes_ = 0;
    deadline_ = clock_type::now() + std::chrono::milliseconds(limits_.header_timeout_ms);
  }
  void begin_body(std::size_t budget) {
    phase_ = phase::body;
    phase_bytes_ = 0;
    body_budget_ = budget;
    deadline_ = clock_type::now() + std::chrono::milliseconds(limits_.body_timeout_ms);
  }
  void refuse(int status) {
    if (!refusal_) refusal_ = status;
  }
  int refusal() const { return refusal_; }
  bool failed() const { return write_failed_; }
  bool has_buffered() const { return in_pos_ < in_len_; }

  // Waits until the next request's first byte is here; false when the peer left, the connection
  // was idle too long or the server stops.
  template <class Running>
  bool wait_for_request(int idle_ms, Running running) {
    if (has_buffered()) return true;
    auto until = clock_type::now() + std::chrono::milliseconds(idle_ms);
    while (running()) {
      int left = ms_until(until);
      if (left == 0) return false;
      if (wait_socket(sock_, POLLIN, std::min(left, 100))) return fill() > 0;
    }
    return false;
  }

  bool is_readable() const override { return in_pos_ < in_len_ || (!refusal_ && wait_readable()); }
  bool is_writable() const override { return !write_failed_; }

  ssize_t read(char* ptr, std::size_t size) override {
    if (refusal_) return -1;
    std::size_t allowed = size;
    if (phase_ == phase::headers) {
      if (phase_bytes_ >= limits_.max_header_bytes) return refuse(431), -1;
      allowed = std::min(allowed, limits_.max_header_bytes - phase_bytes_);
    } else {
      if (phase_bytes_ >= body_budget_) return refuse(413), -1;
      allowed = std::min(allowed, body_budget_ - phase_bytes_);
    }
    if (!has_buffered()) {
      // Whatever was written so far goes out before waiting for the client: an interim
      // "100 Continue" must reach a client that waits for it before sending its body.
      if (!out_.empty() && !flush()) return -1;
      if (!wait_readable()) return refuse(408), -1;
      ssize_t n = fill();
      if (n <= 0) return n;
    }
    std::size_t n = std::min(allowed, in_len_ - in_pos_);
    std::memcpy(ptr, in_.data() + in_pos_, n);
    in_pos_ += n;
    phase_bytes_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (write_failed_) return -1;
    out_.append(ptr, size);
    if (out_.size() >= 64 * 1024 && !flush()) return -1;
    return static_cast<ssize_t>(size);
  }

  bool flush() {
    std::size_t sent = 0;
    while (!write_failed_ && sent < out_.size()) {
      ssize_t n = ::send(sock_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_socket(sock_, POLLOUT, limits_.write_timeout_ms)) write_failed_ = true;
      } else {
        write_failed_ = true;
      }
    }
    out_.clear();
    return !write_failed_;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(false, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  // Until the phase's deadline, in slices, so a stopping server does not wait for slow clients.
  bool wait_readable() const {
    for (;;) {
      int left = ms_until(deadline_);
      if (left == 0 || listen_sock_ == INVALID_SOCKET) return false;
      if (wait_socket(sock_, POLLIN, std::min(left, 100))) return true;
    }
  }

  ssize_t fill() {
    ssize_t n;
    do n = ::recv(sock_, in_.data(), in_.size(), 0);
    while (n < 0 && errno == EINTR);
    in_pos_ = 0;
    in_len_ = n > 0 ? static_cast<std::size_t>(n) : 0;
    return n;
  }

  void address_of(bool peer, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int r = peer ? ::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len)
                 : ::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len);
    if (r != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      port = ntohs(a->sin6_port);
    }
    ip = text;
  }

  int sock_;
  const server_limits& limits_;
  const std::atomic<socket_t>& listen_sock_;  // INVALID_SOCKET once the server stops
  std::vector<char> in_;
  std::size_t in_pos_ = 0, in_len_ = 0;
  std::string out_;
  phase phase_ = phase::headers;
  std::size_t phase_bytes_ = 0, body_budget_ = 0;
  clock_type::time_point deadline_{};
  int refusal_ = 0;
  bool write_failed_ = false;
};

thread_local conn_stream* current_stream = nullptr;

bool is_chunked(const httplib::Request& req) {
  std::string te = req.get_header_value("Transfer-Encoding");
  std::transform(te.begin(), te.end(), te.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return te.find("chunked") != std::string::npos;
}

// Body budget from the framing: chunked -> the limit plus room for chunk lines (the decoded size
// is checked again after reading); Content-Length -> that length, or 0 when it is over the limit
// (the first body read is refused, so the body is never read); no body -> 0.
std::size_t body_budget(const httplib::Request& req, const server_limits& limits) {
  if (is_chunked(req)) return limits.max_body_bytes + 16 * 1024;
  const std::string length = req.get_header_value("Content-Length");
  if (length.empty()) return 0;
  if (length.size() > 12 || length.find_first_not_of("0123456789") != std::string::npos) return 0;
  std::size_t n = std::stoull(length);
  return n > limits.max_body_bytes ? 0 : n;
}

// After a refusal the client may still be sending: stop writing, read what arrives for a moment
// and then close, so the client sees the answer instead of a reset.
void linger_and_close(int sock) {
  ::shutdown(sock, SHUT_WR);
  char sink[16 * 1024];
  auto until = clock_type::now() + std::chrono::milliseconds(500);
  std::size_t drained = 0;
  while (drained < 1024 * 1024 && wait_socket(sock, POLLIN, ms_until(until))) {
    ssize_t n = ::recv(sock, sink, sizeof sink, 0);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::close(sock);
}

}  // namespace

int connection_refusal() { return current_stream ? current_stream->refusal() : 0; }

http_server::http_server(server_limits limits) : limits_(limits) {
  new_task_queue = [max = limits_.max_threads] { return new growing_pool(max); };
  set_payload_max_length(limits_.max_body_bytes);
  set_tcp_nodelay(true);
  // Too many headers: refused before routing. (Too many header bytes never get this far.)
  set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    // httplib adds REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR and LOCAL_PORT to the headers it read.
    if (req.headers.size() > limits_.max_header_count + 4) {
      if (current_stream) current_stream->refuse(431);
      res.status = 431;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

bool http_server::process_and_close_socket(socket_t sock) {
  int one = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  conn_stream strm(sock, limits_, svr_sock_);
  bool ok = true;
  auto running = [this] { return svr_sock_ != INVALID_SOCKET; };
  for (std::size_t left = limits_.max_requests_per_connection; left > 0; --left) {
    if (!strm.wait_for_request(limits_.idle_timeout_ms, running)) break;
    strm.begin_request();
    current_stream = &strm;
    bool connection_closed = false;
    ok = process_request(strm, left == 1 || !running(), connection_closed, [&](httplib::Request& req) {
      strm.begin_body(body_budget(req, limits_));
      // Ranges are answered by the static file routes only, from the Range header (static_files.cpp);
      // httplib's own range handling would send partial bodies with status 200 anywhere.
      req.ranges.clear();
    });
    current_stream = nullptr;
    if (!strm.flush() || !ok || connection_closed || strm.refusal()) break;
  }
  if (strm.refusal()) {
    linger_and_close(sock);
  } else {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
  return ok;
}

}  // namespace flowkit::sandbox
