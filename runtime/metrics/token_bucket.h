// TokenBucket: rate limiting of internal notifications (syscall_event_drops.rate / max_burst).
#ifndef PEREGRINE_RUNTIME_METRICS_TOKEN_BUCKET_H_
#define PEREGRINE_RUNTIME_METRICS_TOKEN_BUCKET_H_

#include <cstdint>

namespace peregrine::runtime::metrics {

// Refills `rate` tokens per second up to `max_burst`; starts full. Times are caller-supplied
// (ns, any monotonic origin) so tests control the clock. Thread-compatible.
class TokenBucket {
 public:
  TokenBucket(double rate, double max_burst, uint64_t now_ns)
      : rate_(rate), max_burst_(max_burst), tokens_(max_burst), last_ns_(now_ns) {}

  // Takes one token if available.
  bool Claim(uint64_t now_ns);
  double tokens() const { return tokens_; }

 private:
  double rate_;
  double max_burst_;
  double tokens_;
  uint64_t last_ns_;
};

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_TOKEN_BUCKET_H_
