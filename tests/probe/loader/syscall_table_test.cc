// SupportedSyscalls: sorted, unique, and every entry emits an odd (exit) PPM code.
#include "probe/loader/syscall_table.h"

#include <sys/syscall.h>

#include "gtest/gtest.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe {
namespace {

TEST(SyscallTableTest, SortedUniqueWithExitCodes) {
  int previous = -1;
  for (const SupportedSyscall& s : SupportedSyscalls()) {
    EXPECT_GT(s.nr, previous) << s.name;
    previous = s.nr;
    EXPECT_EQ(s.event_code % 2, 1) << s.name;
    EXPECT_EQ(std::string("pg_fill_") + s.name, s.program);
  }
  EXPECT_EQ(SupportedSyscalls().size(), 56u);
}

TEST(SyscallTableTest, LooksUpByNumberAndName) {
  ASSERT_NE(FindSupportedSyscall(SYS_openat), nullptr);
  EXPECT_EQ(FindSupportedSyscall(SYS_openat)->event_code, PG_PPME_OPENAT_X);
  EXPECT_EQ(FindSupportedSyscall(SYS_getppid), nullptr);
  EXPECT_EQ(SupportedSyscallNumber("execveat"), SYS_execveat);
  EXPECT_FALSE(SupportedSyscallNumber("getppid").has_value());
}

}  // namespace
}  // namespace peregrine::probe
