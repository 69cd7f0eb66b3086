#include "runtime/reload/bundle.h"

#include <time.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "runtime/reload/gzip.h"
#include "runtime/reload/sha256.h"
#include "runtime/reload/tar_archive.h"

namespace peregrine::runtime::reload {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path.string(), ": cannot read"));
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat(path.string(), ": read error"));
  return s.str();
}

bool IsRulesFile(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

bool IsSafeBundlePath(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    start = end + 1;
  }
  return path.find('\\') == std::string_view::npos && path.find('\0') == std::string_view::npos;
}

std::string NowIso8601() {
  const time_t now = time(nullptr);
  struct tm tm;
  gmtime_r(&now, &tm);
  char buf[32];
  strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

absl::StatusOr<std::vector<BundleInputFile>> CollectBundleFiles(
    const std::vector<std::string>& paths) {
  std::vector<BundleInputFile> out;
  std::set<std::string> names;
  const auto add = [&](std::string name, const fs::path& from) -> absl::Status {
    if (!names.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(from.string(), ": a file named '", name, "' is already in the bundle"));
    }
    absl::StatusOr<std::string> contents = ReadWholeFile(from);
    if (!contents.ok()) return contents.status();
    out.push_back(BundleInputFile{std::move(name), *std::move(contents)});
    return absl::OkStatus();
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec) && IsRulesFile(it->path())) found.push_back(it->path());
      }
      if (ec) return absl::NotFoundError(absl::StrCat(path, ": cannot list: ", ec.message()));
      if (found.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": no .yaml or .yml rules files"));
      }
      std::sort(found.begin(), found.end());
      std::string base = fs::absolute(p).lexically_normal().filename().string();
      if (base.empty()) base = fs::absolute(p).lexically_normal().parent_path().filename().string();
      if (base.empty()) base = "rules";
      for (const fs::path& f : found) {
        const std::string rel = f.lexically_relative(p).generic_string();
        if (absl::Status s = add(absl::StrCat(base, "/", rel), f); !s.ok()) return s;
      }
    } else if (fs::exists(p, ec)) {
      if (absl::Status s = add(p.filename().string(), p); !s.ok()) return s;
    } else {
      return absl::NotFoundError(absl::StrCat(path, ": no such rules file or directory"));
    }
  }
  return out;
}

absl::StatusOr<std::string> WriteBundle(std::string_view version,
                                        const std::vector<BundleInputFile>& files,
                                        std::string_view created) {
  if (version.empty()) return absl::InvalidArgumentError("bundle: the version is empty");
  if (files.empty()) return absl::InvalidArgumentError("bundle: no rules files");
  BundleManifest manifest;
  manifest.version = std::string(version);
  manifest.created = std::string(created);
  for (const BundleInputFile& f : files) {
    if (!IsSafeBundlePath(f.name)) {
      return absl::InvalidArgumentError(absl::StrCat("bundle: unsafe file name '", f.name, "'"));
    }
    manifest.files.push_back(
        BundleFileEntry{std::string(kRulesDir) + f.name, Sha256Hex(f.contents), f.contents.size()});
  }
  TarWriter tar;
  if (absl::Status s = tar.AddFile(kManifestName, ManifestToJson(manifest)); !s.ok()) return s;
  for (size_t i = 0; i < files.size(); ++i) {
    if (absl::Status s = tar.AddFile(manifest.files[i].path, files[i].contents); !s.ok()) return s;
  }
  return GzipCompress(tar.Finish());
}

absl::StatusOr<Bundle> ReadBundle(std::string_view tar_gz) {
  Bundle bundle;
  bundle.archive_sha256 = Sha256Hex(tar_gz);
  absl::StatusOr<std::string> tar = GzipDecompress(tar_gz, kMaxBundleBytes);
  if (!tar.ok())
    return absl::InvalidArgumentError(absl::StrCat("bundle: ", tar.status().message()));
  absl::StatusOr<std::vector<TarEntry>> entries = ReadTar(*tar);
  if (!entries.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("bundle: ", entries.status().message()));
  }
  const TarEntry* manifest_entry = nullptr;
  for (const TarEntry& e : *entries) {
    if (e.type == TarEntryType::kOther) {
      return absl::InvalidArgumentError(
          absl::StrCat("bundle: entry '", e.name, "' is not a regular file or directory (type '",
                       std::string(1, e.typeflag == '\0' ? '0' : e.typeflag), "')"));
    }
    std::string_view name = e.name;
    if (name.size() > 2 && name.substr(0, 2) == "./") name.remove_prefix(2);
    if (e.type == TarEntryType::kDirectory && !name.empty() && name.back() == '/') {
      name.remove_suffix(1);
    }
    if (!IsSafeBundlePath(name)) {
      return absl::InvalidArgumentError(absl::StrCat("bundle: unsafe entry name '", e.name, "'"));
    }
    if (name == kManifestName && e.type == TarEntryType::kFile) {
      if (manifest_entry != nullptr) {
        return absl::InvalidArgumentError("bundle: manifest.json appears twice");
      }
      manifest_entry = &e;
    }
  }
  if (manifest_entry == nullptr) return absl::InvalidArgumentError("bundle: no manifest.json");
  absl::StatusOr<BundleManifest> manifest = ManifestFromJson(manifest_entry->data);
  if (!manifest.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("bundle: ", manifest.status().message()));
  }
  if (manifest->files.empty()) {
    return absl::InvalidArgumentError("bundle: the manifest lists no rules files");
  }
  // Each listed file exactly once, nothing unlisted.
  std::set<std::string> listed;
  for (const BundleFileEntry& f : manifest->files) {
    if (!IsSafeBundlePath(f.path) || f.path.rfind(kRulesDir, 0) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("bundle: manifest path '", f.path, "' is not a safe path under rules/"));
    }
    if (!listed.insert(f.path).second) {
      return absl::InvalidArgumentError(absl::StrCat("bundle: '", f.path, "' is listed twice"));
    }
  }
  std::map<std::string, const TarEntry*> by_name;
  for (const TarEntry& e : *entries) {
    if (e.type != TarEntryType::kFile || &e == manifest_entry) continue;
    std::string name = e.name;
    if (name.rfind("./", 0) == 0) name.erase(0, 2);
    if (listed.count(name) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("bundle: '", name, "' is in the archive but not in the manifest"));
    }
    if (!by_name.emplace(name, &e).second) {
      return absl::InvalidArgumentError(absl::StrCat("bundle: '", name, "' appears twice"));
    }
  }
  for (const BundleFileEntry& f : manifest->files) {
    auto it = by_name.find(f.path);
    const TarEntry* entry = it == by_name.end() ? nullptr : it->second;
    if (entry == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("bundle: '", f.path, "' is in the manifest but not in the archive"));
    }
    if (entry->data.size() != f.size) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bundle: '", f.path, "': size ", entry->data.size(), ", manifest says ", f.size));
    }
    const std::string sha = Sha256Hex(entry->data);
    if (sha != f.sha256) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bundle: '", f.path, "': sha256 mismatch: manifest ", f.sha256, ", file ", sha));
    }
    bundle.files.push_back(BundleInputFile{f.path.substr(kRulesDir.size()), entry->data});
  }
  bundle.manifest = *std::move(manifest);
  return bundle;
}

}  // namespace peregrine::runtime::reload
