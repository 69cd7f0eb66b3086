// Field catalog contents and Falco's field-name resolution (§2.5, §8).
#include "runtime/catalog/field_catalog.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace peregrine::catalog {
namespace {

using ::testing::HasSubstr;

ResolvedField MustResolve(absl::string_view name, std::optional<std::string> arg = std::nullopt) {
  auto r = ResolveField(name, std::move(arg));
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : ResolvedField{FieldId::kEvtNum,
                                     &GetFieldInfo(FieldId::kEvtNum),
                                     FieldType::kNone,
                                     false,
                                     "",
                                     std::nullopt,
                                     std::nullopt};
}

std::string ErrorOf(absl::string_view name, std::optional<std::string> arg = std::nullopt) {
  auto r = ResolveField(name, std::move(arg));
  return r.ok() ? "" : std::string(r.status().message());
}

TEST(FieldCatalogTest, IdsIndexTheTable) {
  for (int i = 0; i < kNumFields; ++i) {
    EXPECT_EQ(static_cast<int>(AllFields()[i].id), i);
  }
  EXPECT_EQ(GetFieldInfo(FieldId::kProcName).name, "proc.name");
}

TEST(FieldCatalogTest, ResolvesPlainFieldsWithTheirTypes) {
  ResolvedField f = MustResolve("proc.name");
  EXPECT_EQ(f.id, FieldId::kProcName);
  EXPECT_EQ(f.type, FieldType::kCharBuf);
  EXPECT_EQ(f.info->field_class, FieldClass::kProc);
  EXPECT_EQ(MustResolve("fd.num").type, FieldType::kInt64);
  EXPECT_EQ(MustResolve("user.uid").type, FieldType::kUint32);
  EXPECT_EQ(MustResolve("fd.sport").type, FieldType::kPort);
  EXPECT_EQ(MustResolve("fd.net").type, FieldType::kIpNet);
  EXPECT_EQ(MustResolve("evt.cpu").type, FieldType::kInt16);
  EXPECT_EQ(MustResolve("container.privileged").type, FieldType::kBool);
  EXPECT_EQ(MustResolve("container.privileged").info->field_class, FieldClass::kContainer);
  EXPECT_EQ(FieldClassName(MustResolve("fs.path.name").info->field_class), "fs.path");
}

TEST(FieldCatalogTest, UnknownFieldsUseFalcosMessage) {
  EXPECT_EQ(ErrorOf("proc.namex"), "filter_check called with nonexistent field proc.namex");
  EXPECT_EQ(ErrorOf("foo.bar"), "filter_check called with nonexistent field foo.bar");
  EXPECT_EQ(ErrorOf(""), "filter_check called with nonexistent field ");
}

TEST(FieldCatalogTest, BracketOnFieldWithoutArgumentsIsUnknown) {
  EXPECT_EQ(ErrorOf("proc.name", "1"), "filter_check called with nonexistent field proc.name[1]");
  EXPECT_EQ(ErrorOf("evt.arg.flags", "1"),
            "filter_check called with nonexistent field evt.arg.flags[1]");
}

TEST(FieldCatalogTest, AncestorIndex) {
  ResolvedField f = MustResolve("proc.aname", "2");
  EXPECT_EQ(f.id, FieldId::kProcAname);
  EXPECT_EQ(f.index, 2);
  EXPECT_EQ(f.arg, "2");
  EXPECT_EQ(f.DisplayName(), "proc.aname[2]");
  ResolvedField any = MustResolve("proc.aname");
  EXPECT_FALSE(any.index.has_value());
  EXPECT_TRUE(any.info->Has(kFieldNoRhs));
  EXPECT_TRUE(any.info->Has(kFieldNoTransformer));
  EXPECT_THAT(ErrorOf("proc.aname", "abc"), HasSubstr("requires a numeric argument"));
}

TEST(FieldCatalogTest, KeyArguments) {
  ResolvedField env = MustResolve("proc.env", "HOME");
  EXPECT_EQ(env.arg, "HOME");
  EXPECT_FALSE(env.index.has_value());
  EXPECT_EQ(MustResolve("proc.env", "").arg, "");  // [""] differs from no argument
  EXPECT_FALSE(MustResolve("proc.env").arg.has_value());
  EXPECT_EQ(MustResolve("container.mount.dest", "/proc*").arg, "/proc*");
  EXPECT_EQ(MustResolve("container.label", "app").arg, "app");
  EXPECT_EQ(ErrorOf("container.label"), "field 'container.label' requires an argument");
}

TEST(FieldCatalogTest, EvtArgByName) {
  ResolvedField f = MustResolve("evt.arg.flags");
  EXPECT_EQ(f.id, FieldId::kEvtArg);
  EXPECT_EQ(f.suffix, "flags");
  EXPECT_EQ(f.type, FieldType::kCharBuf);
  EXPECT_EQ(f.DisplayName(), "evt.arg.flags");
  EXPECT_EQ(MustResolve("evt.arg.uid").type, FieldType::kCharBuf);
  EXPECT_EQ(ErrorOf("evt.arg.nosuchparam"), "unknown event argument nosuchparam");
}

TEST(FieldCatalogTest, EvtArgByIndex) {
  ResolvedField f = MustResolve("evt.arg", "1");
  EXPECT_EQ(f.id, FieldId::kEvtArg);
  EXPECT_EQ(f.index, 1);
  EXPECT_EQ(f.type, FieldType::kCharBuf);
  EXPECT_THAT(ErrorOf("evt.arg", "x"), HasSubstr("requires a numeric argument"));
}

TEST(FieldCatalogTest, ArgumentRequired) {
  EXPECT_EQ(ErrorOf("evt.arg"), "field 'evt.arg' requires an argument");
  EXPECT_EQ(ErrorOf("evt.rawarg"), "field 'evt.rawarg' requires an argument");
  EXPECT_EQ(ErrorOf("evt.around"), "field 'evt.around' requires an argument");
}

TEST(FieldCatalogTest, RawargTakesTheDeclaredType) {
  EXPECT_EQ(MustResolve("evt.rawarg.res").type, FieldType::kErrno);
  EXPECT_EQ(MustResolve("evt.rawarg.flags").type, FieldType::kFlags32);
  // The first current-layout event with a uid parameter is setuid (UID): the §4.2 quirk that
  // makes `evt.rawarg.uid = 0` a compile error.
  EXPECT_EQ(MustResolve("evt.rawarg.uid").type, FieldType::kUid);
  EXPECT_EQ(MustResolve("evt.rawarg.data").type, FieldType::kByteBuf);
  EXPECT_EQ(MustResolve("evt.rawarg.request").type, FieldType::kEnumFlags16);
  EXPECT_TRUE(MustResolve("evt.rawarg.res").info->Has(kFieldNoRhs));
  EXPECT_EQ(ErrorOf("evt.rawarg.bogus"), "unknown event argument bogus");
}

TEST(FieldCatalogTest, EvtTypeIs) {
  ResolvedField f = MustResolve("evt.type.is.open");
  EXPECT_EQ(f.id, FieldId::kEvtTypeIs);
  EXPECT_EQ(f.suffix, "open");
  EXPECT_EQ(f.type, FieldType::kUint32);
  EXPECT_EQ(MustResolve("evt.type.is.pivot_root").suffix, "pivot_root");
  EXPECT_EQ(ErrorOf("evt.type.is.nosuchevent"), "unknown event type nosuchevent");
  EXPECT_EQ(ErrorOf("evt.type.is"), "field 'evt.type.is' requires an argument");
}

TEST(FieldCatalogTest, ThreadCgroupSubsystem) {
  ResolvedField f = MustResolve("thread.cgroup.cpuacct");
  EXPECT_EQ(f.id, FieldId::kThreadCgroup);
  EXPECT_EQ(f.suffix, "cpuacct");
  EXPECT_EQ(MustResolve("thread.cgroups").id, FieldId::kThreadCgroups);
}

TEST(FieldCatalogTest, ExplicitDottedFieldsAreNotSuffixes) {
  EXPECT_EQ(MustResolve("evt.abspath.src").id, FieldId::kEvtAbspathSrc);
  EXPECT_EQ(MustResolve("proc.exe_ino.ctime").type, FieldType::kAbsTime);
  EXPECT_EQ(MustResolve("fd.sip.name").id, FieldId::kFdSipName);
  EXPECT_EQ(ErrorOf("evt.abspath.bogus"),
            "filter_check called with nonexistent field evt.abspath.bogus");
}

TEST(FieldCatalogTest, Flags) {
  EXPECT_TRUE(MustResolve("evt.dir").info->Has(kFieldDeprecated));
  EXPECT_TRUE(MustResolve("evt.latency").info->Has(kFieldDeprecated));
  EXPECT_TRUE(MustResolve("evt.wait_latency").info->Has(kFieldDeprecated));
  EXPECT_FALSE(MustResolve("evt.type").info->Has(kFieldDeprecated));
  EXPECT_TRUE(MustResolve("fd.ip").info->Has(kFieldFilterOnly));
  EXPECT_TRUE(MustResolve("fd.snet").info->Has(kFieldFilterOnly));
  EXPECT_FALSE(MustResolve("fd.sip").info->Has(kFieldFilterOnly));
  ResolvedField types = MustResolve("fd.types", "3");
  EXPECT_TRUE(types.is_list);
  EXPECT_TRUE(types.info->Has(kFieldNoRhs));
  EXPECT_FALSE(types.info->Has(kFieldNoTransformer));
}

TEST(FieldCatalogTest, LongestPrefixForOutputs) {
  EXPECT_EQ(LongestFieldPrefix("proc.name"), 9u);
  EXPECT_EQ(LongestFieldPrefix("proc.namex"), 9u);
  EXPECT_EQ(LongestFieldPrefix("proc.name)"), 9u);
  EXPECT_EQ(LongestFieldPrefix("proc.pname rest"), 10u);
  EXPECT_EQ(LongestFieldPrefix("evt.arg.flags "), 13u);
  EXPECT_EQ(LongestFieldPrefix("evt.arg.linkpathx"), 16u);
  EXPECT_EQ(LongestFieldPrefix("evt.time.iso8601"), 16u);
  EXPECT_EQ(LongestFieldPrefix("nothing"), 0u);
}

// Every field of the spec's §8 table resolves, with the type the table gives.
TEST(FieldCatalogTest, CoversEverySection8Field) {
  std::ifstream in(std::string(PEREGRINE_SHARED_DIR) + "/spec/falco-rule-language.md");
  if (!in) GTEST_SKIP() << "shared spec not available";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t start = text.find("## 8. Fields referenced by the rules corpus");
  ASSERT_NE(start, std::string::npos);
  size_t end = text.find("## 9.", start);
  std::string section = text.substr(start, end - start);
  std::regex row(R"(\| \d+ \| `([^`]+)` \| ([A-Z0-9]+)\*? \|)");
  int count = 0;
  for (auto it = std::sregex_iterator(section.begin(), section.end(), row);
       it != std::sregex_iterator(); ++it) {
    std::string field = (*it)[1];
    std::string type = (*it)[2];
    std::optional<std::string> arg;
    size_t bracket = field.find('[');
    if (bracket != std::string::npos) {
      std::string inner = field.substr(bracket + 1, field.size() - bracket - 2);
      arg = inner == "..." ? "/proc*" : inner;
      field = field.substr(0, bracket);
    }
    auto r = ResolveField(field, arg);
    ASSERT_TRUE(r.ok()) << field << ": " << r.status();
    EXPECT_EQ(FieldTypeName(r->type), type) << field;
    ++count;
  }
  EXPECT_EQ(count, 90);
}

}  // namespace
}  // namespace peregrine::catalog
