// A small POSIX ustar reader and writer (regular files and directories only), for rule bundles.
#ifndef PEREGRINE_RUNTIME_RELOAD_TAR_ARCHIVE_H_
#define PEREGRINE_RUNTIME_RELOAD_TAR_ARCHIVE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace peregrine::runtime::reload {

enum class TarEntryType : uint8_t { kFile, kDirectory, kOther };

struct TarEntry {
  std::string name;  // as stored: prefix + "/" + name when the ustar prefix is used
  TarEntryType type = TarEntryType::kFile;
  char typeflag = '0';  // the raw flag ('0', '5', '2' symlink, …)
  uint32_t mode = 0644;
  uint64_t mtime = 0;
  std::string data;  // regular files only
};

// Builds an archive in memory. Names longer than 100 bytes are split into ustar's prefix (up to
// 155 bytes) and name at a '/'. Thread-compatible.
class TarWriter {
 public:
  // Errors (InvalidArgument): an empty name, or one that ustar cannot hold.
  absl::Status AddFile(std::string_view name, std::string_view data, uint32_t mode = 0644,
                       uint64_t mtime = 0);
  absl::Status AddDirectory(std::string_view name, uint32_t mode = 0755, uint64_t mtime = 0);
  // The archive with its two zero end blocks. Call once, last.
  std::string Finish();

 private:
  absl::Status AddHeader(std::string_view name, char typeflag, uint64_t size, uint32_t mode,
                         uint64_t mtime);
  std::string out_;
};

// Parses a whole archive: ustar (and pre-POSIX "ustar  " GNU magic) headers, checked checksums,
// octal fields, sizes within the data. Reading ends at the first zero block (or at the end of
// the data, after a complete entry). Errors (InvalidArgument, naming the byte offset): a bad
// checksum or field, an entry whose data runs past the end, more than `max_entries` entries.
// GNU long names ('L') and pax headers ('x', 'g') are reported as kOther entries, not applied.
absl::StatusOr<std::vector<TarEntry>> ReadTar(std::string_view archive, size_t max_entries = 4096);

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_TAR_ARCHIVE_H_
