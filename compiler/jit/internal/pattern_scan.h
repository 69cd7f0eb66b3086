// One pass over a string for several `contains`/`icontains` constants at once (the JIT groups the
// substring predicates of one operand). Private to compiler/jit/; pure C++, no LLVM.
#ifndef PEREGRINE_COMPILER_JIT_INTERNAL_PATTERN_SCAN_H_
#define PEREGRINE_COMPILER_JIT_INTERNAL_PATTERN_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace peregrine::compiler::jit::internal {

struct ScanPattern {
  std::string text;          // non-empty
  bool ignore_case = false;  // ASCII case folding, as eval::ContainsIgnoreCase
};

// Patterns per table: bit 63 of a scan result is left free (generated code uses it as the
// "scanned" flag of its memo).
inline constexpr size_t kMaxScanPatterns = 63;

// The search table for `patterns` (1 to kMaxScanPatterns, each non-empty) as bytes: generated code
// embeds it as a constant (16-byte aligned) and passes it to ScanPatterns.
std::string BuildScanTable(const std::vector<ScanPattern>& patterns);

// Bit i is set when patterns[i] of the table occurs in the `len` bytes at `text`.
uint64_t ScanPatterns(const void* table, const char* text, uint64_t len);

}  // namespace peregrine::compiler::jit::internal

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_PATTERN_SCAN_H_
