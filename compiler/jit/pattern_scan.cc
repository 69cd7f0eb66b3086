// Multi-pattern substring search: candidate start positions come from the patterns' first bytes
// (16 bytes at a time with SSE2 when there are few distinct first bytes, else a 256-entry table),
// and each candidate is verified against the patterns starting with that byte.
#include "compiler/jit/internal/pattern_scan.h"

#include <cassert>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace peregrine::compiler::jit::internal {
namespace {

// First bytes compared vector-wise at most; more fall back to the table loop.
constexpr uint32_t kMaxVectorLeads = 8;

struct Entry {
  uint32_t offset;  // of the pattern's bytes from the table's start
  uint32_t length;
  uint32_t ignore_case;
  uint32_t reserved;
};

struct Table {
  uint32_t num_patterns;
  uint32_t min_length;
  uint32_t num_leads;  // distinct first bytes for the vector path; 0: use by_lead alone
  uint32_t reserved;
  uint8_t leads[16];
  uint64_t by_lead[256];  // patterns that can start at a byte of this value
  Entry entries[kMaxScanPatterns];
};

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether the pattern of `e` starts at `at` (the caller checked that it fits).
bool MatchesAt(const Table& t, const Entry& e, const char* at) {
  const char* p = reinterpret_cast<const char*>(&t) + e.offset;
  if (!e.ignore_case) return std::memcmp(at, p, e.length) == 0;
  for (uint32_t k = 0; k < e.length; ++k) {
    if (AsciiLower(at[k]) != p[k]) return false;
  }
  return true;
}

// Verifies the candidates starting at position `i`; true when every pattern is found.
inline bool TryAt(const Table& t, const char* text, uint64_t len, uint64_t i, uint64_t all,
                  uint64_t* found) {
  uint64_t candidates = t.by_lead[static_cast<uint8_t>(text[i])] & ~*found;
  while (candidates != 0) {
    const int b = __builtin_ctzll(candidates);
    candidates &= candidates - 1;
    const Entry& e = t.entries[b];
    if (e.length <= len - i && MatchesAt(t, e, text + i)) *found |= uint64_t{1} << b;
  }
  return *found == all;
}

}  // namespace

std::string BuildScanTable(const std::vector<ScanPattern>& patterns) {
  assert(!patterns.empty() && patterns.size() <= kMaxScanPatterns);
  Table t;
  std::memset(&t, 0, sizeof(t));
  t.num_patterns = static_cast<uint32_t>(patterns.size());
  t.min_length = UINT32_MAX;
  std::string bytes;
  bool lead_seen[256] = {};
  uint32_t distinct_leads = 0;
  auto add_lead = [&](char c, size_t i) {
    const uint8_t u = static_cast<uint8_t>(c);
    t.by_lead[u] |= uint64_t{1} << i;
    if (!lead_seen[u]) {
      lead_seen[u] = true;
      if (distinct_leads < sizeof(t.leads)) t.leads[distinct_leads] = u;
      ++distinct_leads;
    }
  };
  for (size_t i = 0; i < patterns.size(); ++i) {
    const ScanPattern& p = patterns[i];
    assert(!p.text.empty());
    Entry& e = t.entries[i];
    e.offset = static_cast<uint32_t>(sizeof(Table) + bytes.size());
    e.length = static_cast<uint32_t>(p.text.size());
    e.ignore_case = p.ignore_case ? 1 : 0;
    t.min_length = std::min(t.min_length, e.length);
    if (p.ignore_case) {
      for (char c : p.text) bytes.push_back(AsciiLower(c));
      const char lower = AsciiLower(p.text[0]);
      add_lead(lower, i);
      if (lower >= 'a' && lower <= 'z') add_lead(static_cast<char>(lower - 'a' + 'A'), i);
    } else {
      bytes += p.text;
      add_lead(p.text[0], i);
    }
  }
  t.num_leads = distinct_leads <= kMaxVectorLeads ? distinct_leads : 0;
  std::string table(reinterpret_cast<const char*>(&t), sizeof(t));
  table += bytes;
  return table;
}

uint64_t ScanPatterns(const void* table, const char* text, uint64_t len) {
  const Table& t = *static_cast<const Table*>(table);
  if (len < t.min_length) return 0;
  const uint64_t all = (uint64_t{1} << t.num_patterns) - 1;
  const uint64_t last = len - t.min_length;  // no pattern starts after this position
  uint64_t found = 0;
  uint64_t i = 0;
#if defined(__SSE2__)
  if (t.num_leads != 0) {
    __m128i leads[kMaxVectorLeads];
    for (uint32_t k = 0; k < t.num_leads; ++k)
      leads[k] = _mm_set1_epi8(static_cast<char>(t.leads[k]));
    for (; i + 16 <= len && i <= last; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
      __m128i hit = _mm_cmpeq_epi8(v, leads[0]);
      for (uint32_t k = 1; k < t.num_leads; ++k)
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, leads[k]));
      uint32_t bits = static_cast<uint32_t>(_mm_movemask_epi8(hit));
      while (bits != 0) {
        const uint64_t at = i + static_cast<uint64_t>(__builtin_ctz(bits));
        bits &= bits - 1;
        if (at > last) return found;
        if (TryAt(t, text, len, at, all, &found)) return found;
      }
    }
  }
#endif
  for (; i <= last; ++i) {
    if (t.by_lead[static_cast<uint8_t>(text[i])] != 0 && TryAt(t, text, len, i, all, &found)) {
      return found;
    }
  }
  return found;
}

}  // namespace peregrine::compiler::jit::internal
