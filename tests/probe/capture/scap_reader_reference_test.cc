// Reads the real capture shared/corpus/captures/dev-mixed.scap and checks the facts its README
// and scap-format §4.1/§15 state, plus sample events decoded by hand from the spec.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "probe/capture/scap/block_types.h"
#include "probe/capture/scap/param_decoder.h"
#include "probe/capture/scap/scap_reader.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::probe::scap {
namespace {

using ::testing::ElementsAre;

const std::string kCapture = std::string(PEREGRINE_SHARED_DIR) + "/corpus/captures/dev-mixed.scap";

// 2026-11-27 hh:mm:ss.nanos UTC as ns since the epoch.
uint64_t UtcNs(int h, int m, int s, uint64_t nanos) {
  absl::Time t = absl::FromCivil(absl::CivilSecond(2026, 11, 27, h, m, s), absl::UTCTimeZone());
  return static_cast<uint64_t>(absl::ToUnixNanos(t)) + nanos;
}

// A copy of one event that outlives the reader's buffer.
struct SavedEvent {
  std::string bytes;
  RecordView view() const {
    RecordView v;
    v.Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return v;
  }
  std::vector<ParamValue> Params() const {
    std::vector<ParamValue> out(RecordView::kMaxParams);
    RecordView v = view();
    int n = DecodeEventParams(v, out.data());
    out.resize(n < 0 ? 0 : n);
    return out;
  }
};

SavedEvent Save(const ScapEvent& ev) {
  return {std::string(reinterpret_cast<const char*>(ev.record.bytes()), ev.record.length())};
}

// Everything the tests need from one full pass over the file.
struct Pass {
  absl::Status end_status;
  bool clean_end = false;
  ScapCounters counters;
  ScapTables tables;
  CaptureEncoding encoding = CaptureEncoding::kPlain;
  std::map<std::string, uint64_t> by_name;
  std::map<uint16_t, std::set<uint32_t>> nparams_by_code;
  std::set<uint64_t> tids;
  uint64_t first_ts = 0, last_ts = 0;
  uint64_t out_of_order = 0;
  uint64_t nonzero_cpu = 0, flagged = 0;
  DecodeStats decode;
  uint64_t unknown_in_decode = 0;
  size_t buffer_bytes = 0;
  std::vector<SavedEvent> openat_shadow, symlinkat, execve_devshm, connects_18081, accepts_18081;
  std::vector<SavedEvent> useradded, groupadded;
};

const Pass& FullPass() {
  static const Pass* pass = [] {
    auto* p = new Pass;
    auto reader_or = ScapReader::Open(kCapture);
    if (!reader_or.ok()) {
      p->end_status = reader_or.status();
      return p;
    }
    auto& reader = *reader_or;
    p->tables = reader->tables();
    p->encoding = reader->encoding();
    const uint64_t shadow_ts = UtcNs(9, 19, 27, 554634511);
    const uint64_t exec_ts = UtcNs(9, 19, 33, 413094638);
    std::vector<ParamValue> params(RecordView::kMaxParams);
    ScapEvent ev;
    while (true) {
      auto more = reader->Next(&ev);
      if (!more.ok()) {
        p->end_status = more.status();
        break;
      }
      if (!*more) {
        p->clean_end = true;
        break;
      }
      const RecordView& r = ev.record;
      const auto& info = catalog::GetEventInfo(r.type());
      ++p->by_name[std::string(info.name)];
      p->nparams_by_code[r.type()].insert(r.nparams());
      p->tids.insert(r.tid());
      if (p->first_ts == 0) p->first_ts = r.ts();
      if (r.ts() < p->last_ts) ++p->out_of_order;
      p->last_ts = std::max(p->last_ts, r.ts());
      if (ev.cpu != 0) ++p->nonzero_cpu;
      if (ev.dump_flags != 0) ++p->flagged;
      if (DecodeEventParams(r, params.data(), &p->decode) < 0) ++p->unknown_in_decode;
      switch (r.type()) {
        case 307:
          if (r.ts() == shadow_ts) p->openat_shadow.push_back(Save(ev));
          break;
        case 181:
          p->symlinkat.push_back(Save(ev));
          break;
        case 293:
          if (r.ts() == exec_ts) p->execve_devshm.push_back(Save(ev));
          break;
        case 23:
          if (params[1].ok() && params[1].socktuple.dst_port == 18081) {
            p->connects_18081.push_back(Save(ev));
          }
          break;
        case 389:
          if (params[1].ok() && params[1].socktuple.dst_port == 18081) {
            p->accepts_18081.push_back(Save(ev));
          }
          break;
        case 354:
          p->useradded.push_back(Save(ev));
          break;
        case 358:
          p->groupadded.push_back(Save(ev));
          break;
        default:
          break;
      }
    }
    p->counters = reader->counters();
    p->buffer_bytes = reader->buffer_bytes();
    return p;
  }();
  return *pass;
}

TEST(ScapReaderReferenceTest, ReadsWholeFileWithoutErrors) {
  const Pass& p = FullPass();
  ASSERT_TRUE(p.end_status.ok()) << p.end_status;
  EXPECT_TRUE(p.clean_end);
  EXPECT_EQ(p.encoding, CaptureEncoding::kGzip);
  EXPECT_EQ(p.counters.unknown_event_codes, 0u);
  EXPECT_EQ(p.counters.unused_event_codes, 0u);
  EXPECT_EQ(p.counters.unknown_blocks, 0u);
  EXPECT_EQ(p.counters.misplaced_blocks, 0u);
  EXPECT_EQ(p.counters.large_mismatch, 0u);
  EXPECT_EQ(p.counters.sections, 1u);
  // Streamed: the 33 MB of inflated data went through the default 1 MiB buffer.
  EXPECT_LE(p.buffer_bytes, size_t{1} << 20);
}

TEST(ScapReaderReferenceTest, BlockCountsMatchReadme) {
  const Pass& p = FullPass();
  const ScapCounters& c = p.counters;
  EXPECT_EQ(c.BlockCount(kBlockSectionHeader), 1u);
  EXPECT_EQ(c.BlockCount(kBlockMachineInfo), 1u);
  EXPECT_EQ(c.BlockCount(kBlockInterfaceListV2), 1u);
  EXPECT_EQ(c.BlockCount(kBlockUserListV2), 1u);
  EXPECT_EQ(c.BlockCount(kBlockProcessListV9), 1u);
  EXPECT_EQ(c.BlockCount(kBlockFdListV2), 17u);
  EXPECT_EQ(c.BlockCount(kBlockEventV2), 426824u);
  EXPECT_EQ(c.blocks, 1u + 1 + 1 + 1 + 1 + 17 + 426824);
  EXPECT_EQ(c.events, 426824u);
  EXPECT_EQ(p.flagged, 0u);      // Falco writes plain 0x216 blocks (§11.1)
  EXPECT_EQ(p.nonzero_cpu, 0u);  // §15.1: cpu is 0 for every event
}

TEST(ScapReaderReferenceTest, EventTypeCountsMatchReadme) {
  const std::map<std::string, uint64_t> expected = {
      {"close", 175464},    {"fcntl", 151664},  {"openat", 91605}, {"clone", 1514},
      {"dup2", 1312},       {"procexit", 883},  {"prlimit", 697},  {"recvfrom", 696},
      {"execve", 666},      {"sendto", 612},    {"pipe2", 343},    {"socket", 324},
      {"connect", 322},     {"clone3", 244},    {"accept4", 114},  {"getsockopt", 114},
      {"groupadded", 47},   {"prctl", 36},      {"dup", 36},       {"chdir", 29},
      {"useradded", 24},    {"socketpair", 24}, {"shutdown", 24},  {"vfork", 12},
      {"epoll_create1", 8}, {"creat", 6},       {"bind", 2},       {"fchdir", 1},
      {"symlinkat", 1}};
  EXPECT_EQ(FullPass().by_name, expected);
}

TEST(ScapReaderReferenceTest, EveryEventHasTheTableParameterCountAndDecodes) {
  const Pass& p = FullPass();
  for (const auto& [code, counts] : p.nparams_by_code) {
    const auto& info = catalog::GetEventInfo(code);
    EXPECT_THAT(counts, ElementsAre(info.params.size())) << info.name << " (" << code << ")";
    // Only exit events, apart from procexit and the user/group meta events (README).
    if (!info.is_exit) {
      EXPECT_TRUE(code == 186 || code == 354 || code == 358) << info.name;
    }
  }
  EXPECT_EQ(p.unknown_in_decode, 0u);
  EXPECT_EQ(p.decode.malformed, 0u);
  EXPECT_EQ(p.decode.extra, 0u);
  EXPECT_GT(p.decode.params, 426824u * 2);
}

TEST(ScapReaderReferenceTest, ThreadsAndTimeSpan) {
  const Pass& p = FullPass();
  // 890 distinct header tids, counting the -1 of the user/group meta events.
  EXPECT_EQ(p.tids.size(), 890u);
  EXPECT_TRUE(p.tids.count(~0ull));
  // 20.000 s between the first and last timestamps; the capture starts at 09:19:25.0977.
  const uint64_t span = p.last_ts - p.first_ts;
  EXPECT_GE(span, 19'999'500'000u);
  EXPECT_LE(span, 20'000'500'000u);
  EXPECT_GE(p.first_ts, UtcNs(9, 19, 25, 97'000'000));
  EXPECT_LT(p.first_ts, UtcNs(9, 19, 25, 98'000'000));
}

TEST(ScapReaderReferenceTest, MetadataTables) {
  const ScapTables& t = FullPass().tables;
  EXPECT_EQ(t.section_header.major_version, 1);
  EXPECT_EQ(t.section_header.minor_version, 2);
  EXPECT_EQ(t.section_header.section_length, ~0ull);
  ASSERT_TRUE(t.machine_info.present);
  EXPECT_EQ(t.machine_info.num_cpus, 2u);  // README: 2 vCPUs

  // §7.1 (same host as the reference capture): lo 127.0.0.1/8 first, 5 entries.
  ASSERT_EQ(t.interfaces.size(), 5u);
  EXPECT_EQ(t.interfaces[0].name, "lo");
  EXPECT_EQ(t.interfaces[0].family, InterfaceInfo::Family::kIpv4);
  EXPECT_THAT(std::vector<uint8_t>(t.interfaces[0].addr.begin(), t.interfaces[0].addr.begin() + 4),
              ElementsAre(127, 0, 0, 1));
  EXPECT_THAT(
      std::vector<uint8_t>(t.interfaces[0].netmask.begin(), t.interfaces[0].netmask.begin() + 4),
      ElementsAre(255, 0, 0, 0));

  // 24 users and 47 groups, matching the useradded/groupadded events; root first.
  ASSERT_EQ(t.users.size(), 24u);
  ASSERT_EQ(t.groups.size(), 47u);
  EXPECT_EQ(t.users[0].name, "root");
  EXPECT_EQ(t.users[0].uid, 0u);
  EXPECT_EQ(t.users[0].home, "/root");
  EXPECT_EQ(t.users[0].shell, "/bin/bash");

  // One fd list per thread of the process list (§4.1): 17 of each.
  ASSERT_EQ(t.threads.size(), 17u);
  std::set<int64_t> fd_tids;
  for (const FdInfo& fd : t.fds) fd_tids.insert(fd.tid);
  for (int64_t tid : fd_tids) {
    bool found = false;
    for (const ThreadInfo& th : t.threads) found |= th.tid == tid;
    EXPECT_TRUE(found) << "fd list for unknown tid " << tid;
  }
  // README scrubbing: 5 host management threads renamed "agent".
  int agents = 0;
  for (const ThreadInfo& th : t.threads) {
    EXPECT_EQ(th.block_version, 9);
    if (th.comm != "agent") continue;
    ++agents;
    EXPECT_EQ(th.exe, "agent");
    EXPECT_EQ(th.exepath, "/usr/sbin/agent");
    EXPECT_TRUE(th.args.empty());
    EXPECT_TRUE(th.env.empty());
    EXPECT_EQ(th.cwd, "/");
  }
  EXPECT_EQ(agents, 5);
  // The trigger: `cat /tmp/ref/START_CAPTURE_A` (README), in /tmp/ref/.
  bool saw_trigger = false;
  for (const ThreadInfo& th : t.threads) {
    if (th.comm == "cat") {
      saw_trigger = true;
      EXPECT_EQ(th.exepath, "/usr/bin/cat");
      EXPECT_THAT(th.args, ElementsAre("/tmp/ref/START_CAPTURE_A"));
      EXPECT_EQ(th.cwd, "/tmp/ref/");
      EXPECT_TRUE(th.IsMainThread());
      // Only the README's env variables survive the scrubbing.
      for (const std::string& e : th.env) {
        EXPECT_THAT(e.substr(0, e.find('=')),
                    ::testing::AnyOf("PATH", "HOME", "LANG", "TERM", "PWD", "OLDPWD", "SHLVL"));
      }
      // Every thread of a v9 list carries the full tail: memory cgroup scrubbed to /agent.
      EXPECT_THAT(th.cgroups, ::testing::Contains("memory=/agent"));
    }
  }
  EXPECT_TRUE(saw_trigger);
}

TEST(ScapReaderReferenceTest, UserAndGroupEventsMatchTheUserList) {
  const Pass& p = FullPass();
  // Same content as the user list block, though not in the same order: compare as sets.
  using User = std::tuple<uint64_t, uint64_t, std::string, std::string, std::string>;
  ASSERT_EQ(p.useradded.size(), p.tables.users.size());
  std::set<User> users_from_events, users_from_block;
  for (const SavedEvent& u : p.useradded) {
    EXPECT_EQ(u.view().tid(), ~0ull);  // meta events are not tied to a thread
    auto params = u.Params();
    ASSERT_EQ(params.size(), 6u);
    EXPECT_EQ(params[5].str, "");  // host container id
    users_from_events.emplace(params[0].u, params[1].u, std::string(params[2].str),
                              std::string(params[3].str), std::string(params[4].str));
  }
  for (const UserInfo& u : p.tables.users) {
    users_from_block.emplace(u.uid, u.gid, u.name, u.home, u.shell);
  }
  EXPECT_EQ(users_from_events, users_from_block);
  // The groups come in another order than the list block's: compare as sets.
  ASSERT_EQ(p.groupadded.size(), p.tables.groups.size());
  std::set<std::pair<uint64_t, std::string>> from_events, from_block;
  for (const SavedEvent& g : p.groupadded) {
    auto params = g.Params();
    from_events.emplace(params[0].u, std::string(params[1].str));
  }
  for (const GroupInfo& g : p.tables.groups) from_block.emplace(g.gid, g.name);
  EXPECT_EQ(from_events, from_block);
}

TEST(ScapReaderReferenceTest, OpenatOfEtcShadow) {
  const Pass& p = FullPass();
  ASSERT_EQ(p.openat_shadow.size(), 1u);
  auto v = p.openat_shadow[0].view();
  EXPECT_EQ(catalog::GetEventInfo(v.type()).name, "openat");
  auto params = p.openat_shadow[0].Params();
  ASSERT_EQ(params.size(), 7u);
  EXPECT_EQ(params[0].i, 3);     // fd
  EXPECT_EQ(params[1].i, -100);  // dirfd AT_FDCWD
  EXPECT_EQ(params[2].str, "/etc/shadow");
  EXPECT_EQ(params[3].u, 1u);      // flags O_RDONLY
  EXPECT_EQ(params[4].u, 0u);      // mode
  EXPECT_EQ(params[5].u, 65024u);  // dev, same as §15.1's openat on this host
  EXPECT_TRUE(params[6].ok());     // ino
}

TEST(ScapReaderReferenceTest, SymlinkatOverEtcShadow) {
  const Pass& p = FullPass();
  ASSERT_EQ(p.symlinkat.size(), 1u);
  auto v = p.symlinkat[0].view();
  EXPECT_EQ(v.ts(), UtcNs(9, 19, 31, 430486555));
  auto params = p.symlinkat[0].Params();
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].i, 0);
  EXPECT_EQ(params[1].str, "/etc/shadow");  // target
  EXPECT_EQ(params[2].i, -100);             // linkdirfd
  EXPECT_EQ(params[3].str, "/tmp/x");       // linkpath
}

TEST(ScapReaderReferenceTest, ExecveOfDevShmTrue) {
  const Pass& p = FullPass();
  ASSERT_EQ(p.execve_devshm.size(), 1u);
  auto v = p.execve_devshm[0].view();
  EXPECT_EQ(v.type(), 293);
  auto params = p.execve_devshm[0].Params();
  ASSERT_EQ(params.size(), 31u);
  EXPECT_EQ(params[0].i, 0);                              // res
  EXPECT_EQ(params[1].str, "/dev/shm/true");              // exe = argv[0]
  EXPECT_EQ(params[2].status, ParamStatus::kEmpty);       // args: run without arguments
  EXPECT_EQ(params[3].i, static_cast<int64_t>(v.tid()));  // tid
  EXPECT_EQ(params[4].i, static_cast<int64_t>(v.tid()));  // pid = tid after exec
  EXPECT_EQ(params[6].status, ParamStatus::kEmpty);       // cwd: always empty in this driver (§13)
  EXPECT_EQ(params[13].str, "true");                      // comm
  std::vector<std::string> env;
  ForEachListString(params[15].str, [&](std::string_view s) { env.emplace_back(s); });
  EXPECT_THAT(env, ::testing::Contains("PWD=/tmp/ref/srv/a"));  // the workload's directory
  std::vector<std::string> cgroups;
  ForEachListString(params[14].str, [&](std::string_view s) { cgroups.emplace_back(s); });
  EXPECT_THAT(cgroups, ::testing::Contains("memory=/agent"));
  EXPECT_EQ(params[26].u, 0u);                 // uid root
  EXPECT_EQ(params[27].str, "/dev/shm/true");  // trusted_exepath
  EXPECT_EQ(params[30].str, "/dev/shm/true");  // filename
  EXPECT_EQ(params[19].u & 1u, 1u);            // EXE_WRITABLE (copied by root)
}

TEST(ScapReaderReferenceTest, LoopbackConnectTuple) {
  const Pass& p = FullPass();
  // 15 echo-server connections in each of the 6 rounds (README), each seen by the client's
  // connect and the server's accept4.
  EXPECT_EQ(p.connects_18081.size(), 6u * 15);
  EXPECT_EQ(p.accepts_18081.size(), 6u * 15);
  ASSERT_FALSE(p.connects_18081.empty());
  auto c = p.connects_18081[0].Params();
  ASSERT_EQ(c.size(), 4u);
  EXPECT_TRUE(c[0].i == 0 || c[0].i == -115) << c[0].i;  // 0 or EINPROGRESS
  const SockTuple& t = c[1].socktuple;
  EXPECT_EQ(t.family, kPpmAfInet);
  EXPECT_THAT(std::vector<uint8_t>(t.src_addr.begin(), t.src_addr.begin() + 4),
              ElementsAre(127, 0, 0, 1));
  EXPECT_THAT(std::vector<uint8_t>(t.dst_addr.begin(), t.dst_addr.begin() + 4),
              ElementsAre(127, 0, 0, 1));
  EXPECT_EQ(t.dst_port, 18081);
  EXPECT_NE(t.src_port, 0);
  EXPECT_EQ(c[3].sockaddr.family, kPpmAfInet);  // addr as passed
  EXPECT_EQ(c[3].sockaddr.port, 18081);
  // §12.1: the server's accept4 carries the same client→server tuple.
  bool matched = false;
  for (const SavedEvent& a : p.accepts_18081) {
    auto ap = a.Params();
    matched |= ap[1].socktuple.src_port == t.src_port && ap[1].socktuple.dst_port == 18081 &&
               ap[1].socktuple.src_addr == t.src_addr;
  }
  EXPECT_TRUE(matched);
}

}  // namespace
}  // namespace peregrine::probe::scap
