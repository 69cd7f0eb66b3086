// BundleStore: the verified rules bundles a daemon keeps on disk — the current one and the one
// before it — so that a bundle that fails can be rolled back.
//
// Layout of the state directory (default /var/lib/peregrine/bundles):
//   current/bundle.tar.gz   current/rules/…     the bundle in force
//   previous/bundle.tar.gz  previous/rules/…    the one before it
//   staging-<sha>/…                             a bundle being tried (removed or renamed)
//
// Usage (start or reload with a new bundle):
//   BundleStore store(dir);
//   auto staged = store.Stage("/srv/rules.tar.gz");            // verify + extract, or error
//   if (!staged.ok()) staged = store.StageStored(BundleSlot::kCurrent);   // roll back
//   … compile staged->rules_paths; if it fails, Discard() and stage the stored one …
//   store.Commit(*staged);                                      // current → previous
#ifndef PEREGRINE_RUNTIME_RELOAD_BUNDLE_STORE_H_
#define PEREGRINE_RUNTIME_RELOAD_BUNDLE_STORE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/reload/bundle_manifest.h"

namespace peregrine::runtime::reload {

enum class BundleSlot { kCurrent, kPrevious };

const char* BundleSlotName(BundleSlot slot);

// A verified bundle extracted to a directory of the store, ready to compile.
struct StagedBundle {
  BundleManifest manifest;
  std::string archive_sha256;
  std::string dir;                       // the staging directory
  std::vector<std::string> rules_paths;  // extracted files, in manifest (load) order
  std::string origin;                    // the file it came from, or "stored current bundle"
};

// Owns nothing but paths; every call works on the file system. Thread-compatible: one reload
// thread (or the start-up code) uses it at a time.
class BundleStore {
 public:
  explicit BundleStore(std::string state_dir) : state_dir_(std::move(state_dir)) {}

  // Reads `bundle_path`, verifies it (bundle.h ReadBundle) and extracts it under a staging
  // directory. Errors: unreadable file, failed verification (InvalidArgument, naming the file
  // whose sha256 does not match), a state directory that cannot be written.
  absl::StatusOr<StagedBundle> Stage(const std::string& bundle_path);
  // The same from a stored slot (its bundle.tar.gz is verified again). NotFound when empty.
  absl::StatusOr<StagedBundle> StageStored(BundleSlot slot);
  // Makes `staged` the current bundle and the current one the previous (the older previous is
  // deleted). When `staged` has the current bundle's sha256 nothing rotates (the staging
  // directory is removed).
  absl::Status Commit(const StagedBundle& staged);
  // Removes a staging directory that will not be committed.
  void Discard(const StagedBundle& staged);

  // The manifest of a stored slot (NotFound when empty).
  absl::StatusOr<BundleManifest> StoredManifest(BundleSlot slot) const;
  const std::string& state_dir() const { return state_dir_; }

 private:
  absl::StatusOr<StagedBundle> StageBytes(const std::string& bytes, std::string origin);
  std::string SlotDir(BundleSlot slot) const;

  std::string state_dir_;
};

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_BUNDLE_STORE_H_
