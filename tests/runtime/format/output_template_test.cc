#include "runtime/format/output_template.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>

#include "runtime/catalog/event_codes.h"
#include "runtime/format/alert_formatter.h"
#include "runtime/state/state_tracker.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;

TEST(OutputTemplateTest, ParsesFieldsArgumentsAndLiterals) {
  auto t = OutputTemplate::Parse("a %proc.name, p=%proc.aname[2] x=%evt.arg.flags)");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->tokens().size(), 7u);
  EXPECT_EQ(t->tokens()[0].literal, "a ");
  EXPECT_EQ(t->tokens()[1].key, "proc.name");
  EXPECT_EQ(t->tokens()[2].literal, ", p=");
  EXPECT_EQ(t->tokens()[3].key, "proc.aname[2]");
  EXPECT_EQ(t->tokens()[5].key, "evt.arg.flags");
  EXPECT_EQ(t->tokens()[6].literal, ")");
  EXPECT_EQ(t->keys(), (std::vector<std::string>{"evt.arg.flags", "proc.aname[2]", "proc.name"}));
}

TEST(OutputTemplateTest, LongestValidPrefixLeavesTheRestAsText) {
  auto t = OutputTemplate::Parse("%proc.name_x");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->tokens().size(), 2u);
  EXPECT_EQ(t->tokens()[0].key, "proc.name");
  EXPECT_EQ(t->tokens()[1].literal, "_x");
}

TEST(OutputTemplateTest, Errors) {
  EXPECT_EQ(OutputTemplate::Parse("50%").status().message(),
            "invalid formatting syntax: formatting cannot end with a %");
  auto bad = OutputTemplate::Parse("100% done");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown filter:  done");
}

TEST(OutputTemplateTest, ContainerInfoIsRemovedWithAWarning) {
  std::vector<std::string> warnings;
  auto t = OutputTemplate::Parse("x %container.info y", &warnings);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(warnings.size(), 1u);
  ASSERT_EQ(t->tokens().size(), 1u);
  EXPECT_EQ(t->tokens()[0].literal, "x  y");
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
    auto t = std::make_unique<ThreadEntry>();
    t->tid = t->pid = 100;
    t->ptid = 1;
    t->comm = "cat";
    t->exe = "cat";
    t->exepath = "/usr/bin/cat";
    t->uid = 0;
    t->loginuid = kNoId;
    t->cwd = "/root/";
    t->SetArgs({"/etc/shadow"});
    st_.threads().Insert(std::move(t));
    st_.users().AddUser("", UserEntry{0, 0, "root", "/root", "/bin/bash"});
  }
  StateTracker st_;
};

TEST_F(RenderTest, RendersValuesNaAndWidth) {
  auto e = EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, 1795771167554634511ull)
               .I64(3)
               .I64(-100)
               .Str("/etc/shadow")
               .U32(0x1001)
               .U32(0)
               .U32(1)
               .U64(2)
               .Build();
  StateView v = st_.Process(e->event);
  auto t = OutputTemplate::Parse(
      "*f=%fd.name u=%user.name l=%user.loginuid p=%proc.pname fl=%evt.arg.flags "
      "fd=%evt.arg.fd [%5proc.name] [%2proc.exepath] up=%toupper(proc.name) t=%evt.time");
  ASSERT_TRUE(t.ok()) << t.status();
  std::string out;
  t->Render(e->event, v, &out);
  EXPECT_EQ(out,
            "f=/etc/shadow u=root l=-1 p=<NA> fl=O_RDONLY|O_CLOEXEC fd=<f>/etc/shadow "
            "[cat  ] [/u] up=CAT t=09:19:27.554634511");
}

TEST_F(RenderTest, TextAlertIsJsonEscaped) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 1795771167554634511ull).I64(0).I64(9).Build();
  StateView v = st_.Process(e->event);
  st_.threads().Find(100)->SetArgs({"\"quoted\""});
  RuleInfo rule{.name = "r",
                .source = "syscall",
                .priority = Priority::kInformational,
                .output = "cmd=%proc.cmdline",
                .tags = {"b", "a", "b"}};
  AlertFormatOptions opts;
  opts.hostname = "h";
  auto f = AlertFormatter::Create(rule, opts);
  ASSERT_TRUE(f.ok()) << f.status();
  std::string text;
  f->FormatText(e->event, v, &text);
  EXPECT_EQ(text, "09:19:27.554634511: Informational cmd=cat \\\"quoted\\\"");
  std::string json;
  f->FormatJson(e->event, v, &json);
  EXPECT_EQ(json,
            "{\"hostname\":\"h\",\"output\":\"09:19:27.554634511: Informational cmd=cat "
            "\\\"quoted\\\"\",\"output_fields\":{\"evt.time\":1795771167554634511,"
            "\"proc.cmdline\":\"cat \\\"quoted\\\"\"},\"priority\":\"Informational\","
            "\"rule\":\"r\",\"source\":\"syscall\",\"tags\":[\"a\",\"b\"],"
            "\"time\":\"2026-11-27T09:19:27.554634511Z\"}");
}

TEST_F(RenderTest, SuggestedContainerFieldsAreAppended) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 1795771167554634511ull).I64(0).I64(9).Build();
  StateView v = st_.Process(e->event);
  RuleInfo rule{
      .name = "r", .source = "syscall", .priority = Priority::kNotice, .output = "x", .tags = {}};
  AppendOutputEntry suggested;
  suggested.suggested_output = true;
  auto f = AlertFormatter::Create(rule, AlertFormatOptions{}, {suggested});
  ASSERT_TRUE(f.ok()) << f.status();
  std::string line;
  f->FormatLine(e->event, v, &line);
  EXPECT_EQ(line,
            "09:19:27.554634511: Notice x container_id=host container_name=host "
            "container_image_repository= container_image_tag= k8s_pod_name=<NA> "
            "k8s_ns_name=<NA>");
}

}  // namespace
}  // namespace peregrine::runtime
