// Debian's Abseil 20220623 has its own absl::string_view, not std::string_view, so StrCat,
// StartsWith and hash-map lookups do not take std::string_view. Convert at those calls.
#ifndef PEREGRINE_BASE_STRING_VIEW_COMPAT_H_
#define PEREGRINE_BASE_STRING_VIEW_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace peregrine {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace peregrine

#endif  // PEREGRINE_BASE_STRING_VIEW_COMPAT_H_
