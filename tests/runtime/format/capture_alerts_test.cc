// Renders the three alerts Falco raised on the reference capture from the stock rules' output
// templates and compares them byte for byte with Falco's JSON lines.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "probe/capture/scap/scap_reader.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/format/alert_formatter.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime {
namespace {

const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";
const char kAlerts[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.falco-alerts.jsonl";
const char kRules[] = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

Priority ParsePriority(const std::string& p) {
  static const std::map<std::string, Priority> kMap = {
      {"EMERGENCY", Priority::kEmergency}, {"ALERT", Priority::kAlert},
      {"CRITICAL", Priority::kCritical},   {"ERROR", Priority::kError},
      {"WARNING", Priority::kWarning},     {"NOTICE", Priority::kNotice},
      {"INFO", Priority::kInformational},  {"INFORMATIONAL", Priority::kInformational},
      {"DEBUG", Priority::kDebug}};
  auto it = kMap.find(p);
  return it == kMap.end() ? Priority::kDebug : it->second;
}

RuleInfo LoadRule(const std::string& name) {
  RuleInfo r;
  for (const YAML::Node& item : YAML::LoadFile(kRules)) {
    if (!item["rule"] || item["rule"].as<std::string>() != name) continue;
    r.name = name;
    r.output = item["output"].as<std::string>();
    r.priority = ParsePriority(item["priority"].as<std::string>());
    for (const auto& t : item["tags"]) r.tags.push_back(t.as<std::string>());
  }
  return r;
}

struct Expected {
  std::string rule;
  uint64_t ts;
  uint16_t type;
};

class CaptureAlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Falco's text prefix is local time; the reference host ran in UTC.
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

TEST_F(CaptureAlertsTest, RendersFalcosThreeAlertsByteForByte) {
  std::vector<std::string> lines;
  {
    std::ifstream in(kAlerts);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  ASSERT_EQ(lines.size(), 3u);
  const std::vector<Expected> expected = {
      {"Read sensitive file untrusted", 1795771167554634511ull, PG_EVT_SYSCALL_OPENAT_2_X},
      {"Create Symlink Over Sensitive Files", 1795771171430486555ull, PG_EVT_SYSCALL_SYMLINKAT_X},
      {"Execution from /dev/shm", 1795771173413094638ull, PG_EVT_SYSCALL_EXECVE_19_X},
  };
  AlertFormatOptions opts;
  opts.json_output = true;
  opts.hostname = "vm";
  std::vector<AlertFormatter> formatters;
  for (const Expected& e : expected) {
    RuleInfo rule = LoadRule(e.rule);
    ASSERT_FALSE(rule.output.empty()) << e.rule;
    auto f = AlertFormatter::Create(rule, opts);
    ASSERT_TRUE(f.ok()) << f.status();
    formatters.push_back(*std::move(f));
  }

  auto reader_or = probe::scap::ScapReader::Open(kCapture);
  ASSERT_TRUE(reader_or.ok()) << reader_or.status();
  auto& reader = *reader_or;
  StateTracker st;
  st.Seed(reader->tables());
  std::vector<std::string> got(3);
  probe::scap::ScapEvent se;
  uint64_t n = 0;
  while (true) {
    auto more = reader->Next(&se);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    Event ev(&se.record, se.cpu, se.dump_flags, ++n);
    StateView v = st.Process(ev);
    for (size_t i = 0; i < expected.size(); ++i) {
      if (ev.ts() == expected[i].ts && ev.type() == expected[i].type) {
        formatters[i].FormatJson(ev, v, &got[i]);
      }
    }
  }
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i], lines[i]) << "alert " << i << " (" << expected[i].rule << ")";
  }
}

}  // namespace
}  // namespace peregrine::runtime
