#include "bench/workload/process_model.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <tuple>
#include <utility>

namespace peregrine::workload {

namespace {

constexpr uint32_t kPpmORdonly = 0x1;
constexpr uint32_t kPpmOWronly = 0x2;
constexpr uint32_t kPpmORdwr = 0x3;
constexpr uint32_t kPpmOAppend = 0x8;
constexpr uint32_t kPpmOCreat = 0x4;

// CAP_CHOWN .. CAP_SETFCAP: the default set of a root process.
constexpr uint64_t kRootCaps = 0x000001ffffffffffull;
// Docker's default capability set.
constexpr uint64_t kDockerCaps = 0x00000000a80425fbull;

constexpr char kNodeContainer[] =
    "4f2a9c1d7e6b3a5c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
constexpr char kWebContainer[] = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c4b3";

SimFd File(int64_t num, std::string path, uint32_t flags) {
  SimFd fd;
  fd.num = num;
  fd.kind = FdKind::kFile;
  fd.path = std::move(path);
  fd.flags = flags;
  return fd;
}

SimFd Tty(int64_t num, std::string path) {
  SimFd fd = File(num, std::move(path), kPpmORdwr);
  fd.kind = FdKind::kTty;
  return fd;
}

SimFd Server(int64_t num, uint16_t port) {
  SimFd fd;
  fd.num = num;
  fd.kind = FdKind::kIpv4Server;
  fd.sport = port;
  return fd;
}

}  // namespace

std::string DockerCgroup(const std::string& container_id64) {
  return "cpuset=/docker/" + container_id64;
}

const SimFd* SimProcess::FindFd(int64_t num) const {
  for (const SimFd& fd : fds) {
    if (fd.num == num) return &fd;
  }
  return nullptr;
}

int64_t SimProcess::AllocateFd() {
  int64_t num = 3;
  while (FindFd(num) != nullptr) ++num;
  return num;
}

void SimProcess::RemoveFd(int64_t num) {
  fds.erase(std::remove_if(fds.begin(), fds.end(), [&](const SimFd& fd) { return fd.num == num; }),
            fds.end());
}

void ProcessModel::Add(SimProcess p) {
  const int64_t pid = p.pid;
  processes_.emplace(pid, std::move(p));
}

ProcessModel ProcessModel::Standard(uint64_t boot_ts) {
  ProcessModel m;
  m.boot_ts_ = boot_ts;
  m.users_ = {
      {0, 0, "root", "/root", "/bin/bash"},
      {33, 33, "www-data", "/var/www", "/usr/sbin/nologin"},
      {107, 113, "postgres", "/var/lib/postgresql", "/bin/bash"},
      {1000, 1000, "alice", "/home/alice", "/bin/bash"},
      {1001, 1001, "svc", "/srv/app", "/usr/sbin/nologin"},
      {65534, 65534, "nobody", "/nonexistent", "/usr/sbin/nologin"},
  };
  const std::vector<std::string> host_env = {
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "LANG=C.UTF-8"};
  auto process = [&](int64_t pid, int64_t ppid, std::string comm, std::string exe,
                     std::vector<std::string> args, uint32_t uid, std::string role) {
    SimProcess p;
    p.pid = pid;
    p.ppid = ppid;
    p.comm = std::move(comm);
    p.exe = std::move(exe);
    p.args = std::move(args);
    p.uid = uid;
    p.gid = uid;
    p.role = std::move(role);
    p.env = host_env;
    p.cap_effective = uid == 0 ? kRootCaps : 0;
    p.cgroups = {"cpuset=/system.slice"};
    return p;
  };

  m.Add(process(1, 0, "systemd", "/sbin/init", {"splash"}, 0, "init"));

  SimProcess sshd = process(812, 1, "sshd", "/usr/sbin/sshd", {"-D"}, 0, "sshd");
  sshd.fds = {Server(3, 22)};
  m.Add(std::move(sshd));
  SimProcess session = process(4100, 812, "sshd", "/usr/sbin/sshd", {"-D"}, 0, "sshd_session");
  session.loginuid = 1000;
  m.Add(std::move(session));
  SimProcess bash = process(4102, 4100, "bash", "/bin/bash", {}, 1000, "shell");
  bash.tty = 34816;  // /dev/pts/0
  bash.loginuid = 1000;
  bash.cwd = "/home/alice/";
  bash.fds = {Tty(0, "/dev/pts/0"), Tty(1, "/dev/pts/0"), Tty(2, "/dev/pts/0")};
  m.Add(std::move(bash));

  SimProcess cron = process(640, 1, "cron", "/usr/sbin/cron", {"-f"}, 0, "cron");
  m.Add(std::move(cron));

  SimProcess nginx = process(900, 1, "nginx", "/usr/sbin/nginx",
                             {"-g", "daemon on; master_process on;"}, 0, "web_master");
  nginx.fds = {Server(6, 80), Server(7, 443),
               File(4, "/var/log/nginx/access.log", kPpmOWronly | kPpmOAppend | kPpmOCreat),
               File(5, "/var/log/nginx/error.log", kPpmOWronly | kPpmOAppend | kPpmOCreat)};
  for (int64_t pid : {901, 902, 903, 904}) {
    SimProcess worker = nginx;
    worker.pid = pid;
    worker.ppid = 900;
    worker.args = {"-g", "daemon on; master_process on;"};
    worker.uid = worker.gid = 33;
    worker.cap_effective = 0;
    worker.role = "web_worker";
    m.Add(std::move(worker));
  }
  m.Add(std::move(nginx));

  SimProcess postgres = process(1100, 1, "postgres", "/usr/lib/postgresql/15/bin/postgres",
                                {"-D", "/var/lib/postgresql/15/main"}, 107, "db");
  postgres.cwd = "/var/lib/postgresql/15/main/";
  postgres.fds = {
      Server(5, 5432), File(6, "/var/lib/postgresql/15/main/base/16384/2619", kPpmORdwr),
      File(7, "/var/lib/postgresql/15/main/pg_wal/000000010000000000000001", kPpmORdwr)};
  m.Add(std::move(postgres));

  SimProcess app = process(1500, 1, "python3", "/usr/bin/python3.11",
                           {"/srv/app/server.py", "--port", "8000"}, 1001, "service");
  app.cwd = "/srv/app/";
  app.fds = {Server(3, 8000), File(4, "/srv/app/app.log", kPpmOWronly | kPpmOAppend)};
  m.Add(std::move(app));

  SimProcess containerd = process(600, 1, "containerd", "/usr/bin/containerd", {}, 0, "runtime");
  m.Add(std::move(containerd));
  for (const auto& [shim_pid, init_pid, id, comm, exe, args, role] :
       std::vector<std::tuple<int64_t, int64_t, std::string, std::string, std::string,
                              std::vector<std::string>, std::string>>{{2000,
                                                                       2001,
                                                                       kNodeContainer,
                                                                       "node",
                                                                       "/usr/local/bin/node",
                                                                       {"/app/index.js"},
                                                                       "container_app"},
                                                                      {2100,
                                                                       2101,
                                                                       kWebContainer,
                                                                       "nginx",
                                                                       "/usr/sbin/nginx",
                                                                       {"-g", "daemon off;"},
                                                                       "container_web"}}) {
    SimProcess shim = process(shim_pid, 600, "containerd-shim", "/usr/bin/containerd-shim-runc-v2",
                              {"-namespace", "moby", "-id", id}, 0, "shim");
    m.Add(std::move(shim));
    SimProcess init = process(init_pid, shim_pid, comm, exe, args, 0, role);
    init.cgroups = {DockerCgroup(id)};
    init.cap_effective = kDockerCaps;
    init.cwd = "/app/";
    init.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOSTNAME=" + id.substr(0, 12)};
    init.fds = {Server(3, 8080), File(4, "/app/data/cache.json", kPpmORdonly)};
    m.Add(std::move(init));
  }
  return m;
}

SimProcess* ProcessModel::Find(int64_t pid) {
  auto it = processes_.find(pid);
  return it == processes_.end() ? nullptr : &it->second;
}

const SimProcess* ProcessModel::Find(int64_t pid) const {
  auto it = processes_.find(pid);
  return it == processes_.end() ? nullptr : &it->second;
}

std::vector<int64_t> ProcessModel::WithRole(const std::string& role) const {
  std::vector<int64_t> pids;
  for (const auto& [pid, p] : processes_) {
    if (p.role == role) pids.push_back(pid);
  }
  return pids;
}

int64_t ProcessModel::Fork(int64_t parent) {
  const SimProcess* p = Find(parent);
  assert(p != nullptr && "fork of a live process");
  SimProcess child = *p;
  child.pid = next_pid_++;
  child.ppid = parent;
  child.role = "child";
  Add(std::move(child));
  return next_pid_ - 1;
}

void ProcessModel::Exit(int64_t pid) { processes_.erase(pid); }

probe::scap::ScapTables ProcessModel::ToScapTables() const {
  probe::scap::ScapTables tables;
  tables.machine_info.present = true;
  tables.machine_info.num_cpus = 2;
  tables.machine_info.memory_bytes = 8ull << 30;
  tables.machine_info.max_pid = 4194304;
  tables.machine_info.hostname = "synthetic";
  tables.machine_info.boot_time_ns = boot_ts_;
  for (const SimUser& u : users_) {
    tables.users.push_back({u.uid, u.gid, u.name, u.home, u.shell});
    tables.groups.push_back({u.gid, u.name});
  }
  for (const auto& [pid, p] : processes_) {
    probe::scap::ThreadInfo t;
    t.tid = t.pid = pid;
    t.ptid = p.ppid;
    t.sid = pid;
    t.vpgid = pid;
    t.comm = p.comm;
    t.exe = p.exe;
    t.exepath = p.exe;
    t.args = p.args;
    t.cwd = p.cwd;
    t.fdlimit = 1024;
    t.flags = 1u << 30;  // PPM_CL_IS_MAIN_THREAD
    t.uid = p.uid;
    t.gid = p.gid;
    t.env = p.env;
    t.vtid = pid;
    t.vpid = pid;
    t.cgroups = p.cgroups;
    t.root = "/";
    t.tty = p.tty;
    t.loginuid = p.loginuid;
    t.cap_permitted = t.cap_effective = p.cap_effective;
    t.pgid = pid;
    t.block_version = 9;
    tables.threads.push_back(std::move(t));
    for (const SimFd& fd : p.fds) {
      probe::scap::FdInfo f;
      f.tid = pid;
      f.fd = fd.num;
      switch (fd.kind) {
        case FdKind::kFile:
        case FdKind::kTty:
          f.type = probe::scap::FdType::kFileV2;
          f.name = fd.path;
          f.open_flags = fd.flags;
          break;
        case FdKind::kIpv4Server:
          f.type = probe::scap::FdType::kIpv4ServSock;
          std::memcpy(f.src_addr.data(), fd.sip, 4);
          f.src_port = fd.sport;
          f.l4proto = 2;  // TCP
          break;
        case FdKind::kIpv4Socket:
          f.type = probe::scap::FdType::kIpv4Sock;
          std::memcpy(f.src_addr.data(), fd.sip, 4);
          std::memcpy(f.dst_addr.data(), fd.dip, 4);
          f.src_port = fd.sport;
          f.dst_port = fd.dport;
          f.l4proto = 2;
          break;
        case FdKind::kPacketSocket:
          f.type = probe::scap::FdType::kUnsupported;
          break;
      }
      f.raw_type = static_cast<uint8_t>(f.type);
      tables.fds.push_back(std::move(f));
    }
  }
  return tables;
}

}  // namespace peregrine::workload
