#include "runtime/reload/tar_archive.h"

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::runtime::reload {
namespace {

constexpr size_t kBlock = 512;

// ustar header field offsets and widths (POSIX.1-1988).
constexpr size_t kNameOff = 0, kNameLen = 100;
constexpr size_t kModeOff = 100, kModeLen = 8;
constexpr size_t kUidOff = 108, kGidOff = 116, kIdLen = 8;
constexpr size_t kSizeOff = 124, kSizeLen = 12;
constexpr size_t kMtimeOff = 136, kMtimeLen = 12;
constexpr size_t kChksumOff = 148, kChksumLen = 8;
constexpr size_t kTypeOff = 156;
constexpr size_t kMagicOff = 257;
constexpr size_t kVersionOff = 263;
constexpr size_t kUnameOff = 265, kGnameOff = 297;  // 32 bytes each
constexpr size_t kPrefixOff = 345, kPrefixLen = 155;

void PutOctal(char* field, size_t width, uint64_t value) {
  // width - 1 digits, zero-padded, then NUL.
  std::memset(field, '0', width - 1);
  field[width - 1] = '\0';
  for (size_t i = width - 1; i > 0 && value != 0; --i) {
    field[i - 1] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
}

bool FitsOctal(uint64_t value, size_t width) {
  const size_t bits = 3 * (width - 1);
  return bits >= 64 || value < (uint64_t{1} << bits);
}

// An octal field: optional leading spaces, digits, then NUL/space padding.
bool ParseOctal(std::string_view field, uint64_t* out) {
  size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  uint64_t v = 0;
  size_t digits = 0;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
    if (v >> 61 != 0) return false;
    v = (v << 3) | static_cast<uint64_t>(field[i] - '0');
  }
  for (; i < field.size(); ++i) {
    if (field[i] != '\0' && field[i] != ' ') return false;
  }
  *out = v;
  return digits > 0 || field.empty() || field[0] == '\0';
}

std::string_view CString(std::string_view field) {
  const size_t nul = field.find('\0');
  return nul == std::string_view::npos ? field : field.substr(0, nul);
}

uint64_t Checksum(const char* header) {
  uint64_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    const bool in_field = i >= kChksumOff && i < kChksumOff + kChksumLen;
    sum += in_field ? ' ' : static_cast<unsigned char>(header[i]);
  }
  return sum;
}

}  // namespace

absl::Status TarWriter::AddHeader(std::string_view name, char typeflag, uint64_t size,
                                  uint32_t mode, uint64_t mtime) {
  if (name.empty()) return absl::InvalidArgumentError("tar: empty entry name");
  std::string_view prefix;
  std::string_view base = name;
  if (name.size() > kNameLen) {
    // Split at a '/' so that the prefix fits 155 bytes and the rest 100.
    size_t cut = std::string_view::npos;
    for (size_t i = name.size(); i-- > 0;) {
      if (name[i] == '/' && i <= kPrefixLen && name.size() - i - 1 <= kNameLen && i > 0 &&
          i + 1 < name.size()) {
        cut = i;
        break;
      }
    }
    if (cut == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("tar: name too long for ustar: ", std::string(name)));
    }
    prefix = name.substr(0, cut);
    base = name.substr(cut + 1);
  }
  if (!FitsOctal(size, kSizeLen) || !FitsOctal(mtime, kMtimeLen)) {
    return absl::InvalidArgumentError(
        absl::StrCat("tar: size or mtime too large for ustar: ", std::string(name)));
  }
  char h[kBlock] = {};
  std::memcpy(h + kNameOff, base.data(), base.size());
  PutOctal(h + kModeOff, kModeLen, mode & 07777);
  PutOctal(h + kUidOff, kIdLen, 0);
  PutOctal(h + kGidOff, kIdLen, 0);
  PutOctal(h + kSizeOff, kSizeLen, size);
  PutOctal(h + kMtimeOff, kMtimeLen, mtime);
  h[kTypeOff] = typeflag;
  std::memcpy(h + kMagicOff, "ustar", 6);  // with its NUL
  std::memcpy(h + kVersionOff, "00", 2);
  std::memcpy(h + kUnameOff, "root", 4);
  std::memcpy(h + kGnameOff, "root", 4);
  std::memcpy(h + kPrefixOff, prefix.data(), prefix.size());
  // Six octal digits, NUL, space.
  const uint64_t sum = Checksum(h);
  PutOctal(h + kChksumOff, 7, sum);
  h[kChksumOff + 7] = ' ';
  out_.append(h, kBlock);
  return absl::OkStatus();
}

absl::Status TarWriter::AddFile(std::string_view name, std::string_view data, uint32_t mode,
                                uint64_t mtime) {
  if (absl::Status s = AddHeader(name, '0', data.size(), mode, mtime); !s.ok()) return s;
  out_.append(data);
  out_.append((kBlock - data.size() % kBlock) % kBlock, '\0');
  return absl::OkStatus();
}

absl::Status TarWriter::AddDirectory(std::string_view name, uint32_t mode, uint64_t mtime) {
  std::string dir(name);
  if (dir.empty() || dir.back() != '/') dir.push_back('/');
  return AddHeader(dir, '5', 0, mode, mtime);
}

std::string TarWriter::Finish() {
  out_.append(2 * kBlock, '\0');
  return std::move(out_);
}

absl::StatusOr<std::vector<TarEntry>> ReadTar(std::string_view archive, size_t max_entries) {
  std::vector<TarEntry> entries;
  size_t off = 0;
  const auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("tar: ", std::string(why), " at byte ", off));
  };
  while (off < archive.size()) {
    if (archive.size() - off < kBlock) return bad("truncated header");
    const char* h = archive.data() + off;
    bool zero = true;
    for (size_t i = 0; i < kBlock && zero; ++i) zero = h[i] == '\0';
    if (zero) break;  // end of archive
    const std::string_view header(h, kBlock);
    const std::string_view magic = header.substr(kMagicOff, 6);
    if (magic != std::string_view("ustar\0", 6) && magic != std::string_view("ustar ", 6)) {
      return bad("not a ustar header (bad magic)");
    }
    uint64_t stored_sum = 0;
    if (!ParseOctal(header.substr(kChksumOff, kChksumLen), &stored_sum)) {
      return bad("malformed checksum field");
    }
    if (stored_sum != Checksum(h)) return bad("header checksum mismatch");
    uint64_t size = 0, mode = 0, mtime = 0;
    if (!ParseOctal(header.substr(kSizeOff, kSizeLen), &size)) return bad("malformed size field");
    if (!ParseOctal(header.substr(kModeOff, kModeLen), &mode)) return bad("malformed mode field");
    if (!ParseOctal(header.substr(kMtimeOff, kMtimeLen), &mtime)) {
      return bad("malformed mtime field");
    }
    if (entries.size() >= max_entries) return bad("too many entries");
    TarEntry e;
    const std::string_view prefix = CString(header.substr(kPrefixOff, kPrefixLen));
    const std::string_view name = CString(header.substr(kNameOff, kNameLen));
    e.name = prefix.empty() ? std::string(name) : std::string(prefix) + "/" + std::string(name);
    e.typeflag = h[kTypeOff];
    e.mode = static_cast<uint32_t>(mode);
    e.mtime = mtime;
    switch (e.typeflag) {
      case '0':
      case '\0':
      case '7':  // contiguous file: a regular file for every reader
        e.type = TarEntryType::kFile;
        break;
      case '5':
        e.type = TarEntryType::kDirectory;
        break;
      default:
        e.type = TarEntryType::kOther;
        break;
    }
    off += kBlock;
    // Links and devices carry no data whatever their size field says; everything else does.
    const bool has_data = e.typeflag != '1' && e.typeflag != '2' && e.typeflag != '3' &&
                          e.typeflag != '4' && e.typeflag != '5' && e.typeflag != '6';
    if (has_data) {
      if (size > archive.size() - off) return bad("entry data runs past the end of the archive");
      const size_t padded = static_cast<size_t>(size + (kBlock - size % kBlock) % kBlock);
      if (e.type == TarEntryType::kFile) e.data.assign(archive.data() + off, size);
      off += std::min(padded, archive.size() - off);
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace peregrine::runtime::reload
