// Seeded random events for the fields an compiler::ir::Program reads: values drawn from the
// program's own constants and near misses of them (prefixes, suffixes, case changes, embedded NULs,
// ±1), plus random ones, some fields unavailable and a few values of an unexpected kind. Shared by
// the differential tests, the JIT fuzzer and the benchmarks.
#ifndef PEREGRINE_BENCH_WORKLOAD_RANDOM_EVENTS_H_
#define PEREGRINE_BENCH_WORKLOAD_RANDOM_EVENTS_H_

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "bench/workload/program_field_reader.h"
#include "compiler/ir/ir.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::bench {

struct RandomEventOptions {
  // Percent of values drawn from the rules' constants and their near misses (the rest are
  // ordinary values: common process names, paths, small numbers).
  int constant_percent = 85;
  // Percent of fields unavailable.
  int unavailable_percent = 12;
  // Percent of values of another kind than the field's type produces.
  int wrong_kind_percent = 2;
  // Event codes and weights; empty: every code with rules, uniformly.
  std::vector<std::pair<uint16_t, int>> code_weights;
};

// Owned by one thread. The program must outlive it; values it generates stay valid while it lives.
class RandomEvents {
 public:
  RandomEvents(const compiler::ir::Program& program, ProgramFieldReader& reader, uint64_t seed,
               const RandomEventOptions& options = RandomEventOptions{})
      : reader_(reader), rng_(seed), options_(options), pools_(reader.num_fields()) {
    for (const auto& [code, weight] : options.code_weights) {
      for (int i = 0; i < weight; ++i) weighted_codes_.push_back(code);
    }
    for (size_t code = 0; code < program.rules_by_code.size(); ++code) {
      if (!program.rules_by_code[code].empty()) codes_.push_back(static_cast<uint16_t>(code));
    }
    for (const compiler::ir::Predicate& p : program.predicates) {
      const compiler::ir::Operand& lhs = program.operands[p.lhs];
      Pool& pool = pools_[Slot(lhs)];
      pool.type = lhs.field.type;
      for (const catalog::Value& v : p.values) AddConstant(v, &pool);
    }
    std::vector<int> slot_of_operand;
    for (const compiler::ir::Operand& operand : program.operands) {
      slot_of_operand.push_back(Slot(operand));
      Pool& pool = pools_[slot_of_operand.back()];
      pool.type = operand.field.type;
      pool.is_list = operand.field.is_list;
    }
    evt_type_ = reader.Find("evt.type");
    evt_dir_ = reader.Find("evt.dir");
    // The field slots each code's rules can read: only those get fresh values per event (the
    // others keep earlier values no back end reads for that code).
    fill_by_code_.resize(program.rules_by_code.size());
    seal_by_code_.resize(program.rules_by_code.size());
    for (size_t code = 0; code < program.rules_by_code.size(); ++code) {
      std::vector<bool> used(reader.num_fields(), false);
      std::vector<compiler::ir::NodeId> stack;
      for (uint32_t rule : program.rules_by_code[code]) stack.push_back(program.rules[rule].root);
      if (code < program.roots_by_code.size()) {
        for (compiler::ir::NodeId root : program.roots_by_code[code]) stack.push_back(root);
      }
      while (!stack.empty()) {
        const compiler::ir::Node& node = program.nodes[stack.back()];
        stack.pop_back();
        if (node.kind == compiler::ir::NodeKind::kPredicate) {
          const compiler::ir::Predicate& p = program.predicates[node.predicate];
          used[slot_of_operand[p.lhs]] = true;
          if (p.rhs) used[slot_of_operand[*p.rhs]] = true;
        }
        for (compiler::ir::NodeId child : node.children) stack.push_back(child);
      }
      for (int slot = 0; slot < reader.num_fields(); ++slot) {
        if (used[slot]) fill_by_code_[code].push_back(slot);
      }
      seal_by_code_[code] = fill_by_code_[code];
      for (int slot : {evt_type_, evt_dir_}) {
        if (slot >= 0 && !used[slot]) seal_by_code_[code].push_back(slot);
      }
    }
    for (const char* s : {"",
                          "a",
                          "/",
                          "bash",
                          "/usr/bin/",
                          "x/y/z",
                          "12345",
                          "-",
                          "<",
                          ">",
                          "nginx",
                          "python3",
                          "/usr/lib/x86_64-linux-gnu/libc.so.6",
                          "sshd",
                          "/proc/self/stat",
                          "systemd",
                          "/var/log/syslog",
                          "root",
                          "node",
                          "/home/user/.cache/x",
                          "containerd",
                          "/tmp/build.o",
                          "java"}) {
      common_strings_.push_back(Own(s));
    }
  }

  // A fresh event in the reader; returns its code (one with rules). Fields consistent with the
  // code: evt.type (the code's name, or a syscall name for generic events) and evt.dir. Only the
  // fields the code's rules read get new values; the reader is sealed.
  uint16_t Next() {
    uint16_t code = 3;
    if (!weighted_codes_.empty())
      code = weighted_codes_[Below(weighted_codes_.size())];
    else if (!codes_.empty())
      code = codes_[Below(codes_.size())];
    if (code < fill_by_code_.size()) {
      for (int slot : fill_by_code_[code]) Fill(slot);
    }
    const catalog::EventInfo& info = catalog::GetEventInfo(code);
    if (evt_type_ >= 0) {
      auto& f = reader_.field(evt_type_);
      f.available = true;
      if (code == catalog::kGenericExitCode || code + 1 == catalog::kGenericExitCode ||
          code == catalog::kAsyncEventCode) {
        f.value = compiler::eval::FieldValue::String(RandomString(pools_[evt_type_]));
      } else {
        f.value = compiler::eval::FieldValue::String(info.name);
      }
    }
    if (evt_dir_ >= 0) {
      auto& f = reader_.field(evt_dir_);
      f.available = true;
      f.value = compiler::eval::FieldValue::String(info.is_exit ? "<" : ">");
    }
    if (code < seal_by_code_.size())
      reader_.Seal(seal_by_code_[code]);
    else
      reader_.Seal();
    return code;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  struct Pool {
    catalog::FieldType type = catalog::FieldType::kCharBuf;
    bool is_list = false;
    std::vector<std::string_view> strings;
    std::vector<uint64_t> numbers;
    std::vector<catalog::IpAddress> ips;
  };

  int Slot(const compiler::ir::Operand& operand) const {
    const std::string name = operand.field.DisplayName();
    for (int i = 0; i < reader_.num_fields(); ++i) {
      if (reader_.field(i).name == name) return i;
    }
    return 0;
  }

  std::string_view Own(std::string s) { return storage_.emplace_back(std::move(s)); }

  void AddConstant(const catalog::Value& v, Pool* pool) {
    if (const auto* s = std::get_if<std::string>(&v)) {
      pool->strings.push_back(Own(*s));
      pool->strings.push_back(Own(*s + "/x"));
      pool->strings.push_back(Own("x" + *s));
      if (!s->empty()) pool->strings.push_back(Own(s->substr(0, s->size() - 1)));
      pool->strings.push_back(Own(absl::AsciiStrToUpper(*s)));
      pool->strings.push_back(Own(*s + std::string(1, '\0') + "tail"));
      // Glob and regex patterns become plausible values when their metacharacters go.
      std::string plain;
      for (char c : *s) {
        if (c != '*' && c != '?' && c != '[' && c != ']' && c != '\\' && c != '^' && c != '$')
          plain.push_back(c);
      }
      pool->strings.push_back(Own(plain));
    } else if (const auto* b = std::get_if<catalog::Bytes>(&v)) {
      pool->strings.push_back(Own(b->data));
      pool->strings.push_back(Own("\x01" + b->data + "\x02"));
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      for (int64_t d : {-1, 0, 1}) pool->numbers.push_back(static_cast<uint64_t>(*i + d));
    } else if (const auto* u = std::get_if<uint64_t>(&v)) {
      for (uint64_t d : {0, 1}) pool->numbers.push_back(*u + d);
      pool->numbers.push_back(*u - 1);
    } else if (const auto* ip = std::get_if<catalog::IpAddress>(&v)) {
      pool->ips.push_back(*ip);
    } else if (const auto* net = std::get_if<catalog::IpNetwork>(&v)) {
      pool->ips.push_back(net->addr);
      catalog::IpAddress other = net->addr;
      other.bytes[net->addr.is_v6 ? 15 : 3] ^= 0x5a;
      pool->ips.push_back(other);
    }
  }

  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

  std::string_view RandomString(const Pool& pool) {
    if (!pool.strings.empty() && Chance(options_.constant_percent)) {
      return pool.strings[Below(pool.strings.size())];
    }
    return common_strings_[Below(common_strings_.size())];
  }
  uint64_t RandomNumber(const Pool& pool) {
    if (!pool.numbers.empty() && Chance(options_.constant_percent)) {
      return pool.numbers[Below(pool.numbers.size())];
    }
    static constexpr uint64_t kEdges[] = {0, 1, 2, 22, 443, 0xFFFFFFFFull, ~0ull, 1ull << 63};
    return kEdges[Below(std::size(kEdges))];
  }
  catalog::IpAddress RandomIp(const Pool& pool) {
    if (!pool.ips.empty() && Chance(70)) return pool.ips[Below(pool.ips.size())];
    catalog::IpAddress ip;
    ip.is_v6 = Chance(20);
    for (auto& byte : ip.bytes) byte = static_cast<uint8_t>(rng_());
    if (!ip.is_v6) std::fill(ip.bytes.begin() + 4, ip.bytes.end(), 0);
    return ip;
  }

  // A value of the kind the field's type produces (rarely another kind).
  compiler::eval::FieldValue RandomValue(int slot) {
    const Pool& pool = pools_[slot];
    using catalog::FieldType;
    if (pool.is_list) {
      auto& items = lists_.emplace_back();
      const size_t n = Below(4);
      for (size_t i = 0; i < n; ++i) items.push_back(RandomString(pool));
      // Keeps the lists of the last 128 Ki events' worth valid (snapshots of recent events).
      if (lists_.size() > (size_t{1} << 17)) lists_.pop_front();
      compiler::eval::FieldValue v;
      v.kind = compiler::eval::FieldValue::Kind::kList;
      v.list = &lists_.back();
      return v;
    }
    if (Chance(options_.wrong_kind_percent))
      return compiler::eval::FieldValue::String(RandomString(pool));
    switch (catalog::ClassifyType(pool.type)) {
      case catalog::TypeClass::kString:
        return compiler::eval::FieldValue::String(RandomString(pool));
      case catalog::TypeClass::kBuffer:
        return compiler::eval::FieldValue::Bytes(RandomString(pool));
      case catalog::TypeClass::kBool:
        return compiler::eval::FieldValue::Bool(Chance(50));
      case catalog::TypeClass::kIp:
        return compiler::eval::FieldValue::Ip(RandomIp(pool));
      case catalog::TypeClass::kNumeric:
      case catalog::TypeClass::kOther:
        if (pool.type == FieldType::kDouble) {
          return compiler::eval::FieldValue::Double(static_cast<double>(RandomNumber(pool)) + 0.5);
        }
        if (catalog::IsSignedIntType(pool.type)) {
          return compiler::eval::FieldValue::Int(static_cast<int64_t>(RandomNumber(pool)));
        }
        return compiler::eval::FieldValue::Uint(RandomNumber(pool));
    }
    return compiler::eval::FieldValue::Uint(0);
  }

  void Fill(int slot) {
    ProgramFieldReader::Field& f = reader_.field(slot);
    f.ancestors.clear();
    f.endpoints.clear();
    f.available = !Chance(options_.unavailable_percent);
    if (!f.available) return;
    switch (f.multiplicity) {
      case compiler::ir::Multiplicity::kSingle:
        f.value = RandomValue(slot);
        break;
      case compiler::ir::Multiplicity::kAnyAncestor: {
        const size_t n = Below(5);
        for (size_t i = 0; i < n; ++i) f.ancestors.push_back(RandomValue(slot));
        break;
      }
      case compiler::ir::Multiplicity::kEitherEndpoint:
        f.endpoints = {RandomValue(slot), RandomValue(slot)};
        break;
    }
  }

  ProgramFieldReader& reader_;
  std::mt19937_64 rng_;
  RandomEventOptions options_;
  std::vector<Pool> pools_;
  std::vector<uint16_t> weighted_codes_;
  std::vector<uint16_t> codes_;
  std::vector<std::vector<int>> fill_by_code_;  // field slots the code's rules read
  std::vector<std::vector<int>> seal_by_code_;  // the same plus evt.type and evt.dir
  int evt_type_ = -1;
  int evt_dir_ = -1;
  std::deque<std::string> storage_;
  std::vector<std::string_view> common_strings_;
  std::deque<std::vector<std::string_view>> lists_;
};

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_WORKLOAD_RANDOM_EVENTS_H_
