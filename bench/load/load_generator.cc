#include "bench/load/load_generator.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace peregrine::bench::load {
namespace {

constexpr const char* kOpNames[kNumLoadOps] = {"open",    "openfail", "getppid",
                                               "connect", "exec",     "openfail_legacy"};

// What one child reports back through shared memory.
struct ChildCounts {
  uint64_t ops[kNumLoadOps];
  uint64_t failed;
  int done;
};

uint64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

void SleepUntilNs(uint64_t deadline) {
  timespec ts;
  ts.tv_sec = static_cast<time_t>(deadline / 1'000'000'000u);
  ts.tv_nsec = static_cast<long>(deadline % 1'000'000'000u);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

// The operation sequence of one mix cycle, interleaved (smooth weighted round robin) so that a
// short run still sees every operation in proportion.
std::vector<LoadOp> Cycle(const LoadMix& mix) {
  std::vector<LoadOp> out;
  const int total = mix.total();
  std::array<int, kNumLoadOps> current{};
  for (int n = 0; n < total; ++n) {
    int best = -1;
    for (int i = 0; i < kNumLoadOps; ++i) {
      current[i] += mix.weights[i];
      if (mix.weights[i] > 0 && (best < 0 || current[i] > current[best])) best = i;
    }
    current[best] -= total;
    out.push_back(static_cast<LoadOp>(best));
  }
  return out;
}

// State of one generator process (the child side).
class ChildLoop {
 public:
  ChildLoop(const LoadSpec& spec, int listener, const sockaddr_in& addr)
      : spec_(spec), listener_(listener), addr_(addr) {}
  // `listener` (may be -1 without connect operations) is this process's own: a connection is
  // always accepted by the process that made it.

  void Run(ChildCounts* counts) {
    const std::vector<LoadOp> cycle = Cycle(spec_.mix);
    const double rate = spec_.ops_per_second > 0 ? spec_.ops_per_second / spec_.processes : 0;
    // Paced runs issue a batch per millisecond of schedule; unpaced runs check the clock every
    // 64 operations.
    const uint64_t batch =
        rate > 0 ? std::max<uint64_t>(1, static_cast<uint64_t>(rate / 1000)) : 64;
    const uint64_t start = NowNs();
    const uint64_t end =
        spec_.seconds > 0 ? start + static_cast<uint64_t>(spec_.seconds * 1e9) : UINT64_MAX;
    uint64_t done = 0;
    size_t next = 0;
    while (true) {
      if (spec_.max_ops_per_process > 0 && done >= spec_.max_ops_per_process) break;
      const uint64_t now = NowNs();
      if (now >= end) break;
      if (rate > 0) {
        const uint64_t due = start + static_cast<uint64_t>(static_cast<double>(done) / rate * 1e9);
        if (due > now) SleepUntilNs(std::min(due, end));
      }
      for (uint64_t k = 0; k < batch; ++k) {
        if (spec_.max_ops_per_process > 0 && done >= spec_.max_ops_per_process) break;
        const LoadOp op = cycle[next];
        next = next + 1 == cycle.size() ? 0 : next + 1;
        if (Do(op)) {
          ++counts->ops[static_cast<int>(op)];
        } else {
          ++counts->failed;
        }
        ++done;
      }
    }
    counts->done = 1;
  }

 private:
  bool Do(LoadOp op) {
    switch (op) {
      case LoadOp::kOpenClose: {
        const int fd = open(spec_.open_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return false;
        close(fd);
        return true;
      }
      case LoadOp::kOpenMissing:
        return open(spec_.missing_path.c_str(), O_RDONLY | O_CLOEXEC) < 0;
      case LoadOp::kGetppid:
        syscall(SYS_getppid);  // not the libc wrapper, which might cache
        return true;
      case LoadOp::kConnectLoopback:
        return Connect();
      case LoadOp::kExec:
        return Exec();
      case LoadOp::kOpenMissingLegacy:
        return syscall(SYS_open, spec_.missing_path.c_str(), O_RDONLY | O_CLOEXEC) < 0;
    }
    return false;
  }

  bool Connect() {
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return false;
    // Reset on close: no TIME_WAIT, so high rates do not run out of ephemeral ports.
    const linger lg{1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    bool ok = connect(s, reinterpret_cast<const sockaddr*>(&addr_), sizeof(addr_)) == 0;
    if (ok) {
      const int a = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      ok = a >= 0;
      if (a >= 0) close(a);
    }
    close(s);
    return ok;
  }

  bool Exec() {
    const pid_t pid = vfork();
    if (pid == 0) {
      char* const argv[] = {const_cast<char*>(spec_.exec_path.c_str()), nullptr};
      char* const envp[] = {nullptr};
      execve(spec_.exec_path.c_str(), argv, envp);
      _exit(127);
    }
    if (pid < 0) return false;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  const LoadSpec& spec_;
  int listener_;
  sockaddr_in addr_;
};

// A loopback listener on an ephemeral port, for the connect operation.
absl::StatusOr<int> Listen(sockaddr_in* addr) {
  const int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (l < 0) return absl::InternalError(absl::StrCat("load: socket: ", std::strerror(errno)));
  *addr = sockaddr_in{};
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(*addr);
  if (bind(l, reinterpret_cast<sockaddr*>(addr), sizeof(*addr)) != 0 || listen(l, 128) != 0 ||
      getsockname(l, reinterpret_cast<sockaddr*>(addr), &len) != 0) {
    const int e = errno;
    close(l);
    return absl::InternalError(absl::StrCat("load: loopback listener: ", std::strerror(e)));
  }
  return l;
}

}  // namespace

const char* LoadOpName(LoadOp op) { return kOpNames[static_cast<int>(op)]; }

int SyscallsPerOp(LoadOp op) {
  switch (op) {
    case LoadOp::kOpenClose:
      return 2;
    case LoadOp::kOpenMissing:
      return 1;
    case LoadOp::kGetppid:
      return 1;
    case LoadOp::kConnectLoopback:
      return 5;
    case LoadOp::kExec:
      return 3;
    case LoadOp::kOpenMissingLegacy:
      return 1;
  }
  return 0;
}

absl::StatusOr<LoadMix> LoadMix::Parse(const std::string& text) {
  LoadMix mix;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> kv = absl::StrSplit(item, absl::MaxSplits('=', 1));
    int weight = 1;
    if (kv.size() == 2 && (!absl::SimpleAtoi(kv[1], &weight) || weight < 0)) {
      return absl::InvalidArgumentError(absl::StrCat("load mix: bad weight in '", item, "'"));
    }
    int found = -1;
    for (int i = 0; i < kNumLoadOps; ++i) {
      if (kv[0] == kOpNames[i]) found = i;
    }
    if (found < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("load mix: unknown operation '", kv[0],
                       "' (open, openfail, getppid, connect, exec, openfail_legacy)"));
    }
    mix.weights[found] = weight;
  }
  if (mix.total() <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("load mix: no operation in '", text, "'"));
  }
  return mix;
}

std::string LoadMix::ToString() const {
  std::string out;
  for (int i = 0; i < kNumLoadOps; ++i) {
    if (weights[i] == 0) continue;
    absl::StrAppend(&out, out.empty() ? "" : ",", kOpNames[i], "=", weights[i]);
  }
  return out;
}

int LoadMix::total() const {
  int t = 0;
  for (int w : weights) t += w;
  return t;
}

absl::StatusOr<LoadResult> RunLoad(const LoadSpec& spec) {
  if (spec.processes <= 0 || spec.mix.total() <= 0 || spec.ops_per_second < 0 ||
      (spec.seconds <= 0 && spec.max_ops_per_process == 0)) {
    return absl::InvalidArgumentError(
        "load: needs processes > 0, a mix, and a time or operation bound");
  }
  const bool connects = spec.mix.weights[static_cast<int>(LoadOp::kConnectLoopback)] > 0;
  const size_t bytes = sizeof(ChildCounts) * static_cast<size_t>(spec.processes);
  void* shared = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    return absl::InternalError(absl::StrCat("load: mmap: ", std::strerror(errno)));
  }
  auto* counts = static_cast<ChildCounts*>(shared);
  std::memset(counts, 0, bytes);
  const pid_t parent = getpid();
  const auto start = std::chrono::steady_clock::now();
  std::vector<pid_t> children;
  absl::Status status;
  for (int p = 0; p < spec.processes; ++p) {
    const pid_t pid = fork();
    if (pid == 0) {
      // Do not outlive the benchmark.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(1);
      int listener = -1;
      sockaddr_in addr{};
      if (connects) {
        absl::StatusOr<int> l = Listen(&addr);
        if (!l.ok()) _exit(2);
        listener = *l;
      }
      ChildLoop(spec, listener, addr).Run(&counts[p]);
      _exit(0);
    }
    if (pid < 0) {
      status = absl::InternalError(absl::StrCat("load: fork: ", std::strerror(errno)));
      break;
    }
    children.push_back(pid);
  }
  for (pid_t c : children) {
    int ws = 0;
    while (waitpid(c, &ws, 0) < 0 && errno == EINTR) {
    }
    if (status.ok() && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0)) {
      status = absl::InternalError(absl::StrCat("load: generator process ", c, " failed"));
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  LoadResult r;
  for (size_t p = 0; p < children.size(); ++p) {
    for (int i = 0; i < kNumLoadOps; ++i) r.ops[i] += counts[p].ops[i];
    r.failed += counts[p].failed;
  }
  munmap(shared, bytes);
  if (!status.ok()) return status;
  for (int i = 0; i < kNumLoadOps; ++i) {
    r.total_ops += r.ops[i];
    r.syscalls += r.ops[i] * static_cast<uint64_t>(SyscallsPerOp(static_cast<LoadOp>(i)));
  }
  r.seconds = seconds;
  r.ops_per_second = seconds > 0 ? static_cast<double>(r.total_ops) / seconds : 0;
  r.syscalls_per_second = seconds > 0 ? static_cast<double>(r.syscalls) / seconds : 0;
  return r;
}

}  // namespace peregrine::bench::load
