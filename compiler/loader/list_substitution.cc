#include "compiler/loader/list_substitution.h"

#include <algorithm>

namespace peregrine::compiler {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDelimiter(char c) { return IsBlank(c) || c == '(' || c == ')' || c == ',' || c == '='; }

}  // namespace

size_t SubstitutedText::OriginalOffset(size_t offset) const {
  if (origin.empty()) return offset;
  return origin[std::min(offset, origin.size() - 1)];
}

std::string QuoteIfSpace(std::string_view item) {
  if (item.find(' ') != std::string_view::npos && item[0] != '"' && item[0] != '\'') {
    std::string quoted;
    quoted.reserve(item.size() + 2);
    quoted.push_back('"');
    quoted.append(item);
    quoted.push_back('"');
    return quoted;
  }
  return std::string(item);
}

SubstitutedText SubstituteLists(std::string_view input, const std::vector<ListRef>& lists,
                                std::vector<bool>* used) {
  SubstitutedText out;
  out.text = std::string(input);
  out.origin.resize(input.size() + 1);
  for (size_t i = 0; i <= input.size(); ++i) out.origin[i] = static_cast<uint32_t>(i);

  for (size_t l = 0; l < lists.size(); ++l) {
    const std::string_view name = lists[l].name;
    if (name.empty()) continue;
    std::string& text = out.text;
    size_t start = text.find(name);
    while (start != std::string::npos) {
      size_t end = start + name.size();
      const bool delimited = (start == 0 || IsDelimiter(text[start - 1])) &&
                             (end >= text.size() || IsDelimiter(text[end]));
      if (!delimited) {
        start = text.find(name, start + 1);
        continue;
      }
      const uint32_t name_origin = out.origin[start];
      while (start > 0 && IsBlank(text[start - 1])) --start;
      while (end < text.size() && IsBlank(text[end])) ++end;

      std::string sub;
      if (lists[l].items != nullptr) {
        for (const std::string& item : *lists[l].items) {
          if (!sub.empty()) sub += ", ";
          sub += QuoteIfSpace(item);
        }
      }
      if (sub.empty()) {
        if (start > 0 && text[start - 1] == ',') {
          --start;
        } else if (end < text.size() && text[end] == ',') {
          ++end;
        }
      }
      std::string inserted = (start > 0 ? " " : "") + sub + " ";
      std::string next = text.substr(0, start) + inserted + text.substr(end);
      std::vector<uint32_t> origin;
      origin.reserve(next.size() + 1);
      origin.insert(origin.end(), out.origin.begin(), out.origin.begin() + start);
      origin.insert(origin.end(), inserted.size(), name_origin);
      origin.insert(origin.end(), out.origin.begin() + end, out.origin.end());
      text = std::move(next);
      out.origin = std::move(origin);
      if (used != nullptr) (*used)[l] = true;
      // Go on after the inserted text (the inserted items are not searched again for this list).
      start = text.find(name, start + inserted.size());
    }
  }
  return out;
}

}  // namespace peregrine::compiler
