#include "compiler/semantic/output_checker.h"

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"
#include "compiler/ast/operators.h"
#include "runtime/catalog/field_catalog.h"

namespace peregrine::compiler::semantic {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of `[...]` at the start of `text` (0 if there is none or it is not closed).
size_t BracketLength(std::string_view text) {
  if (text.empty() || text[0] != '[') return 0;
  const size_t close = text.find(']');
  return close == std::string_view::npos ? 0 : close + 1;
}

}  // namespace

OutputCheck CheckOutputTemplate(std::string_view output) {
  OutputCheck result;
  size_t i = 0;
  while (i < output.size()) {
    if (output[i] != '%') {
      ++i;
      continue;
    }
    const size_t token_start = i;
    ++i;
    if (i >= output.size()) {
      result.error =
          OutputProblem{"invalid formatting syntax: formatting cannot end with a %", token_start};
      return result;
    }
    while (i < output.size() && IsDigit(output[i])) ++i;  // %Nfield: fixed width
    std::string_view rest = output.substr(i);
    // A transformer: name( field ) with nothing between the name and the parenthesis.
    bool transformer = false;
    for (ast::TransformerKind kind : ast::CallableTransformers()) {
      const std::string_view name = ast::TransformerName(kind);
      if (rest.size() > name.size() && rest.substr(0, name.size()) == name &&
          rest[name.size()] == '(') {
        const size_t close = rest.find(')');
        if (close == std::string_view::npos) break;
        std::string_view inner = rest.substr(name.size() + 1, close - name.size() - 1);
        const size_t field_length = catalog::LongestFieldPrefix(Sv(inner));
        if (field_length == 0 || field_length != inner.size()) break;
        result.fields.emplace_back(inner);
        i += close + 1;
        transformer = true;
        break;
      }
    }
    if (transformer) continue;
    constexpr std::string_view kContainerInfo = "container.info";
    if (rest.substr(0, kContainerInfo.size()) == kContainerInfo &&
        (rest.size() == kContainerInfo.size() ||
         catalog::LongestFieldPrefix(Sv(rest)) <= kContainerInfo.size())) {
      // Falco strips the legacy placeholder: container fields are appended anyway (§6.4).
      result.deprecations.push_back(
          OutputProblem{"%container.info is deprecated and removed from the output", token_start});
      i += kContainerInfo.size();
      continue;
    }
    const size_t length = catalog::LongestFieldPrefix(Sv(rest));
    if (length == 0) {
      std::string_view shown = rest.substr(0, rest.find_first_of(" \t\n"));
      result.error = OutputProblem{absl::StrCat("unknown filter: ", Sv(shown)), token_start};
      return result;
    }
    size_t token_length = length + BracketLength(rest.substr(length));
    std::string token(rest.substr(0, token_length));
    const size_t bracket = token.find('[');
    std::optional<std::string> arg;
    std::string name = token;
    if (bracket != std::string::npos) {
      name = token.substr(0, bracket);
      arg = token.substr(bracket + 1, token.size() - bracket - 2);
    }
    absl::StatusOr<catalog::ResolvedField> field = catalog::ResolveField(name, arg);
    if (!field.ok() && arg.has_value()) {
      // `[` may be literal text after a field that takes no argument.
      token_length = length;
      token = std::string(rest.substr(0, length));
      field = catalog::ResolveField(token);
    }
    if (!field.ok()) {
      result.error = OutputProblem{absl::StrCat("unknown filter: ", token), token_start};
      return result;
    }
    if (field->info->Has(catalog::kFieldDeprecated)) {
      result.deprecations.push_back(
          OutputProblem{absl::StrCat("field '", token, "' is deprecated"), token_start});
    }
    result.fields.push_back(std::move(token));
    i += token_length;
  }
  return result;
}

}  // namespace peregrine::compiler::semantic
