// Tests for the /metrics endpoint: raw HTTP, and a real Prometheus server scraping it.
#include "runtime/metrics/metrics_server.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/metrics/peregrine_metrics.h"
#include "tests/runtime/outputs/test_process.h"

namespace peregrine::runtime::metrics {
namespace {

namespace fs = std::filesystem;
using ::peregrine::testing::ChildProcess;
using ::peregrine::testing::FreePort;
using ::peregrine::testing::HttpRequest;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Url(const MetricsServer& s, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(s.port()) + path;
}

TEST(MetricsServerTest, ServesMetricsAnd404) {
  Registry registry;
  (*registry.GetCounter("peregrine_events_total", "Events", {{"type", "open"}}))->Increment(2);
  auto server = MetricsServer::Create(registry, "127.0.0.1", 0);
  ASSERT_TRUE(server.ok()) << server.status();
  std::string body;
  EXPECT_EQ(HttpRequest(Url(**server, "/metrics"), "", &body), 200);
  EXPECT_THAT(body, HasSubstr("peregrine_events_total{type=\"open\"} 2\n"));
  body.clear();
  EXPECT_EQ(HttpRequest(Url(**server, "/"), "", &body), 404);
  EXPECT_EQ(HttpRequest(Url(**server, "/metrics"), "x=1", nullptr), 405);
  EXPECT_EQ((*server)->scrapes(), 1u);
  (*server)->Stop();
  EXPECT_EQ(HttpRequest(Url(**server, "/metrics"), "", nullptr, 500), 0);
}

TEST(MetricsServerTest, BadAddressAndBusyPortAreErrors) {
  Registry registry;
  EXPECT_FALSE(MetricsServer::Create(registry, "localhost-ish", 0).ok());
  auto first = MetricsServer::Create(registry, "127.0.0.1", 0);
  ASSERT_TRUE(first.ok());
  auto second = MetricsServer::Create(registry, "127.0.0.1", (*first)->port());
  EXPECT_FALSE(second.ok());
}

// The value of an instant query's first sample, or "" when there is none yet.
std::string QueryValue(int prom_port, const std::string& promql, std::string* labels = nullptr) {
  CURL* c = curl_easy_init();
  char* q = curl_easy_escape(c, promql.c_str(), static_cast<int>(promql.size()));
  const std::string url =
      "http://127.0.0.1:" + std::to_string(prom_port) + "/api/v1/query?query=" + q;
  curl_free(q);
  curl_easy_cleanup(c);
  std::string body;
  if (HttpRequest(url, "", &body) != 200) return "";
  std::smatch m;
  if (!std::regex_search(body, m,
                         std::regex(R"re("metric":\{([^}]*)\},"value":\[[0-9.]+,"([^"]+)"\])re"))) {
    return "";
  }
  if (labels != nullptr) *labels = m[1];
  return m[2];
}

TEST(PrometheusScrapeTest, RealPrometheusReadsOurSeries) {
  const char* kPrometheus = "/usr/bin/prometheus";
  ASSERT_EQ(access(kPrometheus, X_OK), 0)
      << "prometheus is not installed: tools/install_deps.sh installs Debian's 'prometheus' "
         "package (make test runs it)";

  Registry registry;
  auto m = PeregrineMetrics::Create(registry);
  ASSERT_TRUE(m.ok());
  (*m)->ForEventType("openat")->Increment(5);
  (*m)->ForRule("Read sensitive file untrusted")->Increment(2);
  (*m)->ForPriority(4)->Increment(2);
  (*m)->ForDrop("kernel_ring", "cpu1")->Increment(11);
  (*m)->ForStage("match")->Observe(3e-7);
  (*m)->SetRuleset(2, "5f3c9a");
  auto server = MetricsServer::Create(registry, "127.0.0.1", 0);
  ASSERT_TRUE(server.ok()) << server.status();

  char tmpl[] = "/tmp/peregrine_prom_XXXXXX";
  const fs::path dir = mkdtemp(tmpl);
  const int prom_port = FreePort();
  {
    std::ofstream cfg(dir / "prometheus.yml");
    cfg << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
           "scrape_configs:\n  - job_name: peregrine\n    static_configs:\n"
           "      - targets: ['127.0.0.1:"
        << (*server)->port() << "']\n";
  }
  ChildProcess prometheus;
  ASSERT_TRUE(prometheus.Start(
      {kPrometheus, "--config.file=" + (dir / "prometheus.yml").string(),
       "--storage.tsdb.path=" + (dir / "data").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(prom_port), "--log.level=warn"},
      /*capture_stdout=*/false));

  // Scrapes every second; give it up to 60 s to start, scrape and answer.
  std::string value;
  for (int i = 0; i < 600 && value.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    value = QueryValue(prom_port, "peregrine_events_total{type=\"openat\"}");
  }
  ASSERT_EQ(value, "5") << "Prometheus never returned the series";
  EXPECT_EQ(QueryValue(prom_port, "up{job=\"peregrine\"}"), "1");
  EXPECT_EQ(
      QueryValue(prom_port, "peregrine_rule_matches_total{rule=\"Read sensitive file untrusted\"}"),
      "2");
  EXPECT_EQ(QueryValue(prom_port, "peregrine_alerts_total{priority=\"Warning\"}"), "2");
  EXPECT_EQ(QueryValue(prom_port, "peregrine_drops_total{category=\"kernel_ring\",name=\"cpu1\"}"),
            "11");
  EXPECT_EQ(QueryValue(prom_port, "peregrine_stage_latency_seconds_count{stage=\"match\"}"), "1");
  EXPECT_EQ(QueryValue(prom_port, "peregrine_ruleset_generation"), "2");
  std::string labels;
  EXPECT_EQ(QueryValue(prom_port, "peregrine_ruleset_info", &labels), "1");
  EXPECT_THAT(labels, HasSubstr("\"hash\":\"5f3c9a\""));
  const std::string rss = QueryValue(prom_port, "peregrine_process_resident_memory_bytes");
  ASSERT_FALSE(rss.empty());
  EXPECT_GT(std::stod(rss), 1e6);
  EXPECT_FALSE(QueryValue(prom_port, "peregrine_process_cpu_seconds_total").empty());

  // A later increment shows up in a later scrape.
  (*m)->ForEventType("openat")->Increment(10);
  for (int i = 0; i < 100 && value != "15"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    value = QueryValue(prom_port, "peregrine_events_total{type=\"openat\"}");
  }
  EXPECT_EQ(value, "15");
  prometheus.Stop();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace peregrine::runtime::metrics
