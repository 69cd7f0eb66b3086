// Pins the generated event table against rows checked by hand in scap-format.md Appendix A/D.
#include "runtime/catalog/event_table.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/catalog/event_codes.h"

namespace peregrine::catalog {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> ParamNames(uint16_t code) {
  std::vector<std::string> out;
  for (const ParamInfo& p : GetEventInfo(code).params) out.emplace_back(p.name);
  return out;
}

TEST(EventTableTest, HasAllCodes) {
  EXPECT_EQ(kNumEventCodes, 454);
  EXPECT_EQ(PG_EVT_COUNT, 454);
  for (int i = 0; i < kNumEventCodes; ++i) {
    EXPECT_EQ(GetEventInfo(i).code, i);
    EXPECT_EQ(GetEventInfo(i).is_exit, i % 2 == 1);
  }
}

TEST(EventTableTest, OpenExitParams) {
  const EventInfo& e = GetEventInfo(3);
  EXPECT_EQ(e.name, "open");
  EXPECT_EQ(e.symbol, "SYSCALL_OPEN_X");
  EXPECT_TRUE(e.is_exit);
  EXPECT_TRUE(e.HasTag(kTagFdCreate));
  EXPECT_TRUE(e.HasTag(kTagState));
  EXPECT_FALSE(e.HasTag(kTagOld));
  EXPECT_THAT(ParamNames(3), ElementsAre("fd", "name", "flags", "mode", "dev", "ino"));
  EXPECT_EQ(e.params[0].type, ParamType::kFd);
  EXPECT_EQ(e.params[1].type, ParamType::kFsPath);
  EXPECT_EQ(e.params[2].type, ParamType::kFlags32);
  EXPECT_EQ(e.params[2].flag_table, "file_flags");
  EXPECT_EQ(e.params[3].type, ParamType::kUint32);
  EXPECT_EQ(e.params[3].flag_table, "");
  EXPECT_EQ(e.params[5].type, ParamType::kUint64);
  EXPECT_EQ(e.params[1].relative_dirfd, -1);
}

TEST(EventTableTest, ExecveCurrentExitHas31Params) {
  const EventInfo& e = GetEventInfo(293);
  EXPECT_EQ(e.name, "execve");
  EXPECT_EQ(e.symbol, "SYSCALL_EXECVE_19_X");
  ASSERT_EQ(e.params.size(), 31u);
  EXPECT_THAT(ParamNames(293),
              ElementsAre("res", "exe", "args", "tid", "pid", "ptid", "cwd", "fdlimit", "pgft_maj",
                          "pgft_min", "vm_size", "vm_rss", "vm_swap", "comm", "cgroups", "env",
                          "tty", "vpgid", "loginuid", "flags", "cap_inheritable", "cap_permitted",
                          "cap_effective", "exe_ino", "exe_ino_ctime", "exe_ino_mtime", "uid",
                          "trusted_exepath", "pgid", "gid", "filename"));
  EXPECT_EQ(e.params[0].type, ParamType::kErrno);
  EXPECT_EQ(e.params[18].type, ParamType::kUid);
  EXPECT_EQ(e.params[19].flag_table, "execve_flags");
  EXPECT_EQ(e.params[24].type, ParamType::kAbsTime);
  EXPECT_EQ(e.params[29].type, ParamType::kGid);
  EXPECT_EQ(e.params[30].type, ParamType::kFsPath);
}

TEST(EventTableTest, OpenatExitNameIsRelativeToDirfd) {
  const EventInfo& e = GetEventInfo(307);
  EXPECT_EQ(e.name, "openat");
  EXPECT_THAT(ParamNames(307), ElementsAre("fd", "dirfd", "name", "flags", "mode", "dev", "ino"));
  EXPECT_EQ(e.params[2].type, ParamType::kFsRelPath);
  EXPECT_EQ(e.params[2].relative_dirfd, 1);
}

TEST(EventTableTest, SymlinkatLinkpathRelativeToLinkdirfd) {
  const EventInfo& e = GetEventInfo(181);
  EXPECT_EQ(e.name, "symlinkat");
  EXPECT_THAT(ParamNames(181), ElementsAre("res", "target", "linkdirfd", "linkpath"));
  EXPECT_EQ(e.params[3].relative_dirfd, 2);
  EXPECT_EQ(e.params[1].type, ParamType::kCharBuf);
}

TEST(EventTableTest, LargeEventsAreExactly322_324_402) {
  std::vector<int> large;
  for (int i = 0; i < kNumEventCodes; ++i) {
    if (IsLargeEvent(i)) large.push_back(i);
  }
  EXPECT_THAT(large, ElementsAre(322, 324, 402));
  EXPECT_EQ(GetEventInfo(402).name, "asyncevent");
  EXPECT_THAT(ParamNames(402), ElementsAre("plugin_id", "name", "data"));
  EXPECT_EQ(GetEventInfo(324).name, "container");
  EXPECT_EQ(GetEventInfo(322).name, "pluginevent");
}

TEST(EventTableTest, DynParamsListTheirTypes) {
  const EventInfo& e = GetEventInfo(169);  // ptrace exit
  EXPECT_EQ(e.name, "ptrace");
  ASSERT_EQ(e.params[2].name, "data");
  EXPECT_EQ(e.params[2].type, ParamType::kDyn);
  EXPECT_THAT(e.params[2].dyn_types, ElementsAre(ParamType::kUint64, ParamType::kSigType));
  EXPECT_EQ(e.params[3].flag_table, "ptrace_requests");
  const EventInfo& s = GetEventInfo(45);  // setsockopt exit
  EXPECT_THAT(s.params[4].dyn_types,
              ElementsAre(ParamType::kByteBuf, ParamType::kErrno, ParamType::kUint32,
                          ParamType::kUint64, ParamType::kRelTime));
}

TEST(EventTableTest, UnusedRowsAreNamedNaAndNotIndexed) {
  EXPECT_TRUE(GetEventInfo(17).HasTag(kTagUnused));
  EXPECT_EQ(GetEventInfo(17).name, "NA");
  EXPECT_TRUE(GetEventInfo(450).HasTag(kTagUnused));
  EXPECT_FALSE(IsEventName("NA"));
  EXPECT_TRUE(CodesForName("NA").empty());
}

TEST(EventTableTest, CodesForExecveCoverAllVersions) {
  EXPECT_THAT(CodesForName("execve"), ElementsAre(12, 13, 154, 155, 172, 173, 214, 215, 230, 231,
                                                  282, 283, 288, 289, 292, 293));
  EXPECT_THAT(CodesForName("open"), ElementsAre(2, 3));
  EXPECT_TRUE(CodesForName("pivot_root").empty());  // syscall without a dedicated event
  EXPECT_TRUE(CodesForName("bogus").empty());
}

TEST(EventTableTest, EventNamesIncludeMetaEvents) {
  EXPECT_TRUE(IsEventName("procexit"));
  EXPECT_TRUE(IsEventName("container"));
  EXPECT_TRUE(IsEventName("asyncevent"));
  EXPECT_TRUE(IsEventName("openat2"));
  EXPECT_FALSE(IsEventName("openat3"));
  EXPECT_FALSE(IsEventName(""));
}

TEST(EventTableTest, ParamIndexByName) {
  EXPECT_EQ(ParamIndex(3, "flags"), 2);
  EXPECT_EQ(ParamIndex(3, "fd"), 0);
  EXPECT_EQ(ParamIndex(3, "dirfd"), std::nullopt);
  EXPECT_EQ(ParamIndex(307, "dirfd"), 1);
  EXPECT_EQ(ParamIndex(9999, "fd"), std::nullopt);
}

TEST(EventTableTest, ParamNamesOfAnyEvent) {
  EXPECT_TRUE(IsParamNameOfAnyEvent("linkpath"));
  EXPECT_TRUE(IsParamNameOfAnyEvent("res"));
  EXPECT_TRUE(IsParamNameOfAnyEvent("trusted_exepath"));
  EXPECT_FALSE(IsParamNameOfAnyEvent("linkpathx"));
  EXPECT_FALSE(IsParamNameOfAnyEvent(""));
  EXPECT_TRUE(std::is_sorted(AllParamNames().begin(), AllParamNames().end()));
}

TEST(EventTableTest, SyscallTable) {
  EXPECT_EQ(NumSyscallIds(), 454);
  EXPECT_EQ(SyscallName(137), "pivot_root");
  EXPECT_EQ(SyscallName(0), "unknown");
  EXPECT_EQ(SyscallName(453), "rseq_slice_yield");
  EXPECT_EQ(SyscallName(454), std::nullopt);
  EXPECT_EQ(SyscallIdForName("pivot_root"), 137);
  EXPECT_EQ(SyscallIdForName("openat2"), 322);
  EXPECT_TRUE(IsSyscallName("pivot_root"));
  EXPECT_FALSE(IsSyscallName("pivot_rootx"));
}

TEST(EventTableTest, FixedWidths) {
  EXPECT_EQ(FixedWidth(ParamType::kUint8), 1);
  EXPECT_EQ(FixedWidth(ParamType::kSyscallId), 2);
  EXPECT_EQ(FixedWidth(ParamType::kPort), 2);
  EXPECT_EQ(FixedWidth(ParamType::kMode), 4);
  EXPECT_EQ(FixedWidth(ParamType::kUid), 4);
  EXPECT_EQ(FixedWidth(ParamType::kErrno), 8);
  EXPECT_EQ(FixedWidth(ParamType::kIpv6Addr), 16);
  EXPECT_EQ(FixedWidth(ParamType::kCharBuf), 0);
  EXPECT_EQ(FixedWidth(ParamType::kDyn), 0);
  EXPECT_EQ(ParamTypeName(ParamType::kFsRelPath), "FSRELPATH");
  EXPECT_EQ(ParamTypeName(ParamType::kPid32), "PID32");
}

TEST(EventTableTest, EventCodeEnumMatchesTable) {
  EXPECT_EQ(PG_EVT_SYSCALL_OPENAT_2_X, 307);
  EXPECT_EQ(PG_EVT_GENERIC_X, 1);
  EXPECT_EQ(PG_EVT_ASYNCEVENT_E, kAsyncEventCode);
  EXPECT_EQ(PG_EVT_CONTAINER_JSON_2_E, kContainerEventCode);
  EXPECT_EQ(PG_EVT_PLUGINEVENT_E, kPluginEventCode);
}

}  // namespace
}  // namespace peregrine::catalog
