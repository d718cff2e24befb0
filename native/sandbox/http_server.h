// The sandbox's HTTP server: cpp-httplib parses and routes requests, our own connection loop
// reads and writes the socket. Every connection gets a thread from a pool that grows on demand
// (idle and slow clients cannot starve /healthz), TCP_NODELAY and one send per response, a
// deadline for each request's headers and body, caps on header bytes and count, and a byte
// budget for the body that holds however it is framed (Content-Length or chunked), so an
// oversize body is refused (413) before it is read whole. Depends on cpp-httplib only.
#pragma once
#include <httplib.h>

#include <cstddef>
#include <string>

namespace flowkit::sandbox {

struct server_limits {
  std::size_t max_body_bytes = 64 * 1024;      // decoded body; larger -> 413 payload_too_large
  std::size_t max_header_bytes = 32 * 1024;    // request line + headers; larger -> 431
  std::size_t max_header_count = 100;          // more -> 431
  int header_timeout_ms = 10000;               // a request's first byte to the end of its headers -> else 408
  int body_timeout_ms = 10000;                 // the end of the headers to the end of the body -> else 408
  int idle_timeout_ms = 5000;                  // keep-alive: how long a connection may wait between requests
  int write_timeout_ms = 5000;
  std::size_t max_threads = 512;               // connections served at once; more wait for a thread
  std::size_t max_requests_per_connection = 100000;
};

class http_server : public httplib::Server {
 public:
  explicit http_server(server_limits limits = {});
  const server_limits& limits() const { return limits_; }

 private:
  bool process_and_close_socket(socket_t sock) override;  // the connection loop (replaces httplib's)
  server_limits limits_;
};

// The status (408, 413 or 431) with which the request being served on this thread was refused by
// the connection loop, or 0. The error handler uses it to answer with the right status and code.
int connection_refusal();

}  // namespace flowkit::sandbox
