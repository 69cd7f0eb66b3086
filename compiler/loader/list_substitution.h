// Textual list substitution in condition text (falco-rule-language.md §3.9) and one-level list
// flattening, with an offset map from the substituted text back to the input text.
#ifndef PEREGRINE_COMPILER_LOADER_LIST_SUBSTITUTION_H_
#define PEREGRINE_COMPILER_LOADER_LIST_SUBSTITUTION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace peregrine::compiler {

// A list as the substitution sees it. `items` is borrowed and must outlive the call.
struct ListRef {
  std::string_view name;
  const std::vector<std::string>* items = nullptr;
};

// The result of SubstituteLists. Value type.
struct SubstitutedText {
  std::string text;
  // origin[i] is the offset in the input text that byte i of `text` comes from; bytes inserted
  // for a list map to the first byte of the list name they replaced. origin has
  // text.size() + 1 entries; the last one is the input's size.
  std::vector<uint32_t> origin;

  // Offset in the input text of byte `offset` of `text` (offsets past the end map to the end).
  size_t OriginalOffset(size_t offset) const;
};

// Replaces every delimited occurrence of each list's name, lists taken in the given order
// (definition order), exactly as Falco's resolve_list: a name counts when the bytes around it are
// start/end of text or one of " \t\n\r(),="; the blanks around it are swallowed; the items are
// joined with ", ", an item containing a space and not starting with a quote is wrapped in double
// quotes (nothing is escaped); an empty list also swallows one adjacent comma (left first);
// the replacement is " " + items + " " (no leading space at the start of the text). Text
// inserted for one list is searched again by the lists that come after it. If `used` is not
// null it must have lists.size() entries; used[i] is set when list i was substituted.
SubstitutedText SubstituteLists(std::string_view text, const std::vector<ListRef>& lists,
                                std::vector<bool>* used = nullptr);

// Falco's quoting of a list item or exception value: wraps `item` in double quotes if it contains
// a space and does not start with ' or ".
std::string QuoteIfSpace(std::string_view item);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_LIST_SUBSTITUTION_H_
