// Hand-made captures for the block kinds and versions the real capture does not contain:
// older metadata versions, v1 and flagged/large event blocks, sections, unknown blocks and codes.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "probe/capture/scap/param_decoder.h"
#include "probe/capture/scap/scap_reader.h"
#include "tests/probe/capture/capture_builder.h"

namespace peregrine::probe::scap {
namespace {

using namespace scap_test;  // NOLINT: the builder helpers
using ::testing::ElementsAre;

std::unique_ptr<ScapReader> OpenOk(std::string bytes) {
  auto r = ScapReader::OpenBytes(std::move(bytes));
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? std::move(*r) : nullptr;
}

// Fields 2–25 of a process list entry in the order of `version` (§9.3).
std::string ThreadFields(int version, uint64_t tid) {
  std::string s = U64(tid) + U64(tid) + U64(1);  // tid, pid, ptid
  if (version >= 6) s += U64(77);                // sid
  if (version >= 8) s += U64(78);                // vpgid
  s += Str16("comm") + Str16("/bin/exe");
  if (version >= 7) s += Str16("/usr/bin/exe");
  s += Str16(std::string("a1\0a2\0", 6)) + Str16("/cwd") + U64(1024) + U32(0) + U32(1000) +
       U32(1001);
  if (version >= 2) s += U32(10) + U32(11) + U32(12) + U64(13) + U64(14);
  if (version >= 3) s += Str16(std::string("A=1\0B=2", 7));  // no final NUL
  if (version >= 4) s += I64(5) + I64(6) + Str16(std::string("cpu=/\0", 6));
  if (version >= 5) s += Str16("/");
  return s;
}

TEST(ScapFormatTest, ProcessListAllVersions) {
  for (int version = 1; version <= 8; ++version) {
    const uint32_t types[] = {0, 0x202, 0x207, 0x209, 0x210, 0x211, 0x212, 0x213, 0x214};
    std::string body = ThreadFields(version, 100) + ThreadFields(version, 101);
    auto r = OpenOk(ShbBlock() + RawBlock(types[version], body) + CloseEvent(1, 100, 3));
    ASSERT_NE(r, nullptr);
    ASSERT_EQ(r->threads().size(), 2u) << "v" << version;
    const ThreadInfo& t = r->threads()[0];
    EXPECT_EQ(t.block_version, version);
    EXPECT_EQ(t.tid, 100);
    EXPECT_EQ(r->threads()[1].tid, 101);
    EXPECT_EQ(t.comm, "comm");
    EXPECT_EQ(t.exe, "/bin/exe");
    EXPECT_THAT(t.args, ElementsAre("a1", "a2"));
    EXPECT_EQ(t.cwd, "/cwd");
    EXPECT_EQ(t.uid, 1000u);
    EXPECT_EQ(t.gid, 1001u);
    EXPECT_EQ(t.sid, version >= 6 ? 77 : -1);
    EXPECT_EQ(t.vpgid, version >= 8 ? 78 : -1);
    EXPECT_EQ(t.exepath, version >= 7 ? "/usr/bin/exe" : "");
    EXPECT_EQ(t.vmrss_kb, version >= 2 ? 11u : 0u);
    if (version >= 3) {
      EXPECT_THAT(t.env, ElementsAre("A=1", "B=2"));
    } else {
      EXPECT_TRUE(t.env.empty());
    }
    EXPECT_EQ(t.vtid, version >= 4 ? 5 : -1);
    EXPECT_THAT(t.cgroups,
                version >= 4 ? std::vector<std::string>{"cpu=/"} : std::vector<std::string>{});
    EXPECT_EQ(t.root, version >= 5 ? "/" : "");
    EXPECT_EQ(t.loginuid, 0xFFFFFFFFu);  // tail default
    EXPECT_EQ(t.pgid, -1);
  }
}

std::string V9Entry(uint64_t tid, const std::string& tail) {
  std::string fields = ThreadFields(9, tid) + tail;
  return U32(static_cast<uint32_t>(4 + fields.size())) + fields;
}

std::string FullTail() {
  return U64(123) + U32(34816) + U32(1000) + U8(1) + U64(1) + U64(2) + U64(3) + U8(1) + U64(99) +
         U64(100) + U64(101) + U8(1) + U8(0) + I64(4242);
}

TEST(ScapFormatTest, ProcessListV9Tail) {
  auto r = OpenOk(ShbBlock() +
                  RawBlock(0x215, V9Entry(1, FullTail()) + V9Entry(2, FullTail() + "future")) +
                  CloseEvent(1, 1, 3));
  ASSERT_EQ(r->threads().size(), 2u);
  for (const ThreadInfo& t : r->threads()) {
    EXPECT_EQ(t.pidns_init_start_ts, 123u);
    EXPECT_EQ(t.tty, 34816u);
    EXPECT_EQ(t.loginuid, 1000u);
    EXPECT_TRUE(t.exe_writable);
    EXPECT_EQ(t.cap_inheritable, 1u);
    EXPECT_EQ(t.cap_permitted, 2u);
    EXPECT_EQ(t.cap_effective, 3u);
    EXPECT_TRUE(t.exe_upper_layer);
    EXPECT_EQ(t.exe_ino, 99u);
    EXPECT_EQ(t.exe_ino_ctime, 100u);
    EXPECT_EQ(t.exe_ino_mtime, 101u);
    EXPECT_TRUE(t.exe_from_memfd);
    EXPECT_FALSE(t.exe_lower_layer);
    EXPECT_EQ(t.pgid, 4242);
  }
  EXPECT_EQ(r->threads()[1].tid, 2);  // the "future" bytes of entry 0 … 1 were skipped
}

TEST(ScapFormatTest, ProcessListV9OldTailQuirkAndPartialTail) {
  // ≤ 29 bytes after field 25: pidns_init_start_ts and tty are absent (libs < 0.10).
  const std::string old_tail = U32(500) + U8(1) + U64(7) + U64(8) + U64(9);  // 29 bytes
  // A tail cut inside cap_effective: later fields keep their defaults.
  const std::string partial = U64(5) + U32(6) + U32(700) + U8(0) + U64(1) + U64(2) + U32(0);
  auto r = OpenOk(ShbBlock() + RawBlock(0x215, V9Entry(1, old_tail) + V9Entry(2, partial)) +
                  CloseEvent(1, 1, 3));
  ASSERT_EQ(r->threads().size(), 2u);
  const ThreadInfo& a = r->threads()[0];
  EXPECT_EQ(a.pidns_init_start_ts, 0u);
  EXPECT_EQ(a.tty, 0u);
  EXPECT_EQ(a.loginuid, 500u);
  EXPECT_TRUE(a.exe_writable);
  EXPECT_EQ(a.cap_effective, 9u);
  EXPECT_EQ(a.pgid, -1);
  const ThreadInfo& b = r->threads()[1];
  EXPECT_EQ(b.pidns_init_start_ts, 5u);
  EXPECT_EQ(b.loginuid, 700u);
  EXPECT_EQ(b.cap_inheritable, 1u);
  EXPECT_EQ(b.cap_permitted, 2u);
  EXPECT_EQ(b.cap_effective, 0u);
  EXPECT_EQ(b.exe_ino, 0u);
}

TEST(ScapFormatTest, ProcessListFieldPastEntryIsAnError) {
  std::string fields = ThreadFields(9, 1);
  // entry_len 48: tid, pid, ptid, sid, vpgid (4 + 40), then comm needs 2 + 4 bytes.
  std::string entry = U32(48) + fields;
  auto r = ScapReader::OpenBytes(ShbBlock() + RawBlock(0x215, entry) + CloseEvent(1, 1, 3));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StrContains(r.status().message(), "field comm")) << r.status();
}

std::string FdEntryV2(uint64_t fd, uint8_t kind, const std::string& data) {
  std::string e = U64(fd) + U64(fd * 10) + U8(kind) + data;
  return U32(static_cast<uint32_t>(4 + e.size())) + e;
}

TEST(ScapFormatTest, FdListV2Kinds) {
  std::string body = U64(42);
  body += FdEntryV2(3, 16, U32(0x1001) + Str16("/etc/hosts") + U32(65024));
  body += FdEntryV2(4, 16, U32(1) + Str16("/nodev"));
  body += FdEntryV2(5, 3,
                    std::string("\x7f\0\0\x01", 4) + std::string("\x0a\0\0\x02", 4) + U16(1234) +
                        U16(80) + U8(2));
  body += FdEntryV2(6, 6, std::string(15, '\0') + "\x01" + U16(22) + U8(2));
  body += FdEntryV2(7, 8, U64(0xaaa) + U64(0xbbb) + Str16("/run/sock"));
  body += FdEntryV2(8, 99, "opaque-future-data");
  body += FdEntryV2(9, 7, Str16("pipe:[1]"));
  auto r = OpenOk(ShbBlock() + RawBlock(0x218, body) + CloseEvent(1, 42, 3));
  const auto& fds = r->fds();
  ASSERT_EQ(fds.size(), 7u);
  for (const FdInfo& f : fds) EXPECT_EQ(f.tid, 42);
  EXPECT_EQ(fds[0].type, FdType::kFileV2);
  EXPECT_EQ(fds[0].name, "/etc/hosts");
  EXPECT_EQ(fds[0].open_flags, 0x1001u);
  EXPECT_TRUE(fds[0].has_dev);
  EXPECT_EQ(fds[0].dev, 65024u);
  EXPECT_EQ(fds[0].ino, 30u);
  EXPECT_FALSE(fds[1].has_dev);
  EXPECT_EQ(fds[2].type, FdType::kIpv4Sock);
  EXPECT_EQ(fds[2].src_addr[0], 0x7f);
  EXPECT_EQ(fds[2].dst_addr[3], 2);
  EXPECT_EQ(fds[2].src_port, 1234);
  EXPECT_EQ(fds[2].dst_port, 80);
  EXPECT_EQ(fds[2].l4proto, 2);
  EXPECT_EQ(fds[3].type, FdType::kIpv6ServSock);
  EXPECT_EQ(fds[3].src_addr[15], 1);
  EXPECT_EQ(fds[3].src_port, 22);
  EXPECT_EQ(fds[4].type, FdType::kUnixSock);
  EXPECT_EQ(fds[4].unix_src_endpoint, 0xaaau);
  EXPECT_EQ(fds[4].name, "/run/sock");
  EXPECT_EQ(fds[5].type, FdType::kUnsupported);  // unknown kind, skipped by entry_len
  EXPECT_EQ(fds[5].raw_type, 99);
  EXPECT_EQ(fds[5].name, "unknown-type:[99]");
  EXPECT_EQ(fds[6].type, FdType::kFifo);
  EXPECT_EQ(fds[6].name, "pipe:[1]");
}

TEST(ScapFormatTest, FdListV1) {
  std::string body = U64(7) + U64(3) + U64(30) + U8(16) + U32(1) + Str16("/a") + U64(4) + U64(40) +
                     U8(2) + Str16("/dir");
  auto r = OpenOk(ShbBlock() + RawBlock(0x203, body) + CloseEvent(1, 7, 3));
  ASSERT_EQ(r->fds().size(), 2u);
  EXPECT_EQ(r->fds()[0].name, "/a");
  EXPECT_FALSE(r->fds()[0].has_dev);
  EXPECT_EQ(r->fds()[1].type, FdType::kDirectory);
  // An unknown kind cannot be skipped in v1.
  std::string bad = U64(7) + U64(3) + U64(30) + U8(99) + Str16("x");
  auto e = ScapReader::OpenBytes(ShbBlock() + RawBlock(0x8001ABCD, bad) + CloseEvent(1, 7, 3));
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(absl::StrContains(e.status().message(), "unknown fd kind 99")) << e.status();
}

TEST(ScapFormatTest, InterfaceListV1AndV2) {
  const std::string v4 = U16(1) + U16(2) + std::string("\x7f\0\0\x01", 4) +
                         std::string("\xff\0\0\0", 4) + std::string("\x7f\0\0\x01", 4) + U64(0) +
                         "lo";
  const std::string v6 = U16(4) + U16(4) + std::string(15, '\0') + "\x01" +
                         std::string(16, '\xff') + std::string(16, '\0') + "eth0";
  auto r1 = OpenOk(ShbBlock() + RawBlock(0x205, v4 + v6) + CloseEvent(1, 1, 3));
  ASSERT_EQ(r1->interfaces().size(), 2u);
  EXPECT_EQ(r1->interfaces()[0].name, "lo");
  EXPECT_EQ(r1->interfaces()[1].name, "eth0");
  EXPECT_EQ(r1->interfaces()[1].family, InterfaceInfo::Family::kIpv6);
  EXPECT_EQ(r1->interfaces()[1].addr[15], 1);
  // v2: entry_len counts the bytes after itself; extra bytes are skipped.
  const std::string e1 = U32(static_cast<uint32_t>(v4.size() + 3)) + v4 + "xyz";
  const std::string e2 = U32(static_cast<uint32_t>(v6.size())) + v6;
  auto r2 = OpenOk(ShbBlock() + RawBlock(0x219, e1 + e2) + CloseEvent(1, 1, 3));
  ASSERT_EQ(r2->interfaces().size(), 2u);
  EXPECT_EQ(r2->interfaces()[1].name, "eth0");
}

TEST(ScapFormatTest, UserListV1AndV2) {
  const std::string user =
      U8(0) + U32(0) + U32(0) + Str16("root") + Str16("/root") + Str16("/bin/sh");
  const std::string group = U8(1) + U32(4) + Str16("adm");
  auto r1 = OpenOk(ShbBlock() + RawBlock(0x206, user + group) + CloseEvent(1, 1, 3));
  ASSERT_EQ(r1->users().size(), 1u);
  ASSERT_EQ(r1->groups().size(), 1u);
  EXPECT_EQ(r1->users()[0].shell, "/bin/sh");
  EXPECT_EQ(r1->groups()[0].name, "adm");
  auto entry = [](const std::string& e) { return U32(static_cast<uint32_t>(e.size() + 4)) + e; };
  auto r2 = OpenOk(ShbBlock() + RawBlock(0x220, entry(user + "ext") + entry(group)) +
                   CloseEvent(1, 1, 3));
  ASSERT_EQ(r2->users().size(), 1u);
  EXPECT_EQ(r2->users()[0].home, "/root");
  EXPECT_EQ(r2->groups()[0].gid, 4u);
}

TEST(ScapFormatTest, MachineInfo) {
  auto r = OpenOk(ShbBlock() + MachineInfoBlock(8, "myhost", 1795767046000000000ull) +
                  CloseEvent(1, 1, 3));
  EXPECT_TRUE(r->machine_info().present);
  EXPECT_EQ(r->machine_info().num_cpus, 8u);
  EXPECT_EQ(r->machine_info().hostname, "myhost");
  EXPECT_EQ(r->machine_info().boot_time_ns, 1795767046000000000ull);
}

TEST(ScapFormatTest, FlaggedAndLargeEventBlocks) {
  const std::string json = Cstr("{\"container\":{}}");
  auto r = OpenOk(
      ShbBlock() + EventBlock(Record(5, 10, 1, {I64(0), I64(3)}), 1, 0x217, kDumpFlagStateOnly) +
      EventBlock(Record(324, 11, ~0ull, {json}, /*large=*/true), 0, 0x221) +
      EventBlock(Record(402, 12, ~0ull, {U32(0), Cstr("container"), "data"}, true), 3, 0x222, 4));
  ScapEvent ev;
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_TRUE(ev.state_only());
  EXPECT_EQ(ev.cpu, 1);
  EXPECT_EQ(ev.record.type(), 5);
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_FALSE(ev.state_only());
  EXPECT_EQ(ev.record.type(), 324);
  ParamValue p = DecodeParam(catalog::ParamType::kCharBuf, ev.record.param(0));
  EXPECT_EQ(p.str, "{\"container\":{}}");
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_EQ(ev.record.type(), 402);
  EXPECT_EQ(ev.cpu, 3);
  EXPECT_FALSE(ev.state_only());  // bit 2 is not STATE_ONLY
  EXPECT_EQ(ev.record.param(2).AsStringView(), "data");
  EXPECT_FALSE(*r->Next(&ev));
  EXPECT_EQ(r->counters().state_only_events, 1u);
  EXPECT_EQ(r->counters().large_mismatch, 0u);
}

TEST(ScapFormatTest, VersionOneEventBlocks) {
  // openat exit with 4 of its 7 parameters; notification (280) with the +3 length quirk.
  std::string rec = RecordV1(307, 5, 9, {I64(3), I64(-100), Cstr("/etc/passwd"), U32(1)});
  std::string quirk = RecordV1(280, 6, 9, {Cstr("id"), Cstr("desc")});
  uint32_t len;
  std::memcpy(&len, quirk.data() + 16, 4);
  len += 3;
  std::memcpy(quirk.data() + 16, &len, 4);
  quirk += "pad";
  auto r = OpenOk(ShbBlock() + EventBlock(rec, 0, 0x204) + EventBlock(quirk, 0, 0x208, 1));
  ScapEvent ev;
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_TRUE(ev.converted_v1);
  EXPECT_EQ(ev.record.type(), 307);
  EXPECT_EQ(ev.record.nparams(), 4u);
  EXPECT_EQ(ev.record.tid(), 9u);
  std::vector<ParamValue> params(RecordView::kMaxParams);
  ASSERT_EQ(DecodeEventParams(ev.record, params.data()), 7);
  EXPECT_EQ(params[2].str, "/etc/passwd");
  EXPECT_EQ(params[3].u, 1u);
  EXPECT_EQ(params[4].status, ParamStatus::kEmpty);  // missing trailing parameters
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_EQ(ev.record.type(), 280);
  EXPECT_EQ(ev.record.nparams(), 2u);
  EXPECT_TRUE(ev.state_only());
  EXPECT_EQ(r->counters().v1_events, 2u);
  // A v1 record whose lengths fit no parameter count is corrupt.
  std::string bad = RecordV1(5, 1, 1, {I64(0), I64(3)});
  bad[22] = 9;  // first length 9 instead of 8
  auto rb = OpenOk(ShbBlock() + EventBlock(bad, 0, 0x204));
  auto more = rb->Next(&ev);
  ASSERT_FALSE(more.ok());
  EXPECT_TRUE(absl::StrContains(more.status().message(), "matches no parameter count"))
      << more.status();
}

TEST(ScapFormatTest, UnknownBlocksAndCodesAreSkippedAndCounted) {
  auto r = OpenOk(ShbBlock() + RawBlock(0x999, "meta?") + CloseEvent(1, 1, 3) +
                  RawBlock(0x12345, "between events") +
                  EventBlock(Record(460, 2, 1, {I64(0)})) +  // code ≥ 454
                  EventBlock(Record(17, 3, 1, {})) +         // PROCEXIT_X: unused
                  RawBlock(0x218, U64(1)) +                  // fd list after events
                  CloseEvent(4, 1, 4));
  ScapEvent ev;
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_EQ(ev.record.ts(), 1u);
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_EQ(ev.record.ts(), 4u);
  EXPECT_FALSE(*r->Next(&ev));
  const ScapCounters& c = r->counters();
  EXPECT_EQ(c.unknown_blocks, 2u);
  EXPECT_EQ(c.unknown_event_codes, 1u);
  EXPECT_EQ(c.unused_event_codes, 1u);
  EXPECT_EQ(c.misplaced_blocks, 1u);
  EXPECT_EQ(c.events, 2u);
  EXPECT_EQ(c.BlockCount(0x216), 4u);
}

TEST(ScapFormatTest, ConcatenatedSectionsResetTables) {
  const std::string user =
      U8(0) + U32(0) + U32(0) + Str16("root") + Str16("/root") + Str16("/bin/sh");
  const std::string other =
      U8(0) + U32(5) + U32(5) + Str16("bob") + Str16("/home/bob") + Str16("/bin/sh");
  auto entry = [](const std::string& e) { return U32(static_cast<uint32_t>(e.size() + 4)) + e; };
  auto r = OpenOk(ShbBlock() + RawBlock(0x220, entry(user)) + CloseEvent(1, 1, 3) + ShbBlock() +
                  MachineInfoBlock(4, "second", 9) + RawBlock(0x220, entry(other)) +
                  CloseEvent(2, 1, 3));
  EXPECT_EQ(r->users()[0].name, "root");
  EXPECT_FALSE(r->machine_info().present);
  ScapEvent ev;
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_EQ(ev.section, 0u);
  ASSERT_TRUE(*r->Next(&ev));
  EXPECT_EQ(ev.section, 1u);
  ASSERT_EQ(r->users().size(), 1u);
  EXPECT_EQ(r->users()[0].name, "bob");
  EXPECT_EQ(r->machine_info().hostname, "second");
  EXPECT_EQ(r->counters().sections, 2u);
  EXPECT_EQ(r->counters().misplaced_blocks, 0u);
}

TEST(ScapFormatTest, MultiMemberGzipAndAliases) {
  const std::string plain = MinimalCapture(50);
  const size_t cut = ShbBlock().size() + 3;  // the split need not be at a block boundary
  auto r = OpenOk(Gzip(plain.substr(0, cut)) + Gzip(plain.substr(cut)));
  ScapEvent ev;
  int n = 0;
  while (*r->Next(&ev)) ++n;
  EXPECT_EQ(n, 50);
  EXPECT_EQ(r->encoding(), CaptureEncoding::kGzip);
  // The 0x8002ABCD alias of the machine info block.
  std::string mi = MachineInfoBlock(3, "alias", 1);
  const uint32_t alias = 0x8002ABCD;
  std::memcpy(mi.data(), &alias, 4);
  auto ra = OpenOk(ShbBlock() + mi + CloseEvent(1, 1, 3));
  EXPECT_EQ(ra->machine_info().hostname, "alias");
  EXPECT_EQ(ra->counters().unknown_blocks, 0u);
}

TEST(ScapFormatTest, LargeBlocksStreamThroughASmallBuffer) {
  ScapReaderOptions options;
  options.limits.initial_buffer = 64;
  std::string big(60000, 'x');
  auto r = ScapReader::OpenBytes(
      ShbBlock() + EventBlock(Record(7, 1, 1, {I64(60000), big, I64(3), U32(60000)})) +
          CloseEvent(2, 1, 3),
      options);
  ASSERT_TRUE(r.ok()) << r.status();
  ScapEvent ev;
  ASSERT_TRUE(*(*r)->Next(&ev));
  EXPECT_EQ(ev.record.param(1).size, 60000u);
  ASSERT_TRUE(*(*r)->Next(&ev));
  EXPECT_EQ(ev.record.ts(), 2u);
  EXPECT_FALSE(*(*r)->Next(&ev));
}

}  // namespace
}  // namespace peregrine::probe::scap

namespace peregrine::probe::scap {
namespace {

// The fuzzer's hand-made seeds (tests/fuzz/scap/make_seeds.py) are valid captures: a mutation
// starts from a file that reads cleanly, with every parameter well-formed.
TEST(ScapFormatTest, FuzzSeedsAreValidCaptures) {
  for (const char* name : {"plain_full", "gzip_full"}) {
    std::ifstream in(
        std::string(PEREGRINE_SOURCE_DIR) + "/tests/fuzz/corpus/scap_reader_fuzzer/" + name,
        std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    ASSERT_GT(bytes.size(), 1u) << name;
    auto r = ScapReader::OpenBytes(bytes.substr(1));  // drop the fuzzer's mode byte
    ASSERT_TRUE(r.ok()) << name << ": " << r.status();
    EXPECT_EQ((*r)->threads().size(), 1u);
    EXPECT_EQ((*r)->fds().size(), 1u);
    EXPECT_EQ((*r)->users().size(), 1u);
    std::vector<ParamValue> params(RecordView::kMaxParams);
    DecodeStats stats;
    ScapEvent ev;
    int n = 0;
    while (true) {
      auto more = (*r)->Next(&ev);
      ASSERT_TRUE(more.ok()) << name << ": " << more.status();
      if (!*more) break;
      ++n;
      EXPECT_EQ(DecodeEventParams(ev.record, params.data(), &stats),
                static_cast<int>(ev.record.nparams()))
          << "code " << ev.record.type();
    }
    EXPECT_EQ(n, 9) << name;
    EXPECT_EQ(stats.malformed, 0u) << name;
  }
}

}  // namespace
}  // namespace peregrine::probe::scap
