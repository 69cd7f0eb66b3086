// Live end to end on Falco's upstream falco_rules.yaml: real actions on this host, alerts checked
// by rule, priority and key output fields.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
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

const char kUpstreamRules[] = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

class UpstreamRulesLiveTest : public LivePipelineTest {
 protected:
  static void SetUpTestSuite() { StartPipeline(kUpstreamRules); }
  static void TearDownTestSuite() { StopPipeline(); }
};

TEST_F(UpstreamRulesLiveTest, CatShadowIsReadSensitiveFileUntrusted) {
  auto alerts = AlertsOf(
      [] {
        EXPECT_EQ(Spawn({"/bin/cat", "/etc/shadow"}), 0);
      },
      "Read sensitive file untrusted",
      {"\"priority\":\"Warning\"", "\"fd.name\":\"/etc/shadow\"", "\"proc.name\":\"cat\"",
       "\"proc.cmdline\":\"cat /etc/shadow\"", "\"proc.exepath\":\"/usr/bin/cat\"",
       "\"evt.type\":\"openat\""});
  EXPECT_EQ(alerts.size(), 1u);
}

TEST_F(UpstreamRulesLiveTest, WebServerSpawningShellIsRunShellUntrusted) {
  const std::string dir = TempDir();
  const std::string nginx = dir + "/nginx";
  ASSERT_EQ(std::system(("cp /bin/dash " + nginx).c_str()), 0);
  // `; true` keeps dash from exec'ing the last command in place: the shell is nginx's child.
  auto alerts = AlertsOf(
      [&] {
        EXPECT_EQ(Spawn({nginx, "-c", "/bin/sh -c 'echo pg-live' ; true"}), 0);
      },
      "Run shell untrusted",
      {"\"priority\":\"Notice\"", "\"proc.name\":\"sh\"", "\"proc.pname\":\"nginx\"",
       "\"proc.cmdline\":\"sh -c echo pg-live\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(UpstreamRulesLiveTest, SymlinkToShadowIsCreateSymlinkOverSensitiveFiles) {
  const std::string dir = TempDir();
  auto alerts = AlertsOf(
      [&] {
        EXPECT_EQ(Spawn({"/bin/ln", "-s", "/etc/shadow", dir + "/x"}), 0);
      },
      "Create Symlink Over Sensitive Files",
      {"\"priority\":\"Warning\"", "\"proc.name\":\"ln\"", "\"evt.arg.target\":\"/etc/shadow\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(UpstreamRulesLiveTest, GrepForPrivateKeysIsSearchPrivateKeysOrPasswords) {
  const std::string dir = TempDir();
  std::ofstream(dir + "/notes.txt") << "nothing here\n";
  auto alerts = AlertsOf(
      [&] {
        Spawn({"/bin/grep", "-r", "BEGIN RSA PRIVATE", dir});
      },
      "Search Private Keys or Passwords",
      {"\"priority\":\"Warning\"", "\"proc.name\":\"grep\"",
       "\"proc.cmdline\":\"grep -r BEGIN RSA PRIVATE " + dir + "\""});
  EXPECT_EQ(alerts.size(), 1u);
  std::system(("rm -rf " + dir).c_str());
}

TEST_F(UpstreamRulesLiveTest, BinaryRunFromDevShmIsExecutionFromDevShm) {
  const std::string bin = "/dev/shm/pg_live_true_" + std::to_string(getpid());
  ASSERT_EQ(std::system(("cp /bin/true " + bin).c_str()), 0);
  auto alerts = AlertsOf([&] { EXPECT_EQ(Spawn({bin}), 0); }, "Execution from /dev/shm",
                         {"\"priority\":\"Warning\"", "\"proc.exepath\":\"" + bin + "\""});
  EXPECT_EQ(alerts.size(), 1u);
  unlink(bin.c_str());
}

TEST_F(UpstreamRulesLiveTest, PtraceAttachIsPtraceAttachedToProcess) {
  const pid_t target = fork();
  if (target == 0) {
    pause();
    _exit(0);
  }
  auto alerts = AlertsOf(
      [&] {
        // The attach is done by a child named so the alert can be told apart.
        SpawnOptions o;
        o.comm = "pg_tracer";
        EXPECT_EQ(Spawn({}, o,
                        [&] {
                          if (ptrace(PTRACE_ATTACH, target, nullptr, nullptr) != 0) return 1;
                          waitpid(target, nullptr, __WALL);
                          ptrace(PTRACE_DETACH, target, nullptr, nullptr);
                          return 0;
                        }),
                  0);
      },
      "PTRACE attached to process",
      {"\"priority\":\"Warning\"", "\"proc.name\":\"pg_tracer\"", "PTRACE_ATTACH"});
  EXPECT_EQ(alerts.size(), 1u);
  kill(target, SIGKILL);
  waitpid(target, nullptr, 0);
}

TEST_F(UpstreamRulesLiveTest, ExecutingAMemfdIsFilelessExecution) {
  auto alerts = AlertsOf(
      [] {
        EXPECT_EQ(Spawn({}, {},
                        [] {
                          const int fd = memfd_create("pg_fileless", 0);
                          const int in = open("/bin/true", O_RDONLY);
                          if (fd < 0 || in < 0) return 2;
                          char buf[65536];
                          ssize_t n;
                          while ((n = read(in, buf, sizeof(buf))) > 0) {
                            if (write(fd, buf, static_cast<size_t>(n)) != n) return 3;
                          }
                          char* const argv[] = {const_cast<char*>("pg_fileless"), nullptr};
                          char* const envp[] = {nullptr};
                          fexecve(fd, argv, envp);
                          return 4;
                        }),
                  0);
      },
      "Fileless execution via memfd_create", {"\"priority\":\"Critical\"", "EXE_FROM_MEMFD"});
  EXPECT_EQ(alerts.size(), 1u);
}

TEST_F(UpstreamRulesLiveTest, TruncatingALogFileIsClearLogActivities) {
  const std::string log = "/var/log/pg_live_test_" + std::to_string(getpid()) + ".log";
  SpawnOptions wiper;
  wiper.comm = "pg_log_wiper";
  auto alerts = AlertsOf(
      [&] {
        EXPECT_EQ(Spawn({}, wiper,
                        [&] {
                          const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                          if (fd < 0) return 1;
                          close(fd);
                          return 0;
                        }),
                  0);
      },
      "Clear Log Activities",
      {"\"priority\":\"Warning\"", "\"fd.name\":\"" + log + "\"",
       "\"proc.name\":\"pg_log_wiper\""});
  EXPECT_EQ(alerts.size(), 1u);
  unlink(log.c_str());
}

// A docker-like cgroup under the v2 hierarchy; removed at the end.
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
  bool ok() const { return ok_; }
  const std::string& dir() const { return dir_; }
  std::string short_id() const { return id_.substr(0, 12); }

 private:
  std::string id_;
  std::string dir_;
  bool ok_ = false;
};

TEST_F(UpstreamRulesLiveTest, ShellWithTerminalInContainerCgroupIsTerminalShellInContainer) {
  ContainerCgroup cgroup;
  ASSERT_TRUE(cgroup.ok()) << "cannot create " << cgroup.dir();
  auto alerts = AlertsOf(
      [&] {
        // "runc" moves itself into the container's cgroup, then starts a shell on a pty.
        SpawnOptions runc;
        runc.comm = "runc";
        runc.cgroup_dir = cgroup.dir();
        EXPECT_EQ(Spawn({}, runc,
                        [] {
                          SpawnOptions shell;
                          shell.with_pty = true;
                          return Spawn({"/bin/sh", "-c", "echo in-container"}, shell);
                        }),
                  0);
      },
      "Terminal shell in container",
      {"\"priority\":\"Notice\"", "\"proc.name\":\"sh\"", "\"proc.pname\":\"runc\"",
       "\"proc.cmdline\":\"sh -c echo in-container\""});
  ASSERT_EQ(alerts.size(), 1u);
  // The rule requires container.id != host; the terminal must be the pty, not 0.
  EXPECT_EQ(alerts[0].json.find("\"proc.tty\":0,"), std::string::npos) << alerts[0].json;
}

}  // namespace
}  // namespace peregrine::runtime::live::testing
