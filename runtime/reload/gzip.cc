#include "runtime/reload/gzip.h"

#include <zlib.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::runtime::reload {
namespace {

// windowBits 15 + 16: a gzip wrapper rather than zlib's.
constexpr int kGzipWindowBits = 15 + 16;

}  // namespace

absl::StatusOr<std::string> GzipCompress(std::string_view bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return absl::InternalError("gzip: deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(bytes.size())) + 64);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END)
    return absl::InternalError(absl::StrCat("gzip: deflate failed (", rc, ")"));
  out.resize(written);
  return out;
}

absl::StatusOr<std::string> GzipDecompress(std::string_view gz, size_t max_bytes) {
  if (gz.size() < 2 || static_cast<unsigned char>(gz[0]) != 0x1f ||
      static_cast<unsigned char>(gz[1]) != 0x8b) {
    return absl::InvalidArgumentError("not a gzip stream (bad magic)");
  }
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) {
    return absl::InternalError("gzip: inflateInit2 failed");
  }
  std::string out;
  char buf[64 * 1024];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  absl::Status status;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    const int rc = inflate(&z, Z_NO_FLUSH);
    const size_t got = sizeof(buf) - z.avail_out;
    if (out.size() + got > max_bytes) {
      status = absl::InvalidArgumentError(
          absl::StrCat("gzip: the data inflates to more than ", max_bytes, " bytes"));
      break;
    }
    out.append(buf, got);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      // Another member follows.
      if (inflateReset(&z) != Z_OK) {
        status = absl::InternalError("gzip: inflateReset failed");
        break;
      }
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      status = absl::InvalidArgumentError(
          absl::StrCat("gzip: truncated stream after ", z.total_in, " bytes"));
    } else {
      status = absl::InvalidArgumentError(absl::StrCat("gzip: corrupt data at byte ", z.total_in,
                                                       z.msg != nullptr ? ": " : "",
                                                       z.msg != nullptr ? z.msg : ""));
    }
    break;
  }
  inflateEnd(&z);
  if (!status.ok()) return status;
  return out;
}

}  // namespace peregrine::runtime::reload
