// Real actions for the live end-to-end tests, shared by the pipeline tests (tests/runtime/live)
// and the peregrine binary tests (tests/tools/peregrine_live): child processes with a chosen
// name, cgroup or controlling pty, temporary directories, and a docker-like cgroup.
#ifndef PEREGRINE_TESTS_RUNTIME_LIVE_LIVE_ACTIONS_H_
#define PEREGRINE_TESTS_RUNTIME_LIVE_LIVE_ACTIONS_H_

#include <fcntl.h>
#include <pty.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utmp.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "runtime/engine/cgroup_resolver.h"

namespace peregrine::runtime::live::testing {

// How to start a child process.
struct SpawnOptions {
  std::string comm;        // prctl(PR_SET_NAME) before exec ("" = keep)
  std::string cgroup_dir;  // join this cgroup v2 directory first ("" = stay)
  bool with_pty = false;   // new session with a pty as controlling terminal
  std::string stdout_path = "/dev/null";
};

// Forks, applies `options`, execs argv (or runs `body` when argv is empty), waits. Returns the
// exit status (-1 when it did not exit normally).
inline int Spawn(const std::vector<std::string>& argv, const SpawnOptions& options = {},
                 const std::function<int()>& body = nullptr) {
  int master = -1;
  int slave = -1;
  if (options.with_pty && openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    if (!options.cgroup_dir.empty()) {
      const std::string procs = options.cgroup_dir + "/cgroup.procs";
      FILE* f = std::fopen(procs.c_str(), "w");
      if (f == nullptr) _exit(120);
      std::fprintf(f, "%d\n", getpid());
      if (std::fclose(f) != 0) _exit(121);
    }
    if (options.with_pty) {
      close(master);
      if (login_tty(slave) != 0) _exit(122);
    } else {
      const int out = open(options.stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (out >= 0) {
        dup2(out, 1);
        dup2(out, 2);
      }
    }
    if (!options.comm.empty()) prctl(PR_SET_NAME, options.comm.c_str(), 0, 0, 0);
    if (argv.empty()) _exit(body ? body() : 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  if (options.with_pty) close(slave);
  int status = 0;
  if (options.with_pty) {
    // Keep the master drained so the child never blocks on a full pty.
    char buf[256];
    fcntl(master, F_SETFL, O_NONBLOCK);
    while (waitpid(pid, &status, WNOHANG) == 0) {
      while (read(master, buf, sizeof(buf)) > 0) {
      }
      usleep(2000);
    }
    close(master);
  } else {
    waitpid(pid, &status, 0);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A fresh directory under /tmp (the caller removes it).
inline std::string MakeTempDir() {
  char path[] = "/tmp/pg_live_XXXXXX";
  return mkdtemp(path) ? std::string(path) : std::string();
}

// A docker-like cgroup (docker-<64 hex>.scope) under the v2 hierarchy; removed at destruction.
class ContainerCgroup {
 public:
  ContainerCgroup() {
    std::mt19937_64 rng(static_cast<uint64_t>(getpid()) * 7919 + time(nullptr));
    std::string hex;
    while (hex.size() < 64) {
      char b[17];
      std::snprintf(b, sizeof(b), "%016llx", static_cast<unsigned long long>(rng()));
      hex += b;
    }
    id_ = hex.substr(0, 64);
    const std::string root = CgroupResolver().mount();
    dir_ = root + "/docker-" + id_ + ".scope";
    ok_ = mkdir(dir_.c_str(), 0755) == 0;
  }
  ~ContainerCgroup() {
    if (ok_) rmdir(dir_.c_str());
  }
  ContainerCgroup(const ContainerCgroup&) = delete;
  ContainerCgroup& operator=(const ContainerCgroup&) = delete;

  bool ok() const { return ok_; }
  const std::string& dir() const { return dir_; }
  std::string short_id() const { return id_.substr(0, 12); }

 private:
  std::string id_;
  std::string dir_;
  bool ok_ = false;
};

}  // namespace peregrine::runtime::live::testing

#endif  // PEREGRINE_TESTS_RUNTIME_LIVE_LIVE_ACTIONS_H_
