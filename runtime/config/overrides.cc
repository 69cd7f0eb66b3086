#include "runtime/config/overrides.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"

namespace peregrine::runtime::config {
namespace {

struct Step {
  bool is_index = false;
  std::string key;
  size_t index = 0;
};

// path    = segment { "." segment }
// segment = name { "[" digits "]" }
absl::Status ParsePath(std::string_view key, std::vector<Step>* steps, std::string* canonical) {
  size_t i = 0;
  const auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid option key '", Sv(key), "': ", Sv(why)));
  };
  while (i <= key.size()) {
    size_t end = i;
    while (end < key.size() && key[end] != '.' && key[end] != '[') ++end;
    if (end == i) return bad("empty segment");
    steps->push_back(Step{false, std::string(key.substr(i, end - i)), 0});
    if (!canonical->empty()) canonical->push_back('.');
    canonical->append(key.substr(i, end - i));
    i = end;
    while (i < key.size() && key[i] == '[') {
      const size_t close = key.find(']', i);
      if (close == std::string_view::npos || close == i + 1) return bad("unterminated index");
      size_t index = 0;
      for (size_t k = i + 1; k < close; ++k) {
        if (key[k] < '0' || key[k] > '9') return bad("index is not a number");
        index = index * 10 + static_cast<size_t>(key[k] - '0');
      }
      steps->push_back(Step{true, "", index});
      canonical->append(key.substr(i, close - i + 1));
      i = close + 1;
    }
    if (i == key.size()) break;
    if (key[i] != '.') return bad("expected '.' or '['");
    ++i;
  }
  return absl::OkStatus();
}

YAML::Node EmptyFor(const Step& step) {
  return YAML::Node(step.is_index ? YAML::NodeType::Sequence : YAML::NodeType::Map);
}

absl::Status SetAt(YAML::Node node, const std::vector<Step>& steps, size_t i,
                   const YAML::Node& value, const std::string& path) {
  const Step& step = steps[i];
  const bool last = i + 1 == steps.size();
  if (!step.is_index) {
    if (!node.IsMap() && !node.IsNull()) {
      return absl::InvalidArgumentError(absl::StrCat("cannot set ", path, ": '", step.key,
                                                     "' is under a value that is not a map"));
    }
    if (last) {
      node[step.key] = value;
      return absl::OkStatus();
    }
    YAML::Node child = node[step.key];
    if (!child.IsDefined() || child.IsNull()) {
      node[step.key] = EmptyFor(steps[i + 1]);
    }
    return SetAt(node[step.key], steps, i + 1, value, path);
  }
  if (!node.IsSequence() && !node.IsNull()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot set ", path, ": not a list"));
  }
  if (step.index > node.size()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot set ", path, ": index ", step.index,
                                                   " is past the end of a list of ", node.size()));
  }
  if (step.index == node.size()) node.push_back(last ? value : EmptyFor(steps[i + 1]));
  if (last) {
    node[step.index] = value;
    return absl::OkStatus();
  }
  YAML::Node child = node[step.index];
  if (child.IsNull()) node[step.index] = EmptyFor(steps[i + 1]);
  return SetAt(node[step.index], steps, i + 1, value, path);
}

}  // namespace

absl::Status ApplyOverride(std::string_view key_value, YAML::Node* root, std::string* path) {
  const size_t eq = key_value.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("option '", Sv(key_value), "' is not of the form key=value"));
  }
  const std::string_view key = key_value.substr(0, eq);
  const std::string_view text = key_value.substr(eq + 1);
  std::vector<Step> steps;
  path->clear();
  if (absl::Status s = ParsePath(key, &steps, path); !s.ok()) return s;
  YAML::Node value;
  if (!text.empty() && (text.front() == '{' || text.front() == '[')) {
    try {
      value = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat("option ", *path, ": value '", Sv(text), "' is not valid YAML: ", e.msg));
    }
  } else {
    value = YAML::Node(std::string(text));
  }
  if (!root->IsDefined() || root->IsNull()) *root = YAML::Node(YAML::NodeType::Map);
  try {
    return SetAt(*root, steps, 0, value, *path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("cannot set ", *path, ": ", e.msg));
  }
}

}  // namespace peregrine::runtime::config
