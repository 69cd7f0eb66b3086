#include "runtime/metrics/token_bucket.h"

#include <algorithm>

namespace peregrine::runtime::metrics {

bool TokenBucket::Claim(uint64_t now_ns) {
  if (now_ns > last_ns_) {
    tokens_ = std::min(max_burst_, tokens_ + rate_ * static_cast<double>(now_ns - last_ns_) / 1e9);
    last_ns_ = now_ns;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace peregrine::runtime::metrics
