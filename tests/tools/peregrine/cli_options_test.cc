#include "tools/peregrine/cli_options.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tools/peregrine/signal_watcher.h"

namespace peregrine::cli {
namespace {

TEST(CliOptionsTest, ParsesFalcoFlags) {
  absl::StatusOr<CliOptions> o =
      ParseCli({"-r", "a.yaml", "-rb.yaml", "-o", "json_output=true", "-L", "-V", "c.yaml",
                "--dry-run", "--replay=x.scap", "--duration", "2.5", "-v"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->rules_paths, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(o->overrides, (std::vector<std::string>{"json_output=true"}));
  EXPECT_TRUE(o->list_rules);
  EXPECT_EQ(o->validate_paths, (std::vector<std::string>{"c.yaml"}));
  EXPECT_TRUE(o->dry_run);
  EXPECT_EQ(o->replay_path, "x.scap");
  EXPECT_EQ(o->duration_seconds, 2.5);
  EXPECT_TRUE(o->verbose);
  absl::StatusOr<CliOptions> m = ParseCli({"-M", "3", "-c", "falco.yaml", "--replay", "y"});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->duration_seconds, 3.0);
  EXPECT_EQ(m->config_path, "falco.yaml");
  EXPECT_EQ(m->replay_path, "y");
}

TEST(CliOptionsTest, RejectsBadInput) {
  EXPECT_FALSE(ParseCli({"-r"}).ok());
  EXPECT_FALSE(ParseCli({"--replay"}).ok());
  EXPECT_FALSE(ParseCli({"--duration", "soon"}).ok());
  EXPECT_FALSE(ParseCli({"--duration", "-1"}).ok());
  EXPECT_FALSE(ParseCli({"--duration", "0"}).ok());
  absl::StatusOr<CliOptions> unknown = ParseCli({"--what"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("--what"), std::string::npos);
}

TEST(SignalWatcherTest, SigtermSetsTheStopFlag) {
  SignalWatcher watcher;
  EXPECT_FALSE(watcher.stop().load());
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!watcher.stop().load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(watcher.stop().load());
  EXPECT_EQ(watcher.signal(), SIGTERM);
}

}  // namespace
}  // namespace peregrine::cli
