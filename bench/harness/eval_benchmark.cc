#include "bench/harness/eval_benchmark.h"

#include <chrono>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Mean ns per event of `match(code, reader, matches)` over `events` events cycling through `mix`.
template <typename MatchFn>
double NsPerEvent(const EventMix& mix, MixFieldReader& reader, int64_t events,
                  uint64_t* matches_out, MatchFn&& match) {
  std::vector<uint32_t> matches;
  matches.reserve(4096);
  uint64_t total = 0;
  // The event index wraps with a compare, not `i % size`: a 64-bit division per event is a
  // measurement artefact (several ns) that both back ends would pay alike.
  const int size = mix.size();
  int e = 0;
  const Clock::time_point start = Clock::now();
  for (int64_t i = 0; i < events; ++i) {
    mix.Load(e, reader);
    matches.clear();
    match(mix.code(e), reader, &matches);
    total += matches.size();
    if (++e == size) e = 0;
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  if (matches_out != nullptr) *matches_out = total;
  return ns / static_cast<double>(events);
}

}  // namespace

absl::StatusOr<std::shared_ptr<const compiler::CompiledRuleset>> LoadRules(
    const std::vector<std::string>& paths, double* frontend_ms) {
  const Clock::time_point start = Clock::now();
  compiler::CompileOutput out = compiler::CompileRulesFiles(paths, compiler::CompileOptions{});
  if (frontend_ms != nullptr) {
    *frontend_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }
  if (out.ruleset == nullptr) {
    for (const compiler::Diagnostic& d : out.diagnostics) {
      if (d.severity == compiler::Severity::kError) {
        return absl::InvalidArgumentError(absl::StrCat("rules do not compile: ", d.message));
      }
    }
    return absl::InvalidArgumentError("rules do not compile");
  }
  return out.ruleset;
}

double InterpreterNsPerEvent(const compiler::ir::Program& program, const EventMix& mix,
                             int64_t events, uint64_t* matches_out) {
  compiler::interp::Interpreter interpreter(program);
  MixFieldReader reader(mix);
  return NsPerEvent(mix, reader, events, matches_out,
                    [&](uint16_t code, compiler::ir::FieldReader& r, std::vector<uint32_t>* m) {
                      interpreter.Match(code, r, compiler::interp::RuleMatching::kAll, m);
                    });
}

double JitNsPerEvent(const compiler::jit::JitProgram& code, const EventMix& mix, int64_t events,
                     uint64_t* matches_out) {
  compiler::jit::JitMatcher matcher(code);
  MixFieldReader reader(mix);
  return NsPerEvent(mix, reader, events, matches_out,
                    [&](uint16_t c, compiler::ir::FieldReader& r, std::vector<uint32_t>* m) {
                      matcher.Match(c, r, compiler::interp::RuleMatching::kAll, m);
                    });
}

std::string GenerateRuleVariations(int count) {
  static const char* kEvents[] = {
      "open",    "openat", "openat2", "execve", "execveat", "connect", "accept",   "accept4",
      "clone",   "clone3", "socket",  "sendto", "recvfrom", "mmap",    "unlinkat", "renameat2",
      "mkdirat", "setuid", "chmod",   "ptrace", "bind",     "listen",  "dup2",     "symlinkat",
      "setns",   "close",  "fchmod",  "linkat", "mount",    "kill"};
  constexpr int kNumEvents = sizeof(kEvents) / sizeof(kEvents[0]);
  std::string text = R"(
- list: gen_shells
  items: [bash, sh, zsh, dash, ksh, fish, csh, tcsh]
- list: gen_trusted
  items: [systemd, containerd, dockerd, kubelet, sshd, cron, rsyslogd, snapd]
- macro: gen_spawned
  condition: (evt.type in (execve, execveat) and evt.dir = <)
- macro: gen_open_write
  condition: (evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f)
- macro: gen_untrusted
  condition: (not proc.name in (gen_trusted) and not proc.pname in (gen_trusted))
)";
  for (int i = 0; i < count; ++i) {
    const std::string a = kEvents[i % kNumEvents], b = kEvents[(i * 7 + 3) % kNumEvents];
    std::string condition;
    switch (i % 5) {
      case 0:
        condition = absl::StrCat("gen_spawned and proc.name in (gen_shells) and proc.pname = app",
                                 i, " and gen_untrusted");
        break;
      case 1:
        condition = absl::StrCat("gen_open_write and fd.name startswith /etc/conf", i,
                                 " and gen_untrusted");
        break;
      case 2:
        condition = absl::StrCat("evt.type in (", a, ", ", b, ") and fd.sport in (", 1000 + i,
                                 ", 22, 443) and proc.cmdline contains \"--opt", i, "\"");
        break;
      case 3:
        condition = absl::StrCat("evt.type = ", a, " and proc.exepath endswith /bin", i,
                                 " and user.uid != ", i, " and gen_untrusted");
        break;
      default:
        condition = absl::StrCat("evt.type in (", a, ", ", b, ") and (fd.name pmatch (/var/lib/x",
                                 i, ") or proc.aname = parent", i, ")");
        break;
    }
    absl::StrAppend(&text, "- rule: gen_rule_", i, "\n  desc: d\n  condition: ", condition,
                    "\n  output: o\n  priority: WARNING\n");
  }
  return text;
}

}  // namespace peregrine::bench
