// ProcessModel: the simulated machine behind the synthetic workload — processes with parents,
// users, containers and open file descriptors — and its initial state as scap tables.
#ifndef PEREGRINE_BENCH_WORKLOAD_PROCESS_MODEL_H_
#define PEREGRINE_BENCH_WORKLOAD_PROCESS_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "probe/capture/scap/scap_tables.h"

namespace peregrine::workload {

enum class FdKind : uint8_t { kFile, kIpv4Socket, kIpv4Server, kPacketSocket, kTty };

// One open file descriptor of a simulated process.
struct SimFd {
  int64_t num = 0;
  FdKind kind = FdKind::kFile;
  std::string path;     // files and ttys
  uint32_t flags = 0;   // PPM file_flags of the open
  uint8_t sip[4] = {};  // sockets: client side (servers: the bound address)
  uint16_t sport = 0;
  uint8_t dip[4] = {};
  uint16_t dport = 0;
};

// One simulated single-threaded process (tid == pid).
struct SimProcess {
  int64_t pid = 0;
  int64_t ppid = 0;
  std::string comm;
  std::string exe;
  std::vector<std::string> args;  // argv[1..]
  std::string cwd = "/";
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t tty = 0;
  uint32_t loginuid = 0xFFFFFFFF;
  uint64_t cap_effective = 0;
  std::vector<std::string> cgroups;  // "subsystem=path"; a docker path puts it in a container
  std::vector<std::string> env;
  std::vector<SimFd> fds;
  int64_t next_fd = 3;
  // Which part of the mix this process plays (web worker, shell session, ...).
  std::string role;

  const SimFd* FindFd(int64_t num) const;
  // Allocates the lowest free fd number >= 3.
  int64_t AllocateFd();
  void RemoveFd(int64_t num);
};

struct SimUser {
  uint32_t uid;
  uint32_t gid;
  std::string name;
  std::string home;
  std::string shell;
};

// The live process table of the simulation. Owned by its SyntheticWorkload; thread-compatible.
class ProcessModel {
 public:
  // The standard population: systemd, sshd with an interactive session, cron, nginx (master and
  // workers), postgres, a Python service, containerd and two containers (a node.js app and an
  // nginx), with their users and open fds.
  static ProcessModel Standard(uint64_t boot_ts);

  SimProcess* Find(int64_t pid);
  const SimProcess* Find(int64_t pid) const;
  // The processes playing `role`, in pid order.
  std::vector<int64_t> WithRole(const std::string& role) const;
  // A new child of `parent` (fork semantics: copies identity, cwd and fds); returns its pid.
  int64_t Fork(int64_t parent);
  void Exit(int64_t pid);
  size_t size() const { return processes_.size(); }

  // The initial state (users, groups, threads, fds) for StateTracker::Seed.
  probe::scap::ScapTables ToScapTables() const;

  const std::vector<SimUser>& users() const { return users_; }

 private:
  void Add(SimProcess p);

  uint64_t boot_ts_ = 0;
  int64_t next_pid_ = 10000;
  std::map<int64_t, SimProcess> processes_;
  std::vector<SimUser> users_;
};

// The docker cgroup line of a container id (64 hex digits).
std::string DockerCgroup(const std::string& container_id64);

}  // namespace peregrine::workload

#endif  // PEREGRINE_BENCH_WORKLOAD_PROCESS_MODEL_H_
