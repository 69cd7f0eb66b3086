// The multi-pattern scan behind grouped `contains`/`icontains` predicates, against the
// interpreter's own substring functions, on edge cases and on seeded random strings.
#include "compiler/jit/internal/pattern_scan.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/eval/string_match.h"
#include "gtest/gtest.h"

namespace peregrine::compiler::jit::internal {
namespace {

// What the interpreter answers for each pattern (predicate_eval: find / ContainsIgnoreCase).
uint64_t Expected(const std::vector<ScanPattern>& patterns, std::string_view text) {
  uint64_t bits = 0;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const bool found = patterns[i].ignore_case
                           ? eval::ContainsIgnoreCase(text, patterns[i].text)
                           : text.find(patterns[i].text) != std::string_view::npos;
    if (found) bits |= uint64_t{1} << i;
  }
  return bits;
}

uint64_t Scan(const std::vector<ScanPattern>& patterns, std::string_view text) {
  const std::string table = BuildScanTable(patterns);
  // The JIT embeds the table 16-byte aligned; give the scan the same.
  std::vector<uint64_t> aligned((table.size() + 7) / 8 + 1);
  std::memcpy(aligned.data(), table.data(), table.size());
  // Exactly `text`'s bytes in their own allocation, so that a read past the end would show
  // under the sanitizers.
  std::unique_ptr<char[]> copy(new char[text.size() + 1]);
  std::memcpy(copy.get(), text.data(), text.size());
  return ScanPatterns(aligned.data(), copy.get(), text.size());
}

std::vector<ScanPattern> Exact(std::initializer_list<const char*> texts) {
  std::vector<ScanPattern> out;
  for (const char* t : texts) out.push_back({t, false});
  return out;
}

TEST(PatternScanTest, FindsEachPatternAnywhere) {
  const auto patterns = Exact({"/.ssh/", "id_rsa", "../"});
  EXPECT_EQ(Scan(patterns, ""), 0u);
  EXPECT_EQ(Scan(patterns, "/"), 0u);
  EXPECT_EQ(Scan(patterns, "/home/u/.ssh/id_rsa"), 0b011u);
  EXPECT_EQ(Scan(patterns, "id_rsa"), 0b010u);                 // the whole text
  EXPECT_EQ(Scan(patterns, "/etc/../x"), 0b100u);              // in the middle
  EXPECT_EQ(Scan(patterns, "aaaaaaaaaaaaaaa/.ssh/"), 0b001u);  // at the very end
  EXPECT_EQ(Scan(patterns, "id_rs"), 0u);                      // a prefix is not enough
}

TEST(PatternScanTest, AcrossVectorBlockBoundaries) {
  const auto patterns = Exact({"needle", "xyz"});
  for (size_t at = 0; at < 40; ++at) {
    const std::string text = std::string(at, 'a') + "needle" + std::string(40 - at, 'b');
    EXPECT_EQ(Scan(patterns, text), 0b01u) << at;
    EXPECT_EQ(Scan(patterns, text.substr(0, at + 5)), 0u) << at;  // cut inside the match
  }
}

TEST(PatternScanTest, OverlappingAndNestedPatterns) {
  const auto patterns = Exact({"aba", "bab", "ab", "b", "abab"});
  EXPECT_EQ(Scan(patterns, "abab"), Expected(patterns, "abab"));
  EXPECT_EQ(Scan(patterns, "abab"), 0b11111u);
  EXPECT_EQ(Scan(patterns, "aab"), 0b01100u);
  // Same first byte, different lengths: the longer one must not hide the shorter.
  const auto same_lead = Exact({"PTRACE_POKETEXT", "PTRACE_POKEDATA", "PTRACE_ATTACH", "P"});
  EXPECT_EQ(Scan(same_lead, "PTRACE_ATTACH"), 0b1100u);
  EXPECT_EQ(Scan(same_lead, "PTRACE_POKEDAT"), 0b1000u);
}

TEST(PatternScanTest, DuplicatePatternsBothReport) {
  const auto patterns = Exact({"x", "x"});
  EXPECT_EQ(Scan(patterns, "axb"), 0b11u);
}

TEST(PatternScanTest, CaseInsensitivePatternsFoldAsciiOnly) {
  std::vector<ScanPattern> patterns = {{"BEGIN Private", true}, {"aws_", true}, {"Key", false}};
  EXPECT_EQ(Scan(patterns, "-----begin PRIVATE key"), 0b001u);
  EXPECT_EQ(Scan(patterns, "AWS_SECRET Key"), 0b110u);
  EXPECT_EQ(Scan(patterns, "KEY"), 0u);  // the exact one stays exact
  // Non-ASCII bytes are not folded (É is not é), as eval::ContainsIgnoreCase.
  std::vector<ScanPattern> accents = {{"\xc3\xa9t\xc3\xa9", true}};
  EXPECT_EQ(Scan(accents, "\xc3\x89T\xc3\x89"), Expected(accents, "\xc3\x89T\xc3\x89"));
  EXPECT_EQ(Scan(accents, "\xc3\xa9T\xc3\xa9"), 1u);
  // Lead bytes that are not letters, and '@'/'[' around the letter range.
  std::vector<ScanPattern> edges = {{"@a", true}, {"[z", true}, {"-C", true}};
  for (const char* text : {"@A", "[Z", "-c", "`a", "{z"}) {
    EXPECT_EQ(Scan(edges, text), Expected(edges, text)) << text;
  }
}

TEST(PatternScanTest, TextShorterThanEveryPattern) {
  const auto patterns = Exact({"abcdef", "ghijkl"});
  EXPECT_EQ(Scan(patterns, "abcde"), 0u);
  EXPECT_EQ(Scan(patterns, "ghijkl"), 0b10u);
}

TEST(PatternScanTest, BytesBeyondAsciiAndNul) {
  std::vector<ScanPattern> patterns = {{std::string("a\0b", 3), false}, {"\xff\xfe", false}};
  EXPECT_EQ(Scan(patterns, std::string("xa\0b", 4)), 0b01u);
  EXPECT_EQ(Scan(patterns, "\x01\xff\xfe"), 0b10u);
}

TEST(PatternScanTest, ManyLeadBytesUseTheTablePath) {
  // More distinct first bytes than the vector path takes, and the full 63 patterns.
  std::vector<ScanPattern> patterns;
  for (size_t i = 0; i < kMaxScanPatterns; ++i) {
    patterns.push_back(
        {absl::StrCat(std::string(1, static_cast<char>('!' + i)), "q", i), i % 3 == 0});
  }
  std::string text;
  for (size_t i = 0; i < kMaxScanPatterns; i += 2) {
    absl::StrAppend(&text, std::string(1, static_cast<char>('!' + i)), "q", i, " ");
  }
  EXPECT_EQ(Scan(patterns, text), Expected(patterns, text));
  EXPECT_NE(Scan(patterns, text), 0u);
}

TEST(PatternScanTest, AgreesWithTheInterpreterOnRandomStrings) {
  std::mt19937_64 rng(7);
  const std::string alphabet("abAB/._-\xe9\0", 10);
  auto random_string = [&](size_t max_len) {
    std::string s(rng() % (max_len + 1), ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<ScanPattern> patterns;
    const size_t n = 1 + rng() % (round % 10 == 0 ? kMaxScanPatterns : 6);
    for (size_t i = 0; i < n; ++i) {
      std::string text = random_string(4);
      if (text.empty()) text.push_back('a');  // patterns are never empty
      patterns.push_back({text, rng() % 2 == 0});
    }
    for (int t = 0; t < 20; ++t) {
      const std::string text = random_string(70);
      ASSERT_EQ(Scan(patterns, text), Expected(patterns, text)) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace peregrine::compiler::jit::internal
