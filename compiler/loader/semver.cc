#include "compiler/loader/semver.h"

#include <cstdio>

namespace peregrine::compiler {

std::string SemVer::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

bool SemVer::CompatibleWith(const SemVer& required) const {
  return major == required.major && *this >= required;
}

std::optional<SemVer> ParseSemVer(std::string_view text) {
  // sscanf needs a terminated string; the copy also drops anything after an embedded NUL, as the
  // C string Falco hands to sscanf would.
  std::string copy(text);
  unsigned int major = 0, minor = 0, patch = 0;
  if (std::sscanf(copy.c_str(), "%u.%u.%u", &major, &minor, &patch) != 3) return std::nullopt;
  return SemVer{major, minor, patch};
}

}  // namespace peregrine::compiler
