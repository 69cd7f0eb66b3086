// Tests for the stdout, file, syslog and program sinks, and Falco's internal alerts.
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/outputs/file_sink.h"
#include "runtime/outputs/internal_alert.h"
#include "runtime/outputs/output_worker.h"
#include "runtime/outputs/program_sink.h"
#include "runtime/outputs/stdout_sink.h"
#include "runtime/outputs/syslog_sink.h"

namespace peregrine::runtime::outputs {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::atomic<bool> kNotCancelled{false};

Alert MakeAlert(std::string message, uint8_t priority = 4) {
  Alert a;
  a.priority = priority;
  a.rule = "Test rule";
  a.time_ns = 1470327477881781397ull;
  a.message = std::move(message);
  return a;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/peregrine_outputs_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Polls until `pred` holds (a child process writes asynchronously).
template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 500; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

TEST(StdoutSinkTest, WritesLinesAndFlushes) {
  FILE* f = std::tmpfile();
  StdoutSink sink(/*buffered=*/false, f);
  ASSERT_TRUE(sink.Write(MakeAlert("first"), kNotCancelled).ok());
  ASSERT_TRUE(sink.Write(MakeAlert("second"), kNotCancelled).ok());
  // Unbuffered: visible through another descriptor without a flush.
  std::rewind(f);
  char buf[64] = {};
  ASSERT_EQ(std::fread(buf, 1, sizeof(buf) - 1, f), 13u);
  EXPECT_STREQ(buf, "first\nsecond\n");
  std::fclose(f);
}

TEST(FileSinkTest, AppendsWithAndWithoutKeepAlive) {
  TempDir dir;
  const fs::path file = dir.path() / "events.txt";
  { std::ofstream(file) << "existing\n"; }
  for (bool keep_alive : {false, true}) {
    FileSink sink(FileSinkOptions{file.string(), keep_alive, /*buffered=*/false});
    ASSERT_TRUE(sink.Write(MakeAlert(keep_alive ? "k1" : "n1"), kNotCancelled).ok());
    ASSERT_TRUE(sink.Write(MakeAlert(keep_alive ? "k2" : "n2"), kNotCancelled).ok());
  }
  EXPECT_EQ(ReadAll(file), "existing\nn1\nn2\nk1\nk2\n");
}

TEST(FileSinkTest, ReopenFollowsLogRotation) {
  TempDir dir;
  const fs::path file = dir.path() / "events.txt";
  FileSink sink(FileSinkOptions{file.string(), /*keep_alive=*/true, /*buffered=*/false});
  ASSERT_TRUE(sink.Write(MakeAlert("before"), kNotCancelled).ok());
  fs::rename(file, dir.path() / "events.txt.1");
  ASSERT_TRUE(sink.Write(MakeAlert("still old fd"), kNotCancelled).ok());
  sink.Reopen();
  ASSERT_TRUE(sink.Write(MakeAlert("after"), kNotCancelled).ok());
  EXPECT_EQ(ReadAll(dir.path() / "events.txt.1"), "before\nstill old fd\n");
  EXPECT_EQ(ReadAll(file), "after\n");
}

TEST(FileSinkTest, UnwritablePathIsAnError) {
  FileSink sink(FileSinkOptions{"/nonexistent-dir/x/events.txt", true, false});
  absl::Status s = sink.Write(MakeAlert("x"), kNotCancelled);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("/nonexistent-dir/x/events.txt"));
}

TEST(FileSinkTest, BufferedKeepsDataUntilFlush) {
  TempDir dir;
  const fs::path file = dir.path() / "events.txt";
  FileSink sink(FileSinkOptions{file.string(), /*keep_alive=*/true, /*buffered=*/true});
  ASSERT_TRUE(sink.Write(MakeAlert("buffered"), kNotCancelled).ok());
  EXPECT_EQ(ReadAll(file), "");
  ASSERT_TRUE(sink.Flush().ok());
  EXPECT_EQ(ReadAll(file), "buffered\n");
}

// A unix datagram socket standing in for /dev/log.
class SyslogSocket {
 public:
  explicit SyslogSocket(const fs::path& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path.c_str());
    bound_ = bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    timeval tv{2, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~SyslogSocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  bool bound() const { return bound_; }
  std::string Receive() {
    char buf[65536];
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }

 private:
  fs::path path_;
  int fd_;
  bool bound_;
};

TEST(SyslogSinkTest, SendsRfc3164DatagramWithPriorityAsLevel) {
  TempDir dir;
  SyslogSocket server(dir.path() / "log");
  ASSERT_TRUE(server.bound());
  SyslogSink sink(SyslogSinkOptions{(dir.path() / "log").string(), "peregrine", 1});
  ASSERT_TRUE(sink.Write(MakeAlert("Warning A shell was spawned", 4), kNotCancelled).ok());
  ASSERT_TRUE(sink.Write(MakeAlert("Critical bad", 2), kNotCancelled).ok());
  ASSERT_TRUE(sink.Write(MakeAlert("Debug noise", 7), kNotCancelled).ok());
  const std::string pid = std::to_string(getpid());
  // LOG_USER (1) * 8 + level.
  EXPECT_THAT(server.Receive(),
              MatchesRegex("<12>[A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] "
                           "peregrine\\[" +
                           pid + "\\]: Warning A shell was spawned"));
  EXPECT_THAT(server.Receive(), MatchesRegex("<10>.* peregrine\\[[0-9]+\\]: Critical bad"));
  EXPECT_THAT(server.Receive(), MatchesRegex("<15>.*: Debug noise"));
}

TEST(SyslogSinkTest, MissingSocketFailsThenReconnects) {
  TempDir dir;
  const fs::path path = dir.path() / "log";
  SyslogSink sink(SyslogSinkOptions{path.string(), "peregrine", 1});
  EXPECT_FALSE(sink.Write(MakeAlert("lost"), kNotCancelled).ok());
  SyslogSocket server(path);  // the daemon comes up
  ASSERT_TRUE(sink.Write(MakeAlert("found"), kNotCancelled).ok());
  EXPECT_THAT(server.Receive(), HasSubstr(": found"));
}

TEST(ProgramSinkTest, KeepAlivePipesEveryAlertIntoOneProcess) {
  TempDir dir;
  const fs::path out = dir.path() / "out.txt";
  {
    ProgramSink sink(
        ProgramSinkOptions{"cat >> " + out.string() + "; echo pid=$$ >> " + out.string(),
                           /*keep_alive=*/true, /*buffered=*/false});
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(sink.Write(MakeAlert("alert " + std::to_string(i)), kNotCancelled).ok());
    }
  }  // the destructor closes stdin and reaps the shell
  const std::string text = ReadAll(out);
  EXPECT_THAT(text, MatchesRegex("alert 0\nalert 1\nalert 2\npid=[0-9]+\n"));
}

TEST(ProgramSinkTest, WithoutKeepAliveSpawnsPerAlert) {
  TempDir dir;
  const fs::path out = dir.path() / "out.txt";
  ProgramSink sink(ProgramSinkOptions{"(cat; echo \" by $$\") >> " + out.string(),
                                      /*keep_alive=*/false, /*buffered=*/false});
  ASSERT_TRUE(sink.Write(MakeAlert("one"), kNotCancelled).ok());
  ASSERT_TRUE(sink.Write(MakeAlert("two"), kNotCancelled).ok());
  std::string text = ReadAll(out);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(text, m, std::regex("one\n by ([0-9]+)\ntwo\n by ([0-9]+)\n")))
      << text;
  EXPECT_NE(m[1], m[2]) << "both alerts went to the same process";
}

TEST(ProgramSinkTest, FailingCommandIsAnError) {
  ProgramSink sink(ProgramSinkOptions{"cat > /dev/null; exit 3", false, false});
  absl::Status s = sink.Write(MakeAlert("x"), kNotCancelled);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("exited with status 3"));
}

TEST(ProgramSinkTest, KeepAliveRespawnsAfterTheChildExits) {
  TempDir dir;
  const fs::path out = dir.path() / "out.txt";
  // Each shell reads one line, then exits: later writes hit EPIPE and the sink respawns.
  ProgramSink sink(ProgramSinkOptions{"head -n 1 >> " + out.string(), /*keep_alive=*/true,
                                      /*buffered=*/false});
  // SIGPIPE is blocked on the worker threads; do the same on this test thread.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  ASSERT_TRUE(sink.Write(MakeAlert("first"), kNotCancelled).ok());
  ASSERT_TRUE(Eventually([&] { return ReadAll(out) == "first\n"; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let head exit
  ASSERT_TRUE(sink.Write(MakeAlert("second"), kNotCancelled).ok());
  EXPECT_TRUE(Eventually([&] { return ReadAll(out) == "first\nsecond\n"; })) << ReadAll(out);
}

TEST(ProgramSinkTest, WorkerSurvivesSigpipeFromADeadProgram) {
  // Through the worker, whose thread blocks SIGPIPE: each shell reads one line and exits, so every
  // later write first hits a pipe without reader (EPIPE, SIGPIPE) and the sink respawns. Were
  // SIGPIPE not blocked, this test process would be killed.
  auto worker = std::make_unique<OutputWorker>(
      std::make_unique<ProgramSink>(ProgramSinkOptions{"head -n 1 > /dev/null", true, false}), 0);
  for (int i = 0; i < 5; ++i) {
    worker->Enqueue(std::make_shared<const Alert>(MakeAlert("x")));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  ASSERT_TRUE(worker->WaitIdle(absl::Seconds(30)));
  const OutputStats s = worker->stats();
  EXPECT_EQ(s.delivered, 5u) << s.last_error;
  EXPECT_EQ(s.failed, 0u);
}

TEST(InternalAlertTest, TextAndJsonEnvelopes) {
  const uint64_t ts = 1470327477881781397ull;
  InternalAlertOptions opts;
  opts.time_format_iso_8601 = true;
  opts.hostname = "host1";
  Alert text =
      MakeInternalAlert(opts, 7, "Falco internal: syscall event drop",
                        {{"n_drops", uint64_t{12}}, {"cause", std::string("ring \"full\"")}}, ts);
  EXPECT_EQ(text.source, "internal");
  EXPECT_EQ(text.priority, 7);
  EXPECT_EQ(text.message,
            "2016-08-04T16:17:57.881781397+0000: Debug Falco internal: syscall event drop "
            "(cause=\\\"ring \\\\\\\"full\\\\\\\"\\\" n_drops=12)");
  opts.json_output = true;
  Alert json = MakeInternalAlert(opts, 7, "Falco internal: syscall event drop",
                                 {{"n_drops", uint64_t{12}}}, ts);
  EXPECT_EQ(json.message,
            "{\"hostname\":\"host1\",\"output\":\"2016-08-04T16:17:57.881781397+0000: Debug Falco "
            "internal: syscall event drop (n_drops=12)\",\"output_fields\":{\"n_drops\":12},"
            "\"priority\":\"Debug\",\"rule\":\"Falco internal: syscall event drop\",\"source\":"
            "\"internal\",\"time\":\"2016-08-04T16:17:57.881781397Z\"}");
}

}  // namespace
}  // namespace peregrine::runtime::outputs
