// PgcapEventSource: Peregrine captures found by their magic, the state seeded from the capture's
// process snapshot, and each record's kernel context applied to its thread.
#include "runtime/engine/pgcap_event_source.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "probe/abi/ppm_codes.h"
#include "probe/capture/capture_writer.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/process_tables.h"
#include "runtime/matcher/ruleset.h"
#include "runtime/metrics/histogram.h"
#include "runtime/metrics/peregrine_metrics.h"
#include "runtime/metrics/registry.h"
#include "tests/probe/capture/capture_file_testing.h"

namespace peregrine::runtime {
namespace {

using probe::capture::CaptureProcess;
using probe::capture::UserTables;
using probe::capture::testing::I64;
using probe::capture::testing::MakeRingRecord;
using probe::capture::testing::TestGroups;
using probe::capture::testing::TestMachine;
using probe::capture::testing::TestProcesses;
using probe::capture::testing::TestUsers;
using probe::scap::FdType;

std::string U32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string U64(uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string Str(const std::string& s) { return s + std::string(1, '\0'); }

// An openat exit (current layout, code 307) of `path` relative to the cwd.
std::string Openat(uint64_t ts, uint64_t tid, const std::string& path, const pg_proc_ctx* ctx) {
  return MakeRingRecord(PG_PPME_OPENAT_X, ts, tid,
                        {I64(5), I64(-100), Str(path), U32(1), U32(0), U32(0), U64(0)}, ctx);
}

pg_proc_ctx Ctx(uint32_t pid, uint32_t tid, uint32_t ppid, const char* comm, uint32_t euid) {
  pg_proc_ctx c{};
  c.pid = pid;
  c.tid = tid;
  c.ppid = ppid;
  c.uid = c.euid = euid;
  c.gid = c.egid = euid;
  c.loginuid = 0xFFFFFFFF;
  std::snprintf(c.comm, sizeof(c.comm), "%s", comm);
  return c;
}

class CollectingSink : public AlertSink {
 public:
  bool Emit(const Alert& a) override {
    texts.push_back(std::string(a.text));
    return true;
  }
  std::vector<std::string> texts;
};

class PgcapEventSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pg_pgcap_test_XXXXXX";
    const int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
  }
  void TearDown() override { unlink(path_.c_str()); }

  void Write(const std::vector<std::string>& records,
             const std::vector<CaptureProcess>& extra_processes = {}) {
    probe::capture::CaptureWriterOptions options;
    options.machine = TestMachine();
    options.users = UserTables{TestUsers(), TestGroups()};
    // init (1) and a login shell (41) with its cwd.
    std::vector<CaptureProcess> procs = TestProcesses();
    procs[1].tid = 41;
    procs.insert(procs.end(), extra_processes.begin(), extra_processes.end());
    options.processes = procs;
    auto w = probe::capture::CaptureWriter::Create(path_, options);
    ASSERT_TRUE(w.ok()) << w.status();
    for (const std::string& r : records) {
      ASSERT_TRUE((*w)->AppendRaw(0, r.data(), r.size()).ok());
    }
    ASSERT_TRUE((*w)->Close({}).ok());
  }

  // Runs `rules` over the capture and returns the alert texts.
  std::vector<std::string> Replay(const char* rules, metrics::PeregrineMetrics* metrics = nullptr) {
    compiler::CompileOutput out =
        compiler::CompileRulesContent("test.yaml", rules, compiler::CompileOptions{});
    EXPECT_NE(out.ruleset, nullptr);
    auto ruleset = Ruleset::Create(out.ruleset, {});
    EXPECT_TRUE(ruleset.ok()) << ruleset.status();
    LiveRuleset live;
    live.Publish(*std::move(ruleset));
    CollectingSink sink;
    PipelineOptions options;
    options.metrics = metrics;
    EventPipeline pipeline(live, sink, options);
    auto source = OpenCaptureSource(path_);
    EXPECT_TRUE(source.ok()) << source.status();
    if (!source.ok()) return {};
    EXPECT_EQ((*source)->format(), "pgcap");
    EXPECT_TRUE(pipeline.Run(**source).ok());
    events_ = pipeline.counters().events;
    return sink.texts;
  }

  std::string path_;
  uint64_t events_ = 0;
};

TEST(PgcapFormatTest, DetectedByItsMagic) {
  EXPECT_EQ(DetectCaptureFormat(std::string_view("PGCAPTUR\x01\x00", 10)), CaptureFormat::kPgcap);
  EXPECT_EQ(DetectCaptureFormat("PGCAP"), CaptureFormat::kUnknown);
  EXPECT_EQ(DetectCaptureFormat("\x1f\x8b\x08"), CaptureFormat::kScap);
}

TEST(ProcessTablesTest, CaptureSnapshotBecomesSeedTables) {
  std::vector<CaptureProcess> procs = TestProcesses();
  procs[0].fds.push_back({4, "pipe:[77]"});
  procs[0].fds.push_back({5, "/memfd:blob (deleted)"});
  procs[0].fds.push_back({6, "anon_inode:[eventfd]"});
  procs[1].exepath = "/tmp/x (deleted)";
  procs[1].euid = 0;  // a setuid program: the effective id is what the probe reports
  probe::scap::ScapTables t = TablesFromCapture(TestMachine(), procs, TestUsers(), TestGroups());
  EXPECT_EQ(t.machine_info.hostname, "testhost");
  ASSERT_EQ(t.users.size(), 2u);
  EXPECT_EQ(t.users[1].uid, 1000u);
  EXPECT_EQ(t.users[1].name, "alice");
  EXPECT_EQ(t.users[1].home, "/home/u");
  ASSERT_EQ(t.groups.size(), 2u);
  EXPECT_EQ(t.groups[1].name, "staff");
  EXPECT_EQ(t.machine_info.num_cpus, 2u);
  ASSERT_EQ(t.threads.size(), 2u);
  EXPECT_EQ(t.threads[0].cgroups, std::vector<std::string>{"unified=/init.scope"});
  EXPECT_EQ(t.threads[0].exe, "/sbin/init");
  EXPECT_EQ(t.threads[1].ptid, 1);
  EXPECT_EQ(t.threads[1].sid, 41);
  EXPECT_EQ(t.threads[1].pgid, 41);
  EXPECT_EQ(t.threads[1].vpgid, 41);
  EXPECT_EQ(t.threads[0].sid, -1) << "unknown, as in a 1.0 capture";
  EXPECT_EQ(t.threads[1].uid, 0u);
  EXPECT_EQ(t.threads[1].tty, 0x8800u);
  EXPECT_EQ(t.threads[1].exepath, "/tmp/x");
  EXPECT_NE(t.threads[1].flags & (1u << 13), 0u) << "tid 42 of pid 41 is a thread";
  ASSERT_EQ(t.fds.size(), 5u);
  EXPECT_EQ(t.fds[0].type, FdType::kFile);
  EXPECT_EQ(t.fds[0].name, "/dev/null");
  EXPECT_EQ(t.fds[1].type, FdType::kUnknown);
  EXPECT_EQ(t.fds[1].ino, 1234u);
  EXPECT_EQ(t.fds[2].type, FdType::kFifo);
  EXPECT_EQ(t.fds[2].ino, 77u);
  EXPECT_EQ(t.fds[3].type, FdType::kMemfd);
  EXPECT_EQ(t.fds[3].name, "memfd:blob");
  EXPECT_EQ(t.fds[4].type, FdType::kEvent);
  for (const auto& fd : t.fds) EXPECT_EQ(fd.tid, 1);
}

TEST(ProcessTablesTest, CgroupLines) {
  EXPECT_EQ(CgroupEntryFromProcLine("0::/user.slice"), "unified=/user.slice");
  EXPECT_EQ(CgroupEntryFromProcLine("4:cpu,cpuacct:/docker/abc"), "cpu,cpuacct=/docker/abc");
  EXPECT_FALSE(CgroupEntryFromProcLine("garbage").has_value());
}

constexpr char kOpenRule[] = R"(
- rule: Open
  desc: d
  condition: evt.type = openat
  output: name=%proc.name fd=%fd.name pname=%proc.pname uid=%user.uid exe=%proc.exepath
  priority: WARNING
)";

TEST_F(PgcapEventSourceTest, SnapshotSeedsTheStateForTheFirstRecord) {
  // No context: only the snapshot knows process 41's cwd, name, parent and executable.
  Write({Openat(1700000000000000100ull, 41, "notes.txt", nullptr)});
  std::vector<std::string> alerts = Replay(kOpenRule);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_NE(alerts[0].find("name=bash fd=/home/u/notes.txt pname=init uid=1000 "
                           "exe=/usr/bin/bash"),
            std::string::npos)
      << alerts[0];
  EXPECT_EQ(events_, 1u);
}

TEST_F(PgcapEventSourceTest, UserGroupAndSessionComeFromTheCaptureTables) {
  // Login shell 41 (uid/gid 1000) leads session 41; its child 50 opens a file. The names come
  // from the capture's user and group tables, not from this host's, and the session leader from
  // the snapshot's session ids.
  CaptureProcess child;
  child.tid = child.pid = 50;
  child.ppid = 41;
  child.uid = child.euid = child.gid = child.egid = 1000;
  child.comm = "cat";
  child.exe = "cat";
  child.cwd = "/home/u";
  child.sid = 41;
  child.pgid = child.vpgid = 50;
  const pg_proc_ctx ctx = Ctx(50, 50, 41, "cat", 1000);
  Write({Openat(1700000000000000100ull, 50, "notes.txt", &ctx)}, {child});
  std::vector<std::string> alerts = Replay(R"(
- rule: Who
  desc: d
  condition: evt.type = openat
  output: user=%user.name home=%user.homedir group=%group.name sname=%proc.sname sid=%proc.sid
  priority: WARNING
)");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_NE(alerts[0].find("user=alice home=/home/u group=staff sname=bash sid=41"),
            std::string::npos)
      << alerts[0];
}

TEST_F(PgcapEventSourceTest, StageLatencyIsSampledForOneEventAndOneAlertIn64) {
  std::vector<std::string> records;
  for (uint64_t i = 0; i < 130; ++i) {
    records.push_back(Openat(1700000000000000100ull + i, 41, absl::StrCat("f", i), nullptr));
  }
  Write(records);
  metrics::Registry registry;
  auto m = metrics::PeregrineMetrics::Create(registry);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(Replay(kOpenRule, m->get()).size(), 130u);
  // Events 1, 65 and 129 are timed in every stage, and so are alerts 1, 65 and 129.
  for (const char* stage : {"decode", "state", "match", "output"}) {
    const metrics::Histogram::Snapshot s = (*m)->ForStage(stage)->Take();
    EXPECT_EQ(s.count, 3u) << stage;
    EXPECT_GT(s.sum, 0.0) << stage;
    EXPECT_LT(s.sum, 10.0) << stage << ": seconds, not nanoseconds";
  }
  const std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("peregrine_stage_latency_seconds_count{stage=\"match\"} 3"),
            std::string::npos)
      << text;
}

TEST_F(PgcapEventSourceTest, KernelContextOfEachRecordIsAppliedToItsThread) {
  // Process 41 renamed itself and became root; process 77 was never seen created (its clone
  // happened before the capture's records): the context names it and its parent.
  const pg_proc_ctx renamed = Ctx(41, 41, 1, "worker", 0);
  const pg_proc_ctx unknown = Ctx(77, 77, 41, "child", 1000);
  Write({Openat(1700000000000000100ull, 41, "a", &renamed),
         Openat(1700000000000000200ull, 77, "/etc/hosts", &unknown)});
  std::vector<std::string> alerts = Replay(kOpenRule);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_NE(alerts[0].find("name=worker fd=/home/u/a pname=init uid=0 "), std::string::npos)
      << alerts[0];
  EXPECT_NE(alerts[1].find("name=child fd=/etc/hosts pname=worker uid=1000 "), std::string::npos)
      << alerts[1];
}

TEST_F(PgcapEventSourceTest, TruncatedCaptureIsAnErrorAfterItsRecords) {
  Write({Openat(1700000000000000100ull, 41, "a", nullptr)});
  // Cut the end block off.
  FILE* f = std::fopen(path_.c_str(), "r+b");
  ASSERT_NE(f, nullptr);
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fclose(f);
  ASSERT_EQ(truncate(path_.c_str(), size - 10), 0);
  auto source = OpenCaptureSource(path_);
  ASSERT_TRUE(source.ok()) << source.status();
  SourceEvent ev;
  auto first = (*source)->Next(&ev);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(*first);
  auto second = (*source)->Next(&ev);
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace peregrine::runtime
