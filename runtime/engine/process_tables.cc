// Process-table conversions: /proc text and capture snapshots → scap seed tables.
#include "runtime/engine/process_tables.h"

#include <cerrno>
#include <cstdlib>
#include <utility>

#include "runtime/state/thread_entry.h"

namespace peregrine::runtime {
namespace {

using probe::scap::FdInfo;
using probe::scap::FdType;

constexpr std::string_view kDeleted = " (deleted)";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "prefix[123]" → 123.
bool BracketInode(std::string_view link, std::string_view prefix, uint64_t* ino) {
  if (link.size() < prefix.size() + 3 || link.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = link.substr(prefix.size());
  if (rest.front() != '[' || rest.back() != ']') return false;
  const std::string digits(rest.substr(1, rest.size() - 2));
  if (digits.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(digits.c_str(), &end, 10);
  if (errno != 0 || end != digits.c_str() + digits.size()) return false;
  *ino = v;
  return true;
}

FdType AnonInodeType(std::string_view kind) {
  if (kind == "[eventfd]") return FdType::kEvent;
  if (kind == "[eventpoll]") return FdType::kEventpoll;
  if (kind == "inotify") return FdType::kInotify;
  if (kind == "[signalfd]") return FdType::kSignalfd;
  if (kind == "[timerfd]") return FdType::kTimerfd;
  if (kind.substr(0, 4) == "bpf-") return FdType::kBpf;
  if (kind == "[pidfd]") return FdType::kPidfd;
  if (kind == "[userfaultfd]") return FdType::kUserfaultfd;
  if (kind == "[io_uring]") return FdType::kIouring;
  return FdType::kUnsupported;
}

}  // namespace

std::optional<std::string> CgroupEntryFromProcLine(std::string_view line) {
  const size_t c1 = line.find(':');
  const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return std::nullopt;
  std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
  const std::string_view path = line.substr(c2 + 1);
  if (controllers.empty()) controllers = "unified";
  std::string out(controllers);
  out.push_back('=');
  out.append(path);
  return out;
}

std::string StripDeletedSuffix(std::string path) {
  if (path.size() > kDeleted.size() && EndsWith(path, kDeleted)) {
    path.resize(path.size() - kDeleted.size());
  }
  return path;
}

uint64_t SocketInodeOfLink(std::string_view link) {
  uint64_t ino = 0;
  return BracketInode(link, "socket:", &ino) ? ino : 0;
}

void ClassifyFdLink(std::string_view link, FdInfo* fd) {
  uint64_t ino = 0;
  fd->name = std::string(link);
  if (BracketInode(link, "socket:", &ino)) {
    fd->type = FdType::kUnknown;  // netlink, packet, or a socket not looked up
    fd->ino = ino;
  } else if (BracketInode(link, "pipe:", &ino)) {
    fd->type = FdType::kFifo;
    fd->ino = ino;
  } else if (constexpr std::string_view kAnon = "anon_inode:";
             link.substr(0, kAnon.size()) == kAnon) {
    fd->type = AnonInodeType(link.substr(kAnon.size()));
  } else if (constexpr std::string_view kMemfd = "/memfd:";
             link.substr(0, kMemfd.size()) == kMemfd) {
    fd->type = FdType::kMemfd;
    fd->name = StripDeletedSuffix(std::string(link.substr(1)));
  } else if (!link.empty() && link[0] == '/') {
    fd->type = FdType::kFile;
  } else {
    fd->type = FdType::kUnknown;
  }
  fd->raw_type = static_cast<uint8_t>(fd->type);
}

probe::scap::ScapTables TablesFromCapture(const probe::capture::CaptureMachine& machine,
                                          const std::vector<probe::capture::CaptureProcess>& procs,
                                          const std::vector<probe::capture::CaptureUser>& users,
                                          const std::vector<probe::capture::CaptureGroup>& groups) {
  probe::scap::ScapTables tables;
  probe::scap::MachineInfo& m = tables.machine_info;
  m.present = true;
  m.num_cpus = machine.cpus;
  m.memory_bytes = machine.memory_bytes;
  m.hostname = machine.hostname;
  m.boot_time_ns = machine.boot_time_ns;
  m.max_pid = 4194304;
  tables.users.reserve(users.size());
  for (const probe::capture::CaptureUser& u : users) {
    tables.users.push_back(probe::scap::UserInfo{u.uid, u.gid, u.name, u.home, u.shell});
  }
  tables.groups.reserve(groups.size());
  for (const probe::capture::CaptureGroup& g : groups) {
    tables.groups.push_back(probe::scap::GroupInfo{g.gid, g.name});
  }
  tables.threads.reserve(procs.size());
  for (const probe::capture::CaptureProcess& p : procs) {
    probe::scap::ThreadInfo t;
    t.tid = p.tid;
    t.pid = p.pid;
    t.ptid = p.ppid;
    t.sid = p.sid;
    t.pgid = p.pgid;
    t.vpgid = p.vpgid;
    t.block_version = 9;
    t.comm = p.comm;
    t.exe = p.exe.empty() ? p.comm : p.exe;  // kernel threads have no argv
    t.args = p.args;
    t.exepath = StripDeletedSuffix(p.exepath);
    t.exe_from_memfd = t.exepath.rfind("/memfd:", 0) == 0;
    t.cwd = p.cwd;
    t.env = p.env;
    t.uid = p.euid;
    t.gid = p.egid;
    t.loginuid = p.loginuid;
    t.tty = p.tty;
    t.cap_effective = p.cap_effective;
    t.cap_permitted = p.cap_permitted;
    for (const std::string& line : p.cgroups) {
      if (std::optional<std::string> c = CgroupEntryFromProcLine(line)) {
        t.cgroups.push_back(*std::move(c));
      }
    }
    if (p.tid != p.pid) t.flags |= kClCloneThread | kClCloneFiles;
    for (const probe::capture::CaptureFd& f : p.fds) {
      FdInfo fd;
      fd.tid = p.pid;
      fd.fd = f.fd;
      ClassifyFdLink(f.name, &fd);
      tables.fds.push_back(std::move(fd));
    }
    tables.threads.push_back(std::move(t));
  }
  return tables;
}

}  // namespace peregrine::runtime
