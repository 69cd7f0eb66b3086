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
    : scratch_(std::make_unique<ProgramFieldReader>(program)) {
  RandomEventOptions options;
  options.constant_percent = 15;
  options.unavailable_percent = 5;
  options.wrong_kind_percent = 0;
  for (const auto& [name, weight] : kMix) {
    const int code = NewestExitCode(name);
    if (code < 0) continue;
    options.code_weights.emplace_back(static_cast<uint16_t>(code), weight);
    absl::StrAppend(&description_, description_.empty() ? "" : " ", name, ":", weight);
  }
  generator_ = std::make_unique<RandomEvents>(program, *scratch_, seed, options);
  num_fields_ = scratch_->num_fields();
  codes_.reserve(distinct_events);
  events_.reserve(distinct_events);
  compact_.reserve(static_cast<size_t>(distinct_events) * num_fields_);
  available_.reserve(static_cast<size_t>(distinct_events) * num_fields_);
  for (int i = 0; i < distinct_events; ++i) {
    codes_.push_back(generator_->Next());
    events_.push_back(scratch_->Snapshot());  // sealed: compact forms computed
    for (const ProgramFieldReader::Field& f : events_.back()) {
      const bool single = f.multiplicity == compiler::ir::Multiplicity::kSingle;
      compact_.push_back(single && f.available ? f.compact : compiler::ir::CompactValue{});
      available_.push_back(single && f.available ? 1 : 0);
    }
  }
}

MixFieldReader::MixFieldReader(const EventMix& mix)
    : compiler::ir::FieldReader(&MixFieldReader::ReadCompactDense), mix_(mix) {}

bool MixFieldReader::Read(const catalog::ResolvedField& field, compiler::eval::FieldValue* out) {
  const int slot = mix_.scratch_->SlotOf(field);
  if (!available_[slot]) return false;
  const compiler::ir::CompactValue& compact = compact_[slot];
  *out = compiler::ir::HasCompactForm(compact.kind) ? compiler::ir::FromCompact(compact)
                                                    : (*full_)[slot].value;
  return true;
}

bool MixFieldReader::ReadCompactDense(compiler::ir::FieldReader& base,
                                      const catalog::ResolvedField& field,
                                      compiler::ir::CompactValue* out,
                                      compiler::eval::FieldValue* full) {
  auto& self = static_cast<MixFieldReader&>(base);
  const int slot = self.mix_.scratch_->SlotOf(field);
  if (!self.available_[slot]) return false;
  *out = self.compact_[slot];
  if (!compiler::ir::HasCompactForm(out->kind)) *full = (*self.full_)[slot].value;
  return true;
}

void MixFieldReader::ForEachAncestor(
    const catalog::ResolvedField& field,
    absl::FunctionRef<bool(const compiler::eval::FieldValue&)> visit) {
  for (const compiler::eval::FieldValue& v : (*full_)[mix_.scratch_->SlotOf(field)].ancestors) {
    if (visit(v)) return;
  }
}

bool MixFieldReader::ReadEndpoints(const catalog::ResolvedField& field,
                                   compiler::eval::FieldValue* client,
                                   compiler::eval::FieldValue* server) {
  const ProgramFieldReader::Field& f = (*full_)[mix_.scratch_->SlotOf(field)];
  if (f.endpoints.size() != 2) return false;
  *client = f.endpoints[0];
  *server = f.endpoints[1];
  return true;
}

}  // namespace peregrine::bench
