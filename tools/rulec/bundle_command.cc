#include "tools/rulec/bundle_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/reload/bundle.h"
#include "runtime/reload/sha256.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::rulec {
namespace {

constexpr char kUsage[] =
    "usage: rulec bundle -o OUT.tar.gz --version V [--no-check] PATH...\n"
    "  writes a rules bundle for `peregrine --bundle`: the rules files (a directory adds its\n"
    "  .yaml/.yml files, sorted) under rules/, and manifest.json with the version and the\n"
    "  sha256 and size of each file. The rules must compile unless --no-check.\n";

struct BundleArgs {
  std::string out;
  std::string version;
  bool check = true;
  std::vector<std::string> paths;
};

std::optional<BundleArgs> ParseArgs(const std::vector<std::string>& args) {
  BundleArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "-o" || a == "--version") && i + 1 < args.size()) {
      (a == "-o" ? parsed.out : parsed.version) = args[++i];
    } else if (a.rfind("--version=", 0) == 0) {
      parsed.version = a.substr(10);
    } else if (a == "--no-check") {
      parsed.check = false;
    } else if (a == "-h" || a == "--help" || (!a.empty() && a[0] == '-')) {
      return std::nullopt;
    } else {
      parsed.paths.push_back(a);
    }
  }
  if (parsed.out.empty() || parsed.version.empty() || parsed.paths.empty()) return std::nullopt;
  return parsed;
}

}  // namespace

int RunBundle(const std::vector<std::string>& args) {
  std::optional<BundleArgs> parsed = ParseArgs(args);
  if (!parsed) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  absl::StatusOr<std::vector<runtime::reload::BundleInputFile>> files =
      runtime::reload::CollectBundleFiles(parsed->paths);
  if (!files.ok()) {
    std::fprintf(stderr, "rulec bundle: %s\n", std::string(files.status().message()).c_str());
    return 1;
  }
  if (parsed->check) {
    // Compile exactly what goes into the bundle: the collected files in their order.
    std::vector<std::string> ordered;
    for (const std::string& p : parsed->paths) {
      std::error_code ec;
      if (std::filesystem::is_directory(p, ec)) {
        std::vector<std::string> found;
        for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
             !ec && it != std::filesystem::end(it); it.increment(ec)) {
          const std::string ext = it->path().extension().string();
          if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) {
            found.push_back(it->path().string());
          }
        }
        std::sort(found.begin(), found.end());
        ordered.insert(ordered.end(), found.begin(), found.end());
      } else {
        ordered.push_back(p);
      }
    }
    compiler::CompileOutput out = compiler::CompileRulesFiles(ordered, compiler::CompileOptions{});
    SourceCache sources;
    int errors = 0;
    for (const compiler::Diagnostic& d : out.diagnostics) {
      if (d.severity != compiler::Severity::kError) continue;
      ++errors;
      std::fprintf(stderr, "%s\n", FormatDiagnosticText(d, sources).c_str());
    }
    if (out.ruleset == nullptr || errors > 0) {
      std::fprintf(stderr,
                   "rulec bundle: the rules do not compile (%d error%s); no bundle written\n",
                   errors, errors == 1 ? "" : "s");
      return 1;
    }
  }
  absl::StatusOr<std::string> bundle =
      runtime::reload::WriteBundle(parsed->version, *files, runtime::reload::NowIso8601());
  if (!bundle.ok()) {
    std::fprintf(stderr, "rulec bundle: %s\n", std::string(bundle.status().message()).c_str());
    return 1;
  }
  // Write next to the target and rename, so a watcher never sees half a bundle.
  const std::string tmp = parsed->out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bundle->data(), static_cast<std::streamsize>(bundle->size()));
    if (!f) {
      std::fprintf(stderr, "rulec bundle: %s: cannot write\n", tmp.c_str());
      return 1;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, parsed->out, ec);
  if (ec) {
    std::fprintf(stderr, "rulec bundle: %s: %s\n", parsed->out.c_str(), ec.message().c_str());
    return 1;
  }
  std::printf("bundle %s: version %s, %zu rules files, sha256 %s\n", parsed->out.c_str(),
              parsed->version.c_str(), files->size(), runtime::reload::Sha256Hex(*bundle).c_str());
  for (const runtime::reload::BundleInputFile& f : *files) {
    std::printf("  rules/%s  %s\n", f.name.c_str(), runtime::reload::Sha256Hex(f.contents).c_str());
  }
  return 0;
}

}  // namespace peregrine::rulec
