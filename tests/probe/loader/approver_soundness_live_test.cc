// Live soundness test of the kernel approvers (DESIGN.md invariant 2): two probes attached at
// once — one with the approvers compiler/prefilter derives from the upstream rules, one without —
// see the same workload; the records of this process from each are run through the state
// tracker and the rules (the reference interpreter), and the alerts must be identical, while
// the approving probe drops the failed calls it was allowed to.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "compiler/prefilter/kernel_prefilter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "probe/abi/path_approver.h"
#include "probe/abi/ppm_codes.h"
#include "probe/abi/record_view.h"
#include "probe/loader/probe.h"
#include "probe/loader/syscall_table.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/live/interest.h"
#include "runtime/live/proc_scanner.h"
#include "runtime/matcher/ruleset.h"

namespace peregrine::probe {
namespace {

struct Rec {
  uint64_t ts = 0;
  uint16_t cpu = 0;
  bool has_ctx = false;
  pg_proc_ctx ctx{};
  std::vector<uint8_t> event;
};

class CollectingSink : public runtime::AlertSink {
 public:
  // The alert without its leading time: the two probes stamp the same syscall with their own
  // clock reads, a few hundred ns apart.
  bool Emit(const runtime::Alert& a) override {
    std::string_view text = a.text;
    const size_t colon = text.find(": ");
    if (colon != std::string_view::npos) text.remove_prefix(colon + 2);
    alerts.push_back(std::string(a.rule_name) + " | " + std::string(text));
    return true;
  }
  std::vector<std::string> alerts;
};

// The recorded events as an engine source, with the state seeded from one /proc scan.
class RecordedSource : public runtime::EventSource {
 public:
  RecordedSource(const std::vector<Rec>& records, const scap::ScapTables& seed)
      : records_(records), seed_(seed) {}
  std::string_view format() const override { return "recorded"; }
  void SeedState(runtime::StateTracker& state) override { state.Seed(seed_); }
  absl::StatusOr<bool> Next(runtime::SourceEvent* out) override {
    if (next_ == records_.size()) return false;
    const Rec& r = records_[next_++];
    if (!view_.Parse(r.event.data(), r.event.size())) {
      return absl::DataLossError("unparsable record");
    }
    *out = runtime::SourceEvent{};
    out->record = &view_;
    out->cpu = r.cpu;
    if (r.has_ctx) {
      kernel_.pid = r.ctx.pid;
      kernel_.tid = r.ctx.tid;
      kernel_.ppid = r.ctx.ppid;
      kernel_.uid = r.ctx.uid;
      kernel_.gid = r.ctx.gid;
      kernel_.loginuid = r.ctx.loginuid;
      kernel_.cgroup_id = r.ctx.cgroup_id;
      kernel_.comm = std::string_view(r.ctx.comm, strnlen(r.ctx.comm, sizeof(r.ctx.comm)));
      out->kernel = &kernel_;
      // As the live daemon: the whole context is applied to the thread (its comm is proc.name).
      out->proc_ctx = &r.ctx;
    }
    return true;
  }
  runtime::SourceStats stats() const override { return {}; }

 private:
  const std::vector<Rec>& records_;
  const scap::ScapTables& seed_;
  size_t next_ = 0;
  RecordView view_;
  runtime::KernelContext kernel_;
};

// Runs `records` (sorted by time) through a fresh pipeline over `compiled`; returns the alerts.
std::vector<std::string> Alerts(std::shared_ptr<const compiler::CompiledRuleset> compiled,
                                const std::vector<Rec>& records, const scap::ScapTables& seed) {
  auto ruleset = runtime::Ruleset::Create(compiled, runtime::RulesetOptions{});
  EXPECT_TRUE(ruleset.ok()) << ruleset.status();
  if (!ruleset.ok()) return {};
  runtime::LiveRuleset live;
  live.Publish(std::move(*ruleset));
  CollectingSink sink;
  runtime::EventPipeline pipeline(live, sink, runtime::PipelineOptions{});
  RecordedSource source(records, seed);
  absl::Status s = pipeline.Run(source);
  EXPECT_TRUE(s.ok()) << s;
  return sink.alerts;
}

// The records of this process, drained from every ring and sorted by time.
std::vector<Rec> DrainOurs(Probe& probe) {
  std::vector<Rec> out;
  auto n = probe.DrainAll([&](const RingRecord& r) {
    if (r.ctx == nullptr || r.ctx->pid != static_cast<uint32_t>(getpid())) return;
    Rec rec;
    rec.cpu = static_cast<uint16_t>(r.ring);
    rec.has_ctx = true;
    rec.ctx = *r.ctx;
    rec.event.assign(r.event, r.event + r.event_size);
    RecordView view;
    if (view.Parse(r.event, r.event_size)) rec.ts = view.ts();
    out.push_back(std::move(rec));
  });
  EXPECT_TRUE(n.ok()) << n.status();
  std::stable_sort(out.begin(), out.end(), [](const Rec& a, const Rec& b) { return a.ts < b.ts; });
  return out;
}

constexpr char kWorkDir[] = "/tmp/pg_soundness";

// Opens of paths the upstream rules match and of many they cannot, absolute and relative,
// canonical or not, files and directories, then uses of the fds (read, dup, fchdir, close).
void OpenWorkload() {
  mkdir(kWorkDir, 0700);
  const std::string dir = kWorkDir;
  for (const char* name : {"/syslog", "/plain.txt", "/data.bin"}) {
    close(open((dir + name).c_str(), O_CREAT | O_WRONLY, 0600));
  }
  const std::vector<std::string> paths = {
      "/etc/shadow",                   // Read sensitive file untrusted
      "/etc/pam.d/common-auth",        // fd.directory in (/etc/pam.d)
      "/etc/hostname",                 // /etc but not sensitive
      "/etc/passwd",                   //
      "/usr/lib/os-release",           // nothing matches
      "/proc/self/status",             //
      "/dev/null",                     //
      dir + "/plain.txt",              //
      dir + "/data.bin",               //
      dir + "/missing",                // failed
      "/nonexistent_pa/also_missing",  // failed
      "/etc/../etc/shadow",            // not canonical: delivered
      "//etc//shadow",                 //
      dir,                             // a directory without O_DIRECTORY
  };
  for (int i = 0; i < 3; ++i) {
    for (const std::string& path : paths) {
      int fd = openat(AT_FDCWD, path.c_str(), O_RDONLY);
      if (fd < 0) continue;
      char buf[16];
      (void)!read(fd, buf, sizeof(buf));
      int copy = dup(fd);
      (void)syscall(SYS_dup3, fd, 200, 0);
      (void)syscall(SYS_fchdir, fd);  // fails on files
      close(copy);
      close(200);
      close(fd);
    }
    // Clear Log Activities: a log file name truncated for writing.
    close(openat(AT_FDCWD, (dir + "/syslog").c_str(), O_WRONLY | O_TRUNC));
    // Relative opens through a dirfd and the cwd.
    int dfd = open(kWorkDir, O_RDONLY | O_DIRECTORY);
    close(openat(dfd, "plain.txt", O_RDONLY));
    close(openat(dfd, "../../etc/shadow", O_RDONLY));
    close(openat(dfd, "../../etc/../etc/shadow", O_RDONLY));  // directory traversal
    (void)syscall(SYS_fchdir, dfd);
    close(openat(AT_FDCWD, "data.bin", O_RDONLY));
    (void)!chdir("/");
    close(dfd);
  }
}

// Successful and failed calls of syscalls the upstream rules and the state look at.
void Workload() {
  OpenWorkload();
  for (int i = 0; i < 3; ++i) {
    close(openat(AT_FDCWD, "/etc/shadow", O_RDONLY));                       // sensitive read
    close(openat(AT_FDCWD, "/etc/../../etc/../nonexistent_pg", O_RDONLY));  // failed, traversal
    close(dup(0));
    (void)syscall(SYS_dup, -1);  // EBADF
    (void)syscall(SYS_dup3, -1, 100, 0);
    (void)syscall(SYS_close, -1);
    (void)syscall(SYS_unlinkat, AT_FDCWD, "/nonexistent_pg/x", 0);
    (void)syscall(SYS_symlinkat, "/etc/passwd", AT_FDCWD, "/nonexistent_pg/link");
    (void)syscall(SYS_linkat, AT_FDCWD, "/nonexistent_pg/a", AT_FDCWD, "/nonexistent_pg/b", 0);
    (void)syscall(SYS_mkdirat, AT_FDCWD, "/nonexistent_pg/d", 0700);
    (void)syscall(SYS_setuid, getuid());
  }
}

struct TwoRuns {
  std::vector<std::string> alerts_on, alerts_off;
  size_t records_on = 0, records_off = 0;
  size_t opens_on = 0, opens_off = 0;  // open-family records among them
  uint64_t approver_dropped = 0;
  uint64_t comm_approver_dropped = 0;
};

// Calls of syscalls with comm approvers from threads of several comms: named in the rules, not
// named, empty, and renamed by prctl(PR_SET_NAME) half way.
void CommWorkload() {
  for (const char* name : {"pg_sound_gdb", "pg_sound_rm", "pg_other", ""}) {
    std::thread t([name] {
      prctl(PR_SET_NAME, name, 0, 0, 0);
      for (int i = 0; i < 3; ++i) {
        (void)syscall(SYS_ptrace, PTRACE_PEEKDATA, 0, 0, 0);
        (void)syscall(SYS_rmdir, "/nonexistent_pg/d");
        (void)syscall(SYS_mkdirat, AT_FDCWD, "/nonexistent_pg/d", 0700);
      }
      prctl(PR_SET_NAME, "pg_sound_gdb", 0, 0, 0);
      (void)syscall(SYS_ptrace, PTRACE_PEEKDATA, 0, 0, 0);
      (void)syscall(SYS_rmdir, "/nonexistent_pg/d");
    });
    t.join();
  }
}

// Attaches two probes with the interest of `kp`, one with `drop_failed`, `paths` and `comms`
// approvers, runs `workload`, and evaluates both record streams with `compiled`.
void RunBoth(std::shared_ptr<const compiler::CompiledRuleset> compiled,
             const compiler::prefilter::KernelPrefilter& kp, const std::vector<int>& drop_failed,
             const std::vector<PathApproverEntry>& paths, TwoRuns* out,
             const std::vector<CommApproverEntry>& comms = {}, void (*workload)() = Workload) {
  ProbeOptions options;
  options.ring_bytes_per_cpu = 8u << 20;
  options.interesting_syscalls =
      SyscallsForEventCodes([&](uint16_t c) { return kp.interest.test(c); });
  options.procexit = true;
  auto with = Probe::Create(options);
  ASSERT_TRUE(with.ok()) << with.status();
  auto without = Probe::Create(options);
  ASSERT_TRUE(without.ok()) << without.status();
  ASSERT_TRUE((*with)->SetDropFailed(drop_failed).ok());
  ASSERT_TRUE((*with)->SetPathApprovers(paths).ok());
  ASSERT_TRUE((*with)->SetCommApprovers(comms).ok());
  // The state is seeded from /proc; what happened before the workload is drained and dropped,
  // so that the rings (which see the whole machine) start the short workload empty.
  auto seed = runtime::live::ProcScanner().ScanAll();
  ASSERT_TRUE(seed.ok()) << seed.status();
  (void)DrainOurs(**with);
  (void)DrainOurs(**without);
  auto before_on = (*with)->TotalCounters();
  auto before_off = (*without)->TotalCounters();
  ASSERT_TRUE(before_on.ok() && before_off.ok());
  workload();

  const std::vector<Rec> on = DrainOurs(**with);
  const std::vector<Rec> off = DrainOurs(**without);
  auto counters_on = (*with)->TotalCounters();
  auto counters_off = (*without)->TotalCounters();
  ASSERT_TRUE(counters_on.ok() && counters_off.ok());
  // A lost record would make the comparison meaningless.
  EXPECT_EQ(counters_on->drops[PG_DROP_RING_FULL], before_on->drops[PG_DROP_RING_FULL]);
  EXPECT_EQ(counters_off->drops[PG_DROP_RING_FULL], before_off->drops[PG_DROP_RING_FULL]);
  EXPECT_EQ(counters_off->approver_dropped, 0u);
  out->approver_dropped = counters_on->approver_dropped - before_on->approver_dropped;
  out->comm_approver_dropped =
      counters_on->comm_approver_dropped - before_on->comm_approver_dropped;
  out->records_on = on.size();
  out->records_off = off.size();
  auto opens = [](const std::vector<Rec>& records) {
    size_t n = 0;
    for (const Rec& r : records) {
      RecordView v;
      if (!v.Parse(r.event.data(), r.event.size())) continue;
      n += v.type() == PG_PPME_OPENAT_X || v.type() == PG_PPME_OPEN_X ||
           v.type() == PG_PPME_OPENAT2_X || v.type() == PG_PPME_CREAT_X;
    }
    return n;
  };
  out->opens_on = opens(on);
  out->opens_off = opens(off);
  out->alerts_on = Alerts(compiled, on, *seed);
  out->alerts_off = Alerts(compiled, off, *seed);
}

TEST(ApproverSoundnessLiveTest, UpstreamRulesMatchTheSameWithAndWithoutApprovers) {
  compiler::CompileOutput out = compiler::CompileRulesFiles(
      {std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml"},
      compiler::CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  const runtime::live::InterestSet interest = runtime::live::InterestFromPrefilter(kp);
  ASSERT_FALSE(interest.drop_failed.empty()) << "the upstream rules should allow some approvers";
  ASSERT_FALSE(interest.path_approvers.empty()) << "the upstream rules should bound the opens";
  TwoRuns runs;
  RunBoth(out.ruleset, kp, interest.drop_failed, interest.path_approvers, &runs);
  // The approvers did something: failed dup/close/… calls and opens of paths no rule looks at
  // never left the kernel.
  EXPECT_GT(runs.approver_dropped, 0u);
  // Per round 7 successful opens no upstream rule looks at and 2 failed ones without "../".
  EXPECT_GE(runs.opens_off - runs.opens_on, 27u);
  EXPECT_LT(runs.records_on, runs.records_off);
  EXPECT_FALSE(runs.alerts_off.empty()) << "the workload should raise an upstream alert";
  EXPECT_EQ(runs.alerts_on, runs.alerts_off);
  std::map<std::string, int> by_rule;
  for (const std::string& a : runs.alerts_off) ++by_rule[a.substr(0, a.find(" | "))];
  for (const auto& [rule, n] : by_rule) std::printf("  %d x %s\n", n, rule.c_str());
  std::printf(
      "  records of this process: %zu without approvers, %zu with (%zu approver drops "
      "machine-wide)\n",
      runs.records_off, runs.records_on, size_t(runs.approver_dropped));
  std::printf("  open-family records: %zu without approvers, %zu with\n", runs.opens_off,
              runs.opens_on);
}

// The comparison catches an unsound approver: a rule on failed opens, and openat's failures
// dropped against the prefilter's verdict, must give different alerts.
TEST(ApproverSoundnessLiveTest, AnUnsoundApproverIsDetected) {
  compiler::CompileOutput out = compiler::CompileRulesContent(
      "t.yaml",
      "- rule: failed open\n  desc: d\n  condition: evt.type = openat and evt.failed = true and "
      "fd.name startswith /nonexistent_pg\n  output: failed %fd.name\n  priority: WARNING\n",
      compiler::CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  ASSERT_FALSE(kp.drop_failed.test(PG_PPME_OPENAT_X)) << "the prefilter must keep them";
  TwoRuns runs;
  RunBoth(out.ruleset, kp, {SYS_openat}, {}, &runs);
  EXPECT_EQ(runs.alerts_off.size(), 3u);
  EXPECT_TRUE(runs.alerts_on.empty());
  EXPECT_NE(runs.alerts_on, runs.alerts_off);
}

}  // namespace
}  // namespace peregrine::probe

namespace peregrine::probe {
namespace {

// The comparison catches an unsound path approver: a rule on opens below the work directory, and
// openat paths dropped unless they start with /nonexistent_pg, must give different alerts.
TEST(ApproverSoundnessLiveTest, AnUnsoundPathApproverIsDetected) {
  compiler::CompileOutput out = compiler::CompileRulesContent(
      "t.yaml",
      "- rule: work open\n  desc: d\n  condition: evt.type = openat and fd.num >= 0 and "
      "fd.name startswith /tmp/pg_soundness/\n  output: opened %fd.name\n  priority: WARNING\n",
      compiler::CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  auto it = kp.paths.by_code.find(PG_PPME_OPENAT_X);
  ASSERT_TRUE(it != kp.paths.by_code.end() && it->second.on_success.has_value());
  ASSERT_TRUE(it->second.on_success->at(0).Matches("/tmp/pg_soundness/plain.txt"));
  PathApproverEntry wrong;
  wrong.syscall_nr = SYS_openat;
  wrong.patterns = {{PG_PATH_PREFIX, "/nonexistent_pg"}};
  TwoRuns runs;
  RunBoth(out.ruleset, kp, {}, {wrong}, &runs);
  EXPECT_GE(runs.alerts_off.size(), 6u);
  // Relative opens are never checked: only the absolute ones go missing.
  EXPECT_LT(runs.alerts_on.size(), runs.alerts_off.size());
  EXPECT_NE(runs.alerts_on, runs.alerts_off);
}

// The state half: a rule on dup that reads the fd's name makes every path approver unsound (the
// dup of a dropped open's fd has no name). The prefilter refuses, and forcing one anyway changes
// the alerts.
TEST(ApproverSoundnessLiveTest, ARuleReadingDroppedFdsBlocksPathApprovers) {
  compiler::CompileOutput out = compiler::CompileRulesContent(
      "t.yaml",
      "- rule: etc open\n  desc: d\n  condition: evt.type = openat and fd.name startswith "
      "/etc/\n  output: o\n  priority: WARNING\n"
      "- rule: dup of work file\n  desc: d\n  condition: evt.type = dup and fd.name startswith "
      "/tmp/pg_soundness/\n  output: dup %fd.name\n  priority: WARNING\n",
      compiler::CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  EXPECT_NE(kp.paths.state_blocker.find("dup of work file"), std::string::npos)
      << kp.paths.state_blocker;
  auto it = kp.paths.by_code.find(PG_PPME_OPENAT_X);
  EXPECT_TRUE(it == kp.paths.by_code.end() || !it->second.on_success.has_value());
  // What the open rule alone would allow.
  PathApproverEntry forced;
  forced.syscall_nr = SYS_openat;
  forced.patterns = {{PG_PATH_PREFIX, "/etc/"}};
  TwoRuns runs;
  RunBoth(out.ruleset, kp, {}, {forced}, &runs);
  EXPECT_GE(runs.alerts_off.size(), 6u);
  EXPECT_NE(runs.alerts_on, runs.alerts_off);
}

// Comm approvers of a custom ruleset (the upstream and default rules give none): ptrace and
// rmdir bounded by the callers' names, mkdirat not. The alerts are the same with and without
// them, and the calls of unnamed comms never leave the kernel.
constexpr char kCommRules[] =
    "- rule: debugger ptrace\n  desc: d\n  condition: evt.type = ptrace and proc.name in "
    "(pg_sound_gdb)\n  output: ptrace by %proc.name\n  priority: WARNING\n"
    "- rule: named rmdir\n  desc: d\n  condition: evt.type = rmdir and (proc.name = pg_sound_rm "
    "or (proc.name = pg_sound_gdb and evt.failed = true))\n  output: rmdir by %proc.name\n"
    "  priority: WARNING\n"
    "- rule: any mkdirat\n  desc: d\n  condition: evt.type = mkdirat and not proc.name in "
    "(pg_sound_rm)\n  output: mkdirat by %proc.name\n  priority: WARNING\n";

TEST(ApproverSoundnessLiveTest, CommApproversMatchTheSameWithAndWithout) {
  compiler::CompileOutput out =
      compiler::CompileRulesContent("t.yaml", kCommRules, compiler::CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  const runtime::live::InterestSet interest = runtime::live::InterestFromPrefilter(kp);
  ASSERT_EQ(interest.comm_approvers.size(), 2u);
  EXPECT_EQ(interest.comm_approvers[0].syscall_nr, SYS_rmdir);
  EXPECT_EQ(interest.comm_approvers[0].names,
            (std::vector<std::string>{"pg_sound_gdb", "pg_sound_rm"}));
  EXPECT_EQ(interest.comm_approvers[1].syscall_nr, SYS_ptrace);
  EXPECT_EQ(interest.comm_approvers[1].names, std::vector<std::string>{"pg_sound_gdb"});
  TwoRuns runs;
  RunBoth(out.ruleset, kp, interest.drop_failed, interest.path_approvers, &runs,
          interest.comm_approvers, CommWorkload);
  // pg_sound_rm's 3 ptrace, pg_other's 3 ptrace and 3 rmdir, at least.
  EXPECT_GE(runs.comm_approver_dropped, 9u);
  EXPECT_LT(runs.records_on, runs.records_off);
  EXPECT_FALSE(runs.alerts_off.empty());
  EXPECT_EQ(runs.alerts_on, runs.alerts_off);
  std::map<std::string, int> by_rule;
  for (const std::string& a : runs.alerts_off) ++by_rule[a.substr(0, a.find(" | "))];
  for (const auto& [rule, n] : by_rule) std::printf("  %d x %s\n", n, rule.c_str());
  std::printf("  records of this process: %zu without approvers, %zu with (%zu comm drops)\n",
              runs.records_off, runs.records_on, size_t(runs.comm_approver_dropped));
}

// The comparison catches an unsound comm approver: ptrace approved for pg_other only.
TEST(ApproverSoundnessLiveTest, AnUnsoundCommApproverIsDetected) {
  compiler::CompileOutput out =
      compiler::CompileRulesContent("t.yaml", kCommRules, compiler::CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  TwoRuns runs;
  RunBoth(out.ruleset, kp, {}, {}, &runs, {{SYS_ptrace, {"pg_other"}}}, CommWorkload);
  EXPECT_FALSE(runs.alerts_off.empty());
  EXPECT_NE(runs.alerts_on, runs.alerts_off);
}

}  // namespace
}  // namespace peregrine::probe
