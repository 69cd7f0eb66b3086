// The live scenarios of issue 6 on Falco's upstream falco_rules.yaml, as data: each performs a
// real action on this host and says which alert it must raise (rule and strings of the JSON
// alert). Run by the pipeline tests (upstream_rules_live_test.cc) and, through the peregrine
// binary with --capture-out and --replay, by tests/tools/peregrine_live.
#ifndef PEREGRINE_TESTS_RUNTIME_LIVE_UPSTREAM_SCENARIOS_H_
#define PEREGRINE_TESTS_RUNTIME_LIVE_UPSTREAM_SCENARIOS_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/runtime/live/live_actions.h"

namespace peregrine::runtime::live::testing {

inline constexpr char kUpstreamRules[] =
    PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

// What one performed scenario expects.
struct ScenarioRun {
  std::string rule;
  std::vector<std::string> must_contain;      // in the JSON alert, e.g. "\"proc.name\":\"cat\""
  std::vector<std::string> must_not_contain;  // likewise absent
  // Removes what the action left (files, cgroups, processes); run once the alerts were checked
  // (a replay that resolves the container's cgroup runs before it).
  std::function<void()> cleanup = [] {};
};

struct Scenario {
  const char* name;
  // Sets up and performs the action (EXPECTs that it succeeded) and returns the expectations.
  std::function<ScenarioRun()> perform;
};

// True when `json` (an alert of rule `rule`) is the alert `run` expects.
inline bool AlertMatches(const std::string& rule, const std::string& json, const ScenarioRun& run) {
  if (rule != run.rule) return false;
  for (const std::string& s : run.must_contain) {
    if (json.find(s) == std::string::npos) return false;
  }
  return true;
}

inline ScenarioRun CatShadow() {
  EXPECT_EQ(Spawn({"/bin/cat", "/etc/shadow"}), 0);
  return {"Read sensitive file untrusted",
          {"\"priority\":\"Warning\"", "\"fd.name\":\"/etc/shadow\"", "\"proc.name\":\"cat\"",
           "\"proc.cmdline\":\"cat /etc/shadow\"", "\"proc.exepath\":\"/usr/bin/cat\"",
           "\"evt.type\":\"openat\""},
          {}};
}

inline ScenarioRun WebServerShell() {
  const std::string dir = MakeTempDir();
  const std::string nginx = dir + "/nginx";
  EXPECT_EQ(std::system(("cp /bin/dash " + nginx).c_str()), 0);
  // `; true` keeps dash from exec'ing the last command in place: the shell is nginx's child.
  EXPECT_EQ(Spawn({nginx, "-c", "/bin/sh -c 'echo pg-live' ; true"}), 0);
  return {"Run shell untrusted",
          {"\"priority\":\"Notice\"", "\"proc.name\":\"sh\"", "\"proc.pname\":\"nginx\"",
           "\"proc.cmdline\":\"sh -c echo pg-live\""},
          {},
          [dir] { std::system(("rm -rf " + dir).c_str()); }};
}

inline ScenarioRun SymlinkToShadow() {
  const std::string dir = MakeTempDir();
  EXPECT_EQ(Spawn({"/bin/ln", "-s", "/etc/shadow", dir + "/x"}), 0);
  return {
      "Create Symlink Over Sensitive Files",
      {"\"priority\":\"Warning\"", "\"proc.name\":\"ln\"", "\"evt.arg.target\":\"/etc/shadow\""},
      {},
      [dir] { std::system(("rm -rf " + dir).c_str()); }};
}

inline ScenarioRun GrepPrivateKeys() {
  const std::string dir = MakeTempDir();
  std::ofstream(dir + "/notes.txt") << "nothing here\n";
  Spawn({"/bin/grep", "-r", "BEGIN RSA PRIVATE", dir});
  return {"Search Private Keys or Passwords",
          {"\"priority\":\"Warning\"", "\"proc.name\":\"grep\"",
           "\"proc.cmdline\":\"grep -r BEGIN RSA PRIVATE " + dir + "\""},
          {},
          [dir] { std::system(("rm -rf " + dir).c_str()); }};
}

inline ScenarioRun ExecFromDevShm() {
  const std::string bin = "/dev/shm/pg_live_true_" + std::to_string(getpid());
  EXPECT_EQ(std::system(("cp /bin/true " + bin).c_str()), 0);
  EXPECT_EQ(Spawn({bin}), 0);
  return {"Execution from /dev/shm",
          {"\"priority\":\"Warning\"", "\"proc.exepath\":\"" + bin + "\""},
          {},
          [bin] { unlink(bin.c_str()); }};
}

inline ScenarioRun PtraceAttach() {
  const pid_t target = fork();
  if (target == 0) {
    pause();
    _exit(0);
  }
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
  return {"PTRACE attached to process",
          {"\"priority\":\"Warning\"", "\"proc.name\":\"pg_tracer\"", "PTRACE_ATTACH"},
          {},
          [target] {
            kill(target, SIGKILL);
            waitpid(target, nullptr, 0);
          }};
}

inline ScenarioRun FilelessMemfdExec() {
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
  return {
      "Fileless execution via memfd_create", {"\"priority\":\"Critical\"", "EXE_FROM_MEMFD"}, {}};
}

inline ScenarioRun TruncateLog() {
  const std::string log = "/var/log/pg_live_test_" + std::to_string(getpid()) + ".log";
  SpawnOptions wiper;
  wiper.comm = "pg_log_wiper";
  EXPECT_EQ(Spawn({}, wiper,
                  [&] {
                    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                    if (fd < 0) return 1;
                    close(fd);
                    return 0;
                  }),
            0);
  return {
      "Clear Log Activities",
      {"\"priority\":\"Warning\"", "\"fd.name\":\"" + log + "\"", "\"proc.name\":\"pg_log_wiper\""},
      {},
      [log] { unlink(log.c_str()); }};
}

inline ScenarioRun TerminalShellInContainer() {
  auto cgroup = std::make_shared<ContainerCgroup>();
  EXPECT_TRUE(cgroup->ok()) << "cannot create " << cgroup->dir();
  // "runc" moves itself into the container's cgroup, then starts a shell on a pty.
  SpawnOptions runc;
  runc.comm = "runc";
  runc.cgroup_dir = cgroup->dir();
  EXPECT_EQ(Spawn({}, runc,
                  [] {
                    SpawnOptions shell;
                    shell.with_pty = true;
                    return Spawn({"/bin/sh", "-c", "echo in-container"}, shell);
                  }),
            0);
  // The rule requires container.id != host; the terminal must be the pty, not 0.
  return {"Terminal shell in container",
          {"\"priority\":\"Notice\"", "\"proc.name\":\"sh\"", "\"proc.pname\":\"runc\"",
           "\"proc.cmdline\":\"sh -c echo in-container\""},
          {"\"proc.tty\":0,"},
          [cgroup]() mutable { cgroup.reset(); }};
}

// The nine scenarios, in the order the tests run them.
inline std::vector<Scenario> UpstreamScenarios() {
  return {{"cat_shadow", CatShadow},
          {"web_server_shell", WebServerShell},
          {"symlink_to_shadow", SymlinkToShadow},
          {"grep_private_keys", GrepPrivateKeys},
          {"exec_from_dev_shm", ExecFromDevShm},
          {"ptrace_attach", PtraceAttach},
          {"fileless_memfd_exec", FilelessMemfdExec},
          {"truncate_log", TruncateLog},
          {"terminal_shell_in_container", TerminalShellInContainer}};
}

}  // namespace peregrine::runtime::live::testing

#endif  // PEREGRINE_TESTS_RUNTIME_LIVE_UPSTREAM_SCENARIOS_H_
