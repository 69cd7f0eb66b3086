// MetricsServer: a small HTTP/1.1 server answering GET /metrics with the registry's Prometheus
// text.
#ifndef PEREGRINE_RUNTIME_METRICS_METRICS_SERVER_H_
#define PEREGRINE_RUNTIME_METRICS_METRICS_SERVER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "runtime/metrics/registry.h"

namespace peregrine::runtime::metrics {

// Listens on `address:port` (an IPv4 or IPv6 literal; port 0 picks a free port) and serves, one
// connection at a time on its own thread: GET/HEAD /metrics → 200 text/plain; version=0.0.4;
// other paths → 404; other methods → 405. Each response closes the connection. A client that
// sends nothing within 2 s is dropped, so a stuck scraper cannot wedge the server.
// Borrows the registry, which must outlive the server. Stop() (or the destructor) joins the
// thread. Thread-safe.
class MetricsServer {
 public:
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Create(const Registry& registry,
                                                               const std::string& address,
                                                               uint16_t port);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The bound port (the chosen one when created with port 0).
  uint16_t port() const { return port_; }
  // Scrapes served so far (successful /metrics responses).
  uint64_t scrapes() const { return scrapes_.load(std::memory_order_relaxed); }
  void Stop();

 private:
  MetricsServer(const Registry& registry, int listen_fd, int wake_fd, uint16_t port);
  void Run();
  void Serve(int fd);

  const Registry& registry_;
  int listen_fd_;
  int wake_fd_;  // eventfd: written by Stop() to end poll()
  uint16_t port_;
  std::atomic<uint64_t> scrapes_{0};
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_METRICS_SERVER_H_
