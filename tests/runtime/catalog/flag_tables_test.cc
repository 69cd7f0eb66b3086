// Flag/enum rendering per scap-format.md §12.2, with hand-checked values from Appendix B.
#include "runtime/catalog/flag_tables.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/catalog/event_table.h"
#include "runtime/catalog/linux_names.h"

namespace peregrine::catalog {
namespace {

TEST(FlagTablesTest, SpecExamplesForOpenFlags) {
  EXPECT_EQ(RenderFlags("file_flags", 3), "O_RDWR");
  EXPECT_EQ(RenderFlags("file_flags", 0x1001), "O_RDONLY|O_CLOEXEC");
  EXPECT_EQ(RenderFlags("file_flags", 0x141), "O_TRUNC|O_NONBLOCK|O_RDONLY");
}

TEST(FlagTablesTest, ZeroEntryMatchesOnlyZero) {
  EXPECT_EQ(RenderFlags("file_flags", 0), "O_NONE");
  EXPECT_EQ(RenderFlags("prot_flags", 0), "PROT_NONE");
  EXPECT_EQ(RenderFlags("prot_flags", 5), "PROT_READ|PROT_EXEC");
  EXPECT_EQ(RenderFlags("clone_flags", 0), "");  // no zero entry
}

TEST(FlagTablesTest, WalkStopsAtEntryEqualToWholeValue) {
  // 2 = O_WRONLY: O_RDWR (3) does not fit, O_WRONLY equals the value and ends the walk before
  // O_RDONLY/O_NONE are considered.
  EXPECT_EQ(RenderFlags("file_flags", 2), "O_WRONLY");
  // 6 = O_CREAT|O_WRONLY in PPM encoding.
  EXPECT_EQ(RenderFlags("file_flags", 6), "O_CREAT|O_WRONLY");
}

TEST(FlagTablesTest, UnmatchedBitsAreDropped) {
  EXPECT_EQ(RenderFlags("epoll_create1_flags", 0x3), "EPOLL_CLOEXEC");
  EXPECT_EQ(RenderFlags("epoll_create1_flags", 0x2), "");
}

TEST(FlagTablesTest, UnknownTableRendersEmpty) {
  EXPECT_EQ(RenderFlags("no_such_table", 1), "");
  EXPECT_FALSE(FindFlagTable("no_such_table").has_value());
}

TEST(FlagTablesTest, EnumJoinsEveryExactMatch) {
  EXPECT_EQ(RenderEnum("socket_families", 1), "AF_LOCAL|AF_UNIX");
  EXPECT_EQ(RenderEnum("socket_families", 2), "AF_INET");
  EXPECT_EQ(RenderEnum("socket_families", 10), "AF_INET6");
  EXPECT_EQ(RenderEnum("socket_families", 16), "AF_ROUTE|AF_NETLINK");
  EXPECT_EQ(RenderEnum("socket_families", 200), "");
  EXPECT_EQ(RenderEnum("ptrace_requests", 11), "PTRACE_ATTACH");
  EXPECT_EQ(RenderEnum("ptrace_requests", 1), "PTRACE_TRACEME");
}

TEST(FlagTablesTest, ModeAppendsEntryEqualToWholeValue) {
  // 0x6000 = S_IFBLK = S_IFCHR (0x2000) | 0x4000: S_IFCHR matches as a flag, then S_IFBLK equals
  // the whole value and is appended although its bits are no longer all in the remainder.
  EXPECT_EQ(RenderModeNames("mknod_mode", 0x6000), "S_IFCHR|S_IFBLK");
  EXPECT_EQ(RenderFlags("mknod_mode", 0x6000), "S_IFCHR");
  EXPECT_EQ(RenderModeNames("chmod_mode", 0755),
            "S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR");
  EXPECT_EQ(RenderModeNames("chmod_mode", 04755),
            "S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID");
}

TEST(FlagTablesTest, OctalFormat) {
  EXPECT_EQ(FormatOctal(0), "0");
  EXPECT_EQ(FormatOctal(0755), "0755");
  EXPECT_EQ(FormatOctal(2541), "04755");
}

TEST(FlagTablesTest, RenderByParamType) {
  EXPECT_EQ(RenderFlagsParam(ParamType::kFlags32, "file_flags", 3), "O_RDWR");
  EXPECT_EQ(RenderFlagsParam(ParamType::kEnumFlags32, "socket_families", 1), "AF_LOCAL|AF_UNIX");
  EXPECT_EQ(RenderFlagsParam(ParamType::kMode, "mknod_mode", 0x6000), "S_IFCHR|S_IFBLK");
  EXPECT_EQ(RenderFlagsParam(ParamType::kUint32, "file_flags", 3), std::nullopt);
}

TEST(FlagTablesTest, EveryTableReferencedByTheEventTableExists) {
  for (int code = 0; code < kNumEventCodes; ++code) {
    for (const ParamInfo& p : GetEventInfo(code).params) {
      if (!p.flag_table.empty()) {
        EXPECT_TRUE(FindFlagTable(p.flag_table).has_value())
            << "code " << code << " param " << p.name << " table " << p.flag_table;
      }
    }
  }
}

TEST(FlagTablesTest, MlockallFlagsDerivedFromMclEntries) {
  EXPECT_EQ(RenderFlags("mlockall_flags", 3), "MCL_CURRENT|MCL_FUTURE");
  EXPECT_EQ(FindFlagTable("mlockall_flags")->size(), 3u);
}

TEST(FlagTablesTest, Capabilities) {
  EXPECT_EQ(RenderCapabilities(0), "");
  EXPECT_EQ(RenderCapabilities(1), "CAP_CHOWN");
  EXPECT_EQ(RenderCapabilities((1ull << 21) | (1ull << 12) | 1),
            "CAP_CHOWN CAP_NET_ADMIN CAP_SYS_ADMIN");
  std::string all = RenderCapabilities((1ull << 41) - 1);
  EXPECT_THAT(all, ::testing::StartsWith("CAP_CHOWN CAP_DAC_OVERRIDE "));
  EXPECT_THAT(all, ::testing::EndsWith(" CAP_BPF CAP_CHECKPOINT_RESTORE"));
}

TEST(FlagTablesTest, FlagValueByName) {
  EXPECT_EQ(FlagValue("file_flags", "O_CLOEXEC"), 0x1000u);
  EXPECT_EQ(FlagValue("file_flags", "O_NOPE"), std::nullopt);
}

TEST(LinuxNamesTest, ResultRendering) {
  EXPECT_EQ(RenderResult(0), "SUCCESS");
  EXPECT_EQ(RenderResult(17), "SUCCESS");
  EXPECT_EQ(RenderResult(-2), "ENOENT");
  EXPECT_EQ(RenderResult(-115), "EINPROGRESS");
  EXPECT_EQ(RenderResult(-13), "EACCES");
  EXPECT_EQ(RenderResult(-512), "ERESTARTSYS");
  EXPECT_EQ(RenderResult(-200), "-200");
  EXPECT_EQ(RenderResult(INT64_MIN), std::to_string(INT64_MIN));
}

TEST(LinuxNamesTest, ErrnoNames) {
  EXPECT_EQ(ErrnoName(1), "EPERM");
  EXPECT_EQ(ErrnoName(125), "ECANCELED");
  EXPECT_EQ(ErrnoName(41), std::nullopt);  // unassigned on Linux
  EXPECT_EQ(ErrnoName(0), std::nullopt);
}

TEST(LinuxNamesTest, SignalNames) {
  EXPECT_EQ(SignalName(9), "SIGKILL");
  EXPECT_EQ(SignalName(31), "SIGSYS");
  EXPECT_EQ(SignalName(0), std::nullopt);
  EXPECT_EQ(SignalName(32), std::nullopt);
}

}  // namespace
}  // namespace peregrine::catalog
