// String predicates with Falco's semantics (falco-rule-language.md §3.4): glob, case-insensitive
// search, path-prefix sets (pmatch). Shared by the interpreter and the JIT's runtime helpers.
#ifndef PEREGRINE_COMPILER_EVAL_STRING_MATCH_H_
#define PEREGRINE_COMPILER_EVAL_STRING_MATCH_H_

#include <string>
#include <string_view>
#include <vector>

namespace peregrine::compiler::eval {

// fnmatch(pattern, text) without FNM_PATHNAME: `*` also matches `/`; `?`, `[...]`, `[!...]` and
// backslash escapes as in fnmatch(3). `casefold` is FNM_CASEFOLD (iglob).
bool GlobMatch(std::string_view pattern, std::string_view text, bool casefold);

// ASCII case-insensitive substring search (strcasestr). An empty needle matches.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

// A set of paths for `pmatch`: a path matches when some member is a component-wise prefix of it.
// Components are split on '/', empty ones dropped; a member component containing `*`, `?` or `[`
// is matched with fnmatch against one component. Immutable after construction; thread-safe reads.
class PathPrefixSet {
 public:
  explicit PathPrefixSet(const std::vector<std::string>& paths);

  bool Matches(std::string_view path) const;

 private:
  struct Node {
    std::string component;
    bool is_pattern = false;
    bool terminal = false;  // a member path ends here: everything below matches
    std::vector<Node> children;
  };
  static bool MatchFrom(const Node& node, const std::vector<std::string_view>& parts, size_t at);

  Node root_;
};

}  // namespace peregrine::compiler::eval

#endif  // PEREGRINE_COMPILER_EVAL_STRING_MATCH_H_
