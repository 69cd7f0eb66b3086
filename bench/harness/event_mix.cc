#include "bench/harness/event_mix.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::bench {
namespace {

// Relative frequencies of exit events a busy server's rules see after the kernel prefilter.
constexpr std::pair<const char*, int> kMix[] = {
    {"openat", 28},   {"open", 4},    {"openat2", 2},  {"close", 14},    {"execve", 6},
    {"connect", 8},   {"accept4", 3}, {"accept", 3},   {"clone", 4},     {"clone3", 2},
    {"socket", 4},    {"sendto", 3},  {"recvfrom", 3}, {"mmap", 3},      {"unlinkat", 3},
    {"renameat2", 2}, {"mkdirat", 2}, {"setuid", 1},   {"chmod", 1},     {"ptrace", 1},
    {"bind", 1},      {"listen", 1},  {"dup2", 1},     {"symlinkat", 1}, {"setns", 1},
};

// The newest exit code of `name` (drivers emit the latest layout).
int NewestExitCode(const char* name) {
  int best = -1;
  for (uint16_t code : catalog::CodesForName(name)) {
    if (catalog::GetEventInfo(code).is_exit &&
        !catalog::GetEventInfo(code).HasTag(catalog::kTagOld))
      best = std::max(best, static_cast<int>(code));
  }
  return best;
}

}  // namespace

EventMix::EventMix(const compiler::ir::Program& program, int distinct_events, uint64_t seed)
    : scratch_(std::make_unique<compiler::testing::ProgramFieldReader>(program)) {
  compiler::testing::RandomEventOptions options;
  options.constant_percent = 15;
  options.unavailable_percent = 5;
  options.wrong_kind_percent = 0;
  for (const auto& [name, weight] : kMix) {
    const int code = NewestExitCode(name);
    if (code < 0) continue;
    options.code_weights.emplace_back(static_cast<uint16_t>(code), weight);
    absl::StrAppend(&description_, description_.empty() ? "" : " ", name, ":", weight);
  }
  generator_ = std::make_unique<compiler::testing::RandomEvents>(program, *scratch_, seed, options);
  codes_.reserve(distinct_events);
  events_.reserve(distinct_events);
  for (int i = 0; i < distinct_events; ++i) {
    codes_.push_back(generator_->Next());
    events_.push_back(scratch_->Snapshot());
  }
}

}  // namespace peregrine::bench
