// Path concatenation and normalisation (scap-format §14.6).
#include "runtime/state/path.h"

namespace peregrine::runtime {
namespace {

// Appends `segment`, replacing invalid or non-printable UTF-8 with U+FFFD.
void AppendSanitized(std::string_view segment, std::string* out) {
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  size_t i = 0;
  while (i < segment.size()) {
    // Printable ASCII, by far the common case, is appended a run at a time.
    size_t run = i;
    while (run < segment.size() && static_cast<unsigned char>(segment[run]) >= 0x20 &&
           static_cast<unsigned char>(segment[run]) < 0x7F) {
      ++run;
    }
    if (run > i) {
      out->append(segment.data() + i, run - i);
      i = run;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(segment[i]);
    size_t len = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    }
    bool valid = len != 0 && i + len <= segment.size();
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(segment[i + k]) & 0xC0) == 0x80;
    }
    if (valid) {
      out->append(segment.substr(i, len));
      i += len;
    } else {
      out->append(kReplacement);
      ++i;
    }
  }
}

// Removes the last segment of `out`, never going above its first character (or the root).
void PopSegment(std::string* out) {
  size_t end = out->size();
  if (end > 0 && (*out)[end - 1] == '/') --end;
  if (end == 0) return;  // "/" or empty: nothing above
  size_t slash = out->rfind('/', end - 1);
  if (slash == std::string::npos) {
    out->clear();
  } else {
    out->resize(slash + 1);
  }
}

}  // namespace

void ConcatenatePath(std::string_view base, std::string_view path, std::string* out) {
  out->clear();
  const bool absolute = path.empty() || path[0] == '/';
  if (!absolute && base.size() + path.size() > kMaxPathLength) {
    *out = "/DIR_TOO_LONG/FILENAME_TOO_LONG";
    return;
  }
  if (absolute) {
    if (path.empty()) return;
    out->push_back('/');
    path.remove_prefix(1);
  } else {
    out->assign(base);
  }
  // Whether the next appended segment needs a '/' before it (the base is copied as is).
  bool need_sep = false;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      PopSegment(out);
      need_sep = !out->empty() && out->back() != '/';
      continue;
    }
    if (need_sep && (out->empty() || out->back() != '/')) out->push_back('/');
    AppendSanitized(seg, out);
    need_sep = true;
  }
  if (out->size() > 1 && out->back() == '/') out->pop_back();
  if (out->size() > kMaxPathLength) out->resize(kMaxPathLength);
}

}  // namespace peregrine::runtime
