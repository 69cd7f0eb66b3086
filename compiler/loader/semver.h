// Semantic versions as the rules files use them (required_engine_version, plugin versions).
#ifndef PEREGRINE_COMPILER_LOADER_SEMVER_H_
#define PEREGRINE_COMPILER_LOADER_SEMVER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace peregrine::compiler {

// "major.minor.patch". Value type.
struct SemVer {
  uint32_t major = 0;
  uint32_t minor = 0;
  uint32_t patch = 0;

  std::string ToString() const;
  // Falco's compatibility: same major and *this >= required.
  bool CompatibleWith(const SemVer& required) const;

  friend auto operator<=>(const SemVer&, const SemVer&) = default;
};

// Parses "X.Y.Z" the way Falco does (sscanf "%u.%u.%u": leading blanks, a sign and trailing text
// after the third number are accepted). nullopt when three numbers cannot be read.
std::optional<SemVer> ParseSemVer(std::string_view text);

// The rules engine version we report: the one of the Falco snapshot our specification follows
// (falco-rule-language.md header). The upstream rules require 0.57.0.
inline constexpr SemVer kEngineVersion{0, 63, 0};

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_SEMVER_H_
