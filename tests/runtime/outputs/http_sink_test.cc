// HTTP output against a real HTTP server on 127.0.0.1 that applies falcosidekick's input checks
// (tests/runtime/outputs/sidekick_server.py): payloads, headers, keep-alive, gzip, retries, TLS,
// and a sink that is slow or down for 10 s while 100k alerts are enqueued.
#include "runtime/outputs/http_sink.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/outputs/output_manager.h"
#include "tests/runtime/outputs/test_process.h"

namespace peregrine::runtime::outputs {
namespace {

namespace fs = std::filesystem;
using ::peregrine::testing::ChildProcess;
using ::peregrine::testing::FreePort;
using ::peregrine::testing::HttpRequest;
using ::peregrine::testing::JsonInt;
using ::testing::HasSubstr;

constexpr char kServerScript[] = PEREGRINE_SOURCE_DIR "/tests/runtime/outputs/sidekick_server.py";

// A JSON alert as Falco writes it (spec §6.5).
std::string FalcoJson(int i, bool with_fields = true) {
  std::string fields = with_fields
                           ? "{\"evt.time\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\","
                             "\"seq\":" +
                                 std::to_string(i) + "}"
                           : "{}";
  return "{\"hostname\":\"test-host\",\"output\":\"16:17:57.881781397: Warning An open was seen "
         "(command=cat /dev/null)\",\"output_fields\":" +
         fields +
         ",\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
         "\"tags\":[\"filesystem\"],\"time\":\"2016-08-04T16:17:57.881781397Z\"}";
}

Alert JsonAlert(int i, bool with_fields = true) {
  Alert a;
  a.priority = 4;
  a.rule = "open_from_cat";
  a.message = FalcoJson(i, with_fields);
  return a;
}

// The sidekick stand-in, started on `port` (0 = any) with optional TLS arguments.
class Sidekick {
 public:
  bool Start(int port = 0, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {::peregrine::testing::Python(), kServerScript, "--port",
                                     std::to_string(port)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (!child_.Start(argv)) return false;
    const std::string line = child_.ReadLine();
    if (line.rfind("PORT ", 0) != 0) return false;
    port_ = std::stoi(line.substr(5));
    return true;
  }
  void Stop() { child_.Stop(); }
  int port() const { return port_; }
  std::string url(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + "/";
  }
  // /stats over plain HTTP (TLS servers are queried by the sink tests through their results).
  std::string Stats() const {
    std::string body;
    HttpRequest(url() + "stats", "", &body);
    return body;
  }

 private:
  ChildProcess child_;
  int port_ = 0;
};

HttpSinkOptions Options(const std::string& url) {
  HttpSinkOptions o;
  o.url = url;
  o.json_output = true;
  o.initial_backoff_ms = 50;
  return o;
}

std::unique_ptr<OutputManager> Manager(HttpSinkOptions o, size_t capacity) {
  auto sink = HttpSink::Create(std::move(o));
  EXPECT_TRUE(sink.ok()) << sink.status();
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(*std::move(sink));
  return std::make_unique<OutputManager>(std::move(sinks), capacity);
}

TEST(HttpSinkTest, JsonAlertsPassFalcosidekickChecksOverOneConnection) {
  Sidekick server;
  ASSERT_TRUE(server.Start());
  HttpSinkOptions o = Options(server.url());
  o.keep_alive = true;
  o.user_agent = "peregrine-test/1.0";
  auto manager = Manager(o, 0);
  for (int i = 0; i < 200; ++i) manager->Enqueue(JsonAlert(i));
  ASSERT_TRUE(manager->Shutdown(absl::Seconds(30)));
  EXPECT_EQ(manager->Stats()[0].delivered, 200u) << manager->Stats()[0].last_error;
  const std::string stats = server.Stats();
  EXPECT_EQ(JsonInt(stats, "accepted"), 200) << stats;
  EXPECT_EQ(JsonInt(stats, "rejected"), 0) << stats;
  EXPECT_EQ(JsonInt(stats, "peregrine-test/1.0"), 200) << stats;
  EXPECT_EQ(JsonInt(stats, "application/json"), 200) << stats;
  // keep_alive: one connection for every alert (plus the /stats request itself).
  EXPECT_EQ(JsonInt(stats, "connections"), 2) << stats;
}

TEST(HttpSinkTest, PayloadFailingSidekickChecksIsCountedAsFailedWithoutRetry) {
  Sidekick server;
  ASSERT_TRUE(server.Start());
  auto sink = HttpSink::Create(Options(server.url()));
  ASSERT_TRUE(sink.ok());
  const std::atomic<bool> cancelled{false};
  absl::Status s = (*sink)->Write(JsonAlert(0, /*with_fields=*/false), cancelled);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("HTTP status 400"));
  EXPECT_EQ((*sink)->attempts(), 1u);  // a 400 is not retried
  const std::string stats = server.Stats();
  EXPECT_EQ(JsonInt(stats, "rejected"), 1) << stats;
  EXPECT_THAT(stats, HasSubstr("no output_fields"));
}

TEST(HttpSinkTest, TextModeWithoutKeepAliveUsesTextPlainAndNewConnections) {
  Sidekick server;
  ASSERT_TRUE(server.Start());
  HttpSinkOptions o = Options(server.url());
  o.json_output = false;
  auto sink = HttpSink::Create(o);
  ASSERT_TRUE(sink.ok());
  const std::atomic<bool> cancelled{false};
  Alert a;
  a.message = "16:17:57.881781397: Warning An open was seen (command=cat /dev/null)";
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*sink)->Write(a, cancelled).ok());
  const std::string stats = server.Stats();
  EXPECT_EQ(JsonInt(stats, "text/plain"), 5) << stats;
  EXPECT_EQ(JsonInt(stats, "falcosecurity/falco"), 5) << stats;  // Falco's default user agent
  EXPECT_EQ(JsonInt(stats, "connections"), 6) << stats;
}

TEST(HttpSinkTest, CompressUploadsSendsGzip) {
  Sidekick server;
  ASSERT_TRUE(server.Start());
  HttpSinkOptions o = Options(server.url());
  o.compress_uploads = true;
  auto sink = HttpSink::Create(o);
  ASSERT_TRUE(sink.ok());
  const std::atomic<bool> cancelled{false};
  ASSERT_TRUE((*sink)->Write(JsonAlert(1), cancelled).ok());
  const std::string stats = server.Stats();
  EXPECT_EQ(JsonInt(stats, "gzip"), 1) << stats;
  EXPECT_EQ(JsonInt(stats, "accepted"), 1) << stats;
}

TEST(HttpSinkTest, RetriesWithBackoffUntilTheServerComesUp) {
  const int port = FreePort();
  HttpSinkOptions o = Options("http://127.0.0.1:" + std::to_string(port) + "/");
  o.max_retries = 20;
  o.initial_backoff_ms = 50;
  o.max_backoff_ms = 200;
  auto manager = Manager(o, 0);
  manager->Enqueue(JsonAlert(7));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(manager->Stats()[0].delivered, 0u);
  Sidekick server;
  ASSERT_TRUE(server.Start(port));
  ASSERT_TRUE(manager->WaitIdle(absl::Seconds(20)));
  EXPECT_EQ(manager->Stats()[0].delivered, 1u);
  EXPECT_EQ(JsonInt(server.Stats(), "accepted"), 1);
}

// Certificates made with the openssl CLI: a CA, a server cert for 127.0.0.1, a client cert.
class Pki {
 public:
  Pki() {
    char tmpl[] = "/tmp/peregrine_pki_XXXXXX";
    dir_ = mkdtemp(tmpl);
    const std::string d = dir_.string();
    const std::string script =
        "set -e; cd " + d +
        "; openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 "
        "-subj /CN=peregrine-test-ca 2>/dev/null"
        "; openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
        "-subj /CN=127.0.0.1 2>/dev/null"
        "; printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext"
        "; openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
        "-out server.crt -days 2 -extfile san.ext 2>/dev/null"
        "; openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr "
        "-subj /CN=peregrine-client 2>/dev/null"
        "; openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
        "-out client.crt -days 2 2>/dev/null";
    ok_ = std::system(script.c_str()) == 0;
  }
  ~Pki() { fs::remove_all(dir_); }
  bool ok() const { return ok_; }
  std::string operator()(const std::string& name) const { return (dir_ / name).string(); }

 private:
  fs::path dir_;
  bool ok_ = false;
};

TEST(HttpSinkTest, TlsVerifiesTheServerUnlessInsecure) {
  Pki pki;
  ASSERT_TRUE(pki.ok()) << "openssl could not make test certificates";
  Sidekick server;
  ASSERT_TRUE(server.Start(0, {"--cert", pki("server.crt"), "--key", pki("server.key")}));
  const std::atomic<bool> cancelled{false};
  HttpSinkOptions o = Options(server.url("https"));
  o.max_retries = 0;
  o.ca_path = "";

  o.ca_cert = pki("ca.crt");
  auto verified = HttpSink::Create(o);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE((*verified)->Write(JsonAlert(1), cancelled).ok());

  o.ca_cert = "";  // the system store does not know our CA
  auto unknown = HttpSink::Create(o);
  ASSERT_TRUE(unknown.ok());
  absl::Status s = (*unknown)->Write(JsonAlert(2), cancelled);
  EXPECT_FALSE(s.ok());

  o.insecure = true;
  auto insecure = HttpSink::Create(o);
  ASSERT_TRUE(insecure.ok());
  EXPECT_TRUE((*insecure)->Write(JsonAlert(3), cancelled).ok());
}

TEST(HttpSinkTest, MutualTlsPresentsTheClientCertificate) {
  Pki pki;
  ASSERT_TRUE(pki.ok()) << "openssl could not make test certificates";
  Sidekick server;
  ASSERT_TRUE(server.Start(
      0, {"--cert", pki("server.crt"), "--key", pki("server.key"), "--client-ca", pki("ca.crt")}));
  const std::atomic<bool> cancelled{false};
  HttpSinkOptions o = Options(server.url("https"));
  o.max_retries = 0;
  o.ca_cert = pki("ca.crt");
  o.ca_path = "";
  auto anonymous = HttpSink::Create(o);
  ASSERT_TRUE(anonymous.ok());
  EXPECT_FALSE((*anonymous)->Write(JsonAlert(1), cancelled).ok());

  o.mtls = true;
  o.client_cert = pki("client.crt");
  o.client_key = pki("client.key");
  auto mutual = HttpSink::Create(o);
  ASSERT_TRUE(mutual.ok());
  absl::Status s = (*mutual)->Write(JsonAlert(2), cancelled);
  EXPECT_TRUE(s.ok()) << s;
}

// Enqueues `count` alerts paced evenly over `span`; returns the slowest Enqueue() call.
std::chrono::nanoseconds PacedEnqueue(OutputManager& manager, int count,
                                      std::chrono::milliseconds span) {
  const auto start = std::chrono::steady_clock::now();
  std::chrono::nanoseconds worst{0};
  for (int i = 0; i < count; ++i) {
    if (i % 100 == 0) std::this_thread::sleep_until(start + span * i / count);
    Alert a = JsonAlert(i);  // formatting is the caller's work, outside the measured call
    const auto t0 = std::chrono::steady_clock::now();
    manager.Enqueue(std::move(a));
    worst = std::max(worst, std::chrono::steady_clock::now() - t0);
  }
  return worst;
}

constexpr int kBurst = 100000;
constexpr size_t kCapacity = 1000;

TEST(HttpSinkTest, SlowSinkForTenSecondsNeverDelaysTheEventPath) {
  Sidekick server;
  ASSERT_TRUE(server.Start());
  HttpSinkOptions o = Options(server.url());
  o.keep_alive = true;
  o.timeout_ms = 30000;  // the server is slow, not dead: wait for it
  auto manager = Manager(o, kCapacity);
  ASSERT_EQ(HttpRequest(server.url() + "control/slow?seconds=10", "x", nullptr), 200);

  const auto worst = PacedEnqueue(*manager, kBurst, std::chrono::milliseconds(9000));
  OutputStats s = manager->Stats()[0];
  // Correctness, not speed: a sink that answers after 10 s must not hold the caller. 250 ms is
  // 40x below the sink's delay and leaves room for scheduling noise on a shared machine.
  EXPECT_LT(worst, std::chrono::milliseconds(250)) << "an Enqueue() call waited for the sink";
  std::printf("slow sink: max enqueue latency %.3f ms, enqueued %lu, dropped %lu\n",
              worst.count() / 1e6, s.enqueued, s.dropped_queue_full);
  EXPECT_EQ(s.enqueued + s.dropped_queue_full, static_cast<uint64_t>(kBurst));
  EXPECT_GE(s.dropped_queue_full, static_cast<uint64_t>(kBurst) - 2 * kCapacity);
  EXPECT_LE(s.enqueued, kCapacity + 1 + kCapacity);  // queue + in flight (+ drained early)

  // Delivery resumes: everything queued arrives, then new alerts flow again.
  ASSERT_TRUE(manager->WaitIdle(absl::Seconds(60)));
  for (int i = 0; i < 100; ++i) manager->Enqueue(JsonAlert(i));
  ASSERT_TRUE(manager->WaitIdle(absl::Seconds(30)));
  s = manager->Stats()[0];
  EXPECT_EQ(s.failed, 0u) << s.last_error;
  EXPECT_EQ(s.delivered, s.enqueued);
  const std::string stats = server.Stats();
  EXPECT_EQ(JsonInt(stats, "accepted"), static_cast<long>(s.delivered)) << stats;
  EXPECT_EQ(JsonInt(stats, "rejected"), 0);
}

TEST(HttpSinkTest, DownSinkForTenSecondsCountsLossesAndResumes) {
  const int port = FreePort();
  HttpSinkOptions o = Options("http://127.0.0.1:" + std::to_string(port) + "/");
  o.keep_alive = true;
  o.max_retries = 3;
  o.initial_backoff_ms = 100;
  auto manager = Manager(o, kCapacity);

  const auto worst = PacedEnqueue(*manager, kBurst, std::chrono::milliseconds(10000));
  OutputStats s = manager->Stats()[0];
  EXPECT_LT(worst, std::chrono::milliseconds(250)) << "an Enqueue() call waited for the sink";
  std::printf("down sink: max enqueue latency %.3f ms, enqueued %lu, dropped %lu, failed %lu\n",
              worst.count() / 1e6, s.enqueued, s.dropped_queue_full, s.failed);
  EXPECT_EQ(s.enqueued + s.dropped_queue_full, static_cast<uint64_t>(kBurst));
  EXPECT_GT(s.dropped_queue_full, 0u);
  EXPECT_GT(s.failed, 0u);  // retries exhausted while nobody listened
  EXPECT_EQ(s.delivered, 0u);

  Sidekick server;
  ASSERT_TRUE(server.Start(port));
  ASSERT_TRUE(manager->WaitIdle(absl::Seconds(60)));
  const uint64_t before = manager->Stats()[0].delivered;
  EXPECT_GT(before, 0u) << "the queued alerts were not delivered once the server was back";
  for (int i = 0; i < 100; ++i) manager->Enqueue(JsonAlert(i));
  ASSERT_TRUE(manager->WaitIdle(absl::Seconds(30)));
  s = manager->Stats()[0];
  EXPECT_EQ(s.delivered, before + 100);
  EXPECT_EQ(s.enqueued, s.delivered + s.failed);
  EXPECT_EQ(JsonInt(server.Stats(), "accepted"), static_cast<long>(s.delivered));
}

}  // namespace
}  // namespace peregrine::runtime::outputs
