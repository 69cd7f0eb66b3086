#include "probe/capture/process_snapshot.h"

#include <dirent.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "probe/abi/proc_ctx.h"
#include "probe/abi/scap_record.h"

namespace peregrine::probe::capture {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ReadLink(const std::string& path) {
  char buf[4096];
  ssize_t n = readlink(path.c_str(), buf, sizeof(buf));
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// NUL-separated strings (cmdline, environ); a trailing NUL ends the last one.
std::vector<std::string> SplitNul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\0', start);
    if (end == std::string::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<int64_t> NumericEntries(const std::string& dir) {
  std::vector<int64_t> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    int64_t v;
    if (absl::SimpleAtoi(e->d_name, &v)) out.push_back(v);
  }
  closedir(d);
  return out;
}

// "Key:\tv1\tv2..." lines of /proc/<pid>/status: the `index`-th value of `key`.
bool StatusField(const std::string& status, absl::string_view key, int index, uint64_t* out,
                 int base = 10) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, key) || !absl::ConsumePrefix(&line, ":")) continue;
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (index >= static_cast<int>(parts.size())) return false;
    std::string v(parts[index]);
    char* end = nullptr;
    errno = 0;
    unsigned long long x = std::strtoull(v.c_str(), &end, base);
    if (errno != 0 || end == v.c_str()) return false;
    *out = x;
    return true;
  }
  return false;
}

// The last value of a "Key:\tv_host\t…\tv_innermost" line (NSpid, NStgid, NSpgid).
bool NamespacedField(const std::string& status, absl::string_view key, uint64_t* out) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, key) || !absl::ConsumePrefix(&line, ":")) continue;
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    return !parts.empty() && absl::SimpleAtoi(parts.back(), out);
  }
  return false;
}

// Fields after the ")" of /proc/<pid>/stat: field 3 (state) is index 0.
std::vector<std::string> StatFields(const std::string& stat) {
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return {};
  return absl::StrSplit(stat.substr(close + 1), ' ', absl::SkipEmpty());
}

// Linux dev_t (tty_nr of /proc/<pid>/stat is already the user-space encoding).
void FillThread(const std::string& dir, CaptureProcess* p) {
  const std::string status = ReadFile(dir + "/status");
  uint64_t v = 0;
  if (StatusField(status, "PPid", 0, &v)) p->ppid = static_cast<int64_t>(v);
  if (StatusField(status, "Uid", 0, &v)) p->uid = static_cast<uint32_t>(v);
  if (StatusField(status, "Uid", 1, &v)) p->euid = static_cast<uint32_t>(v);
  if (StatusField(status, "Gid", 0, &v)) p->gid = static_cast<uint32_t>(v);
  if (StatusField(status, "Gid", 1, &v)) p->egid = static_cast<uint32_t>(v);
  if (StatusField(status, "CapEff", 0, &v, 16)) p->cap_effective = v;
  if (StatusField(status, "CapPrm", 0, &v, 16)) p->cap_permitted = v;

  std::string comm = ReadFile(dir + "/comm");
  if (!comm.empty() && comm.back() == '\n') comm.pop_back();
  p->comm = comm;
  uint32_t loginuid;
  if (absl::SimpleAtoi(ReadFile(dir + "/loginuid"), &loginuid)) p->loginuid = loginuid;

  const std::vector<std::string> stat = StatFields(ReadFile(dir + "/stat"));
  int64_t tty = 0;
  uint64_t start_ticks = 0;
  // stat[2] pgrp and stat[3] session are host ids; NSpgid's last value is the pgid in the
  // process's own pid namespace (the one the probe reports as vpgid).
  if (stat.size() > 3) {
    absl::SimpleAtoi(stat[2], &p->pgid);
    absl::SimpleAtoi(stat[3], &p->sid);
  }
  p->vpgid = p->pgid;
  if (uint64_t ns_pgid = 0; NamespacedField(status, "NSpgid", &ns_pgid)) {
    p->vpgid = static_cast<int64_t>(ns_pgid);
  }
  if (stat.size() > 4 && absl::SimpleAtoi(stat[4], &tty)) p->tty = static_cast<uint32_t>(tty);
  if (stat.size() > 19 && absl::SimpleAtoi(stat[19], &start_ticks)) {
    const long hz = sysconf(_SC_CLK_TCK);
    if (hz > 0) p->start_time = start_ticks * (1000000000ull / static_cast<uint64_t>(hz));
  }

  std::vector<std::string> argv = SplitNul(ReadFile(dir + "/cmdline"));
  if (!argv.empty()) {
    p->exe = argv[0];
    p->args.assign(argv.begin() + 1, argv.end());
  }
  p->exepath = ReadLink(dir + "/exe");
  p->cwd = ReadLink(dir + "/cwd");
  for (absl::string_view line :
       absl::StrSplit(ReadFile(dir + "/cgroup"), '\n', absl::SkipEmpty())) {
    p->cgroups.emplace_back(line);
  }
}

}  // namespace

absl::StatusOr<std::vector<CaptureProcess>> SnapshotProcesses(const SnapshotOptions& options) {
  DIR* probe = opendir(options.proc_root.c_str());
  if (probe == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot list ", options.proc_root, ": ", std::strerror(errno)));
  }
  closedir(probe);
  std::vector<CaptureProcess> out;
  for (int64_t pid : NumericEntries(options.proc_root)) {
    const std::string pdir = absl::StrCat(options.proc_root, "/", pid);
    std::vector<std::string> env;
    if (options.with_env) env = SplitNul(ReadFile(pdir + "/environ"));
    std::vector<CaptureFd> fds;
    if (options.with_fds) {
      for (int64_t fd : NumericEntries(pdir + "/fd")) {
        std::string name = ReadLink(absl::StrCat(pdir, "/fd/", fd));
        if (!name.empty()) fds.push_back(CaptureFd{static_cast<int32_t>(fd), std::move(name)});
      }
    }
    for (int64_t tid : NumericEntries(pdir + "/task")) {
      const std::string tdir = absl::StrCat(pdir, "/task/", tid);
      if (access(tdir.c_str(), F_OK) != 0) continue;  // exited meanwhile
      CaptureProcess p;
      p.tid = tid;
      p.pid = pid;
      FillThread(tdir, &p);
      p.env = env;
      // The fd table is the process's: stored once, on the thread-group leader.
      if (tid == pid) p.fds = fds;
      out.push_back(std::move(p));
    }
  }
  return out;
}

CaptureMachine CurrentMachine() {
  CaptureMachine m;
  timespec rt, bt;
  clock_gettime(CLOCK_REALTIME, &rt);
  clock_gettime(CLOCK_BOOTTIME, &bt);
  m.start_realtime_ns = uint64_t(rt.tv_sec) * 1000000000ull + uint64_t(rt.tv_nsec);
  m.boot_time_ns =
      m.start_realtime_ns - (uint64_t(bt.tv_sec) * 1000000000ull + uint64_t(bt.tv_nsec));
  struct sysinfo si;
  if (sysinfo(&si) == 0) m.memory_bytes = uint64_t(si.totalram) * si.mem_unit;
  const long cpus = sysconf(_SC_NPROCESSORS_CONF);
  m.cpus = cpus > 0 ? static_cast<uint32_t>(cpus) : 0;
  const long page = sysconf(_SC_PAGESIZE);
  m.page_size = page > 0 ? static_cast<uint32_t>(page) : 0;
  m.ring_prefix_size = PG_RING_PREFIX_SIZE;
  m.proc_ctx_size = PG_PROC_CTX_SIZE;
  m.scap_header_size = PG_SCAP_EVENT_HEADER_SIZE;
  utsname u;
  if (uname(&u) == 0) {
    m.hostname = u.nodename;
    m.kernel_release = u.release;
    m.kernel_version = u.version;
    m.arch = u.machine;
  }
  return m;
}

}  // namespace peregrine::probe::capture
