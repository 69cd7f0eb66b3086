// Cross-checks the probe's PPM constants against the generated event table
// (runtime/catalog/event_table.h, from scap-format Appendix A).
#include "gtest/gtest.h"
#include "probe/abi/ppm_codes.h"
#include "probe/loader/syscall_table.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::probe {
namespace {

TEST(CatalogCrossCheckTest, EverySupportedSyscallEmitsTheExitEventOfItsName) {
  for (const SupportedSyscall& s : SupportedSyscalls()) {
    const catalog::EventInfo& info = catalog::GetEventInfo(s.event_code);
    EXPECT_TRUE(info.is_exit) << s.name;
    EXPECT_EQ(info.name, s.name) << "code " << s.event_code;
    EXPECT_FALSE(info.HasTag(catalog::kTagOld)) << s.name << " uses a retired layout";
  }
}

TEST(CatalogCrossCheckTest, LayoutConstantsMatchTheTable) {
  EXPECT_EQ(catalog::GetEventInfo(PG_PPME_EXECVE_X).params.size(), size_t{PG_EXECVE_NPARAMS});
  EXPECT_EQ(catalog::GetEventInfo(PG_PPME_EXECVEAT_X).params.size(), size_t{PG_EXECVEAT_NPARAMS});
  for (uint16_t code : {PG_PPME_CLONE_X, PG_PPME_FORK_X, PG_PPME_VFORK_X, PG_PPME_CLONE3_X}) {
    EXPECT_EQ(catalog::GetEventInfo(code).params.size(), size_t{PG_CLONE_NPARAMS}) << code;
  }
  const catalog::EventInfo& procexit = catalog::GetEventInfo(PG_PPME_PROCEXIT_E);
  EXPECT_EQ(procexit.name, "procexit");
  EXPECT_FALSE(procexit.is_exit);
}

}  // namespace
}  // namespace peregrine::probe
