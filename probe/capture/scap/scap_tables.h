// Plain structs for the metadata blocks of a .scap capture (scap-format §5–§10).
//
// These are values copied out of the file: they own their strings and do not refer to the
// reader's buffers. They seed the runtime's state tables. Thread-compatible.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_TABLES_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_TABLES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace peregrine::probe::scap {

// Section header block (§5).
struct SectionHeader {
  uint16_t major_version = 0;
  uint16_t minor_version = 0;
  uint64_t section_length = 0;  // always all-ones ("unknown") in practice
};

// Machine info block (§6).
struct MachineInfo {
  bool present = false;  // false when the section had no machine info block
  uint32_t num_cpus = 0;
  uint64_t memory_bytes = 0;
  uint64_t max_pid = 0;
  std::string hostname;
  uint64_t boot_time_ns = 0;  // ns since epoch; 0 when the block was too short to hold it
  uint64_t flags = 0;
};

// One entry of an interface list block (§7).
struct InterfaceInfo {
  enum class Family : uint8_t { kIpv4, kIpv6 };
  uint16_t kind = 0;  // raw entry kind: 1 IPv4, 2 IPv6, 3/4 the same without link speed
  Family family = Family::kIpv4;
  // Network-order address bytes; IPv4 uses the first 4 bytes.
  std::array<uint8_t, 16> addr{};
  std::array<uint8_t, 16> netmask{};
  std::array<uint8_t, 16> broadcast{};
  uint64_t link_speed = 0;
  std::string name;
};

// User entry of a user/group list block (§8).
struct UserInfo {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string name;
  std::string home;
  std::string shell;
};

// Group entry of a user/group list block (§8).
struct GroupInfo {
  uint32_t gid = 0;
  std::string name;
};

// One thread of a process list block (§9). Field defaults are the spec's defaults for fields an
// older block version does not carry.
struct ThreadInfo {
  int64_t tid = 0;
  int64_t pid = 0;
  int64_t ptid = 0;
  int64_t sid = -1;
  int64_t vpgid = -1;
  std::string comm;
  std::string exe;
  std::string exepath;
  std::vector<std::string> args;  // argv[1..]
  std::string cwd;
  uint64_t fdlimit = 0;
  uint32_t flags = 0;  // PPM_CL_* bits
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t vmsize_kb = 0;
  uint32_t vmrss_kb = 0;
  uint32_t vmswap_kb = 0;
  uint64_t pfmajor = 0;
  uint64_t pfminor = 0;
  std::vector<std::string> env;
  int64_t vtid = -1;
  int64_t vpid = -1;
  std::vector<std::string> cgroups;  // "subsystem=path"
  std::string root;
  uint64_t pidns_init_start_ts = 0;
  uint32_t tty = 0;
  uint32_t loginuid = 0xFFFFFFFF;
  bool exe_writable = false;
  uint64_t cap_inheritable = 0;
  uint64_t cap_permitted = 0;
  uint64_t cap_effective = 0;
  bool exe_upper_layer = false;
  uint64_t exe_ino = 0;
  uint64_t exe_ino_ctime = 0;
  uint64_t exe_ino_mtime = 0;
  bool exe_from_memfd = false;
  bool exe_lower_layer = false;
  int64_t pgid = -1;
  int block_version = 0;  // process list version (1–9) this entry came from

  // A thread is a process leader when tid == pid or it carries PPM_CL_IS_MAIN_THREAD (§9.2).
  bool IsMainThread() const { return tid == pid || (flags & (1u << 30)) != 0; }
};

// scap_fd_type values of fd list entries (§10.1).
enum class FdType : uint8_t {
  kUnknown = 0,
  kFile = 1,
  kDirectory = 2,
  kIpv4Sock = 3,
  kIpv6Sock = 4,
  kIpv4ServSock = 5,
  kIpv6ServSock = 6,
  kFifo = 7,
  kUnixSock = 8,
  kEvent = 9,
  kUnsupported = 10,
  kSignalfd = 11,
  kEventpoll = 12,
  kInotify = 13,
  kTimerfd = 14,
  kNetlink = 15,
  kFileV2 = 16,
  kBpf = 17,
  kUserfaultfd = 18,
  kIouring = 19,
  kMemfd = 20,
  kPidfd = 21,
};

// One entry of an fd list block (§10), attached to thread `tid`.
struct FdInfo {
  int64_t tid = 0;
  int64_t fd = 0;
  uint64_t ino = 0;
  FdType type = FdType::kUnknown;
  uint8_t raw_type = 0;     // the kind byte as stored (differs from `type` for unknown kinds)
  std::string name;         // stored name; empty for socket kinds 3–6 (their name is derived)
  uint32_t open_flags = 0;  // FILE_V2 only, PPM file_flags
  bool has_dev = false;
  uint32_t dev = 0;  // FILE_V2 only, when present
  // Socket kinds 3–6: network-order address bytes (IPv4 in the first 4 bytes), host-order ports.
  // Server sockets (5/6) fill only the source side.
  std::array<uint8_t, 16> src_addr{};
  std::array<uint8_t, 16> dst_addr{};
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  uint8_t l4proto = 0;  // 0 unknown, 1 n/a, 2 TCP, 3 UDP, 4 ICMP, 5 RAW
  // Unix sockets (8): opaque kernel endpoint ids.
  uint64_t unix_src_endpoint = 0;
  uint64_t unix_dst_endpoint = 0;
};

// Everything the metadata blocks of one section describe.
struct ScapTables {
  SectionHeader section_header;
  MachineInfo machine_info;
  std::vector<InterfaceInfo> interfaces;
  std::vector<UserInfo> users;
  std::vector<GroupInfo> groups;
  std::vector<ThreadInfo> threads;
  std::vector<FdInfo> fds;

  void Clear() { *this = ScapTables{}; }
};

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_TABLES_H_
