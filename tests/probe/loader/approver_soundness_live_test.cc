// Live soundness test of the kernel approvers (DESIGN.md invariant 2): two probes attached at
// once — one with the approvers compiler/prefilter derives from the upstream rules, one without —
// see the same workload; the records of this process from each are run through the state
// tracker and the rules (the reference interpreter), and the alerts must be identical, while
// the approving probe drops the failed calls it was allowed to.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/prefilter/kernel_prefilter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "probe/abi/ppm_codes.h"
#include "probe/abi/record_view.h"
#include "probe/loader/probe.h"
#include "probe/loader/syscall_table.h"
#include "runtime/engine/event_pipeline.h"
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

// Successful and failed calls of syscalls the upstream rules and the state look at.
void Workload() {
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
  uint64_t approver_dropped = 0;
};

// Attaches two probes with the interest of `kp`, one with `drop_failed` approvers, runs the
// workload, and evaluates both record streams with `compiled`.
void RunBoth(std::shared_ptr<const compiler::CompiledRuleset> compiled,
             const compiler::prefilter::KernelPrefilter& kp, const std::vector<int>& drop_failed,
             TwoRuns* out) {
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
  // The state is seeded from /proc; what happened before the workload is drained and dropped,
  // so that the rings (which see the whole machine) start the short workload empty.
  auto seed = runtime::live::ProcScanner().ScanAll();
  ASSERT_TRUE(seed.ok()) << seed.status();
  (void)DrainOurs(**with);
  (void)DrainOurs(**without);
  auto before_on = (*with)->TotalCounters();
  auto before_off = (*without)->TotalCounters();
  ASSERT_TRUE(before_on.ok() && before_off.ok());
  Workload();

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
  out->records_on = on.size();
  out->records_off = off.size();
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
  const std::vector<int> drop_failed =
      SyscallsForEventCodes([&](uint16_t c) { return kp.drop_failed.test(c); });
  ASSERT_FALSE(drop_failed.empty()) << "the upstream rules should allow some approvers";
  TwoRuns runs;
  RunBoth(out.ruleset, kp, drop_failed, &runs);
  // The approvers did something: failed dup/close/… calls never left the kernel.
  EXPECT_GT(runs.approver_dropped, 0u);
  EXPECT_LT(runs.records_on, runs.records_off);
  EXPECT_FALSE(runs.alerts_off.empty()) << "the workload should raise an upstream alert";
  EXPECT_EQ(runs.alerts_on, runs.alerts_off);
  std::map<std::string, int> by_rule;
  for (const std::string& a : runs.alerts_off) ++by_rule[a.substr(0, a.find(" | "))];
  for (const auto& [rule, n] : by_rule) std::printf("  %d x %s\n", n, rule.c_str());
  std::printf("  records of this process: %zu without approvers, %zu with (%zu dropped)\n",
              runs.records_off, runs.records_on, size_t(runs.approver_dropped));
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
  RunBoth(out.ruleset, kp, {SYS_openat}, &runs);
  EXPECT_EQ(runs.alerts_off.size(), 3u);
  EXPECT_TRUE(runs.alerts_on.empty());
  EXPECT_NE(runs.alerts_on, runs.alerts_off);
}

}  // namespace
}  // namespace peregrine::probe
