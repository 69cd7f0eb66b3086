#include "runtime/reload/bundle_store.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "runtime/reload/bundle.h"

namespace peregrine::runtime::reload {
namespace {

namespace fs = std::filesystem;

constexpr char kArchiveName[] = "bundle.tar.gz";

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read bundle"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

absl::Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    return absl::PermissionDeniedError(
        absl::StrCat(path.parent_path().string(), ": cannot create: ", ec.message()));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return absl::PermissionDeniedError(absl::StrCat(path.string(), ": cannot write"));
  return absl::OkStatus();
}

}  // namespace

const char* BundleSlotName(BundleSlot slot) {
  switch (slot) {
    case BundleSlot::kCurrent:
      return "current";
    case BundleSlot::kPrevious:
      return "previous";
  }
  return "current";
}

std::string BundleStore::SlotDir(BundleSlot slot) const {
  return (fs::path(state_dir_) / BundleSlotName(slot)).string();
}

absl::StatusOr<StagedBundle> BundleStore::StageBytes(const std::string& bytes, std::string origin) {
  absl::StatusOr<Bundle> bundle = ReadBundle(bytes);
  if (!bundle.ok()) {
    return absl::Status(bundle.status().code(),
                        absl::StrCat(origin, ": ", bundle.status().message()));
  }
  StagedBundle staged;
  staged.manifest = bundle->manifest;
  staged.archive_sha256 = bundle->archive_sha256;
  staged.origin = std::move(origin);
  const fs::path dir =
      fs::path(state_dir_) / absl::StrCat("staging-", bundle->archive_sha256.substr(0, 16));
  std::error_code ec;
  fs::remove_all(dir, ec);
  staged.dir = dir.string();
  if (absl::Status s = WriteFile(dir / kArchiveName, bytes); !s.ok()) return s;
  for (const BundleInputFile& f : bundle->files) {
    const fs::path path = dir / "rules" / f.name;
    if (absl::Status s = WriteFile(path, f.contents); !s.ok()) return s;
    staged.rules_paths.push_back(path.string());
  }
  return staged;
}

absl::StatusOr<StagedBundle> BundleStore::Stage(const std::string& bundle_path) {
  absl::StatusOr<std::string> bytes = ReadFile(bundle_path);
  if (!bytes.ok()) return bytes.status();
  return StageBytes(*bytes, bundle_path);
}

absl::StatusOr<StagedBundle> BundleStore::StageStored(BundleSlot slot) {
  const std::string path = (fs::path(SlotDir(slot)) / kArchiveName).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return absl::NotFoundError(
        absl::StrCat("no ", BundleSlotName(slot), " bundle in ", state_dir_));
  }
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  return StageBytes(*bytes, absl::StrCat("stored ", BundleSlotName(slot), " bundle"));
}

absl::Status BundleStore::Commit(const StagedBundle& staged) {
  const fs::path current = SlotDir(BundleSlot::kCurrent);
  const fs::path previous = SlotDir(BundleSlot::kPrevious);
  std::error_code ec;
  absl::StatusOr<std::string> current_bytes = ReadFile((current / kArchiveName).string());
  if (current_bytes.ok()) {
    absl::StatusOr<Bundle> current_bundle = ReadBundle(*current_bytes);
    if (current_bundle.ok() && current_bundle->archive_sha256 == staged.archive_sha256) {
      Discard(staged);
      return absl::OkStatus();
    }
  }
  if (fs::exists(current, ec)) {
    fs::remove_all(previous, ec);
    fs::rename(current, previous, ec);
    if (ec) {
      return absl::PermissionDeniedError(absl::StrCat(current.string(), ": cannot move to ",
                                                      previous.string(), ": ", ec.message()));
    }
  }
  fs::rename(staged.dir, current, ec);
  if (ec) {
    return absl::PermissionDeniedError(
        absl::StrCat(staged.dir, ": cannot move to ", current.string(), ": ", ec.message()));
  }
  return absl::OkStatus();
}

void BundleStore::Discard(const StagedBundle& staged) {
  std::error_code ec;
  if (!staged.dir.empty()) fs::remove_all(staged.dir, ec);
}

absl::StatusOr<BundleManifest> BundleStore::StoredManifest(BundleSlot slot) const {
  absl::StatusOr<std::string> bytes = ReadFile((fs::path(SlotDir(slot)) / kArchiveName).string());
  if (!bytes.ok()) {
    return absl::NotFoundError(
        absl::StrCat("no ", BundleSlotName(slot), " bundle in ", state_dir_));
  }
  absl::StatusOr<Bundle> bundle = ReadBundle(*bytes);
  if (!bundle.ok()) return bundle.status();
  return bundle->manifest;
}

}  // namespace peregrine::runtime::reload
