#include "runtime/matcher/live_ruleset.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "runtime/matcher/event_field_reader.h"
#include "runtime/matcher/jit_backend.h"
#include "runtime/state/state_tracker.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;

constexpr char kRules[] = R"(
- rule: Cat under sshd
  desc: a cat whose ancestors include sshd
  condition: evt.type = close and proc.name = cat and proc.aname = sshd
  output: cat closed a file (pid=%proc.pid parent=%proc.pname)
  priority: WARNING
  tags: [t1]
- rule: Any close by cat
  desc: every close by cat
  condition: evt.type = close and proc.name = cat
  output: close by cat
  priority: DEBUG
)";

std::shared_ptr<const compiler::CompiledRuleset> Compile(const std::string& text) {
  compiler::CompileOutput out = compiler::CompileRulesContent("test.yaml", text, {});
  for (const auto& d : out.diagnostics) {
    if (d.severity == compiler::Severity::kError) ADD_FAILURE() << d.message;
  }
  return out.ruleset;
}

std::unique_ptr<Ruleset> Make(const std::string& text, RulesetOptions options = {}) {
  auto compiled = Compile(text);
  if (compiled == nullptr) return nullptr;
  absl::StatusOr<std::unique_ptr<Ruleset>> rs = Ruleset::Create(compiled, options);
  EXPECT_TRUE(rs.ok()) << rs.status();
  return rs.ok() ? *std::move(rs) : nullptr;
}

TEST(RulesetTest, IndexesFormattersAndDefinitionsByProgramRule) {
  std::unique_ptr<Ruleset> rs = Make(kRules);
  ASSERT_NE(rs, nullptr);
  ASSERT_EQ(rs->num_rules(), 2u);
  EXPECT_EQ(rs->rule(0).name, "Cat under sshd");
  EXPECT_EQ(rs->formatter(0).rule().name, "Cat under sshd");
  EXPECT_EQ(rs->priority(0), Priority::kWarning);
  EXPECT_EQ(rs->priority(1), Priority::kDebug);
  EXPECT_EQ(rs->backend().name(), "tiered");  // the default back end
  EXPECT_EQ(rs->generation(), 0u);
}

TEST(RulesetTest, HashFollowsBehaviourNotIdentity) {
  std::unique_ptr<Ruleset> a = Make(kRules);
  std::unique_ptr<Ruleset> b = Make(kRules);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->hash(), b->hash());
  std::string changed = kRules;
  changed.replace(changed.find("close by cat\n"), 12, "close by dog");
  std::unique_ptr<Ruleset> c = Make(changed);
  ASSERT_NE(c, nullptr);
  EXPECT_NE(a->hash(), c->hash());
  RulesetOptions json;
  json.format.json_output = true;
  std::unique_ptr<Ruleset> d = Make(kRules, json);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(a->hash(), d->hash());
}

class RulesetBackendTest : public ::testing::TestWithParam<BackendKind> {};

TEST_P(RulesetBackendTest, MatcherEvaluatesThroughTheFieldReader) {
  RulesetOptions options;
  options.backend = GetParam();
  std::unique_ptr<Ruleset> rs = Make(kRules, options);
  ASSERT_NE(rs, nullptr);
  StateTracker st;
  for (auto [tid, ptid, comm] : {std::tuple<int64_t, int64_t, const char*>{50, 1, "sshd"},
                                 {90, 50, "bash"},
                                 {100, 90, "cat"},
                                 {200, 1, "cat"}}) {
    auto t = std::make_unique<ThreadEntry>();
    t->tid = t->pid = t->vtid = t->vpid = tid;
    t->ptid = ptid;
    t->comm = t->exe = comm;
    st.threads().Insert(std::move(t));
  }
  std::unique_ptr<Matcher> matcher = rs->CreateMatcher();
  EventFieldReader reader;
  auto run = [&](int64_t tid, RuleMatching matching) {
    auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, tid, 5'000).I64(0).I64(9).Build();
    StateView v = st.Process(e->event);
    reader.Reset(e->event, v);
    std::vector<uint32_t> matches;
    matcher->Match(e->event.type(), reader, matching, &matches);
    return matches;
  };
  auto check = [&] {
    EXPECT_EQ(run(100, RuleMatching::kFirst), (std::vector<uint32_t>{0}));
    EXPECT_EQ(run(100, RuleMatching::kAll), (std::vector<uint32_t>{0, 1}));
    EXPECT_EQ(run(200, RuleMatching::kAll), (std::vector<uint32_t>{1}));  // no sshd ancestor
  };
  check();  // whatever tier serves now (tiered: most likely the interpreter)
  if (const auto* jit = dynamic_cast<const JitBackend*>(&rs->backend())) {
    // The same answers from native code, once each tier is in.
    ASSERT_TRUE(jit->tiered().WaitForTier(compiler::jit::TieredMatcher::Tier::kOptimized,
                                          absl::Seconds(60)))
        << jit->tiered().status();
    check();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RulesetBackendTest,
                         ::testing::Values(BackendKind::kInterpreter, BackendKind::kJit,
                                           BackendKind::kTiered));

TEST(RulesetTest, JitBackendHasNativeCodeWhenCreateReturns) {
  RulesetOptions options;
  options.backend = BackendKind::kJit;
  std::unique_ptr<Ruleset> rs = Make(kRules, options);
  ASSERT_NE(rs, nullptr);
  EXPECT_EQ(rs->backend().name(), "jit");
  const auto* jit = dynamic_cast<const JitBackend*>(&rs->backend());
  ASSERT_NE(jit, nullptr);
  EXPECT_GE(static_cast<int>(jit->tiered().tier()),
            static_cast<int>(compiler::jit::TieredMatcher::Tier::kFast));
}

TEST(RulesetTest, BackendIsPartOfTheHash) {
  RulesetOptions interp, tiered;
  interp.backend = BackendKind::kInterpreter;
  std::unique_ptr<Ruleset> a = Make(kRules, interp);
  std::unique_ptr<Ruleset> b = Make(kRules, tiered);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a->hash(), b->hash());
}

TEST(LiveRulesetTest, PublishStampsGenerations) {
  LiveRuleset live;
  EXPECT_EQ(live.Current(), nullptr);
  EXPECT_EQ(live.generation(), 0u);
  EXPECT_EQ(live.Publish(Make(kRules)), 1u);
  EXPECT_EQ(live.Publish(Make(kRules)), 2u);
  EXPECT_EQ(live.generation(), 2u);
  ASSERT_NE(live.Current(), nullptr);
  EXPECT_EQ(live.Current()->generation(), 2u);
}

TEST(LiveRulesetTest, ThreadRulesetPicksUpSwapsAndReleasesOldRulesets) {
  LiveRuleset live;
  ThreadRuleset mine(live);
  EXPECT_EQ(mine.ruleset(), nullptr);
  EXPECT_EQ(mine.matcher(), nullptr);
  EXPECT_FALSE(mine.Refresh());
  live.Publish(Make(kRules));
  EXPECT_TRUE(mine.Refresh());
  EXPECT_FALSE(mine.Refresh());
  ASSERT_NE(mine.matcher(), nullptr);
  std::weak_ptr<const Ruleset> first = mine.shared_ruleset();
  live.Publish(Make(kRules));
  EXPECT_FALSE(first.expired());  // still held by the thread until it refreshes
  EXPECT_TRUE(mine.Refresh());
  EXPECT_EQ(mine.generation(), 2u);
  // The publisher keeps the replaced ruleset until its next publication, so the worker never
  // drops the last reference (destroying a ruleset may wait for a background JIT compile).
  EXPECT_FALSE(first.expired());
  live.Publish(Make(kRules));
  // Released by LiveRuleset on a thread of its own (not by the worker, which has not refreshed).
  for (int i = 0; i < 10000 && !first.expired(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(first.expired());
  EXPECT_TRUE(mine.Refresh());
  EXPECT_EQ(mine.generation(), 3u);
}

TEST(LiveRulesetTest, ConcurrentPublishAndRefresh) {
  // A publisher swaps rulesets while a worker refreshes and evaluates: the worker always holds a
  // complete ruleset and sees generations only grow.
  LiveRuleset live;
  live.Publish(Make(kRules));
  std::vector<std::unique_ptr<Ruleset>> pending;
  for (int i = 0; i < 50; ++i) pending.push_back(Make(kRules));
  ThreadRuleset mine(live);  // holds generation 1 before the publisher starts
  ASSERT_EQ(mine.generation(), 1u);
  std::atomic<bool> done{false};
  std::thread publisher([&] {
    for (auto& rs : pending) live.Publish(std::move(rs));
    done.store(true);
  });
  uint64_t last = 0;
  bool monotone = true;
  int refreshes = 0;
  while (!done.load() || mine.generation() != live.generation()) {
    if (mine.Refresh()) ++refreshes;
    monotone = monotone && mine.generation() >= last;
    last = mine.generation();
    ASSERT_NE(mine.matcher(), nullptr);
    ASSERT_EQ(mine.ruleset()->num_rules(), 2u);
  }
  publisher.join();
  EXPECT_TRUE(monotone);
  EXPECT_EQ(mine.generation(), 51u);
  EXPECT_GE(refreshes, 1);
}

}  // namespace
}  // namespace peregrine::runtime
