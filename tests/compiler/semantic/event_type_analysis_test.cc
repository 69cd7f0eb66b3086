// Event-type analysis (falco-rule-language.md §5.3) through the whole compiler: the example table
// row by row, negation, the evt.num invariant, and the errors for field right-hand sides.
#include "compiler/semantic/event_type_analysis.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/compiler/semantic/semantic_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::CompileText;
using testing::Describe;
using testing::Errors;
using testing::RuleYaml;
using testing::WithCode;

struct Analysed {
  EventCodeSet codes;
  bool compiled = false;
  int no_evttype_warnings = 0;
};

// Compiles `condition` as rule "r" after `preamble` (lists, macros).
Analysed Analyse(const std::string& condition, const std::string& preamble = "",
                 const std::string& extra = "") {
  const std::string yaml = preamble + RuleYaml("r", "'" + condition + "'", "o", extra);
  CompileOutput out = CompileText(yaml);
  Analysed a;
  EXPECT_TRUE(Errors(out).empty()) << condition << "\n" << Describe(out.diagnostics);
  if (out.ruleset == nullptr) return a;
  a.compiled = out.ruleset->rules[0].compiled;
  a.codes = out.ruleset->rules[0].codes;
  a.no_evttype_warnings = static_cast<int>(WithCode(out, "LOAD_NO_EVTTYPE").size());
  return a;
}

EventCodeSet Codes(const std::vector<std::string>& names) {
  EventCodeSet set;
  for (const std::string& n : names) set |= semantic::CodesForEventName(n);
  return set;
}

const EventCodeSet kAll = AllEventCodes();

// ----- §5.3 example table, row by row -----

TEST(EventTypeAnalysisTest, TableEvtTypeEqualsOpen) {
  Analysed a = Analyse("evt.type = open");
  EXPECT_EQ(EventNames(a.codes), std::vector<std::string>{"open"});
  EXPECT_EQ(a.codes, Codes({"open"}));
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

TEST(EventTypeAnalysisTest, TableInListAndFdNum) {
  Analysed a = Analyse("evt.type in (open, openat, openat2) and fd.num >= 0");
  EXPECT_EQ(EventNames(a.codes), (std::vector<std::string>{"open", "openat", "openat2"}));
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

TEST(EventTypeAnalysisTest, TableSpawnedProcessAndContainer) {
  Analysed a = Analyse("spawned_process and container",
                       "- macro: spawned_process\n  condition: (evt.type in (execve, execveat))\n"
                       "- macro: container\n  condition: (container.id != host)\n");
  EXPECT_EQ(EventNames(a.codes), (std::vector<std::string>{"execve", "execveat"}));
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

TEST(EventTypeAnalysisTest, TableEvtTypeNotEqualOpen) {
  Analysed a = Analyse("evt.type != open");
  EXPECT_EQ(a.codes, kAll & ~Codes({"open"}));
  EXPECT_GT(a.codes.count(), 100u);
  EXPECT_EQ(a.no_evttype_warnings, 1);
}

TEST(EventTypeAnalysisTest, TableNonTypeConditionIsEverything) {
  Analysed a = Analyse("proc.name = cat");
  EXPECT_EQ(a.codes, kAll);
  EXPECT_EQ(a.no_evttype_warnings, 1);
}

TEST(EventTypeAnalysisTest, TableOrWithNeutralIsEverything) {
  Analysed a = Analyse("evt.type = open or proc.name = cat");
  EXPECT_EQ(a.codes, kAll);
  EXPECT_EQ(a.no_evttype_warnings, 1);
}

TEST(EventTypeAnalysisTest, TableNotNeverTrueMacroDoesNotWiden) {
  Analysed a = Analyse("evt.type = open and not user_known_x",
                       "- macro: never_true\n  condition: (evt.num=0)\n"
                       "- macro: user_known_x\n  condition: (never_true)\n");
  EXPECT_EQ(a.codes, Codes({"open"}));
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

TEST(EventTypeAnalysisTest, TableNeverTrueIsEmptyAndDoesNotWarn) {
  Analysed a = Analyse("never_true", "- macro: never_true\n  condition: (evt.num=0)\n");
  EXPECT_TRUE(a.compiled);
  EXPECT_TRUE(a.codes.none());
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

TEST(EventTypeAnalysisTest, TableIntersectsIsNeutral) {
  Analysed a = Analyse("evt.type intersects (open)");
  EXPECT_EQ(a.codes, kAll);
  EXPECT_EQ(a.no_evttype_warnings, 1);
}

// ----- the "important consequences" of §5.3 -----

TEST(EventTypeAnalysisTest, NegationsAreExact) {
  EXPECT_EQ(Analyse("not evt.type in (open)").codes, kAll & ~Codes({"open"}));
  EXPECT_EQ(Analyse("not evt.type != open").codes, Codes({"open"}));
  EXPECT_EQ(Analyse("not evt.type in (open, close)").codes, kAll & ~Codes({"open", "close"}));
  // De Morgan: not (a or b) = not a and not b.
  EXPECT_EQ(Analyse("not (evt.type = open or evt.type = close)").codes,
            kAll & ~Codes({"open", "close"}));
  EXPECT_EQ(Analyse("not (evt.type != open or evt.type != close)").codes, EventCodeSet());
}

TEST(EventTypeAnalysisTest, NeutralLeavesAreNotInvertedUnderNegation) {
  EXPECT_EQ(Analyse("not (evt.type = open and proc.name = cat)").codes, kAll);
  EXPECT_EQ(Analyse("evt.type = open and not proc.name = cat").codes, Codes({"open"}));
  EXPECT_EQ(Analyse("evt.type = open and not (proc.name = cat or fd.num > 3)").codes,
            Codes({"open"}));
}

TEST(EventTypeAnalysisTest, ContradictionIsEmpty) {
  Analysed a = Analyse("evt.type = open and evt.type = close");
  EXPECT_TRUE(a.codes.none());
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

TEST(EventTypeAnalysisTest, OnlyEqualityAndInRestrict) {
  EXPECT_EQ(Analyse("evt.type == open").codes, Codes({"open"}));
  EXPECT_EQ(Analyse("evt.type startswith open").codes, kAll);
  EXPECT_EQ(Analyse("evt.type pmatch (open)").codes, kAll);
  EXPECT_EQ(Analyse("evt.type = oneof (open, close)").codes, kAll);  // modifier: neutral
}

TEST(EventTypeAnalysisTest, SyscallTypeRestrictsLikeEvtType) {
  EXPECT_EQ(Analyse("syscall.type = connect").codes, Codes({"connect"}));
  EXPECT_EQ(Analyse("syscall.type != connect").codes, kAll & ~Codes({"connect"}));
}

TEST(EventTypeAnalysisTest, ExistsOnEvtType) {
  EXPECT_EQ(Analyse("evt.type exists").codes, kAll);
  EXPECT_TRUE(Analyse("evt.type = open and not evt.type exists").codes.none());
  EXPECT_EQ(Analyse("proc.name = cat and not fd.name exists").codes, kAll);
}

// codes(names): every version, enter and exit; generic codes for a syscall without an event.
TEST(EventTypeAnalysisTest, CodesCoverEveryVersionAndGenericSyscalls) {
  const EventCodeSet execve = Analyse("evt.type = execve").codes;
  EXPECT_EQ(execve.count(), catalog::CodesForName("execve").size());
  EXPECT_GT(execve.count(), 2u);
  for (uint16_t code : catalog::CodesForName("execve")) EXPECT_TRUE(execve.test(code));

  ASSERT_TRUE(catalog::CodesForName("pivot_root").empty());
  ASSERT_TRUE(catalog::IsSyscallName("pivot_root"));
  const EventCodeSet pivot = Analyse("evt.type = pivot_root").codes;
  EXPECT_TRUE(pivot.test(catalog::kGenericExitCode));
  EXPECT_TRUE(pivot.test(0));  // PPME_GENERIC_E
  EXPECT_EQ(pivot.count(), 2u);
}

TEST(EventTypeAnalysisTest, WarnEvttypesFalseSilencesTheWarning) {
  Analysed a = Analyse("proc.name = cat", "", "  warn_evttypes: false\n");
  EXPECT_EQ(a.codes, kAll);
  EXPECT_EQ(a.no_evttype_warnings, 0);
}

std::string Join(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

// The threshold counts codes, not names: the largest prefix of the event names with at most 100
// codes does not warn, one more name does.
TEST(EventTypeAnalysisTest, WarningThresholdIsOnCodesNotNames) {
  std::vector<std::string> names;
  EventCodeSet set, below_set;
  std::string below_list;
  for (uint16_t code = 0; code < catalog::kNumEventCodes; ++code) {
    const catalog::EventInfo& info = catalog::GetEventInfo(code);
    if (info.name == "NA" || info.name == "syscall") continue;
    const EventCodeSet more = set | semantic::CodesForEventName(std::string(info.name));
    if (more == set) continue;
    set = more;
    names.emplace_back(info.name);
    if (set.count() > 100) break;
    below_set = set;
    below_list = Join(names);
  }
  ASSERT_GT(set.count(), 100u);
  ASSERT_LE(below_set.count(), 100u);
  ASSERT_LT(names.size(), 100u);  // fewer names than codes: the count is on codes

  Analysed below = Analyse("evt.type in (" + below_list + ")");
  EXPECT_EQ(below.codes, below_set);
  EXPECT_EQ(below.no_evttype_warnings, 0) << below_set.count() << " codes";
  Analysed above = Analyse("evt.type in (" + Join(names) + ")");
  EXPECT_EQ(above.codes, set);
  EXPECT_EQ(above.no_evttype_warnings, 1) << set.count() << " codes";
}

// ----- the evt.num invariant (events are numbered from 1) -----
// Alone, an unsatisfiable check gives ∅ and a tautology or a neutral check gives U; negated, an
// unsatisfiable check gives U, a tautology ∅, and a neutral check stays U.

enum class Kind { kNever, kAlways, kNeutral };

void ExpectEventNumber(const std::string& check, Kind kind) {
  SCOPED_TRACE(check);
  const EventCodeSet alone = Analyse("evt.type = open and " + check).codes;
  const EventCodeSet negated = Analyse("evt.type = open and not " + check).codes;
  const EventCodeSet open = Codes({"open"});
  switch (kind) {
    case Kind::kNever:
      EXPECT_TRUE(alone.none());
      EXPECT_EQ(negated, open);
      EXPECT_TRUE(Analyse(check).codes.none());
      break;
    case Kind::kAlways:
      EXPECT_EQ(alone, open);
      EXPECT_TRUE(negated.none());
      EXPECT_EQ(Analyse(check).codes, kAll);
      break;
    case Kind::kNeutral:
      EXPECT_EQ(alone, open);
      EXPECT_EQ(negated, open);
      break;
  }
}

TEST(EventTypeAnalysisTest, EventNumberUnsatisfiable) {
  for (const char* check :
       {"evt.num = 0", "evt.num == 0", "evt.num < 1", "evt.num < 0", "evt.num <= 0",
        "evt.num in (0)", "evt.num in (0, 0, 0)", "evt.num in ()"}) {
    ExpectEventNumber(check, Kind::kNever);
  }
}

TEST(EventTypeAnalysisTest, EventNumberTautologies) {
  for (const char* check : {"evt.num != 0", "evt.num > 0", "evt.num >= 1", "evt.num >= 0"}) {
    ExpectEventNumber(check, Kind::kAlways);
  }
}

TEST(EventTypeAnalysisTest, EventNumberOtherwiseNeutral) {
  for (const char* check : {"evt.num = 5", "evt.num < 2", "evt.num <= 1", "evt.num > 1",
                            "evt.num >= 2", "evt.num != 5", "evt.num in (0, 3)"}) {
    ExpectEventNumber(check, Kind::kNeutral);
  }
}

// ----- errors -----

void ExpectAnalysisError(const std::string& condition, const std::string& message) {
  const std::string yaml = RuleYaml("r", "'" + condition + "'");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr) << condition;
  const std::vector<Diagnostic> errors = Errors(out);
  ASSERT_EQ(errors.size(), 1u) << condition << "\n" << Describe(out.diagnostics);
  EXPECT_EQ(errors[0].code, "LOAD_ERR_COMPILE_CONDITION");
  EXPECT_EQ(errors[0].message, message);
  EXPECT_EQ(errors[0].item_name, "r");
  // Reported at the rule's condition (the analysis runs on the whole expanded tree).
  const SourceLocation want = testing::Where(yaml, "'" + condition);
  EXPECT_EQ(Describe(errors[0].location), Describe(want));
}

constexpr char kRhsFieldMessage[] =
    "right-hand field comparisons on evt.type/syscall.type checks are not supported by event "
    "code search";

TEST(EventTypeAnalysisTest, RightHandFieldOnEvtTypeIsAnError) {
  ExpectAnalysisError("evt.type = val(proc.name)", kRhsFieldMessage);
  ExpectAnalysisError("evt.type != val(fd.name)", kRhsFieldMessage);
  ExpectAnalysisError("syscall.type = val(proc.name)", kRhsFieldMessage);
  ExpectAnalysisError("evt.type = tolower(proc.name)", kRhsFieldMessage);
  ExpectAnalysisError("proc.name = cat and not evt.type = val(proc.name)", kRhsFieldMessage);
}

TEST(EventTypeAnalysisTest, TransformerOnEvtTypeIsAnError) {
  ExpectAnalysisError(
      "tolower(evt.type) = open",
      "transformers on evt.type/syscall.type checks are not supported by event code search");
}

}  // namespace
}  // namespace peregrine::compiler
