#include "compiler/loader/exceptions.h"

#include <string_view>

#include "compiler/loader/list_substitution.h"

namespace peregrine::compiler {
namespace {

constexpr std::string_view kOperators[] = {"=",           "==",        "!=",         "<",
                                           "<=",          ">",         ">=",         "exists",
                                           "contains",    "icontains", "bcontains",  "startswith",
                                           "bstartswith", "endswith",  "glob",       "iglob",
                                           "regex",       "in",        "intersects", "pmatch"};

// Operators that accept a modifier (§2.6): the string operators.
constexpr std::string_view kStringOperators[] = {
    "==",        "=",         "!=",         "glob",        "iglob",    "contains",
    "icontains", "bcontains", "startswith", "bstartswith", "endswith", "regex"};

constexpr std::string_view kModifiers[] = {"oneof", "anyof", "allof"};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsAsciiSpace(text[begin])) ++begin;
  while (end > begin && IsAsciiSpace(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

template <size_t N>
bool OneOf(std::string_view word, const std::string_view (&words)[N]) {
  for (std::string_view w : words) {
    if (w == word) return true;
  }
  return false;
}

// "<string op><blanks><modifier>".
bool IsModifierComparison(std::string_view comp) {
  size_t space = 0;
  while (space < comp.size() && !IsAsciiSpace(comp[space])) ++space;
  if (space == comp.size()) return false;
  size_t word = space;
  while (word < comp.size() && IsAsciiSpace(comp[word])) ++word;
  return OneOf(comp.substr(0, space), kStringOperators) && OneOf(comp.substr(word), kModifiers);
}

bool IsSupportedComparison(std::string_view comp) {
  return OneOf(comp, kOperators) || IsModifierComparison(comp);
}

// Builds text piece by piece along with its source map.
class Writer {
 public:
  Writer(std::string* text, SourceMap* map) : text_(text), map_(map) {}
  void Add(std::string_view piece, const SourceLocation& location) {
    text_->append(piece);
    if (map_ != nullptr) map_->AddSynthetic(piece.size(), location);
  }

 private:
  std::string* text_;
  SourceMap* map_;
};

}  // namespace

bool IsListComparison(const std::string& comp) {
  return comp == "in" || comp == "intersects" || comp == "pmatch" || IsModifierComparison(comp);
}

std::optional<std::string> ValidateException(ExceptionDef& ex) {
  if (!ex.fields.has_value() || (ex.fields->is_list && ex.fields->items.empty())) {
    return "Rule exception item must have fields property with a list of fields";
  }
  if (ex.comps.has_value()) {
    if (ex.comps->is_list) {
      for (ExceptionEntry& comp : ex.comps->items) comp.item = Trim(comp.item);
    } else {
      ex.comps->item = Trim(ex.comps->item);
    }
  }
  if (ex.fields->is_list) {
    if (!ex.comps.has_value()) {
      ExceptionEntry comps;
      comps.is_list = true;
      comps.location = ex.fields->location;
      for (const ExceptionEntry& field : ex.fields->items) {
        ExceptionEntry eq;
        eq.item = "=";
        eq.location = field.location;
        comps.items.push_back(std::move(eq));
      }
      ex.comps = std::move(comps);
    }
    if (!ex.comps->is_list || ex.fields->items.size() != ex.comps->items.size()) {
      return "Fields and comps lists must have equal length";
    }
    for (const ExceptionEntry& comp : ex.comps->items) {
      if (comp.is_list || !IsSupportedComparison(comp.item)) {
        return "'" + comp.item + "' is not a supported comparison operator";
      }
    }
    return std::nullopt;
  }
  if (!ex.comps.has_value()) {
    ExceptionEntry in;
    in.item = "in";
    in.location = ex.fields->location;
    ex.comps = std::move(in);
  }
  if (ex.comps->is_list) return "Fields and comps must both be strings";
  if (!IsListComparison(ex.comps->item)) {
    return "When fields is a single value, comps must be one of (in, pmatch, intersects) or a "
           "modifier operator (e.g. startswith oneof)";
  }
  return std::nullopt;
}

std::optional<ExceptionError> AppendExceptions(const std::vector<ExceptionDef>& exceptions,
                                               std::string* condition, SourceMap* map,
                                               std::set<std::string>* exception_fields) {
  if (exceptions.empty()) return std::nullopt;
  // Check everything first so that an error leaves the condition untouched.
  for (const ExceptionDef& ex : exceptions) {
    if (!ex.fields.has_value() || !ex.comps.has_value()) {
      return ExceptionError{"Rule exception item must have fields property with a list of fields",
                            ex.location};
    }
    for (const ExceptionEntry& value : ex.values) {
      if (!ex.fields->is_list && value.is_list) {
        return ExceptionError{"Expected values array to contain a list of strings", ex.location};
      }
      if (ex.fields->is_list && ex.fields->items.size() != value.items.size()) {
        return ExceptionError{"Fields and values lists must have equal length", ex.location};
      }
    }
  }

  std::string text;
  SourceMap text_map;
  SourceMap* out_map = map != nullptr ? &text_map : nullptr;
  Writer w(&text, out_map);
  const SourceLocation opening = map != nullptr ? map->Locate(0) : SourceLocation{};
  w.Add("(", opening);
  text += *condition;
  if (map != nullptr) text_map.Append(*map);
  w.Add(")", map != nullptr ? map->Locate(map->size()) : SourceLocation{});

  for (const ExceptionDef& ex : exceptions) {
    std::string clause;
    SourceMap clause_map;
    Writer c(&clause, out_map != nullptr ? &clause_map : nullptr);
    const ExceptionEntry& fields = *ex.fields;
    const ExceptionEntry& comps = *ex.comps;
    if (!fields.is_list) {
      for (const ExceptionEntry& value : ex.values) {
        if (clause.empty()) {
          c.Add("(", ex.location);
          c.Add(fields.item, fields.location);
          c.Add(" ", ex.location);
          c.Add(comps.item, comps.location);
          c.Add(" (", ex.location);
        } else {
          c.Add(", ", value.location);
        }
        c.Add(QuoteIfSpace(value.item), value.location);
        if (exception_fields != nullptr) exception_fields->insert(fields.item);
      }
      if (!clause.empty()) c.Add("))", ex.location);
    } else if (!ex.values.empty()) {
      c.Add("(", ex.location);
      bool first_tuple = true;
      for (const ExceptionEntry& tuple : ex.values) {
        if (!first_tuple) c.Add(" or ", tuple.location);
        first_tuple = false;
        c.Add("(", tuple.location);
        for (size_t k = 0; k < fields.items.size(); ++k) {
          const ExceptionEntry& value = tuple.items[k];
          std::string rendered;
          if (value.is_list) {
            rendered = "(";
            for (size_t i = 0; i < value.items.size(); ++i) {
              if (i > 0) rendered += ", ";
              rendered += QuoteIfSpace(value.items[i].item);
            }
            rendered += ")";
          } else if (IsListComparison(comps.items[k].item)) {
            rendered =
                (!value.item.empty() && value.item[0] == '(') ? value.item : "(" + value.item + ")";
          } else {
            rendered = QuoteIfSpace(value.item);
          }
          if (k > 0) c.Add(" and ", tuple.location);
          c.Add(" ", tuple.location);
          c.Add(fields.items[k].item, fields.items[k].location);
          c.Add(" ", tuple.location);
          c.Add(comps.items[k].item, comps.items[k].location);
          c.Add(" ", tuple.location);
          c.Add(rendered, value.location);
          if (exception_fields != nullptr) exception_fields->insert(fields.items[k].item);
        }
        c.Add(")", tuple.location);
      }
      c.Add(")", ex.location);
    }
    if (!clause.empty()) {
      w.Add(" and not ", ex.location);
      text += clause;
      if (out_map != nullptr) out_map->Append(clause_map);
    }
  }
  *condition = std::move(text);
  if (map != nullptr) *map = std::move(text_map);
  return std::nullopt;
}

}  // namespace peregrine::compiler
