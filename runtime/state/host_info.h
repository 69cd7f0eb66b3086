// HostInfo: facts about the machine the events come from (scap-format §6, §7).
#ifndef PEREGRINE_RUNTIME_STATE_HOST_INFO_H_
#define PEREGRINE_RUNTIME_STATE_HOST_INFO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/events/param_decode.h"

namespace peregrine::runtime {

// Plain data; thread-compatible.
struct HostInfo {
  std::string hostname;
  uint64_t boot_ts = 0;  // ns since epoch
  uint32_t num_cpus = 0;
  std::vector<IpAddr> addresses;  // the host's interface addresses (fd.lip / fd.rip)

  bool IsLocalAddress(const IpAddr& ip) const {
    for (const IpAddr& a : addresses) {
      if (a == ip) return true;
    }
    return false;
  }
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_HOST_INFO_H_
