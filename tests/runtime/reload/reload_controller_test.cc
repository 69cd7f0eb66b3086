// ReloadController: requests, rejected builds, debounced bursts, the watch set following the
// candidate, hooks around the swap.
#include "runtime/reload/reload_controller.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/ruleset_loader.h"

namespace peregrine::runtime::reload {
namespace {

class ReloadControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat("/tmp/pg_reload_ctl_", getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    rules_ = dir_ + "/r.yaml";
    Write("a");
    live_.Publish(*Build());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name) {
    std::ofstream(rules_, std::ios::trunc)
        << "- rule: " << name << "\n  desc: d\n  condition: evt.type = open\n  output: o\n"
        << "  priority: INFO\n";
  }
  absl::StatusOr<std::unique_ptr<Ruleset>> Build() {
    return LoadRuleset({rules_}, EngineConfig{}, nullptr);
  }
  RulesetBuilder Builder() {
    return [this]() -> absl::StatusOr<ReloadCandidate> {
      ++builds_;
      if (fail_.load()) return absl::InvalidArgumentError("rules.yaml:1:1: broken on purpose");
      absl::StatusOr<std::unique_ptr<Ruleset>> r = Build();
      if (!r.ok()) return r.status();
      ReloadCandidate c;
      c.ruleset = *std::move(r);
      c.on_published = [this] { ++committed_; };
      return c;
    };
  }

  std::string dir_;
  std::string rules_;
  LiveRuleset live_;
  std::atomic<int> builds_{0};
  std::atomic<int> committed_{0};
  std::atomic<bool> fail_{false};
};

TEST_F(ReloadControllerTest, RequestPublishesAndRejectionKeepsTheLiveRuleset) {
  std::vector<std::string> log;
  std::vector<uint64_t> hook_generations;
  ReloadHooks hooks;
  hooks.log = [&](const std::string& l) { log.push_back(l); };
  hooks.before_publish = [&](const Ruleset& next) { EXPECT_EQ(next.generation(), 0u); };
  hooks.after_publish = [&](const Ruleset& now) { hook_generations.push_back(now.generation()); };
  metrics::Registry registry;
  ReloadOptions options;
  options.watch = false;
  options.registry = &registry;
  auto c = ReloadController::Create(live_, Builder(), hooks, options, {});
  ASSERT_TRUE(c.ok()) << c.status();
  const uint64_t hash_a = live_.Current()->hash();

  Write("b");
  (*c)->RequestReload("SIGHUP");
  ASSERT_TRUE((*c)->WaitForAttempts(1, absl::Seconds(10)));
  EXPECT_EQ(live_.generation(), 2u);
  EXPECT_NE(live_.Current()->hash(), hash_a);
  EXPECT_EQ(committed_.load(), 1);

  fail_.store(true);
  const std::shared_ptr<const Ruleset> before = live_.Current();
  (*c)->RequestReload("SIGHUP");
  ASSERT_TRUE((*c)->WaitForAttempts(2, absl::Seconds(10)));
  EXPECT_EQ(live_.Current(), before);
  EXPECT_EQ(committed_.load(), 1);
  const std::vector<ReloadRecord> h = (*c)->history();
  EXPECT_TRUE(h[0].ok);
  EXPECT_EQ(h[0].trigger, "SIGHUP");
  EXPECT_EQ(h[0].generation, 2u);
  EXPECT_FALSE(h[1].ok);
  EXPECT_EQ(h[1].error, "rules.yaml:1:1: broken on purpose");
  EXPECT_EQ(hook_generations, std::vector<uint64_t>{2});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[0].find("generation 2"), std::string::npos) << log[0];
  EXPECT_NE(log[1].find("broken on purpose"), std::string::npos) << log[1];
  const std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("peregrine_reloads_total{result=\"ok\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("peregrine_reloads_total{result=\"rejected\"} 1"), std::string::npos);
}

TEST_F(ReloadControllerTest, BurstOfFileChangesIsOneReload) {
  ReloadOptions options;
  options.debounce = std::chrono::milliseconds(150);
  auto c = ReloadController::Create(live_, Builder(), {}, options, {rules_});
  ASSERT_TRUE(c.ok()) << c.status();
  for (int i = 0; i < 10; ++i) {
    Write(absl::StrCat("burst", i));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE((*c)->WaitForAttempts(1, absl::Seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ((*c)->attempts(), 1u);
  EXPECT_EQ(builds_.load(), 1);
  EXPECT_EQ(live_.Current()->compiled().loaded.rules[0].name, "burst9");
  EXPECT_NE((*c)->history()[0].trigger.find(rules_), std::string::npos);
}

}  // namespace
}  // namespace peregrine::runtime::reload
