// ProcScanner: /proc and /etc → probe::scap::ScapTables.
#include "runtime/live/proc_scanner.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/engine/process_tables.h"
#include "runtime/state/thread_entry.h"

namespace peregrine::runtime::live {
namespace {

using probe::scap::FdInfo;
using probe::scap::FdType;
using probe::scap::ScapTables;
using probe::scap::ThreadInfo;

// Splits on any of `seps`, dropping empty pieces.
std::vector<std::string_view> Split(std::string_view text, std::string_view seps) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(seps, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

template <typename T>
bool ToNumber(std::string_view text, T* out, int base = 10) {
  std::string s(text);
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s.c_str(), &end, base);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = static_cast<T>(v);
  return true;
}

// Whole small file; "" when unreadable (the process is gone, or access is denied).
std::string ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "re");
  if (f == nullptr) return {};
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

std::string ReadLink(const std::string& path) {
  char buf[4096];
  const ssize_t n = readlink(path.c_str(), buf, sizeof(buf));
  if (n <= 0) return {};
  return std::string(buf, static_cast<size_t>(n));
}

std::vector<std::string> SplitNul(const std::string& data) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\0', start);
    if (end == std::string::npos) end = data.size();
    out.emplace_back(data, start, end - start);
    start = end + 1;
  }
  return out;
}

// Numeric directory entries of `dir`.
std::vector<int64_t> NumericEntries(const std::string& dir, bool* ok) {
  std::vector<int64_t> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    if (ok != nullptr) *ok = false;
    return out;
  }
  if (ok != nullptr) *ok = true;
  while (dirent* e = readdir(d)) {
    int64_t v = 0;
    if (absl::SimpleAtoi(e->d_name, &v)) out.push_back(v);
  }
  closedir(d);
  return out;
}

// "Key:\tv1\tv2…" line of /proc/<pid>/status: the value fields.
std::vector<std::string_view> StatusFields(std::string_view status, std::string_view key) {
  size_t pos = 0;
  while (pos < status.size()) {
    size_t end = status.find('\n', pos);
    if (end == std::string_view::npos) end = status.size();
    std::string_view line = status.substr(pos, end - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      return Split(line.substr(key.size() + 1), " \t");
    }
    pos = end + 1;
  }
  return {};
}

template <typename T>
bool ParseField(const std::vector<std::string_view>& fields, size_t i, T* out, int base = 10) {
  if (i >= fields.size()) return false;
  std::string s(fields[i]);
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s.c_str(), &end, base);
  if (errno != 0 || end == s.c_str()) return false;
  *out = static_cast<T>(v);
  return true;
}

// Sockets of one network namespace, by inode.
struct SocketInfo {
  FdType type = FdType::kUnknown;
  uint8_t l4proto = 0;
  std::array<uint8_t, 16> src{};
  std::array<uint8_t, 16> dst{};
  uint16_t sport = 0;
  uint16_t dport = 0;
  uint64_t unix_src = 0;
  std::string path;
};
using SocketMap = absl::flat_hash_map<uint64_t, SocketInfo>;

// "0100007F:0CEA" (IPv4) or 32 hex digits + ":PORT" (IPv6) of /proc/net/{tcp,udp}[6].
bool ParseHexEndpoint(std::string_view text, bool v6, std::array<uint8_t, 16>* addr,
                      uint16_t* port) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view hex = text.substr(0, colon);
  const size_t words = v6 ? 4 : 1;
  if (hex.size() != words * 8) return false;
  for (size_t w = 0; w < words; ++w) {
    // Each 32-bit word is printed in host (little-endian) order of its in-memory value.
    const uint32_t v =
        static_cast<uint32_t>(std::strtoul(std::string(hex.substr(w * 8, 8)).c_str(), nullptr, 16));
    std::memcpy(addr->data() + w * 4, &v, 4);
  }
  *port =
      static_cast<uint16_t>(std::strtoul(std::string(text.substr(colon + 1)).c_str(), nullptr, 16));
  return true;
}

void ReadInetTable(const std::string& path, bool v6, bool tcp, SocketMap* out) {
  std::istringstream in(ReadFile(path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string_view> f = Split(line, " ");
    if (f.size() < 10) continue;
    SocketInfo s;
    if (!ParseHexEndpoint(f[1], v6, &s.src, &s.sport) ||
        !ParseHexEndpoint(f[2], v6, &s.dst, &s.dport)) {
      continue;
    }
    uint64_t ino = 0;
    if (!ToNumber(f[9], &ino) || ino == 0) continue;
    const bool listen = tcp && f[3] == "0A";
    if (listen) {
      s.type = v6 ? FdType::kIpv6ServSock : FdType::kIpv4ServSock;
      s.dst = {};
      s.dport = 0;
    } else {
      s.type = v6 ? FdType::kIpv6Sock : FdType::kIpv4Sock;
    }
    s.l4proto = tcp ? 2 : 3;
    (*out)[ino] = s;
  }
}

void ReadUnixTable(const std::string& path, SocketMap* out) {
  std::istringstream in(ReadFile(path));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string_view> f = Split(line, " ");
    if (f.size() < 7) continue;
    SocketInfo s;
    s.type = FdType::kUnixSock;
    std::string num(f[0]);
    if (!num.empty() && num.back() == ':') num.pop_back();
    s.unix_src = std::strtoull(num.c_str(), nullptr, 16);
    uint64_t ino = 0;
    if (!ToNumber(f[6], &ino) || ino == 0) continue;
    if (f.size() >= 8) s.path = std::string(f[7]);
    (*out)[ino] = s;
  }
}

SocketMap ReadSockets(const std::string& net_dir) {
  SocketMap m;
  ReadInetTable(net_dir + "/tcp", false, true, &m);
  ReadInetTable(net_dir + "/tcp6", true, true, &m);
  ReadInetTable(net_dir + "/udp", false, false, &m);
  ReadInetTable(net_dir + "/udp6", true, false, &m);
  ReadUnixTable(net_dir + "/unix", &m);
  return m;
}

void ClassifyFd(const std::string& link, const std::string& target_path, const SocketMap& sockets,
                FdInfo* fd) {
  if (const uint64_t ino = SocketInodeOfLink(link); ino != 0) {
    auto it = sockets.find(ino);
    if (it != sockets.end()) {
      const SocketInfo& s = it->second;
      fd->ino = ino;
      fd->type = s.type;
      fd->l4proto = s.l4proto;
      fd->src_addr = s.src;
      fd->dst_addr = s.dst;
      fd->src_port = s.sport;
      fd->dst_port = s.dport;
      fd->unix_src_endpoint = s.unix_src;
      fd->name = s.type == FdType::kUnixSock ? s.path : std::string();
      fd->raw_type = static_cast<uint8_t>(fd->type);
      return;
    }
  }
  // Everything the link text tells (pipes, anon inodes, memfds, paths, unknown sockets).
  ClassifyFdLink(link, fd);
  if (fd->type == FdType::kFile) {
    struct stat st;
    if (stat(target_path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      fd->type = FdType::kDirectory;
      fd->raw_type = static_cast<uint8_t>(fd->type);
    }
  }
}

void ScanMachine(ScapTables* out) {
  probe::scap::MachineInfo& m = out->machine_info;
  m.present = true;
  m.num_cpus = static_cast<uint32_t>(sysconf(_SC_NPROCESSORS_ONLN));
  struct sysinfo si;
  if (sysinfo(&si) == 0) m.memory_bytes = static_cast<uint64_t>(si.totalram) * si.mem_unit;
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) == 0) m.hostname = host;
  timespec real, boot;
  clock_gettime(CLOCK_REALTIME, &real);
  clock_gettime(CLOCK_BOOTTIME, &boot);
  const auto ns = [](const timespec& t) {
    return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(t.tv_nsec);
  };
  m.boot_time_ns = ns(real) - ns(boot);
  m.max_pid = 4194304;

  ifaddrs* addrs = nullptr;
  if (getifaddrs(&addrs) != 0) return;
  for (ifaddrs* a = addrs; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr) continue;
    probe::scap::InterfaceInfo itf;
    itf.name = a->ifa_name;
    if (a->ifa_addr->sa_family == AF_INET) {
      itf.family = probe::scap::InterfaceInfo::Family::kIpv4;
      itf.kind = 1;
      std::memcpy(itf.addr.data(), &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, 4);
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      itf.family = probe::scap::InterfaceInfo::Family::kIpv6;
      itf.kind = 2;
      std::memcpy(itf.addr.data(), &reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr, 16);
    } else {
      continue;
    }
    out->interfaces.push_back(std::move(itf));
  }
  freeifaddrs(addrs);
}

}  // namespace

bool ProcScanner::ScanThread(int64_t pid, int64_t tid, ThreadInfo* out) const {
  const std::string proc = absl::StrCat(options_.proc_root, "/", pid);
  const std::string task = absl::StrCat(proc, "/task/", tid);
  const std::string stat = ReadFile(task + "/stat");
  if (stat.empty()) return false;
  ThreadInfo t;
  t.tid = tid;
  t.pid = pid;
  t.block_version = 9;
  // "tid (comm) S ppid pgrp session tty_nr …": comm may hold spaces and parentheses.
  const size_t open = stat.find('(');
  const size_t close = stat.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  t.comm = stat.substr(open + 1, close - open - 1);
  std::vector<std::string_view> rest = Split(std::string_view(stat).substr(close + 2), " ");
  // rest[0] state, [1] ppid, [2] pgrp, [3] session, [4] tty_nr, … [7] minflt, [9] majflt.
  ParseField(rest, 1, &t.ptid);
  ParseField(rest, 2, &t.pgid);
  ParseField(rest, 3, &t.sid);
  ParseField(rest, 4, &t.tty);
  ParseField(rest, 7, &t.pfminor);
  ParseField(rest, 9, &t.pfmajor);
  t.vpgid = t.pgid;

  const std::string status = ReadFile(task + "/status");
  std::vector<std::string_view> f = StatusFields(status, "Uid");
  ParseField(f, 1, &t.uid);  // effective, as the probe reports user.uid
  f = StatusFields(status, "Gid");
  ParseField(f, 1, &t.gid);
  f = StatusFields(status, "NSpid");
  if (!f.empty()) ParseField(f, f.size() - 1, &t.vtid);
  f = StatusFields(status, "NStgid");
  if (!f.empty()) ParseField(f, f.size() - 1, &t.vpid);
  ParseField(StatusFields(status, "CapInh"), 0, &t.cap_inheritable, 16);
  ParseField(StatusFields(status, "CapPrm"), 0, &t.cap_permitted, 16);
  ParseField(StatusFields(status, "CapEff"), 0, &t.cap_effective, 16);
  ParseField(StatusFields(status, "VmSize"), 0, &t.vmsize_kb);
  ParseField(StatusFields(status, "VmRSS"), 0, &t.vmrss_kb);
  ParseField(StatusFields(status, "VmSwap"), 0, &t.vmswap_kb);

  std::vector<std::string> argv = SplitNul(ReadFile(proc + "/cmdline"));
  if (!argv.empty()) {
    t.exe = argv[0];
    t.args.assign(argv.begin() + 1, argv.end());
  } else {
    t.exe = t.comm;  // kernel threads
  }
  t.exepath = StripDeletedSuffix(ReadLink(proc + "/exe"));
  if (t.exepath.compare(0, 7, "/memfd:") == 0) t.exe_from_memfd = true;
  struct stat st;
  if (::stat((proc + "/exe").c_str(), &st) == 0) {
    t.exe_ino = st.st_ino;
    t.exe_ino_ctime = static_cast<uint64_t>(st.st_ctim.tv_sec) * 1'000'000'000 +
                      static_cast<uint64_t>(st.st_ctim.tv_nsec);
    t.exe_ino_mtime = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                      static_cast<uint64_t>(st.st_mtim.tv_nsec);
    t.exe_writable = (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0 && st.st_uid == t.uid;
  }
  t.cwd = ReadLink(proc + "/cwd");
  t.root = ReadLink(proc + "/root");
  if (options_.scan_env) t.env = SplitNul(ReadFile(proc + "/environ"));
  {
    std::string lu = ReadFile(proc + "/loginuid");
    uint32_t v = 0;
    while (!lu.empty() && (lu.back() == '\n' || lu.back() == ' ')) lu.pop_back();
    if (ToNumber(lu, &v)) t.loginuid = v;
  }
  // "id:controllers:path" → "controllers=path"; the v2 line (id 0, no controllers) → "unified=".
  const std::string cgroup_file = ReadFile(task + "/cgroup");
  for (std::string_view line : Split(cgroup_file, "\n")) {
    if (std::optional<std::string> entry = CgroupEntryFromProcLine(line)) {
      t.cgroups.push_back(*std::move(entry));
    }
  }
  {
    std::istringstream limits(ReadFile(proc + "/limits"));
    std::string line;
    while (std::getline(limits, line)) {
      if (line.rfind("Max open files", 0) != 0) continue;
      std::vector<std::string_view> lf = Split(std::string_view(line).substr(14), " ");
      ParseField(lf, 0, &t.fdlimit);
    }
  }
  if (tid != pid) t.flags |= kClCloneThread | kClCloneFiles;
  *out = std::move(t);
  return true;
}

void ProcScanner::ScanFds(int64_t pid, int64_t tid, std::vector<FdInfo>* out) const {
  const std::string proc = absl::StrCat(options_.proc_root, "/", pid);
  const SocketMap sockets = ReadSockets(proc + "/net");
  bool ok = false;
  std::vector<int64_t> fds = NumericEntries(proc + "/fd", &ok);
  size_t n = 0;
  for (int64_t num : fds) {
    if (n++ >= options_.max_fds_per_process) break;
    const std::string path = absl::StrCat(proc, "/fd/", num);
    const std::string link = ReadLink(path);
    if (link.empty()) continue;
    FdInfo fd;
    fd.tid = tid;
    fd.fd = num;
    ClassifyFd(link, path, sockets, &fd);
    fd.raw_type = static_cast<uint8_t>(fd.type);
    out->push_back(std::move(fd));
  }
}

void ProcScanner::ScanUsers(ScapTables* out) const {
  std::istringstream passwd(ReadFile(options_.etc_root + "/passwd"));
  std::string line;
  while (std::getline(passwd, line)) {
    std::vector<std::string> f = absl::StrSplit(line, ':');  // keeps empty fields
    if (f.size() < 7) continue;
    probe::scap::UserInfo u;
    if (!absl::SimpleAtoi(f[2], &u.uid) || !absl::SimpleAtoi(f[3], &u.gid)) continue;
    u.name = f[0];
    u.home = f[5];
    u.shell = f[6];
    out->users.push_back(std::move(u));
  }
  std::istringstream group(ReadFile(options_.etc_root + "/group"));
  while (std::getline(group, line)) {
    std::vector<std::string> f = absl::StrSplit(line, ':');
    if (f.size() < 3) continue;
    probe::scap::GroupInfo g;
    if (!absl::SimpleAtoi(f[2], &g.gid)) continue;
    g.name = f[0];
    out->groups.push_back(std::move(g));
  }
}

absl::StatusOr<ScapTables> ProcScanner::ScanAll() const {
  ScapTables tables;
  bool ok = false;
  const std::vector<int64_t> pids = NumericEntries(options_.proc_root, &ok);
  if (!ok) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot list ", options_.proc_root, ": ", std::strerror(errno)));
  }
  ScanMachine(&tables);
  ScanUsers(&tables);
  // Sockets are looked up per network namespace: processes sharing one share the tables.
  absl::flat_hash_map<std::string, SocketMap> by_netns;
  for (int64_t pid : pids) {
    const std::string proc = absl::StrCat(options_.proc_root, "/", pid);
    for (int64_t tid : NumericEntries(proc + "/task", nullptr)) {
      ThreadInfo t;
      if (ScanThread(pid, tid, &t)) tables.threads.push_back(std::move(t));
    }
    if (!options_.scan_fds) continue;
    const std::string netns = ReadLink(proc + "/ns/net");
    auto it = by_netns.find(netns);
    if (it == by_netns.end()) it = by_netns.emplace(netns, ReadSockets(proc + "/net")).first;
    std::vector<int64_t> fds = NumericEntries(proc + "/fd", nullptr);
    size_t n = 0;
    for (int64_t num : fds) {
      if (n++ >= options_.max_fds_per_process) break;
      const std::string path = absl::StrCat(proc, "/fd/", num);
      const std::string link = ReadLink(path);
      if (link.empty()) continue;
      FdInfo fd;
      fd.tid = pid;
      fd.fd = num;
      ClassifyFd(link, path, it->second, &fd);
      tables.fds.push_back(std::move(fd));
    }
  }
  return tables;
}

}  // namespace peregrine::runtime::live
