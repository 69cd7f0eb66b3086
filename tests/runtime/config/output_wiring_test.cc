// Tests for Config → OutputManager wiring: the enabled sinks, in order, delivering one alert.
#include "runtime/config/output_wiring.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/config/config_loader.h"
#include "runtime/metrics/registry.h"

namespace peregrine::runtime::config {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(OutputWiringTest, BuildsTheEnabledSinksAndDeliversToAll) {
  char tmpl[] = "/tmp/peregrine_wiring_XXXXXX";
  const fs::path dir = mkdtemp(tmpl);
  const fs::path sock = dir / "log";
  const int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

  ConfigLoadOptions options;
  options.overrides = {
      "file_output.enabled=true", "file_output.filename=" + (dir / "f.txt").string(),
      "program_output.enabled=true", "program_output.program=cat >> " + (dir / "p.txt").string(),
      "outputs_queue.capacity=8"};
  auto loaded = LoadConfigString("", "t.yaml", options);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  FILE* out = std::tmpfile();
  metrics::Registry registry;
  auto manager =
      CreateOutputManager(*loaded->config, &registry, OutputEnvironment{out, sock.string()});
  ASSERT_TRUE(manager.ok()) << manager.status();
  std::vector<std::string> names;
  for (const auto& s : (*manager)->Stats()) names.push_back(s.name);
  EXPECT_THAT(names, ::testing::ElementsAre("stdout", "syslog", "file", "program"));

  outputs::Alert alert;
  alert.priority = 2;
  alert.message = "12:00:00.000000000: Critical hello";
  EXPECT_EQ((*manager)->Enqueue(alert), 4u);
  ASSERT_TRUE((*manager)->Shutdown(absl::Seconds(10)));

  const auto read = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  EXPECT_EQ(read(dir / "f.txt"), alert.message + "\n");
  EXPECT_EQ(read(dir / "p.txt"), alert.message + "\n");
  std::rewind(out);
  char buf[128] = {};
  std::fread(buf, 1, sizeof(buf) - 1, out);
  EXPECT_EQ(std::string(buf), alert.message + "\n");
  char dgram[512] = {};
  ASSERT_GT(recv(fd, dgram, sizeof(dgram) - 1, 0), 0);
  EXPECT_THAT(std::string(dgram), ::testing::StartsWith("<10>"));
  EXPECT_THAT(std::string(dgram), HasSubstr(alert.message));
  EXPECT_THAT(registry.RenderPrometheus(),
              HasSubstr("peregrine_output_alerts_total{output=\"syslog\",result=\"delivered\"} 1"));
  std::fclose(out);
  close(fd);
  fs::remove_all(dir);
}

TEST(OutputWiringTest, HttpWithoutUrlIsAnError) {
  auto loaded = LoadConfigString("http_output:\n  enabled: true\n", "t.yaml", {});
  ASSERT_TRUE(loaded.ok());
  auto manager = CreateOutputManager(*loaded->config, nullptr);
  ASSERT_FALSE(manager.ok());
  EXPECT_THAT(std::string(manager.status().message()), HasSubstr("url is empty"));
}

TEST(OutputWiringTest, InternalAlertOptionsFollowTheConfig) {
  auto loaded = LoadConfigString("json_output: true\ntime_format_iso_8601: true\n", "t.yaml", {});
  ASSERT_TRUE(loaded.ok());
  const outputs::InternalAlertOptions o = InternalAlertOptionsFor(*loaded->config, "h");
  EXPECT_TRUE(o.json_output);
  EXPECT_TRUE(o.time_format_iso_8601);
  EXPECT_EQ(o.hostname, "h");
}

}  // namespace
}  // namespace peregrine::runtime::config
