// Path concatenation and normalisation as libsinsp does it (scap-format §14.6).
#ifndef PEREGRINE_RUNTIME_STATE_PATH_H_
#define PEREGRINE_RUNTIME_STATE_PATH_H_

#include <string>
#include <string_view>

namespace peregrine::runtime {

// Longest path kept; longer results are truncated (§14.6).
inline constexpr size_t kMaxPathLength = 1023;

// concatenate(base, path) of §14.6: an absolute (or empty) `path` is normalised on its own; a
// relative one is appended to `base` (which is expected to end with '/', and is copied as is) and
// only the appended part is normalised. Writes into `*out` (replacing its contents).
void ConcatenatePath(std::string_view base, std::string_view path, std::string* out);

inline std::string ConcatenatePath(std::string_view base, std::string_view path) {
  std::string out;
  ConcatenatePath(base, path, &out);
  return out;
}

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_PATH_H_
