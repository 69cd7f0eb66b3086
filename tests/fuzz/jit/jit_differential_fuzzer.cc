// Differential fuzzing of the JIT against the interpreter: the input chooses a small ruleset
// (rules combining predicates over every field type and operator, with constants partly taken
// from the input) and a seed for random events; every event must get the same matches from both
// back ends. A rules text that does not compile is skipped (the front end has its own fuzzer).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/workload/program_field_reader.h"
#include "bench/workload/random_events.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace {

using namespace peregrine::compiler;  // NOLINT: fuzzer entry point file

// Predicate templates; `$` is replaced by a constant from the input (sanitised to a token).
constexpr const char* kPredicates[] = {
    "proc.name = $",
    "proc.name != $",
    "proc.name in ($, bash, sh)",
    "proc.name startswith $",
    "proc.name endswith $",
    "proc.name contains $",
    "proc.name icontains $",
    "proc.cmdline contains $",
    "proc.cmdline icontains $",
    "proc.name glob $",
    "proc.name iglob $",
    "fd.name pmatch ($, /etc)",
    "fd.name startswith /$",
    "fd.name in (/etc/passwd, /$)",
    "tolower(proc.name) = $",
    "basename(fd.name) = $",
    "len(proc.cmdline) > 3",
    "b64(proc.cmdline) = $",
    "proc.aname = $",
    "proc.aname[1] in ($, init)",
    "proc.pid = 1",
    "proc.pid < 100",
    "proc.pid in (1, 2, 3)",
    "fd.num >= 0",
    "evt.cpu != 0",
    "proc.tty = 0",
    "fd.sport in (22, 443)",
    "fd.port = 443",
    "fd.ip = 10.0.0.1",
    "fd.net = 10.0.0.0/8",
    "fd.sip != 192.168.1.5",
    "fd.snet in (10.0.0.0/8, 172.16.0.0/12)",
    "fd.types intersects ($, file)",
    "fd.types in (file, ipv4)",
    "evt.buffer bcontains 2f",
    "evt.is_open_write = true",
    "proc.fdusage > 0.5",
    "proc.name = proc.pname",
    "fd.name startswith val(fd.directory)",
    "proc.name == oneof ($, bash)",
    "proc.name contains allof (a, $)",
    "proc.cmdline startswith anyof ($, x)",
    "proc.name exists",
    "fd.name exists",
    "proc.aname exists",
    "evt.type = open",
    "evt.type in (open, execve, connect)",
    "evt.type != execve",
    "evt.dir = <",
    "evt.type = pivot_root",
};
constexpr size_t kNumPredicates = sizeof(kPredicates) / sizeof(kPredicates[0]);

std::string Token(FuzzedDataProvider& in) {
  std::string raw = in.ConsumeRandomLengthString(12);
  std::string token;
  for (char c : raw) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
        c == '.' || c == '_' || c == '*' || c == '-')
      token.push_back(c);
  }
  return token.empty() ? "x" : token;
}

std::string Condition(FuzzedDataProvider& in, int depth) {
  const int kind = depth >= 3 ? 0 : in.ConsumeIntegralInRange(0, 3);
  switch (kind) {
    case 1:
      return absl::StrCat("(", Condition(in, depth + 1), " and ", Condition(in, depth + 1), ")");
    case 2:
      return absl::StrCat("(", Condition(in, depth + 1), " or ", Condition(in, depth + 1), ")");
    case 3:
      return absl::StrCat("not ", Condition(in, depth + 1));
    default: {
      std::string p = kPredicates[in.ConsumeIntegralInRange<size_t>(0, kNumPredicates - 1)];
      const size_t at = p.find('$');
      if (at != std::string::npos) p.replace(at, 1, Token(in));
      return p;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::string text;
  const int rules = in.ConsumeIntegralInRange(1, 6);
  for (int i = 0; i < rules; ++i) {
    std::string condition = Condition(in, 0);
    std::string quoted;
    for (char c : condition) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    absl::StrAppend(&text, "- rule: r", i, "\n  desc: d\n  condition: '", quoted,
                    "'\n  output: o\n  priority: INFO\n");
  }
  CompileOutput out = CompileRulesContent("fuzz.yaml", text, CompileOptions{});
  if (out.ruleset == nullptr) return 0;
  const ir::Program& program = out.ruleset->program;
  jit::JitOptions options;
  options.opt_level = in.ConsumeBool() ? 2 : 0;
  options.rules_per_chunk = in.ConsumeIntegralInRange(1, 4);
  auto code = jit::JitProgram::Compile(program, options);
  if (!code.ok()) {
    std::fprintf(stderr, "jit failed on:\n%s\n%s\n", text.c_str(),
                 std::string(code.status().message()).c_str());
    std::abort();
  }
  jit::JitMatcher matcher(**code);
  interp::Interpreter interpreter(program);
  peregrine::bench::ProgramFieldReader reader(program);
  peregrine::bench::RandomEvents events(program, reader, in.ConsumeIntegral<uint64_t>());
  std::vector<uint32_t> expected, actual;
  for (int i = 0; i < 64; ++i) {
    const uint16_t event_code = events.Next();
    const auto matching = i % 4 == 0 ? interp::RuleMatching::kFirst : interp::RuleMatching::kAll;
    expected.clear();
    actual.clear();
    interpreter.Match(event_code, reader, matching, &expected);
    matcher.Match(event_code, reader, matching, &actual);
    if (expected != actual) {
      std::fprintf(stderr, "back ends disagree on event %d (code %u) for:\n%s\n", i, event_code,
                   text.c_str());
      std::abort();
    }
  }
  return 0;
}
