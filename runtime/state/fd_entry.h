// FdEntry and FdTable: the file descriptors of one process (scap-format §14.1).
#ifndef PEREGRINE_RUNTIME_STATE_FD_ENTRY_H_
#define PEREGRINE_RUNTIME_STATE_FD_ENTRY_H_

#include <cstdint>
#include <string>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "probe/capture/scap/scap_tables.h"
#include "runtime/events/param_decode.h"

namespace peregrine::runtime {

// scap_fd_type values (§10.1); 0 = unknown.
using FdType = probe::scap::FdType;

// l4proto values of the fd model (§10.1).
enum class L4Proto : uint8_t {
  kUnknown = 0,
  kNotApplicable = 1,
  kTcp = 2,
  kUdp = 3,
  kIcmp = 4,
  kRaw = 5
};

enum class SocketRole : uint8_t { kNone, kClient, kServer };

// PPM file_flags bits used by the state (Appendix B).
inline constexpr uint32_t kPpmOCloexec = 0x1000;
inline constexpr uint32_t kPpmODirectory = 0x400;

// The fixed-size attributes of an fd: trivially copyable, so that recycling an entry's slot
// resets them with one assignment (FdEntry keeps its name buffers).
struct FdAttributes {
  FdType type = FdType::kUnknown;
  uint32_t open_flags = 0;  // PPM file_flags
  uint32_t dev = 0;
  uint64_t ino = 0;
  // Sockets: the stored source is the client side, destination the server side (§14.7); server
  // sockets keep their bound address in the source fields.
  L4Proto l4proto = L4Proto::kUnknown;
  IpAddr sip;
  IpAddr dip;
  uint16_t sport = 0;
  uint16_t dport = 0;
  uint64_t unix_src = 0;
  uint64_t unix_dst = 0;
  SocketRole role = SocketRole::kNone;
  bool connected = false;
  int64_t pid = 0;  // pidfd target

  bool IsFileLike() const {
    return type == FdType::kFile || type == FdType::kFileV2 || type == FdType::kDirectory;
  }
  bool IsIpSocket() const {
    return type == FdType::kIpv4Sock || type == FdType::kIpv6Sock ||
           type == FdType::kIpv4ServSock || type == FdType::kIpv6ServSock;
  }
  bool IsServerSocket() const {
    return type == FdType::kIpv4ServSock || type == FdType::kIpv6ServSock;
  }
};
static_assert(std::is_trivially_copyable_v<FdAttributes>);

// One open file descriptor. Plain data; thread-compatible.
struct FdEntry : FdAttributes {
  std::string name;     // fd.name
  std::string nameraw;  // fd.nameraw: the path as the program passed it (files), else = name

  // Resets every field to its default, keeping the name buffers' capacity.
  void Reset() {
    static_cast<FdAttributes&>(*this) = FdAttributes{};
    name.clear();
    nameraw.clear();
  }
};

// fd number → entry, one per process (threads with CLONE_FILES share their leader's).
using FdTable = absl::flat_hash_map<int64_t, FdEntry>;

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_FD_ENTRY_H_
