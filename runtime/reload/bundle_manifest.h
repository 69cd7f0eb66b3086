// BundleManifest: the `manifest.json` of a rules bundle — version and the sha256 of each file.
#ifndef PEREGRINE_RUNTIME_RELOAD_BUNDLE_MANIFEST_H_
#define PEREGRINE_RUNTIME_RELOAD_BUNDLE_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace peregrine::runtime::reload {

inline constexpr std::string_view kBundleFormat = "peregrine-rules-bundle";
inline constexpr int kBundleFormatVersion = 1;

struct BundleFileEntry {
  std::string path;    // inside the archive: "rules/<name>"
  std::string sha256;  // 64 lower-case hex digits
  uint64_t size = 0;
};

// The files are listed in load order (the order the rules are compiled in).
struct BundleManifest {
  std::string version;  // free text chosen by the publisher ("2024-06-01.1", a git sha, …)
  std::string created;  // ISO 8601 UTC, informational
  std::vector<BundleFileEntry> files;
};

// {"format":"peregrine-rules-bundle","format_version":1,"version":…,"created":…,
//  "files":[{"path":…,"sha256":…,"size":…},…]}
std::string ManifestToJson(const BundleManifest& manifest);

// Parses and checks the shape above (a small strict JSON reader: no duplicate keys, nesting of at
// most 16). Errors (InvalidArgument): malformed JSON, a wrong format or format_version, missing or
// mistyped keys, a sha256 that is not 64 hex digits.
absl::StatusOr<BundleManifest> ManifestFromJson(std::string_view json);

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_BUNDLE_MANIFEST_H_
