#include "compiler/eval/string_match.h"

#include <fnmatch.h>

#include <algorithm>

namespace peregrine::compiler::eval {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// fnmatch needs NUL-terminated strings; extracted values are views.
bool FnMatch(std::string_view pattern, std::string_view text, int flags) {
  std::string p(pattern);
  std::string t(text);
  return fnmatch(p.c_str(), t.c_str(), flags) == 0;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

bool IsPattern(std::string_view component) {
  return component.find_first_of("*?[") != std::string_view::npos;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool casefold) {
  // C-string semantics: the value ends at its first NUL (falco-rule-language.md §4.4).
  text = text.substr(0, text.find('\0'));
  return FnMatch(pattern, text, casefold ? FNM_CASEFOLD : 0);
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  const char first = AsciiLower(needle[0]);
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (AsciiLower(haystack[i]) != first) continue;
    size_t k = 1;
    while (k < needle.size() && AsciiLower(haystack[i + k]) == AsciiLower(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

PathPrefixSet::PathPrefixSet(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    Node* node = &root_;
    for (std::string_view part : SplitPath(path)) {
      if (node->terminal) break;  // a shorter member already covers this path
      auto it = std::find_if(node->children.begin(), node->children.end(),
                             [&](const Node& child) { return child.component == part; });
      if (it == node->children.end()) {
        node->children.push_back(Node{std::string(part), IsPattern(part), false, {}});
        it = node->children.end() - 1;
      }
      node = &*it;
    }
    // Adding a shorter path subsumes the longer ones below it.
    node->terminal = true;
    node->children.clear();
  }
}

bool PathPrefixSet::MatchFrom(const Node& node, const std::vector<std::string_view>& parts,
                              size_t at) {
  if (node.terminal) return true;
  if (at == parts.size()) return false;
  for (const Node& child : node.children) {
    const bool component_matches =
        child.is_pattern ? FnMatch(child.component, parts[at], 0) : child.component == parts[at];
    if (component_matches && MatchFrom(child, parts, at + 1)) return true;
  }
  return false;
}

bool PathPrefixSet::Matches(std::string_view path) const {
  return MatchFrom(root_, SplitPath(path), 0);
}

}  // namespace peregrine::compiler::eval
