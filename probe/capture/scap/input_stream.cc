// Byte sources for capture files: plain files, memory, and a streaming multi-member gzip inflater.
#include "probe/capture/scap/input_stream.h"

#include <isa-l/igzip_lib.h>

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

// Inflates a gzip stream of one or more members read from `source`, in bounded chunks. Uses
// ISA-L's inflater (igzip), which decodes this kind of data about 2.4x faster than zlib and
// checks each member's CRC-32 and length trailer with its own vectorised CRC; memory stays
// bounded (one input chunk and the ~100 KB inflate_state with its history window).
class GzipInputStream final : public InputStream {
 public:
  static constexpr size_t kChunk = 64 * 1024;

  explicit GzipInputStream(std::unique_ptr<InputStream> source)
      : source_(std::move(source)), in_(kChunk), state_(std::make_unique<inflate_state>()) {
    StartMember();
  }

  absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) override {
    size_t produced = 0;
    while (produced < n && !done_) {
      if (state_->avail_in == 0 && !source_eof_) {
        PEREGRINE_ASSIGN_OR_RETURN(size_t got, source_->Read(in_.data(), in_.size()));
        if (got == 0) source_eof_ = true;
        state_->next_in = in_.data();
        state_->avail_in = static_cast<uint32_t>(got);
      }
      state_->next_out = dst + produced;
      state_->avail_out = static_cast<uint32_t>(std::min<size_t>(n - produced, 1u << 30));
      const uint32_t before_out = state_->avail_out;
      const uint32_t before_in = state_->avail_in;
      const int rc = isal_inflate(state_.get());
      const uint32_t out = before_out - state_->avail_out;
      produced += out;
      inflated_ += out;
      if (rc < 0 || rc == ISAL_NEED_DICT) {
        // Keep what was inflated.
        Finish(absl::StrFormat("corrupt gzip data after %u inflated bytes: %s", inflated_,
                               ErrorName(rc)));
        continue;
      }
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        PEREGRINE_RETURN_IF_ERROR(StartNextMember());
        continue;
      }
      if (out == 0 && state_->avail_in == before_in && state_->avail_in == 0 && source_eof_) {
        Finish(absl::StrFormat("gzip stream truncated after %u inflated bytes", inflated_));
      }
    }
    return produced;
  }

  const std::string& abnormal_end() const override { return abnormal_end_; }

 private:
  static const char* ErrorName(int rc) {
    switch (rc) {
      case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
      case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
      case ISAL_INVALID_LOOKBACK:
        return "invalid distance too far back";
      case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
      case ISAL_UNSUPPORTED_METHOD:
        return "unknown compression method";
      case ISAL_INCORRECT_CHECKSUM:
        return "incorrect data check";
      case ISAL_NEED_DICT:
        return "preset dictionary required";
      default:
        return "inflate error";
    }
  }

  // Prepares the inflater for a gzip member at the current input position.
  void StartMember() {
    uint8_t* next_in = state_->next_in;
    const uint32_t avail_in = state_->avail_in;
    isal_inflate_init(state_.get());
    state_->next_in = next_in;
    state_->avail_in = avail_in;
    state_->crc_flag = ISAL_GZIP;  // header parsed, CRC-32 and ISIZE checked
  }

  // After a member's end: continue with the next member if the remaining input is one, end
  // cleanly at the end of the input, and ignore trailing non-gzip bytes as zlib's gzread does.
  absl::Status StartNextMember() {
    // Make sure at least two bytes of the next member (if any) are visible.
    while (state_->avail_in < 2 && !source_eof_) {
      if (state_->avail_in > 0 && state_->next_in != in_.data()) {
        std::memmove(in_.data(), state_->next_in, state_->avail_in);
      }
      state_->next_in = in_.data();
      PEREGRINE_ASSIGN_OR_RETURN(
          size_t got, source_->Read(in_.data() + state_->avail_in, in_.size() - state_->avail_in));
      if (got == 0) source_eof_ = true;
      state_->avail_in += static_cast<uint32_t>(got);
    }
    if (state_->avail_in == 0) {
      done_ = true;
      return absl::OkStatus();
    }
    if (state_->avail_in >= 2 && state_->next_in[0] == 0x1f && state_->next_in[1] == 0x8b) {
      StartMember();
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
  std::unique_ptr<inflate_state> state_;  // large (history window): on the heap
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
  return std::unique_ptr<InputStream>(std::make_unique<GzipInputStream>(std::move(raw)));
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
