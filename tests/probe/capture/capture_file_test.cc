// Unit tests of the Peregrine capture format: synthetic round trips, the /proc snapshot, and
// truncated or corrupt files (every one an error with an offset, never a crash).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "probe/abi/ppm_codes.h"
#include "probe/capture/capture_reader.h"
#include "probe/capture/capture_writer.h"
#include "probe/capture/process_snapshot.h"
#include "probe/capture/user_snapshot.h"
#include "tests/probe/capture/capture_file_testing.h"

namespace peregrine::probe::capture {
namespace {

using ::testing::HasSubstr;
using testing::I64;
using testing::MakeRingRecord;
using testing::TestGroups;
using testing::TestMachine;
using testing::TestProcesses;
using testing::TestUsers;

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/" + name + std::to_string(getpid()) + ".pgcap";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> TestRecords() {
  pg_proc_ctx ctx{};
  ctx.pid = 41;
  ctx.tid = 42;
  ctx.ppid = 1;
  ctx.uid = 1000;
  std::memcpy(ctx.comm, "bash", 5);
  return {
      MakeRingRecord(PG_PPME_OPENAT_X, 1000, 42,
                     {I64(3), I64(-100), std::string("/etc/passwd\0", 12)}, &ctx),
      MakeRingRecord(PG_PPME_CLOSE_X, 2000, 42, {I64(0), I64(3)}, nullptr),
      MakeRingRecord(PG_PPME_PROCEXIT_E, 3000, 42, {}, &ctx),
  };
}

// A valid file with the test machine, processes and records.
std::string WriteTestFile(const std::string& name) {
  const std::string path = TempPath(name);
  CaptureWriterOptions options;
  options.machine = TestMachine();
  options.processes = TestProcesses();
  options.users = UserTables{TestUsers(), TestGroups()};
  auto w = CaptureWriter::Create(path, options);
  EXPECT_TRUE(w.ok()) << w.status();
  uint16_t cpu = 0;
  for (const std::string& r : TestRecords()) {
    EXPECT_TRUE((*w)->AppendRaw(cpu++, r.data(), r.size()).ok());
  }
  CaptureTrailer totals;
  totals.kernel_drops = 7;
  totals.truncated_params = 2;
  EXPECT_TRUE((*w)->Close(totals).ok());
  return path;
}

// Reads every record; returns the final status (OK at a clean end) and the records read.
absl::Status ReadEverything(std::string bytes, std::vector<std::string>* raws = nullptr) {
  auto r = CaptureReader::OpenBytes(std::move(bytes));
  if (!r.ok()) return r.status();
  CaptureEvent ev;
  while (true) {
    auto more = (*r)->Next(&ev);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
    if (raws) raws->emplace_back(reinterpret_cast<const char*>(ev.raw), ev.raw_size);
  }
}

// Offset of the first record block of a file WriteTestFile wrote: header, process blocks, user
// and group blocks.
size_t FirstRecordOffset(const std::string& full) {
  uint32_t header_bytes;
  std::memcpy(&header_bytes, full.data() + 12, 4);
  size_t off = header_bytes;
  for (const CaptureProcess& p : TestProcesses()) off += 8 + EncodeProcess(p).size();
  for (const CaptureUser& u : TestUsers()) off += 8 + EncodeUser(u).size();
  for (const CaptureGroup& g : TestGroups()) off += 8 + EncodeGroup(g).size();
  return off;
}

// The bytes a version 1.0 writer produced for the same content: minor version 0, process payloads
// without the session ids, no user or group blocks.
std::string AsVersion10(const std::string& full) {
  uint32_t header_bytes;
  std::memcpy(&header_bytes, full.data() + 12, 4);
  std::string out = full.substr(0, header_bytes);
  out[10] = 0;
  out[11] = 0;
  for (const CaptureProcess& p : TestProcesses()) {
    std::string payload = EncodeProcess(p);
    payload.resize(payload.size() - 3 * sizeof(int64_t));
    const uint32_t head[2] = {kBlockProcess, static_cast<uint32_t>(payload.size())};
    out.append(reinterpret_cast<const char*>(head), sizeof(head));
    out += payload;
  }
  return out + full.substr(FirstRecordOffset(full));
}

TEST(CaptureFileTest, SyntheticRoundTripKeepsHeaderProcessesAndRecords) {
  const std::string path = WriteTestFile("roundtrip");
  auto r = CaptureReader::Open(path);
  ASSERT_TRUE(r.ok()) << r.status();
  const CaptureMachine m = TestMachine();
  EXPECT_EQ((*r)->major_version(), kCaptureMajorVersion);
  EXPECT_EQ((*r)->minor_version(), 1);
  EXPECT_EQ((*r)->machine().hostname, m.hostname);
  EXPECT_EQ((*r)->machine().kernel_release, m.kernel_release);
  EXPECT_EQ((*r)->machine().boot_time_ns, m.boot_time_ns);
  EXPECT_EQ((*r)->machine().cpus, 2u);
  EXPECT_EQ((*r)->processes(), TestProcesses());
  EXPECT_EQ((*r)->processes()[1].sid, 41);
  EXPECT_EQ((*r)->processes()[0].sid, -1);
  EXPECT_EQ((*r)->users(), TestUsers());
  EXPECT_EQ((*r)->groups(), TestGroups());

  const std::vector<std::string> want = TestRecords();
  CaptureEvent ev;
  for (size_t i = 0; i < want.size(); ++i) {
    auto more = (*r)->Next(&ev);
    ASSERT_TRUE(more.ok()) << more.status();
    ASSERT_TRUE(*more);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(ev.raw), ev.raw_size), want[i]);
    EXPECT_EQ(ev.cpu, i);
  }
  auto more = (*r)->Next(&ev);
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_FALSE(*more);
  EXPECT_EQ((*r)->trailer().records, 3u);
  EXPECT_EQ((*r)->trailer().kernel_drops, 7u);
  EXPECT_EQ((*r)->trailer().truncated_params, 2u);
  std::remove(path.c_str());
}

TEST(CaptureFileTest, RecordViewAndContextAreDecoded) {
  const std::string path = WriteTestFile("decoded");
  auto r = CaptureReader::Open(path);
  ASSERT_TRUE(r.ok()) << r.status();
  CaptureEvent ev;
  ASSERT_TRUE(*(*r)->Next(&ev));
  EXPECT_TRUE(ev.has_ctx);
  EXPECT_EQ(ev.ctx.pid, 41u);
  EXPECT_STREQ(ev.ctx.comm, "bash");
  EXPECT_EQ(ev.record.type(), PG_PPME_OPENAT_X);
  EXPECT_EQ(ev.record.tid(), 42u);
  EXPECT_EQ(ev.record.nparams(), 3u);
  EXPECT_EQ(ev.record.param(2).AsStringView(), std::string_view("/etc/passwd\0", 12));
  ASSERT_TRUE(*(*r)->Next(&ev));
  EXPECT_FALSE(ev.has_ctx);
  EXPECT_EQ(ev.record.type(), PG_PPME_CLOSE_X);
  std::remove(path.c_str());
}

TEST(CaptureFileTest, SnapshotFindsThisProcessWithItsFds) {
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  auto snap = SnapshotProcesses();
  close(fd);
  ASSERT_TRUE(snap.ok()) << snap.status();
  const CaptureProcess* self = nullptr;
  for (const CaptureProcess& p : *snap) {
    if (p.tid == getpid()) self = &p;
  }
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(self->pid, getpid());
  EXPECT_EQ(self->ppid, getppid());
  EXPECT_EQ(self->uid, getuid());
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe));
  ASSERT_GT(n, 0);
  EXPECT_EQ(self->exepath, std::string(exe, n));
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  EXPECT_EQ(self->cwd, cwd);
  EXPECT_FALSE(self->comm.empty());
  EXPECT_FALSE(self->cgroups.empty());
  EXPECT_THAT(self->fds, ::testing::Contains(CaptureFd{fd, "/dev/null"}));
}

TEST(CaptureFileTest, SnapshotOfMissingProcRootIsAnError) {
  SnapshotOptions o;
  o.proc_root = "/nonexistent-proc";
  EXPECT_EQ(SnapshotProcesses(o).status().code(), absl::StatusCode::kNotFound);
}

TEST(CaptureFileTest, WriterRejectsMalformedRecords) {
  const std::string path = TempPath("reject");
  CaptureWriterOptions options;
  options.machine = TestMachine();
  options.processes = std::vector<CaptureProcess>{};
  auto w = CaptureWriter::Create(path, options);
  ASSERT_TRUE(w.ok()) << w.status();
  std::string rec = TestRecords()[0];
  EXPECT_EQ((*w)->AppendRaw(0, rec.data(), rec.size() - 1).code(),
            absl::StatusCode::kInvalidArgument);
  rec[PG_RING_PREFIX_SIZE + PG_PROC_CTX_SIZE + 16] ^= 0x40;  // event length
  EXPECT_THAT((*w)->AppendRaw(0, rec.data(), rec.size()).message(), HasSubstr("event length"));
  EXPECT_TRUE((*w)->Close({}).ok());
  EXPECT_TRUE(ReadEverything(ReadAll(path)).ok());
  std::remove(path.c_str());
}

TEST(CaptureFileTest, EveryTruncationYieldsCompleteRecordsThenAnError) {
  const std::string path = WriteTestFile("truncate");
  const std::string full = ReadAll(path);
  std::remove(path.c_str());
  std::vector<std::string> all;
  ASSERT_TRUE(ReadEverything(full, &all).ok());
  ASSERT_EQ(all.size(), 3u);
  for (size_t cut = 0; cut < full.size(); ++cut) {
    std::vector<std::string> got;
    absl::Status s = ReadEverything(full.substr(0, cut), &got);
    ASSERT_FALSE(s.ok()) << "cut at " << cut;
    EXPECT_THAT(s.message(), ::testing::AnyOf(HasSubstr("truncated"), HasSubstr("magic")))
        << "cut at " << cut << ": " << s;
    ASSERT_LE(got.size(), all.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], all[i]);
  }
}

TEST(CaptureFileTest, EveryCorruptByteIsHandledWithoutCrashing) {
  const std::string path = WriteTestFile("corrupt");
  const std::string full = ReadAll(path);
  std::remove(path.c_str());
  int errors = 0;
  for (size_t i = 0; i < full.size(); ++i) {
    for (uint8_t x : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      std::string bad = full;
      bad[i] = static_cast<char>(bad[i] ^ x);
      absl::Status s = ReadEverything(bad);
      if (!s.ok()) ++errors;
    }
  }
  // Most flips land in string or record bytes the format cannot check; the structural ones
  // (magic, version, sizes, lengths, counts) must all be caught, which is far more than 50.
  EXPECT_GT(errors, 50);
}

TEST(CaptureFileTest, ErrorsNameWhatAndWhere) {
  const std::string path = WriteTestFile("errors");
  const std::string full = ReadAll(path);
  std::remove(path.c_str());

  std::string bad = full;
  bad[0] = 'X';
  EXPECT_THAT(ReadEverything(bad).message(), HasSubstr("not a Peregrine capture"));

  bad = full;
  bad[8] = 2;  // major version
  absl::Status s = ReadEverything(bad);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(s.message(), HasSubstr("version 2.1"));

  // The first record block follows the header and the tables: corrupt its prefix length.
  const size_t off = FirstRecordOffset(full);
  bad = full;
  bad[off + 12] ^= 0x01;  // block header (8) + cpu (4): the prefix's len
  s = ReadEverything(bad);
  EXPECT_THAT(s.message(), HasSubstr(absl::StrCat("corrupt at byte ", off + 12)));
  EXPECT_THAT(s.message(), HasSubstr("prefix length"));

  bad = full + "x";
  EXPECT_THAT(ReadEverything(bad).message(), HasSubstr("data after the end block"));

  bad = full;
  std::memcpy(&bad[off + 4], "\xff\xff\xff\x7f", 4);  // record block size
  s = ReadEverything(bad);
  EXPECT_THAT(s.message(), HasSubstr(absl::StrCat("corrupt at byte ", off + 4)));
  EXPECT_THAT(s.message(), HasSubstr("exceeds the limit"));
}

TEST(CaptureFileTest, UnknownBlockTypesAreSkipped) {
  const std::string path = WriteTestFile("unknown");
  std::string full = ReadAll(path);
  std::remove(path.c_str());
  const size_t off = FirstRecordOffset(full);
  const char block[] = {99, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 'c'};
  full.insert(off, block, sizeof(block));
  auto r = CaptureReader::OpenBytes(full);
  ASSERT_TRUE(r.ok()) << r.status();
  CaptureEvent ev;
  int n = 0;
  while (true) {
    auto more = (*r)->Next(&ev);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ++n;
  }
  EXPECT_EQ(n, 3);
  EXPECT_EQ((*r)->skipped_blocks(), 1u);
}

TEST(CaptureFileTest, Version10FilesStillRead) {
  const std::string path = WriteTestFile("v10");
  const std::string v10 = AsVersion10(ReadAll(path));
  std::remove(path.c_str());
  auto r = CaptureReader::OpenBytes(v10);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->minor_version(), 0);
  std::vector<CaptureProcess> want = TestProcesses();
  for (CaptureProcess& p : want) p.sid = p.pgid = p.vpgid = -1;
  EXPECT_EQ((*r)->processes(), want);
  EXPECT_TRUE((*r)->users().empty());
  EXPECT_TRUE((*r)->groups().empty());
  std::vector<std::string> raws;
  ASSERT_TRUE(ReadEverything(v10, &raws).ok());
  EXPECT_EQ(raws, TestRecords());
}

TEST(CaptureFileTest, TablesPrecedeTheRecordsInTheOrderA10ReaderNeeds) {
  // A 1.0 reader ends its process table at the first non-process block and skips block types it
  // does not know: so every process block must come before every user and group block, and all
  // of them before the first record.
  const std::string path = WriteTestFile("order");
  const std::string full = ReadAll(path);
  std::remove(path.c_str());
  uint32_t header_bytes;
  std::memcpy(&header_bytes, full.data() + 12, 4);
  std::vector<uint32_t> types;
  for (size_t off = header_bytes; off + 8 <= full.size();) {
    uint32_t head[2];
    std::memcpy(head, full.data() + off, 8);
    types.push_back(head[0]);
    off += 8 + head[1];
  }
  EXPECT_EQ(types, (std::vector<uint32_t>{kBlockProcess, kBlockProcess, kBlockUser, kBlockUser,
                                          kBlockGroup, kBlockGroup, kBlockRecord, kBlockRecord,
                                          kBlockRecord, kBlockEnd}));
}

TEST(CaptureFileTest, TableBlocksAfterTheFirstRecordAreCorrupt) {
  const std::string path = WriteTestFile("late-user");
  std::string full = ReadAll(path);
  std::remove(path.c_str());
  const std::string user = EncodeUser(TestUsers()[1]);
  const uint32_t head[2] = {kBlockUser, static_cast<uint32_t>(user.size())};
  const size_t first = FirstRecordOffset(full);
  uint32_t first_size;
  std::memcpy(&first_size, full.data() + first + 4, 4);
  const size_t at = first + 8 + first_size;  // after the first record
  full.insert(at, std::string(reinterpret_cast<const char*>(head), 8) + user);
  absl::Status s = ReadEverything(full);
  EXPECT_THAT(s.message(), HasSubstr(absl::StrCat("corrupt at byte ", at)));
  EXPECT_THAT(s.message(), HasSubstr("user block after the first record"));
}

TEST(CaptureFileTest, MalformedUserBlockNamesItsOffset) {
  const std::string path = WriteTestFile("bad-user");
  std::string full = ReadAll(path);
  std::remove(path.c_str());
  uint32_t header_bytes;
  std::memcpy(&header_bytes, full.data() + 12, 4);
  size_t off = header_bytes;
  for (const CaptureProcess& p : TestProcesses()) off += 8 + EncodeProcess(p).size();
  // The first user's name (its length after the 8-byte block header, uid and gid) runs past the
  // block: the error names where the name's bytes start.
  std::memcpy(&full[off + 16], "\xff\x00\x00\x00", 4);
  absl::Status s = ReadEverything(full);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr(absl::StrCat("corrupt at byte ", off + 20)));
  EXPECT_THAT(s.message(), HasSubstr("user entry 0"));
}

TEST(CaptureFileTest, UserTablesComeFromEtcFilesThenTheNameService) {
  char dir[] = "/tmp/pg_etc_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string etc = dir;
  std::ofstream(etc + "/passwd") << "alice:x:1000:1000:Alice:/home/alice:/bin/zsh\n"
                                 << "# comment\n+nis::::::\nshort:x:1\n"
                                 << "svc:x:999:998::/nonexistent:/usr/sbin/nologin\n";
  std::ofstream(etc + "/group") << "staff:x:1000:alice\nsvc:x:998:\n";
  CaptureProcess p;
  p.tid = p.pid = 1;
  p.uid = p.euid = 0;  // not in the files: the name service knows root
  p.gid = p.egid = 0;
  p.loginuid = 0xFFFFFFFF;

  UserSnapshotOptions o;
  o.etc_root = etc;
  o.resolve_missing_ids = false;
  UserTables files = SnapshotUsers(o, {p});
  EXPECT_EQ(files.users,
            (std::vector<CaptureUser>{{1000, 1000, "alice", "/home/alice", "/bin/zsh"},
                                      {999, 998, "svc", "/nonexistent", "/usr/sbin/nologin"}}));
  EXPECT_EQ(files.groups, (std::vector<CaptureGroup>{{1000, "staff"}, {998, "svc"}}));

  o.resolve_missing_ids = true;
  UserTables resolved = SnapshotUsers(o, {p});
  ASSERT_EQ(resolved.users.size(), 3u);
  EXPECT_EQ(resolved.users[2].uid, 0u);
  EXPECT_EQ(resolved.users[2].name, "root");
  ASSERT_EQ(resolved.groups.size(), 3u);
  EXPECT_EQ(resolved.groups[2].gid, 0u);
  EXPECT_EQ(resolved.groups[2].name, "root");

  std::remove((etc + "/passwd").c_str());
  std::remove((etc + "/group").c_str());
  rmdir(dir);
}

TEST(CaptureFileTest, SnapshotHasThisProcessSessionIds) {
  auto snap = SnapshotProcesses();
  ASSERT_TRUE(snap.ok()) << snap.status();
  for (const CaptureProcess& p : *snap) {
    if (p.tid != getpid()) continue;
    EXPECT_EQ(p.sid, getsid(0));
    EXPECT_EQ(p.pgid, getpgrp());
    EXPECT_EQ(p.vpgid, getpgrp());  // this test runs in the host pid namespace
    return;
  }
  FAIL() << "this process is not in the snapshot";
}

TEST(CaptureFileTest, DefaultWriterRecordsTheHostUsers) {
  const std::string path = TempPath("host-users");
  CaptureWriterOptions options;
  options.machine = TestMachine();
  options.processes = TestProcesses();  // uid 1000 may be unknown here: no name then
  auto w = CaptureWriter::Create(path, options);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE((*w)->Close({}).ok());
  auto r = CaptureReader::Open(path);
  ASSERT_TRUE(r.ok()) << r.status();
  std::ifstream passwd("/etc/passwd");
  std::stringstream text;
  text << passwd.rdbuf();
  const std::vector<CaptureUser> etc = ParsePasswd(text.str());
  ASSERT_FALSE(etc.empty());
  ASSERT_GE((*r)->users().size(), etc.size());
  EXPECT_EQ(std::vector<CaptureUser>((*r)->users().begin(), (*r)->users().begin() + etc.size()),
            etc);
  EXPECT_FALSE((*r)->groups().empty());
  std::remove(path.c_str());
}

// The fuzzer's seeds (tests/fuzz/corpus/capture_reader_fuzzer, first byte = the fuzzer's mode)
// hold files of both versions; the whole-file ones (mode 0) must read as their names say.
TEST(CaptureFileTest, FuzzSeedsOfBothVersionsReadAsNamed) {
  const std::string dir =
      std::string(PEREGRINE_SOURCE_DIR) + "/tests/fuzz/corpus/capture_reader_fuzzer/";
  auto open_seed = [&](const std::string& name) {
    const std::string bytes = ReadAll(dir + name);
    EXPECT_FALSE(bytes.empty()) << name;
    EXPECT_EQ(bytes.empty() ? -1 : bytes[0], 0) << name << " is not a whole-file seed";
    return bytes.empty() ? std::string() : bytes.substr(1);
  };
  const std::string v10 = open_seed("full_file");
  auto r10 = CaptureReader::OpenBytes(v10);
  ASSERT_TRUE(r10.ok()) << r10.status();
  EXPECT_EQ((*r10)->minor_version(), 0);
  EXPECT_FALSE((*r10)->processes().empty());
  EXPECT_TRUE((*r10)->users().empty());
  EXPECT_TRUE(ReadEverything(v10).ok());

  const std::string v11 = open_seed("full_file_v1_1");
  auto r11 = CaptureReader::OpenBytes(v11);
  ASSERT_TRUE(r11.ok()) << r11.status();
  EXPECT_EQ((*r11)->minor_version(), 1);
  EXPECT_EQ((*r11)->users(), TestUsers());
  EXPECT_EQ((*r11)->groups(), TestGroups());
  EXPECT_EQ((*r11)->processes(), TestProcesses());
  EXPECT_TRUE(ReadEverything(v11).ok());

  EXPECT_THAT(ReadEverything(open_seed("truncated_in_user_block_v1_1")).message(),
              HasSubstr("user block"));
  EXPECT_THAT(ReadEverything(open_seed("truncated_in_record")).message(), HasSubstr("truncated"));
}

TEST(CaptureFileTest, MissingFileIsNotFound) {
  EXPECT_EQ(CaptureReader::Open("/nonexistent/x.pgcap").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace peregrine::probe::capture
