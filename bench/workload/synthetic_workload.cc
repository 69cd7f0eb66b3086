#include "bench/workload/synthetic_workload.h"

#include <cassert>
#include <utility>

#include "bench/workload/syscall_records.h"

namespace peregrine::workload {

namespace {

constexpr char kReadSensitive[] = "Read sensitive file untrusted";
constexpr char kRunShell[] = "Run shell untrusted";
constexpr char kSymlink[] = "Create Symlink Over Sensitive Files";
constexpr char kPtrace[] = "PTRACE attached to process";
constexpr char kSearchKeys[] = "Search Private Keys or Passwords";
constexpr char kRemoveData[] = "Remove Bulk Data from Disk";
constexpr char kPacketSocket[] = "Packet socket created in container";
constexpr char kRedirect[] = "Redirect STDOUT/STDIN to Network Connection in Container";

constexpr uint32_t kSockStream = 1;
constexpr uint32_t kSockRaw = 3;

void SetIp(uint8_t out[4], uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = d;
}

}  // namespace

const std::vector<std::string>& SyntheticWorkload::TargetedRules() {
  static const std::vector<std::string>* const kRules =
      new std::vector<std::string>{kReadSensitive, kRunShell,   kSymlink,      kPtrace,
                                   kSearchKeys,    kRemoveData, kPacketSocket, kRedirect};
  return *kRules;
}

SyntheticWorkload::SyntheticWorkload(SyntheticOptions options)
    : options_(options),
      rng_(options.seed),
      model_(ProcessModel::Standard(options.start_ts - 3'600'000'000'000ull)),
      ts_(options.start_ts),
      credit_(rng_.Unit()) {
  initial_tables_ = model_.ToScapTables();
}

void SyntheticWorkload::Next(std::vector<uint8_t>* record) {
  while (pending_.empty()) Refill();
  Pending& next = pending_.front();
  record->swap(next.bytes);
  last_rule_.swap(next.rule);
  ++stats_.events;
  ++stats_.by_code[next.code];
  if (!last_rule_.empty()) {
    ++stats_.designed_matches;
    ++stats_.matches_by_rule[last_rule_];
  }
  next.rule.clear();
  free_.push_back(std::move(next));
  pending_.pop_front();
  // Matching events are owed in proportion to all events; the jitter keeps the scenarios from
  // arriving at a fixed period without changing the long-run share.
  credit_ += options_.match_share * (0.5 + rng_.Unit());
}

uint64_t SyntheticWorkload::Tick() {
  ts_ += 100 + rng_.Below(2 * options_.mean_gap_ns);
  return ts_;
}

void SyntheticWorkload::Emit(const char* rule) {
  Pending p;
  if (!free_.empty()) {
    p = std::move(free_.back());
    free_.pop_back();
  }
  writer_.Finish(&p.bytes);
  p.code = p.bytes[20] | static_cast<uint16_t>(p.bytes[21] << 8);
  p.rule = rule != nullptr ? rule : "";
  pending_.push_back(std::move(p));
}

void SyntheticWorkload::Refill() {
  if (credit_ >= 1.0) {
    credit_ -= 1.0;
    switch (rng_.Below(8)) {
      case 0:
        return ReadShadow();
      case 1:
        return ShellUnderWebServer();
      case 2:
        return SymlinkOverShadow();
      case 3:
        return PtraceAttach();
      case 4:
        return GrepPrivateKeys();
      case 5:
        return ShredData();
      case 6:
        return PacketSocketInContainer();
      default:
        return RedirectStdoutToSocket();
    }
  }
  // The benign mix, by weight: fd reads/writes dominate, as on real servers.
  const uint64_t draw = rng_.Below(1000);
  if (draw < 450) return ReadWriteActivity();
  if (draw < 690) return FileActivity();
  if (draw < 850) return NetworkActivity();
  if (draw < 930) return ShellCommand();
  if (draw < 960) return CronJob();
  if (draw < 990) return DbBackend();
  if (draw < 995) return BenignSymlink();
  return BenignPtrace();
}

// ----- helpers -----

int64_t SyntheticWorkload::Pick(const std::string& role) {
  const std::vector<int64_t> pids = model_.WithRole(role);
  assert(!pids.empty() && "the standard model has every role");
  return pids[rng_.Below(pids.size())];
}

int64_t SyntheticWorkload::Spawn(int64_t parent) {
  const int64_t child = model_.Fork(parent);
  WriteClone(writer_, Tick(), *model_.Find(parent), child);
  Emit();
  WriteClone(writer_, Tick(), *model_.Find(child), 0);
  Emit();
  return child;
}

void SyntheticWorkload::Exec(int64_t pid, std::string exe, std::string comm,
                             std::vector<std::string> args, const char* rule) {
  SimProcess& p = *model_.Find(pid);
  p.exe = std::move(exe);
  p.comm = std::move(comm);
  p.args = std::move(args);
  WriteExecve(writer_, Tick(), p);
  Emit(rule);
}

void SyntheticWorkload::Exit(int64_t pid) {
  WriteProcexit(writer_, Tick(), *model_.Find(pid), 0);
  Emit();
  model_.Exit(pid);
}

int64_t SyntheticWorkload::OpenFile(int64_t pid, const std::string& path, uint32_t flags,
                                    const char* rule) {
  SimProcess& p = *model_.Find(pid);
  SimFd fd;
  fd.num = p.AllocateFd();
  fd.kind = FdKind::kFile;
  fd.path = path;
  fd.flags = flags;
  p.fds.push_back(fd);
  if (rng_.Chance(0.1)) {
    WriteOpen(writer_, Tick(), p, fd.num, path, flags);
  } else {
    WriteOpenat(writer_, Tick(), p, fd.num, path, flags);
  }
  Emit(rule);
  return fd.num;
}

void SyntheticWorkload::Close(int64_t pid, int64_t fd) {
  SimProcess& p = *model_.Find(pid);
  WriteClose(writer_, Tick(), p, fd);
  Emit();
  p.RemoveFd(fd);
}

// ----- benign activity -----

void SyntheticWorkload::ReadWriteActivity() {
  static const char* const kRoles[] = {"web_worker",    "db",           "service", "shell",
                                       "container_app", "container_web"};
  const int64_t pid = Pick(kRoles[rng_.Below(6)]);
  const SimProcess& p = *model_.Find(pid);
  std::vector<const SimFd*> usable;
  for (const SimFd& fd : p.fds) {
    if (fd.kind == FdKind::kFile || fd.kind == FdKind::kTty || fd.kind == FdKind::kIpv4Socket) {
      usable.push_back(&fd);
    }
  }
  if (usable.empty()) return;
  const SimFd& fd = *usable[rng_.Below(usable.size())];
  const bool write =
      (fd.flags & kOpenWronly) != 0 && ((fd.flags & kOpenRdwr) != kOpenRdwr || rng_.Chance(0.5));
  WriteReadWrite(writer_, write ? kWriteX : kReadX, Tick(), p, fd.num,
                 static_cast<uint32_t>(16 + rng_.Below(4096)));
  Emit();
}

void SyntheticWorkload::FileActivity() {
  struct Access {
    const char* role;
    const char* path;
    uint32_t flags;
  };
  static const Access kAccesses[] = {
      {"web_worker", "/var/www/html/index.html", kOpenRdonly | kOpenCloexec},
      {"web_worker", "/var/www/html/static/app.js", kOpenRdonly | kOpenCloexec},
      {"web_worker", "/etc/nginx/mime.types", kOpenRdonly},
      {"db", "/var/lib/postgresql/15/main/base/16384/16397", kOpenRdwr},
      {"db", "/var/lib/postgresql/15/main/global/pg_control", kOpenRdwr},
      {"db", "/var/lib/postgresql/15/main/pg_stat_tmp/global.tmp",
       kOpenWronly | kOpenCreat | kOpenTrunc},
      {"service", "/srv/app/config.yaml", kOpenRdonly},
      {"service", "/srv/app/templates/page.html", kOpenRdonly},
      {"service", "/etc/hosts", kOpenRdonly | kOpenCloexec},
      {"service", "/tmp/upload-7f3a.part", kOpenWronly | kOpenCreat},
      {"shell", "/home/alice/.bash_history", kOpenWronly | kOpenAppend},
      {"shell", "/home/alice/project/README.md", kOpenRdonly},
      {"sshd", "/etc/shadow", kOpenRdonly | kOpenCloexec},  // authentication
      {"sshd", "/etc/passwd", kOpenRdonly | kOpenCloexec},
      {"container_app", "/app/node_modules/express/index.js", kOpenRdonly},
      {"container_app", "/app/data/sessions.db", kOpenRdwr},
      {"container_web", "/usr/share/nginx/html/index.html", kOpenRdonly},
      {"cron", "/etc/crontab", kOpenRdonly},
  };
  const Access& a = kAccesses[rng_.Below(sizeof(kAccesses) / sizeof(kAccesses[0]))];
  const int64_t pid = Pick(a.role);
  const int64_t fd = OpenFile(pid, a.path, a.flags);
  const int reads = static_cast<int>(rng_.Below(3));
  for (int i = 0; i < reads; ++i) {
    WriteReadWrite(writer_, (a.flags & kOpenWronly) && !(a.flags & 0x1) ? kWriteX : kReadX, Tick(),
                   *model_.Find(pid), fd, static_cast<uint32_t>(64 + rng_.Below(8192)));
    Emit();
  }
  Close(pid, fd);
}

void SyntheticWorkload::NetworkActivity() {
  if (rng_.Chance(0.6)) {
    // A web worker accepts a client, reads the request, writes the response, closes.
    const int64_t pid = Pick(rng_.Chance(0.8) ? "web_worker" : "container_web");
    SimProcess& p = *model_.Find(pid);
    SimFd fd;
    fd.num = p.AllocateFd();
    fd.kind = FdKind::kIpv4Socket;
    fd.flags = kOpenRdwr;
    SetIp(fd.sip, 203, 0, 113, static_cast<uint8_t>(1 + rng_.Below(250)));
    fd.sport = static_cast<uint16_t>(32768 + rng_.Below(28000));
    SetIp(fd.dip, 10, 0, 0, 2);
    fd.dport = 80;
    p.fds.push_back(fd);
    WriteAccept4(writer_, Tick(), p, fd);
    Emit();
    WriteReadWrite(writer_, kReadX, Tick(), p, fd.num, 400 + rng_.Below(600));
    Emit();
    WriteReadWrite(writer_, kWriteX, Tick(), p, fd.num, 1000 + rng_.Below(30000));
    Emit();
    Close(pid, fd.num);
    return;
  }
  // The service talks to its database or a cache on the private network.
  const int64_t pid = Pick(rng_.Chance(0.7) ? "service" : "container_app");
  SimProcess& p = *model_.Find(pid);
  SimFd fd;
  fd.num = p.AllocateFd();
  fd.kind = FdKind::kIpv4Socket;
  fd.flags = kOpenRdwr;
  SetIp(fd.sip, 10, 0, 0, 2);
  fd.sport = static_cast<uint16_t>(32768 + rng_.Below(28000));
  SetIp(fd.dip, 10, 0, 1, static_cast<uint8_t>(10 + rng_.Below(5)));
  fd.dport = rng_.Chance(0.5) ? 5432 : 6379;
  p.fds.push_back(fd);
  WriteSocket(writer_, Tick(), p, fd.num, kAfInet, kSockStream, 6);
  Emit();
  WriteConnect(writer_, Tick(), p, 0, fd);
  Emit();
  WriteReadWrite(writer_, kWriteX, Tick(), p, fd.num, 64 + rng_.Below(512));
  Emit();
  WriteReadWrite(writer_, kReadX, Tick(), p, fd.num, 64 + rng_.Below(4096));
  Emit();
  Close(pid, fd.num);
}

void SyntheticWorkload::ShellCommand() {
  struct Command {
    const char* exe;
    const char* comm;
    std::vector<std::string> args;
    const char* opens;  // a file the command reads, or null
  };
  static const Command* const kCommands = new Command[6]{
      {"/usr/bin/ls", "ls", {"-la"}, nullptr},
      {"/usr/bin/ps", "ps", {"aux"}, nullptr},
      {"/usr/bin/git", "git", {"status"}, "/home/alice/project/.git/HEAD"},
      {"/usr/bin/cat", "cat", {"/home/alice/notes.txt"}, "/home/alice/notes.txt"},
      {"/usr/bin/grep", "grep", {"-r", "TODO", "src"}, "/home/alice/project/src/main.c"},
      {"/usr/bin/date", "date", {}, nullptr},
  };
  const Command& c = kCommands[rng_.Below(6)];
  const int64_t child = Spawn(Pick("shell"));
  Exec(child, c.exe, c.comm, c.args);
  if (c.opens != nullptr) {
    const int64_t fd = OpenFile(child, c.opens, kOpenRdonly);
    WriteReadWrite(writer_, kReadX, Tick(), *model_.Find(child), fd, 512);
    Emit();
    Close(child, fd);
  }
  WriteReadWrite(writer_, kWriteX, Tick(), *model_.Find(child), 1, 80 + rng_.Below(2000));
  Emit();
  Exit(child);
}

void SyntheticWorkload::CronJob() {
  const int64_t job = Spawn(Pick("cron"));
  Exec(job, "/bin/sh", "sh", {"-c", "run-parts --report /etc/cron.hourly"});
  const int64_t part = Spawn(job);
  Exec(part, "/usr/bin/run-parts", "run-parts", {"--report", "/etc/cron.hourly"});
  Exit(part);
  Exit(job);
}

void SyntheticWorkload::DbBackend() {
  // postgres forks a backend per connection (no exec).
  const int64_t backend = Spawn(Pick("db"));
  SimProcess& b = *model_.Find(backend);
  for (const SimFd& fd : b.fds) {
    if (fd.kind != FdKind::kFile) continue;
    WriteReadWrite(writer_, kReadX, Tick(), b, fd.num, 8192);
    Emit();
    break;
  }
  Exit(backend);
}

void SyntheticWorkload::BenignSymlink() {
  const int64_t child = Spawn(Pick("shell"));
  Exec(child, "/usr/bin/ln", "ln", {"-sfn", "/srv/app/releases/v42", "/srv/app/current"});
  WriteSymlinkat(writer_, Tick(), *model_.Find(child), "/srv/app/releases/v42", "/srv/app/current");
  Emit();
  Exit(child);
}

void SyntheticWorkload::BenignPtrace() {
  // A profiler peeks at a process it already traces.
  WritePtrace(writer_, Tick(), *model_.Find(Pick("service")), kPtracePeekdata, Pick("db"));
  Emit();
}

// ----- attack scenarios -----

void SyntheticWorkload::ReadShadow() {
  const int64_t child = Spawn(Pick("shell"));
  Exec(child, "/usr/bin/cat", "cat", {"/etc/shadow"});
  const int64_t fd = OpenFile(child, "/etc/shadow", kOpenRdonly, kReadSensitive);
  WriteReadWrite(writer_, kReadX, Tick(), *model_.Find(child), fd, 1200);
  Emit();
  Close(child, fd);
  Exit(child);
}

void SyntheticWorkload::ShellUnderWebServer() {
  const int64_t child = Spawn(Pick("web_worker"));
  Exec(child, "/bin/sh", "sh", {"-c", "id; uname -a"}, kRunShell);
  Exit(child);
}

void SyntheticWorkload::SymlinkOverShadow() {
  const int64_t child = Spawn(Pick("shell"));
  Exec(child, "/usr/bin/ln", "ln", {"-s", "/etc/shadow", "/tmp/.cache-s"});
  WriteSymlinkat(writer_, Tick(), *model_.Find(child), "/etc/shadow", "/tmp/.cache-s");
  Emit(kSymlink);
  Exit(child);
}

void SyntheticWorkload::PtraceAttach() {
  WritePtrace(writer_, Tick(), *model_.Find(Pick("service")), kPtraceAttach, Pick("db"));
  Emit(kPtrace);
}

void SyntheticWorkload::GrepPrivateKeys() {
  const int64_t child = Spawn(Pick("shell"));
  Exec(child, "/usr/bin/grep", "grep", {"-r", "BEGIN RSA PRIVATE", "/home"}, kSearchKeys);
  Exit(child);
}

void SyntheticWorkload::ShredData() {
  const int64_t child = Spawn(Pick("shell"));
  Exec(child, "/usr/bin/shred", "shred", {"-u", "/home/alice/customers.db"}, kRemoveData);
  Exit(child);
}

void SyntheticWorkload::PacketSocketInContainer() {
  const int64_t pid = Pick("container_web");
  SimProcess& p = *model_.Find(pid);
  SimFd fd;
  fd.num = p.AllocateFd();
  fd.kind = FdKind::kPacketSocket;
  p.fds.push_back(fd);
  WriteSocket(writer_, Tick(), p, fd.num, kAfPacket, kSockRaw, 0x0300);
  Emit(kPacketSocket);
  Close(pid, fd.num);
}

void SyntheticWorkload::RedirectStdoutToSocket() {
  const int64_t pid = Pick("container_app");
  SimProcess& p = *model_.Find(pid);
  SimFd fd;
  fd.num = p.AllocateFd();
  fd.kind = FdKind::kIpv4Socket;
  fd.flags = kOpenRdwr;
  SetIp(fd.sip, 172, 17, 0, 2);
  fd.sport = static_cast<uint16_t>(32768 + rng_.Below(28000));
  SetIp(fd.dip, 10, 0, 5, 9);
  fd.dport = 4444;
  p.fds.push_back(fd);
  WriteSocket(writer_, Tick(), p, fd.num, kAfInet, kSockStream, 6);
  Emit();
  WriteConnect(writer_, Tick(), p, 0, fd);
  Emit();
  WriteDup2(writer_, Tick(), p, fd.num, 1);
  Emit(kRedirect);
  // The reverse shell keeps its socket; the simulation closes the original fd.
  Close(pid, fd.num);
}

}  // namespace peregrine::workload
