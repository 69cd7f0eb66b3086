// Path approvers for the open family.
//
// Why dropping an open by its path is sound
// -----------------------------------------
// The kernel drops a call of open/creat/openat/openat2 only when (a) its path is absolute,
// lexically canonical (no "//", "/./", "/../", no trailing "/", "/." or "/.."), printable ASCII
// and shorter than 256 bytes, so that fd.name, fd.nameraw, fd.directory and fd.filename are pure
// functions of the bytes it read (runtime/state/path.cc leaves such a path unchanged, whatever the
// cwd or dirfd); (b) the call is not a directory open (no O_DIRECTORY, which O_TMPFILE includes,
// and the opened inode is not a directory); (c) the path matches none of the patterns below for the
// call's outcome. User space needs the event for two reasons (see kernel_prefilter.cc):
//  (1) A rule matches it. For each enabled rule indexed under the code, its root specialised
//      for the code is walked for a necessary condition on the path: a predicate on fd.name /
//      fd.nameraw (equal to fd.name for a canonical absolute path), fd.directory or fd.filename
//      gives patterns the path must match when the predicate holds (`in` → exact, startswith →
//      prefix, endswith → suffix, contains → substring, glob → its literal prefix, pmatch →
//      prefix, fd.directory = d → prefix "d/", fd.filename = f → suffix "/f"); `and` takes one
//      child's condition (the cheapest), `or` the union, `not` pushes down (a negated path
//      predicate bounds nothing); predicates the outcome decides (evt.rawres, evt.failed, fd.num
//      on opens, …) are constants. A rule with no such condition blocks the approver for that
//      code and outcome. The union over the rules is the pattern set: a path matching none of
//      them makes every rule's necessary condition false, so no rule matches.
//  (2) The state tables change on it. A failed open changes nothing (OnOpen binds fd.num = -1
//      and returns). A successful non-directory open adds fd N (a regular file, or a device,
//      fifo, …) to the fd table; dropped, N is unknown instead. Later events on N — read on the
//      fd by any event with an fd parameter, copied by dup/fcntl/pidfd_getfd, closed — see the
//      entry or no entry. Both end the same at close (no entry), and a copy of N is again the
//      entry or nothing. So for every enabled rule on a code that reads an existing fd (exit
//      codes tagged fd or fd-, and dup/dup2/dup3/fcntl/pidfd_getfd; the live probe emits no
//      enter events, and other fd creators read only the fd they create) and reads a field that
//      comes from the fd table (fd.* except fd.num, fdlist.*, evt.arg of an FD parameter,
//      evt.args/evt.info), in its condition or in its output, the root must be provably false both
//      under H1 "the fd is an opened regular file" (fd.type = file, fd.typechar = f, socket fields
//      unavailable) and under H2 "the fd is unknown" (every fd field except
//      fd.name/nameraw/directory/typechar/num unavailable). Then the rule never matches such an
//      event with or without the drop. Fields that read the whole table (fd.types,
//      proc.fdopencount, proc.fdusage, proc.std{in,out,err}.*) anywhere block. Socket calls on a
//      regular-file fd fail with ENOTSOCK and their fillers store no tuple, so no event turns the
//      entry into a socket (runtime/state OnConnect); a successful fchdir needs a directory (never
//      dropped) and the tracker applies fchdir only on success. Directories are never dropped: they
//      become dirfds and cwds.
// What stays different, and why it is accepted: a relative *at call (openat, unlinkat,
// symlinkat, …) whose dirfd is the fd of a dropped open. That fd is never a directory, so the
// kernel fails the call with ENOTDIR before looking the path up; user space composes a path for
// it from the dirfd's entry ("/tmp/f/x" with the open, "<UNKNOWN>x" without), a path that names
// nothing the kernel resolved. That text of that failed call differs, and so may a rule that
// tests it on such a failed call (upstream: "Directory traversal monitored file read" matches
// failed opens); treating it as blocking would forbid every openat approver. Also, the fd table
// must have no stale entry for the number the open returns (it would stay instead of being
// replaced): true while every close is seen (close, dup2/dup3 targets, exec's close-on-exec);
// close_range, io_uring closes and lost records already make the table wrong without approvers.
// The live soundness test (tests/probe/loader/approver_soundness_live_test.cc) runs the upstream
// rules over two probes, approvers on and off, on a workload of matching and non-matching opens.
#include "compiler/prefilter/path_approver.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <variant>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "compiler/prefilter/rule_bounds.h"
#include "compiler/prefilter/three_valued.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::prefilter {
namespace {

using catalog::FieldId;
using catalog::Op;

// A necessary condition: `any` = no constraint; otherwise the path matches one of `patterns`
// (none = the node cannot hold).
struct Bound {
  bool any = true;
  std::vector<PathPattern> patterns;
};

Bound Any() { return Bound{}; }
Bound Never() { return Bound{false, {}}; }

// Relative cost of checking a bound in the kernel (a substring scan costs more).
size_t Cost(const Bound& b) {
  size_t cost = 0;
  for (const PathPattern& p : b.patterns) cost += p.kind == PathPatternKind::kContains ? 8 : 1;
  return cost;
}

void Add(PathPatternKind kind, std::string_view text, std::vector<PathPattern>* out) {
  if (kind == PathPatternKind::kContains && text.size() > kMaxContainsPatternBytes) {
    text = text.substr(0, kMaxContainsPatternBytes);  // a substring of the substring
  }
  if (text.size() > kMaxPathPatternBytes) {
    // Weaken: every path matching the original matches the cut pattern.
    switch (kind) {
      case PathPatternKind::kExact:
      case PathPatternKind::kPrefix:
        kind = PathPatternKind::kPrefix;
        text = text.substr(0, kMaxPathPatternBytes);
        break;
      case PathPatternKind::kSuffix:
        text = text.substr(text.size() - kMaxPathPatternBytes);
        break;
      case PathPatternKind::kContains:
        text = text.substr(0, kMaxPathPatternBytes);
        break;
    }
  }
  out->push_back(PathPattern{kind, std::string(text)});
}

// The literal prefix of a glob (up to its first wildcard or escape), and whether it has none.
std::string_view GlobLiteralPrefix(std::string_view glob, bool* no_wildcard) {
  const size_t k = glob.find_first_of("*?[\\");
  *no_wildcard = k == std::string_view::npos;
  return *no_wildcard ? glob : glob.substr(0, k);
}

// The path patterns a true predicate implies, or Any() when it bounds nothing.
Bound PathBound(const ir::Program& program, const ir::Predicate& p) {
  const ir::Operand& lhs = program.operands[p.lhs];
  if (p.rhs.has_value() || !lhs.transforms.empty() || p.modifier != catalog::Modifier::kNone ||
      lhs.multiplicity != ir::Multiplicity::kSingle || lhs.is_list) {
    return Any();
  }
  const FieldId id = lhs.field.id;
  if (id != FieldId::kFdName && id != FieldId::kFdNameraw && id != FieldId::kFdDirectory &&
      id != FieldId::kFdFilename) {
    return Any();
  }
  std::vector<std::string_view> values;
  for (const catalog::Value& v : p.values) {
    const std::string* s = std::get_if<std::string>(&v);
    if (s == nullptr) return Any();
    values.push_back(*s);
  }
  if (values.empty()) return Any();
  Bound b = Never();
  for (std::string_view v : values) {
    const bool name = id == FieldId::kFdName || id == FieldId::kFdNameraw;
    switch (p.op) {
      case Op::kEq:
      case Op::kEqEq:
      case Op::kIn:
        if (name) {
          Add(PathPatternKind::kExact, v, &b.patterns);
        } else if (id == FieldId::kFdDirectory) {
          if (v == "/" || v.empty()) return Any();
          Add(PathPatternKind::kPrefix, std::string(v) + "/", &b.patterns);
        } else if (v.find('/') == std::string_view::npos) {  // fd.filename: never has a '/'
          Add(PathPatternKind::kSuffix, "/" + std::string(v), &b.patterns);
        }
        break;
      case Op::kStartsWith:
        if (v.empty()) return Any();
        Add(id == FieldId::kFdFilename ? PathPatternKind::kContains : PathPatternKind::kPrefix, v,
            &b.patterns);
        break;
      case Op::kEndsWith:
        if (v.empty() || id == FieldId::kFdDirectory) return Any();
        Add(PathPatternKind::kSuffix, v, &b.patterns);
        break;
      case Op::kContains:
        if (v.empty() || id == FieldId::kFdDirectory) return Any();
        Add(PathPatternKind::kContains, v, &b.patterns);
        break;
      case Op::kGlob: {
        if (!name) return Any();
        bool exact = false;
        std::string_view prefix = GlobLiteralPrefix(v, &exact);
        if (prefix.empty()) return Any();
        Add(exact ? PathPatternKind::kExact : PathPatternKind::kPrefix, prefix, &b.patterns);
        break;
      }
      case Op::kPmatch:
        if (!name || v.empty()) return Any();
        Add(PathPatternKind::kPrefix, v, &b.patterns);
        break;
      default:
        return Any();
    }
  }
  return b;
}

Bound Union(std::vector<Bound> parts) {
  Bound out = Never();
  for (Bound& b : parts) {
    if (b.any) return Any();
    for (PathPattern& p : b.patterns) out.patterns.push_back(std::move(p));
  }
  return out;
}

// The cheapest child condition of a conjunction (each one is necessary).
Bound Best(std::vector<Bound> parts) {
  Bound* best = nullptr;
  for (Bound& b : parts) {
    if (!b.any && b.patterns.empty()) return Never();
    if (b.any) continue;
    if (best == nullptr || Cost(b) < Cost(*best)) best = &b;
  }
  return best == nullptr ? Any() : std::move(*best);
}

// The path's lattice for NecessaryBound on one code and outcome: `and` keeps its cheapest child,
// `or` unites, and predicates the outcome decides are constants.
struct PathLattice {
  const ir::Program& program;
  uint16_t code;
  bool failed;

  Bound Any() const { return prefilter::Any(); }
  Bound Never() const { return prefilter::Never(); }
  Bound Leaf(const ir::Predicate& p, bool negated) const {
    Tri t = DecideOnOutcome(program, p, code, failed);
    if (negated) t = Not(t);
    if (t == Tri::kFalse) return Never();
    if (t == Tri::kTrue || negated) return Any();
    return PathBound(program, p);
  }
  Bound AllOf(std::vector<Bound> parts) const { return Best(std::move(parts)); }
  Bound AnyOf(std::vector<Bound> parts) const { return Union(std::move(parts)); }
};

// --- the state argument -------------------------------------------------------------------

bool IsFdSocketField(FieldId id) {
  switch (id) {
    case FieldId::kFdIp:
    case FieldId::kFdCip:
    case FieldId::kFdSip:
    case FieldId::kFdLip:
    case FieldId::kFdRip:
    case FieldId::kFdPort:
    case FieldId::kFdCport:
    case FieldId::kFdSport:
    case FieldId::kFdLport:
    case FieldId::kFdRport:
    case FieldId::kFdL4proto:
    case FieldId::kFdSockfamily:
    case FieldId::kFdProto:
    case FieldId::kFdCproto:
    case FieldId::kFdSproto:
    case FieldId::kFdLproto:
    case FieldId::kFdRproto:
    case FieldId::kFdNet:
    case FieldId::kFdCnet:
    case FieldId::kFdSnet:
    case FieldId::kFdLnet:
    case FieldId::kFdRnet:
    case FieldId::kFdCipName:
    case FieldId::kFdSipName:
    case FieldId::kFdLipName:
    case FieldId::kFdRipName:
      return true;
    default:
      return false;
  }
}

bool IsFdField(FieldId id) {
  const std::string_view name = catalog::GetFieldInfo(id).name;
  return name.starts_with("fd.") || name.starts_with("fdlist.");
}

bool CodeHasFdParam(uint16_t code) {
  for (const catalog::ParamInfo& p : catalog::GetEventInfo(code).params) {
    if (p.type == catalog::ParamType::kFd || p.type == catalog::ParamType::kFdList) return true;
  }
  return false;
}

// Whether field `name` with argument `arg` / suffix reads the fd table on `code`.
bool EvtArgReadsTable(uint16_t code, std::string_view suffix, std::optional<std::string> arg) {
  const catalog::EventInfo& info = catalog::GetEventInfo(code);
  const catalog::ParamInfo* param = nullptr;
  if (!suffix.empty()) {
    for (const catalog::ParamInfo& p : info.params) {
      if (p.name == suffix) param = &p;
    }
  } else if (arg.has_value()) {
    size_t idx = 0;
    if (!absl::SimpleAtoi(*arg, &idx)) return true;
    if (idx < info.params.size()) param = &info.params[idx];
  }
  if (param == nullptr) return CodeHasFdParam(code);  // unknown: as if it could
  return param->type == catalog::ParamType::kFd || param->type == catalog::ParamType::kFdList;
}

bool ResolvedReadsTable(const catalog::ResolvedField& f, uint16_t code) {
  if (f.id == FieldId::kFdNum) return false;  // the event's own parameter
  if (IsFdField(f.id)) return true;
  if (f.id == FieldId::kEvtArgs || f.id == FieldId::kEvtInfo) return CodeHasFdParam(code);
  if (f.id == FieldId::kEvtArg) return EvtArgReadsTable(code, f.suffix, f.arg);
  return false;
}

// An output token ("fd.name", "evt.arg.fd", "proc.aname[2]") read on `code`.
bool OutputReadsTable(std::string_view field, uint16_t code) {
  if (field == "fd.num") return false;
  if (field.starts_with("fd.") || field.starts_with("fdlist.")) return true;
  if (field == "evt.args" || field == "evt.info") return CodeHasFdParam(code);
  if (field.starts_with("evt.arg.")) return EvtArgReadsTable(code, field.substr(8), std::nullopt);
  if (field.starts_with("evt.arg[")) {
    std::string_view idx = field.substr(8);
    idx = idx.substr(0, idx.find(']'));
    return EvtArgReadsTable(code, "", std::string(idx));
  }
  return false;
}

// Fields that read the whole fd table of the process, whatever the event: any reference blocks.
bool ReadsWholeTable(FieldId id) {
  switch (id) {
    case FieldId::kFdTypes:
    case FieldId::kProcFdopencount:
    case FieldId::kProcFdusage:
    case FieldId::kProcStdinType:
    case FieldId::kProcStdoutType:
    case FieldId::kProcStderrType:
    case FieldId::kProcStdinName:
    case FieldId::kProcStdoutName:
    case FieldId::kProcStderrName:
      return true;
    default:
      return false;
  }
}

bool ReadsWholeTable(std::string_view output_field) {
  for (std::string_view name : {"fd.types", "proc.fdopencount", "proc.fdusage", "proc.stdin.",
                                "proc.stdout.", "proc.stderr."}) {
    if (output_field.starts_with(name)) return true;
  }
  return false;
}

// String comparison of an fd field whose value is fixed (fd.type under H1, ...).
Tri CompareFixedString(const ir::Predicate& p, std::string_view value) {
  if (p.values.empty()) return Tri::kUnknown;
  bool any = false;
  for (const catalog::Value& v : p.values) {
    const std::string* s = std::get_if<std::string>(&v);
    if (s == nullptr) return Tri::kUnknown;
    any |= *s == value;
  }
  switch (p.op) {
    case Op::kEq:
    case Op::kEqEq:
    case Op::kIn:
      if (p.op != Op::kIn && p.values.size() != 1) return Tri::kUnknown;
      return any ? Tri::kTrue : Tri::kFalse;
    case Op::kNe:
      if (p.values.size() != 1) return Tri::kUnknown;
      return any ? Tri::kFalse : Tri::kTrue;
    case Op::kExists:
      return Tri::kTrue;
    default:
      return Tri::kUnknown;
  }
}

// H1: the fd is a regular file from a successful open (as runtime/state OnOpen records it).
Tri DecideRegularFile(const ir::Program& program, const ir::Predicate& p) {
  const ir::Operand& lhs = program.operands[p.lhs];
  const FieldId id = lhs.field.id;
  if (!IsFdField(id)) return Tri::kUnknown;
  if (!lhs.transforms.empty() || p.rhs.has_value() || p.modifier != catalog::Modifier::kNone) {
    return Tri::kUnknown;
  }
  // Unavailable on a file: every check on it is false (compiler/interp Predicate).
  if (IsFdSocketField(id)) return Tri::kFalse;
  if (lhs.multiplicity != ir::Multiplicity::kSingle) return Tri::kUnknown;
  if (id == FieldId::kFdType) return CompareFixedString(p, "file");
  if (id == FieldId::kFdTypechar) return CompareFixedString(p, "f");
  return Tri::kUnknown;
}

// H2: the fd is not in the table: only fd.num, fd.name/nameraw/directory and fd.typechar are
// answered (from the event); every other fd field is unavailable.
Tri DecideUnknownFd(const ir::Program& program, const ir::Predicate& p) {
  const ir::Operand& lhs = program.operands[p.lhs];
  const FieldId id = lhs.field.id;
  if (!IsFdField(id)) return Tri::kUnknown;
  if (!lhs.transforms.empty() || p.rhs.has_value()) return Tri::kUnknown;
  switch (id) {
    case FieldId::kFdNum:
    case FieldId::kFdName:
    case FieldId::kFdNameraw:
    case FieldId::kFdDirectory:
    case FieldId::kFdTypechar:
    case FieldId::kFdTypes:
    case FieldId::kFdlistNums:
    case FieldId::kFdlistNames:
    case FieldId::kFdlistCips:
    case FieldId::kFdlistSips:
      return Tri::kUnknown;
    default:
      return IsFdField(id) && catalog::GetFieldInfo(id).name.starts_with("fd.") ? Tri::kFalse
                                                                                : Tri::kUnknown;
  }
}

void CollectOperands(const ir::Program& program, ir::NodeId id, std::vector<ir::OperandId>* out) {
  const ir::Node& n = program.nodes[id];
  if (n.kind == ir::NodeKind::kPredicate) {
    const ir::Predicate& p = program.predicates[n.predicate];
    out->push_back(p.lhs);
    if (p.rhs) out->push_back(*p.rhs);
    return;
  }
  for (ir::NodeId c : n.children) CollectOperands(program, c, out);
}

// A field of the rule (condition or output) that reads the whole fd table, or "".
std::string WholeTableField(const CompiledRuleset& ruleset, const CompiledRuleInfo& info) {
  for (const std::string& f : info.output_fields) {
    if (ReadsWholeTable(f)) return f;
  }
  const ir::Program& program = ruleset.program;
  std::vector<ir::OperandId> ops;
  CollectOperands(program, program.rules[*info.ir_rule].root, &ops);
  for (ir::OperandId o : ops) {
    const catalog::ResolvedField& f = program.operands[o].field;
    if (ReadsWholeTable(f.id)) return std::string(f.info->name);
  }
  return "";
}

// Codes whose fields may come from an existing fd-table entry. Only exits: the live probe, the
// only source with approvers, emits no enter events.
bool ReadsFdTableOn(uint16_t code) {
  const catalog::EventInfo& info = catalog::GetEventInfo(code);
  // Their own fd is the new one (see the comment at the top), in every version of the event.
  for (std::string_view open : {"open", "creat", "openat", "openat2", "open_by_handle_at"}) {
    if (info.name == open) return false;
  }
  if (!info.is_exit) return false;
  if ((info.tags & (catalog::kTagFdDestroy | catalog::kTagFdUse)) != 0) return true;
  // Creators read only the fd they create, except those that copy an existing one.
  for (std::string_view copy : {"dup", "dup2", "dup3", "fcntl", "pidfd_getfd"}) {
    if (info.name == copy) return true;
  }
  return false;
}

std::string CodeName(uint16_t code) { return std::string(catalog::GetEventInfo(code).name); }

}  // namespace

bool PathPattern::Matches(std::string_view path) const {
  switch (kind) {
    case PathPatternKind::kExact:
      return path == text;
    case PathPatternKind::kPrefix:
      return path.starts_with(text);
    case PathPatternKind::kSuffix:
      return path.ends_with(text);
    case PathPatternKind::kContains:
      return path.find(text) != std::string_view::npos;
  }
  return true;
}

std::string PathPattern::Describe() const {
  switch (kind) {
    case PathPatternKind::kExact:
      return absl::StrCat("= ", text);
    case PathPatternKind::kPrefix:
      return absl::StrCat("startswith ", text);
    case PathPatternKind::kSuffix:
      return absl::StrCat("endswith ", text);
    case PathPatternKind::kContains:
      return absl::StrCat("contains ", text);
  }
  return text;
}

const std::vector<uint16_t>& PathApproverCodes() {
  static const std::vector<uint16_t> kCodes = {PG_EVT_SYSCALL_OPEN_X, PG_EVT_SYSCALL_CREAT_X,
                                               PG_EVT_SYSCALL_OPENAT_2_X, PG_EVT_SYSCALL_OPENAT2_X};
  return kCodes;
}

std::optional<std::vector<PathPattern>> NecessaryPathPatterns(const CompiledRuleset& ruleset,
                                                              uint32_t ir_rule, uint16_t code,
                                                              bool failed) {
  const ir::Program& program = ruleset.program;
  if (code >= program.rules_by_code.size()) return std::vector<PathPattern>{};
  const std::vector<uint32_t>& rules = program.rules_by_code[code];
  for (size_t k = 0; k < rules.size(); ++k) {
    if (rules[k] != ir_rule) continue;
    Bound b = NecessaryBound(program, program.roots_by_code[code][k], /*negated=*/false,
                             PathLattice{program, code, failed});
    if (b.any) return std::nullopt;
    SortUnique(&b.patterns);
    return b.patterns;
  }
  return std::vector<PathPattern>{};  // not indexed under this code: it cannot match
}

std::string StateBlocker(const CompiledRuleset& ruleset, size_t rule_index) {
  const CompiledRuleInfo& info = ruleset.rules[rule_index];
  if (!info.ir_rule.has_value()) return "";
  const std::string& name = ruleset.program.rules[*info.ir_rule].name;
  if (const std::string f = WholeTableField(ruleset, info); !f.empty()) {
    return absl::StrCat("rule '", name, "' reads ", f, " (from every fd of the process)");
  }
  const ir::Program& program = ruleset.program;
  for (size_t code = 0; code < program.rules_by_code.size(); ++code) {
    const uint16_t c = static_cast<uint16_t>(code);
    if (!ReadsFdTableOn(c)) continue;
    const std::vector<uint32_t>& rules = program.rules_by_code[code];
    for (size_t k = 0; k < rules.size(); ++k) {
      if (rules[k] != *info.ir_rule) continue;
      const ir::NodeId root = program.roots_by_code[code][k];
      bool reads = false;
      for (const std::string& f : info.output_fields) reads |= OutputReadsTable(f, c);
      std::vector<ir::OperandId> ops;
      CollectOperands(program, root, &ops);
      for (ir::OperandId o : ops) reads |= ResolvedReadsTable(program.operands[o].field, c);
      if (!reads) continue;
      const Tri h1 = Evaluate(
          program, root, [&](const ir::Predicate& p) { return DecideRegularFile(program, p); });
      const Tri h2 = Evaluate(program, root,
                              [&](const ir::Predicate& p) { return DecideUnknownFd(program, p); });
      if (h1 != Tri::kFalse || h2 != Tri::kFalse) {
        return absl::StrCat("rule '", name, "' reads the fd table on ", CodeName(c),
                            " and may match whether the fd is an opened file or unknown");
      }
    }
  }
  return "";
}

PathApprovers BuildPathApprovers(const CompiledRuleset& ruleset, const EventCodeSet& drop_failed) {
  PathApprovers out;
  const ir::Program& program = ruleset.program;
  for (size_t i = 0; i < ruleset.rules.size() && i < ruleset.loaded.rules.size(); ++i) {
    if (!ruleset.rules[i].loaded || !ruleset.loaded.rules[i].enabled) continue;
    out.state_blocker = StateBlocker(ruleset, i);
    if (!out.state_blocker.empty()) break;
  }
  for (uint16_t code : PathApproverCodes()) {
    PathApprover approver;
    for (bool failed : {false, true}) {
      std::string blocker;
      std::vector<PathPattern> patterns;
      if (!failed && !out.state_blocker.empty()) blocker = out.state_blocker;
      if (failed && drop_failed.test(code)) {
        approver.on_failure = std::vector<PathPattern>{};  // the dispatcher drops them all
        continue;
      }
      if (blocker.empty() && code < program.rules_by_code.size()) {
        std::optional<std::vector<PathPattern>> all = UnionOfRuleBounds<PathPattern>(
            program, program.rules_by_code[code], "the path",
            [&](uint32_t rule) { return NecessaryPathPatterns(ruleset, rule, code, failed); },
            &blocker);
        if (all.has_value()) patterns = *std::move(all);
      }
      if (blocker.empty() && patterns.size() > kMaxPathPatterns) {
        blocker = absl::StrCat(patterns.size(), " path patterns, more than the kernel's ",
                               kMaxPathPatterns);
      }
      const size_t substrings = std::count_if(patterns.begin(), patterns.end(), [](auto& p) {
        return p.kind == PathPatternKind::kContains;
      });
      if (blocker.empty() && substrings > kMaxContainsPatterns) {
        blocker = absl::StrCat(substrings, " substring patterns, more than the kernel's ",
                               kMaxContainsPatterns);
      }
      if (!blocker.empty()) {
        (failed ? out.failure_blocker_by_code : out.success_blocker_by_code)[code] = blocker;
        continue;
      }
      (failed ? approver.on_failure : approver.on_success) = std::move(patterns);
    }
    if (approver.on_success || approver.on_failure) out.by_code[code] = std::move(approver);
  }
  return out;
}

}  // namespace peregrine::compiler::prefilter
