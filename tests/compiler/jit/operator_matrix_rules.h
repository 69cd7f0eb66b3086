// A generated rules file covering every operator × modifier × field type the catalog accepts
// (§4.2), with transformers, field-to-field comparisons, any-ancestor and either-endpoint fields,
// and evt.type / evt.dir conditions the JIT folds per event code. Rules that do not compile on
// their own (a constant the type rejects) are dropped, so the file always compiles.
#ifndef PEREGRINE_TESTS_COMPILER_JIT_OPERATOR_MATRIX_RULES_H_
#define PEREGRINE_TESTS_COMPILER_JIT_OPERATOR_MATRIX_RULES_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/catalog/field_catalog.h"
#include "runtime/catalog/operators.h"

namespace peregrine::compiler::testing {

struct OperatorMatrix {
  std::string rules_text;
  int rules = 0;     // rules kept
  int rejected = 0;  // candidates that did not compile alone
};

inline bool CompilesAlone(const std::string& rule_text) {
  CompileOutput out = CompileRulesContent("candidate.yaml", rule_text, CompileOptions{});
  return out.ruleset != nullptr;
}

inline std::string QuoteYaml(const std::string& condition) {
  std::string quoted = "'";
  for (char c : condition) {
    if (c == '\'')
      quoted += "''";
    else
      quoted.push_back(c);
  }
  return quoted + "'";
}

inline OperatorMatrix BuildOperatorMatrix() {
  struct FieldCase {
    std::string operand;  // as written in a condition
    std::string field;    // catalog name, for its type
  };
  const std::vector<FieldCase> fields = {
      {"proc.name", "proc.name"},
      {"fd.name", "fd.name"},
      {"proc.cmdline", "proc.cmdline"},
      {"evt.buffer", "evt.buffer"},
      {"proc.pid", "proc.pid"},
      {"evt.cpu", "evt.cpu"},
      {"fd.dev", "fd.dev"},
      {"proc.tty", "proc.tty"},
      {"evt.num", "evt.num"},
      {"fd.sport", "fd.sport"},
      {"evt.rawtime", "evt.rawtime"},
      {"evt.reltime", "evt.reltime"},
      {"proc.is_exe_writable", "proc.is_exe_writable"},
      {"proc.fdusage", "proc.fdusage"},
      {"fd.sip", "fd.sip"},
      {"fd.snet", "fd.snet"},
      {"fd.ip", "fd.ip"},
      {"fd.port", "fd.port"},
      {"fd.net", "fd.net"},
      {"fd.proto", "fd.proto"},
      {"proc.aname", "proc.aname"},
      {"proc.aname[2]", "proc.aname"},
      {"proc.apid", "proc.apid"},
      {"fd.types", "fd.types"},
      {"evt.type", "evt.type"},
      {"evt.dir", "evt.dir"},
      {"user.uid", "user.uid"},
      {"fd.num", "fd.num"},
      {"tolower(proc.name)", "proc.name"},
      {"toupper(fd.name)", "fd.name"},
      {"basename(fd.name)", "fd.name"},
      {"len(proc.cmdline)", "proc.cmdline"},
      {"b64(proc.cmdline)", "proc.cmdline"},
  };
  const std::vector<catalog::Op> ops = {
      catalog::Op::kEq,         catalog::Op::kEqEq,       catalog::Op::kNe,
      catalog::Op::kLt,         catalog::Op::kLe,         catalog::Op::kGt,
      catalog::Op::kGe,         catalog::Op::kContains,   catalog::Op::kIContains,
      catalog::Op::kBContains,  catalog::Op::kStartsWith, catalog::Op::kBStartsWith,
      catalog::Op::kEndsWith,   catalog::Op::kGlob,       catalog::Op::kIGlob,
      catalog::Op::kRegex,      catalog::Op::kPmatch,     catalog::Op::kIn,
      catalog::Op::kIntersects, catalog::Op::kExists,
  };
  const std::vector<catalog::Modifier> modifiers = {
      catalog::Modifier::kNone, catalog::Modifier::kOneOf, catalog::Modifier::kAnyOf,
      catalog::Modifier::kAllOf};

  // Constants per type class: a single one and a list, several variants so rules differ.
  auto single = [](catalog::TypeClass cls, catalog::Op op, const std::string& field,
                   int variant) -> std::string {
    switch (cls) {
      case catalog::TypeClass::kString: {
        if (op == catalog::Op::kRegex) return variant % 2 ? "\"/usr/.*\"" : "\"b[a-z]+h\"";
        if (op == catalog::Op::kGlob || op == catalog::Op::kIGlob)
          return variant % 2 ? "/etc/*" : "*SH";
        static const char* kStrings[] = {"bash", "/etc/", "/usr/bin/python3", "sh",
                                         "ETC",  "<",     "execve",           "open"};
        if (field == "evt.type") return variant % 2 ? "execve" : "open";
        if (field == "evt.dir") return variant % 2 ? "<" : ">";
        return kStrings[variant % 8];
      }
      case catalog::TypeClass::kBuffer:
        return op == catalog::Op::kBContains || op == catalog::Op::kBStartsWith
                   ? (variant % 2 ? "cafe" : "2f6574")
                   : (variant % 2 ? "abc" : "/etc");
      case catalog::TypeClass::kNumeric: {
        if (field == "proc.fdusage") return variant % 2 ? "0.5" : "2";
        if (field == "fd.sport" || field == "fd.port") return variant % 2 ? "443" : "ssh";
        static const char* kNumbers[] = {"0", "22", "-1", "443", "1", "4294967295"};
        return kNumbers[variant % 6];
      }
      case catalog::TypeClass::kBool:
        return variant % 2 ? "true" : "false";
      case catalog::TypeClass::kIp:
        if (field == "fd.snet" || field == "fd.net")
          return variant % 2 ? "10.0.0.0/8" : "192.168.0.0/16";
        return variant % 2 ? "10.0.0.1" : "192.168.1.5";
      case catalog::TypeClass::kOther:
        return "1";
    }
    return "x";
  };
  auto list = [&](catalog::TypeClass cls, catalog::Op op, const std::string& field, int variant) {
    std::vector<std::string> items;
    for (int i = 0; i < 3 + variant % 4; ++i) items.push_back(single(cls, op, field, variant + i));
    if (cls == catalog::TypeClass::kString && variant % 3 == 0) {
      for (int i = 0; i < 8; ++i) items.push_back(absl::StrCat("name", i, "x"));  // a big set
    }
    std::string text = "(";
    for (size_t i = 0; i < items.size(); ++i) absl::StrAppend(&text, i ? ", " : "", items[i]);
    return text + ")";
  };

  OperatorMatrix matrix;
  int variant = 0;
  auto add = [&](const std::string& condition) {
    const std::string rule = absl::StrCat("- rule: r", matrix.rules + matrix.rejected,
                                          "\n  desc: d\n  condition: ", QuoteYaml(condition),
                                          "\n  output: o\n  priority: INFO\n");
    if (CompilesAlone(rule)) {
      matrix.rules_text += rule;
      ++matrix.rules;
    } else {
      ++matrix.rejected;
    }
  };
  // Each rule applies to one or two event types (so that an event evaluates a realistic number
  // of rules) and one in 40 to all; the prefixes also exercise folding per event code.
  static const char* kEvents[] = {
      "open",    "openat",   "execve",   "connect", "clone",  "close",    "read",   "write",
      "accept",  "unlinkat", "setuid",   "mmap",    "sendto", "recvfrom", "bind",   "listen",
      "chmod",   "fchmod",   "mkdir",    "rename",  "socket", "dup",      "ptrace", "setns",
      "mount",   "kill",     "pipe",     "symlink", "chdir",  "fork",     "vfork",  "creat",
      "openat2", "execveat", "renameat", "linkat",  "unlink", "rmdir",    "ioctl"};
  constexpr int kNumEvents = sizeof(kEvents) / sizeof(kEvents[0]);
  auto prefix = [&](int v) -> std::string {
    const std::string a = kEvents[v % kNumEvents], b = kEvents[(v / 3 + 7) % kNumEvents];
    switch (v % 40) {
      case 0:
        return "";
      case 1:
        return absl::StrCat("evt.type in (", a, ", ", b, ") and ");
      case 2:
        return absl::StrCat("evt.dir = < and evt.type = ", a, " and ");
      case 3:
        return absl::StrCat("not evt.type != ", a, " and ");
      case 4:
        return absl::StrCat("evt.type in (", a, ", ", b, ") and evt.type != ", b, " and ");
      default:
        return absl::StrCat("evt.type = ", a, " and ");
    }
  };
  for (const FieldCase& fc : fields) {
    const catalog::FieldInfo* info = catalog::FindField(fc.field);
    if (info == nullptr) continue;
    catalog::FieldType type = info->type;
    if (fc.operand.rfind("len(", 0) == 0) type = catalog::FieldType::kUint64;
    const catalog::TypeClass cls = catalog::ClassifyType(type);
    for (catalog::Op op : ops) {
      for (catalog::Modifier modifier : modifiers) {
        if (modifier != catalog::Modifier::kNone && !catalog::OpAcceptsModifier(op)) continue;
        if (!catalog::CheckOperator(type, op, modifier, info->Has(catalog::kFieldIsList)).ok()) {
          continue;
        }
        ++variant;
        std::string predicate = absl::StrCat(fc.operand, " ", std::string(catalog::OpName(op)));
        if (modifier != catalog::Modifier::kNone) {
          absl::StrAppend(&predicate, " ", std::string(catalog::ModifierName(modifier)), " ",
                          list(cls, op, fc.field, variant));
        } else if (catalog::IsListOp(op)) {
          absl::StrAppend(&predicate, " ", list(cls, op, fc.field, variant));
        } else if (op != catalog::Op::kExists) {
          absl::StrAppend(&predicate, " ", single(cls, op, fc.field, variant));
        }
        add(prefix(variant) + predicate);
        add(absl::StrCat(prefix(variant + 17), "not (", predicate, ")"));
      }
    }
  }
  // Field-to-field comparisons and shared subexpressions.
  for (const char* condition : {
           "proc.name = proc.pname",
           "proc.name != val(proc.pname)",
           "tolower(proc.name) = val(proc.pname)",
           "fd.name startswith val(fd.directory)",
           "fd.name contains proc.name",
           "proc.pid < proc.ppid",
           "proc.pid >= val(proc.vpid)",
           "fd.sip = val(fd.cip)",
           "evt.buffer bcontains val(evt.buffer)",
           "proc.name in (bash, sh) and (fd.name startswith /etc or fd.name startswith /usr)",
           "(proc.name in (bash, sh) and fd.name startswith /etc) or proc.pid = 1",
           "evt.type = open and proc.name in (bash, sh) and not fd.name startswith /etc",
           "evt.type in (execve, execveat) and proc.aname in (bash, sh) and not proc.name = bash",
       }) {
    add(condition);
  }
  return matrix;
}

// The generated file's text (built once per process).
inline const std::string& OperatorMatrixRules() {
  static const std::string* text = new std::string(BuildOperatorMatrix().rules_text);
  return *text;
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_JIT_OPERATOR_MATRIX_RULES_H_
