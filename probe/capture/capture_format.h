// Peregrine's own capture file format (".pgcap"): layout constants and the decoded types that the
// writer takes and the reader returns.
//
// A file is a fixed header, then blocks. All integers are little-endian.
//
//   header   magic "PGCAPTUR" (8) | u16 major | u16 minor | u32 header_bytes (whole header,
//            magic included) | machine facts (see CaptureMachine, encoded in field order:
//            fixed-width integers, then strings as u32 length + bytes)
//   block    u32 type | u32 payload_bytes | payload
//
// Block types, in the order they appear:
//   kBlockProcess  one per thread of the initial process-table snapshot (before any record)
//   kBlockUser     (1.1) one per user of the host at capture start: u32 uid | u32 gid | name |
//                  home | shell (strings as u32 length + bytes); after the process blocks
//   kBlockGroup    (1.1) one per group: u32 gid | name; after the process blocks
//   kBlockRecord   u16 cpu | u16 reserved (0) | one ring record exactly as the probe produced it:
//                  pg_ring_prefix, optional pg_proc_ctx, scap event record (probe/abi/)
//   kBlockEnd      u64 records | u64 kernel drops (sum of every category) | u64 truncated params;
//                  the last block. A file without it was cut short (the reader says so).
//
// Version history:
//   1.0  header, process blocks (fields up to the fd list), records, end block.
//   1.1  user and group blocks (after the process blocks, before the first record: a 1.0 reader
//        stops its process table at the first of them and skips them as unknown blocks), and
//        i64 sid | i64 pgid | i64 vpgid appended to each process payload.
//
// Version policy: a reader accepts files of its major version and any minor version; a minor
// version only appends fields at the end of the header or of a process payload (readers skip
// what they do not know), or adds block types older readers may skip.
#ifndef PEREGRINE_PROBE_CAPTURE_CAPTURE_FORMAT_H_
#define PEREGRINE_PROBE_CAPTURE_CAPTURE_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace peregrine::probe::capture {

inline constexpr char kCaptureMagic[8] = {'P', 'G', 'C', 'A', 'P', 'T', 'U', 'R'};
inline constexpr uint16_t kCaptureMajorVersion = 1;
inline constexpr uint16_t kCaptureMinorVersion = 1;

inline constexpr uint32_t kBlockProcess = 1;
inline constexpr uint32_t kBlockRecord = 2;
inline constexpr uint32_t kBlockEnd = 3;
inline constexpr uint32_t kBlockUser = 4;   // since 1.1
inline constexpr uint32_t kBlockGroup = 5;  // since 1.1

// Bounds the reader enforces (a block larger than this is corrupt, not merely big).
inline constexpr uint32_t kMaxHeaderBytes = 64 * 1024;
inline constexpr uint32_t kMaxProcessBlockBytes = 4 * 1024 * 1024;
inline constexpr uint32_t kMaxRecordBlockBytes = 4 + 32768;  // cpu/reserved + PG_MAX_RECORD_SIZE
inline constexpr uint32_t kEndBlockBytes = 24;
inline constexpr uint32_t kMaxUserBlockBytes = 64 * 1024;  // user and group blocks

// Facts about the machine and the probe that wrote the file.
struct CaptureMachine {
  uint64_t start_realtime_ns = 0;  // CLOCK_REALTIME when the capture started
  uint64_t boot_time_ns = 0;       // CLOCK_REALTIME - CLOCK_BOOTTIME at start (record ts base)
  uint64_t memory_bytes = 0;       // physical memory
  uint32_t cpus = 0;               // possible CPUs (= probe rings)
  uint32_t page_size = 0;
  uint16_t ring_prefix_size = 0;  // sizeof(pg_ring_prefix) of the writer's ABI
  uint16_t proc_ctx_size = 0;     // sizeof(pg_proc_ctx)
  uint16_t scap_header_size = 0;  // scap event header bytes
  uint16_t reserved = 0;
  std::string hostname;
  std::string kernel_release;  // uname -r
  std::string kernel_version;  // uname -v
  std::string arch;            // uname -m
};

// One open file descriptor of a snapshot thread.
struct CaptureFd {
  int32_t fd = 0;
  std::string name;  // readlink of /proc/<pid>/fd/<fd>: a path, "socket:[ino]", "pipe:[ino]", …

  bool operator==(const CaptureFd&) const = default;
};

// One thread of the initial process-table snapshot.
struct CaptureProcess {
  int64_t tid = 0;
  int64_t pid = 0;
  int64_t ppid = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t euid = 0;
  uint32_t egid = 0;
  uint32_t loginuid = 0xFFFFFFFF;
  uint32_t tty = 0;         // user-space dev_t of the controlling tty, 0 = none
  uint64_t start_time = 0;  // ns since boot
  uint64_t cap_effective = 0;
  uint64_t cap_permitted = 0;
  std::string comm;
  std::string exe;      // argv[0]
  std::string exepath;  // readlink of /proc/<pid>/exe
  std::string cwd;
  std::vector<std::string> args;     // argv[1..]
  std::vector<std::string> env;      // "NAME=value"
  std::vector<std::string> cgroups;  // lines of /proc/<pid>/cgroup, "hierarchy:controllers:path"
  std::vector<CaptureFd> fds;
  // Since 1.1 (-1 = unknown, as in files of version 1.0): session id, process group id (host
  // pid namespace) and the process group id in the process's own pid namespace.
  int64_t sid = -1;
  int64_t pgid = -1;
  int64_t vpgid = -1;

  bool operator==(const CaptureProcess&) const = default;
};

// One user of the host (an /etc/passwd entry, or a name service answer for an id a snapshot
// process uses). Since 1.1.
struct CaptureUser {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string name;
  std::string home;
  std::string shell;

  bool operator==(const CaptureUser&) const = default;
};

// One group of the host (/etc/group, or a name service answer). Since 1.1.
struct CaptureGroup {
  uint32_t gid = 0;
  std::string name;

  bool operator==(const CaptureGroup&) const = default;
};

// Totals from the end block.
struct CaptureTrailer {
  uint64_t records = 0;
  uint64_t kernel_drops = 0;
  uint64_t truncated_params = 0;
};

}  // namespace peregrine::probe::capture

#endif  // PEREGRINE_PROBE_CAPTURE_CAPTURE_FORMAT_H_
