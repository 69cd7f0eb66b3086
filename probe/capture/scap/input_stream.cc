// Byte sources for capture files: plain files, memory, and a streaming multi-member gzip inflater.
#include "probe/capture/scap/input_stream.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace peregrine::probe::scap {
namespace {

// Reads a file in order. Owns the FILE handle.
class FileInputStream final : public InputStream {
 public:
  FileInputStream(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  ~FileInputStream() override { std::fclose(file_); }

  absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) override {
    size_t got = std::fread(dst, 1, n, file_);
    if (got < n && std::ferror(file_)) {
      return absl::DataLossError(
          absl::StrCat("scap: read error on ", path_, ": ", std::strerror(errno)));
    }
    return got;
  }

 private:
  std::FILE* file_;
  std::string path_;
};

// Reads an owned in-memory buffer.
class MemoryInputStream final : public InputStream {
 public:
  explicit MemoryInputStream(std::string bytes) : bytes_(std::move(bytes)) {}

  absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) override {
    size_t got = std::min(n, bytes_.size() - pos_);
    std::memcpy(dst, bytes_.data() + pos_, got);
    pos_ += got;
    return got;
  }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

// Inflates a gzip stream of one or more members read from `source`, in bounded chunks.
class GzipInputStream final : public InputStream {
 public:
  static constexpr size_t kChunk = 64 * 1024;

  explicit GzipInputStream(std::unique_ptr<InputStream> source)
      : source_(std::move(source)), in_(kChunk) {
    std::memset(&zs_, 0, sizeof(zs_));
  }
  ~GzipInputStream() override {
    if (initialized_) inflateEnd(&zs_);
  }

  absl::Status Init() {
    // 15 + 16: a gzip wrapper is required (the caller already saw the gzip magic).
    if (inflateInit2(&zs_, 15 + 16) != Z_OK) {
      return absl::InternalError("scap: zlib inflateInit2 failed");
    }
    initialized_ = true;
    return absl::OkStatus();
  }

  absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) override {
    size_t produced = 0;
    while (produced < n && !done_) {
      if (zs_.avail_in == 0 && !source_eof_) {
        PEREGRINE_ASSIGN_OR_RETURN(size_t got, source_->Read(in_.data(), in_.size()));
        if (got == 0) source_eof_ = true;
        zs_.next_in = in_.data();
        zs_.avail_in = static_cast<uInt>(got);
      }
      zs_.next_out = dst + produced;
      zs_.avail_out = static_cast<uInt>(std::min<size_t>(n - produced, 1u << 30));
      const uInt before_out = zs_.avail_out;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      produced += before_out - zs_.avail_out;
      inflated_ += before_out - zs_.avail_out;
      if (rc == Z_STREAM_END) {
        PEREGRINE_RETURN_IF_ERROR(StartNextMember());
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_BUF_ERROR) {
        if (zs_.avail_in == 0 && source_eof_) {
          Finish(absl::StrFormat("gzip stream truncated after %u inflated bytes", inflated_));
        }
        continue;
      }
      // Z_DATA_ERROR, Z_MEM_ERROR, Z_NEED_DICT, Z_STREAM_ERROR: keep what was inflated.
      Finish(absl::StrFormat("corrupt gzip data after %u inflated bytes: %s", inflated_,
                             zs_.msg != nullptr ? zs_.msg : "inflate error"));
    }
    return produced;
  }

  const std::string& abnormal_end() const override { return abnormal_end_; }

 private:
  // After a member's end: continue with the next member if the remaining input is one, end
  // cleanly at the end of the input, and ignore trailing non-gzip bytes as zlib's gzread does.
  absl::Status StartNextMember() {
    // Make sure at least two bytes of the next member (if any) are visible.
    while (zs_.avail_in < 2 && !source_eof_) {
      if (zs_.avail_in > 0 && zs_.next_in != in_.data()) {
        std::memmove(in_.data(), zs_.next_in, zs_.avail_in);
      }
      zs_.next_in = in_.data();
      PEREGRINE_ASSIGN_OR_RETURN(
          size_t got, source_->Read(in_.data() + zs_.avail_in, in_.size() - zs_.avail_in));
      if (got == 0) source_eof_ = true;
      zs_.avail_in += static_cast<uInt>(got);
    }
    if (zs_.avail_in == 0) {
      done_ = true;
      return absl::OkStatus();
    }
    if (zs_.avail_in >= 2 && zs_.next_in[0] == 0x1f && zs_.next_in[1] == 0x8b) {
      if (inflateReset(&zs_) != Z_OK) return absl::InternalError("scap: zlib inflateReset failed");
      return absl::OkStatus();
    }
    done_ = true;  // trailing garbage after the last member: ignored
    return absl::OkStatus();
  }

  void Finish(std::string reason) {
    done_ = true;
    abnormal_end_ = std::move(reason);
  }

  std::unique_ptr<InputStream> source_;
  std::vector<uint8_t> in_;
  z_stream zs_;
  bool initialized_ = false;
  bool source_eof_ = false;
  bool done_ = false;
  uint64_t inflated_ = 0;
  std::string abnormal_end_;
};

// Classifies the first bytes of a file (§2).
absl::StatusOr<CaptureEncoding> Detect(const uint8_t* p, size_t n, const std::string& what) {
  if (n == 0) return absl::InvalidArgumentError(absl::StrCat("scap: ", what, " is empty"));
  if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return CaptureEncoding::kGzip;
  if (n >= 4 && p[0] == 0x0a && p[1] == 0x0d && p[2] == 0x0d && p[3] == 0x0a) {
    return CaptureEncoding::kPlain;
  }
  if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) {
    return absl::InvalidArgumentError(absl::StrCat(
        "scap: ", what,
        " is zstd-compressed; only gzip and uncompressed captures exist (decompress it first)"));
  }
  if (n >= 6 && p[0] == 0xfd && std::memcmp(p + 1, "7zXZ", 4) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "scap: ", what, " is xz-compressed; only gzip and uncompressed captures exist"));
  }
  if (n >= 4 && p[0] == 0x04 && p[1] == 0x22 && p[2] == 0x4d && p[3] == 0x18) {
    return absl::InvalidArgumentError(absl::StrCat(
        "scap: ", what, " is lz4-compressed; only gzip and uncompressed captures exist"));
  }
  std::string hex;
  for (size_t i = 0; i < std::min<size_t>(n, 4); ++i) absl::StrAppendFormat(&hex, "%02x ", p[i]);
  if (!hex.empty()) hex.pop_back();
  return absl::InvalidArgumentError(
      absl::StrCat("scap: ", what, " is not a capture file (starts with ", hex,
                   "; expected gzip 1f 8b or section header 0a 0d 0d 0a)"));
}

absl::StatusOr<std::unique_ptr<InputStream>> Wrap(std::unique_ptr<InputStream> raw,
                                                  CaptureEncoding enc) {
  if (enc == CaptureEncoding::kPlain) return raw;
  auto gz = std::make_unique<GzipInputStream>(std::move(raw));
  PEREGRINE_RETURN_IF_ERROR(gz->Init());
  return std::unique_ptr<InputStream>(std::move(gz));
}

}  // namespace

absl::StatusOr<std::unique_ptr<InputStream>> OpenCaptureFile(const std::string& path,
                                                             CaptureEncoding* encoding) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("scap: cannot open ", path, ": ", std::strerror(errno)));
  }
  auto raw = std::make_unique<FileInputStream>(f, path);
  uint8_t magic[6];
  size_t n = std::fread(magic, 1, sizeof(magic), f);
  if (std::fseek(f, 0, SEEK_SET) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("scap: ", path, " is not seekable"));
  }
  PEREGRINE_ASSIGN_OR_RETURN(CaptureEncoding enc, Detect(magic, n, path));
  if (encoding != nullptr) *encoding = enc;
  return Wrap(std::move(raw), enc);
}

absl::StatusOr<std::unique_ptr<InputStream>> OpenCaptureBytes(std::string bytes,
                                                              CaptureEncoding* encoding) {
  PEREGRINE_ASSIGN_OR_RETURN(
      CaptureEncoding enc,
      Detect(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "capture buffer"));
  if (encoding != nullptr) *encoding = enc;
  return Wrap(std::make_unique<MemoryInputStream>(std::move(bytes)), enc);
}

}  // namespace peregrine::probe::scap
