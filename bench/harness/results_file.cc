#include "bench/harness/results_file.h"

#include <ctime>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "base/json_writer.h"

namespace peregrine::bench {
namespace {

void AppendMembers(const std::vector<NamedJson>& members, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [name, json] : members) {
    if (!first) out->push_back(',');
    first = false;
    out->append("\n    \"");
    AppendJsonEscaped(name, out);
    out->append("\": ");
    out->append(json.empty() ? "null" : json);
  }
  out->append("}");
}

// Index just past the JSON string starting at json[i] == '"'; appends its body to `value`.
size_t ScanString(const std::string& json, size_t i, std::string* value) {
  for (++i; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') return i + 1;
    if (c == '\\' && i + 1 < json.size()) {
      ++i;
      const char e = json[i];
      value->push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      continue;
    }
    value->push_back(c);
  }
  return json.size();
}

// Index just past the nested object or array starting at json[i].
size_t SkipNested(const std::string& json, size_t i) {
  int depth = 0;
  std::string ignored;
  while (i < json.size()) {
    const char c = json[i];
    if (c == '"') {
      i = ScanString(json, i, &ignored);
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
    ++i;
  }
  return i;
}

size_t SkipSpace(const std::string& json, size_t i) {
  while (i < json.size() &&
         (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r')) {
    ++i;
  }
  return i;
}

}  // namespace

std::string DefaultResultsPath() {
  char buffer[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  std::strftime(buffer, sizeof(buffer), "%Y%m%d-%H%M%S", &tm);
  return absl::StrCat("bench-results/", buffer, ".json");
}

absl::Status WriteResultsFile(const std::string& path, const MachineFacts& machine,
                              const std::vector<NamedJson>& scenarios,
                              const std::vector<NamedJson>& google_benchmarks) {
  const std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::string out = "{\n  \"machine\": ";
  out.append(MachineFactsJson(machine));
  out.append(",\n  \"scenarios\": ");
  AppendMembers(scenarios, &out);
  out.append(",\n  \"google_benchmarks\": ");
  AppendMembers(google_benchmarks, &out);
  out.append("\n}\n");
  std::ofstream f(path, std::ios::trunc);
  f << out;
  f.close();
  if (!f) return absl::UnavailableError(absl::StrCat("cannot write results file ", path));
  return absl::OkStatus();
}

std::vector<std::pair<std::string, std::string>> TopLevelScalars(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = SkipSpace(json, 0);
  if (i >= json.size() || json[i] != '{') return out;
  ++i;
  while (true) {
    i = SkipSpace(json, i);
    if (i >= json.size() || json[i] == '}') break;
    if (json[i] == ',') {
      ++i;
      continue;
    }
    if (json[i] != '"') return {};
    std::string key;
    i = SkipSpace(json, ScanString(json, i, &key));
    if (i >= json.size() || json[i] != ':') return {};
    i = SkipSpace(json, i + 1);
    if (i >= json.size()) return {};
    if (json[i] == '{' || json[i] == '[') {
      i = SkipNested(json, i);
    } else if (json[i] == '"') {
      std::string value;
      i = ScanString(json, i, &value);
      out.emplace_back(std::move(key), std::move(value));
    } else {
      const size_t start = i;
      while (i < json.size() && json[i] != ',' && json[i] != '}' && json[i] != ' ' &&
             json[i] != '\n') {
        ++i;
      }
      out.emplace_back(std::move(key), json.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace peregrine::bench
