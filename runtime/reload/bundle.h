// Rules bundles: a gzip'd ustar archive of rules files plus manifest.json (version, sha256 of
// each file), written by `rulec bundle` and verified by `peregrine --bundle`.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(auto files, CollectBundleFiles({"rules/"}));
//   PEREGRINE_ASSIGN_OR_RETURN(std::string tgz, WriteBundle("2024.06.1", files, NowIso8601()));
//   PEREGRINE_ASSIGN_OR_RETURN(Bundle b, ReadBundle(tgz));   // verified, or an error
#ifndef PEREGRINE_RUNTIME_RELOAD_BUNDLE_H_
#define PEREGRINE_RUNTIME_RELOAD_BUNDLE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/reload/bundle_manifest.h"

namespace peregrine::runtime::reload {

inline constexpr std::string_view kManifestName = "manifest.json";
inline constexpr std::string_view kRulesDir = "rules/";
// Decompressed size limit of a bundle (a gzip bomb guard).
inline constexpr size_t kMaxBundleBytes = size_t{256} << 20;

// One rules file to put in a bundle: its name under rules/ and its bytes.
struct BundleInputFile {
  std::string name;  // relative, '/'-separated: "falco_rules.yaml", "rules.d/10-local.yaml"
  std::string contents;
};

// A verified bundle: the manifest, and each file's bytes in manifest (load) order.
struct Bundle {
  BundleManifest manifest;
  std::vector<BundleInputFile> files;  // name without the "rules/" prefix
  std::string archive_sha256;          // of the .tar.gz as read
};

// The rules files named by `paths`, in order, as Falco would load them: a file as itself (named by
// its base name), a directory as its *.yaml and *.yml files, recursively, sorted by path (named
// "<dir base name>/<relative path>"). Errors: a path that does not exist or cannot be read, a
// directory without rules files, two files with the same name in the bundle.
absl::StatusOr<std::vector<BundleInputFile>> CollectBundleFiles(
    const std::vector<std::string>& paths);

// The .tar.gz bytes: manifest.json first, then rules/<name> for each file. Errors: an empty
// version or file list, a name that is not a safe relative path (see IsSafeBundlePath).
absl::StatusOr<std::string> WriteBundle(std::string_view version,
                                        const std::vector<BundleInputFile>& files,
                                        std::string_view created);

// Decompresses, parses and verifies: manifest.json present and valid; every manifest file
// present once, with its size and sha256; no entry that the manifest does not list (directories
// aside); no link, device or unsafe path. Errors (InvalidArgument for a bad bundle, naming the
// file and the expected and found sha256 on a mismatch).
absl::StatusOr<Bundle> ReadBundle(std::string_view tar_gz);

// True for "a/b.yaml"-like paths: relative, no empty, "." or ".." segment, no backslash or NUL.
bool IsSafeBundlePath(std::string_view path);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowIso8601();

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_BUNDLE_H_
