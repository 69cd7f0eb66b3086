#include <gtest/gtest.h>

#include "compiler/loader/priority.h"
#include "compiler/loader/semver.h"

namespace peregrine::compiler {
namespace {

TEST(SemVerTest, ParsesLikeScanf) {
  EXPECT_EQ(ParseSemVer("0.57.0"), (SemVer{0, 57, 0}));
  EXPECT_EQ(ParseSemVer("1.2.3-rc1"), (SemVer{1, 2, 3}));  // trailing text is accepted
  EXPECT_EQ(ParseSemVer(" 1.2.3"), (SemVer{1, 2, 3}));
  EXPECT_EQ(ParseSemVer("1.2"), std::nullopt);
  EXPECT_EQ(ParseSemVer("x.y.z"), std::nullopt);
  EXPECT_EQ(ParseSemVer(""), std::nullopt);
}

TEST(SemVerTest, CompatibilityNeedsSameMajorAndNotOlder) {
  EXPECT_TRUE(kEngineVersion.CompatibleWith(SemVer{0, 57, 0}));
  EXPECT_TRUE(kEngineVersion.CompatibleWith(SemVer{0, 63, 0}));
  EXPECT_FALSE(kEngineVersion.CompatibleWith(SemVer{0, 63, 1}));
  EXPECT_FALSE(kEngineVersion.CompatibleWith(SemVer{1, 0, 0}));
  EXPECT_FALSE((SemVer{1, 0, 0}).CompatibleWith(SemVer{0, 1, 0}));
  EXPECT_EQ(kEngineVersion.ToString(), "0.63.0");
}

TEST(PriorityTest, ParsesCaseInsensitivelyWithInfoAlias) {
  EXPECT_EQ(ParsePriority("EMERGENCY"), Priority::kEmergency);
  EXPECT_EQ(ParsePriority("alert"), Priority::kAlert);
  EXPECT_EQ(ParsePriority("Critical"), Priority::kCritical);
  EXPECT_EQ(ParsePriority("eRrOr"), Priority::kError);
  EXPECT_EQ(ParsePriority("WARNING"), Priority::kWarning);
  EXPECT_EQ(ParsePriority("notice"), Priority::kNotice);
  EXPECT_EQ(ParsePriority("INFORMATIONAL"), Priority::kInformational);
  EXPECT_EQ(ParsePriority("INFO"), Priority::kInformational);
  EXPECT_EQ(ParsePriority("debug"), Priority::kDebug);
  EXPECT_EQ(ParsePriority("WARN"), std::nullopt);
  EXPECT_EQ(ParsePriority(""), std::nullopt);
}

TEST(PriorityTest, PrintNamesAndOrder) {
  EXPECT_EQ(PriorityName(Priority::kEmergency), "Emergency");
  EXPECT_EQ(PriorityName(Priority::kAlert), "Alert");
  EXPECT_EQ(PriorityName(Priority::kCritical), "Critical");
  EXPECT_EQ(PriorityName(Priority::kError), "Error");
  EXPECT_EQ(PriorityName(Priority::kWarning), "Warning");
  EXPECT_EQ(PriorityName(Priority::kNotice), "Notice");
  EXPECT_EQ(PriorityName(Priority::kInformational), "Informational");
  EXPECT_EQ(PriorityName(Priority::kDebug), "Debug");
  EXPECT_EQ(static_cast<int>(Priority::kEmergency), 0);
  EXPECT_EQ(static_cast<int>(Priority::kDebug), 7);
}

}  // namespace
}  // namespace peregrine::compiler
