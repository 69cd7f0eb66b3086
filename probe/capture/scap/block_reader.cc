// Block framing (scap-format §3).
#include "probe/capture/scap/block_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace peregrine::probe::scap {

BlockReader::BlockReader(std::unique_ptr<InputStream> in, BlockReaderLimits limits)
    : in_(std::move(in)), limits_(limits) {
  buf_.resize(std::max<size_t>(limits_.initial_buffer, 64));
}

absl::Status BlockReader::Fail(absl::Status status) {
  error_ = status;
  return status;
}

absl::StatusOr<size_t> BlockReader::Fill(size_t n) {
  while (end_ - pos_ < n && !eof_) {
    if (pos_ > 0 && buf_.size() - pos_ < n) {
      // Compact: move the unconsumed tail to the front.
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    if (end_ == buf_.size()) {
      // Grow only when the buffer is full of real data, so a lying length cannot make us
      // allocate more than twice what the stream actually holds.
      buf_.resize(std::min<size_t>(std::max(buf_.size() * 2, buf_.size() + 1), pos_ + n));
    }
    PEREGRINE_ASSIGN_OR_RETURN(size_t got, in_->Read(buf_.data() + end_, buf_.size() - end_));
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return std::min(n, end_ - pos_);
}

absl::StatusOr<bool> BlockReader::Next(Block* out) {
  if (!error_.ok()) return error_;
  pos_ += pending_consume_;
  offset_ += pending_consume_;
  pending_consume_ = 0;

  // Fast path: the whole block is usually in the buffer already, and Fill() is not needed.
  if (end_ - pos_ < 8) {
    auto avail_or = Fill(8);
    if (!avail_or.ok()) return Fail(avail_or.status());
    const size_t avail = *avail_or;
    const std::string& abnormal = in_->abnormal_end();
    if (avail == 0) {
      if (!abnormal.empty()) {
        truncated_ = true;
        return Fail(absl::DataLossError(absl::StrFormat(
            "scap: capture ends early at offset %d (%s); every complete block before it was read",
            offset_, abnormal)));
      }
      return false;
    }
    if (avail < 8) {
      truncated_ = true;
      return Fail(absl::DataLossError(absl::StrFormat(
          "scap: truncated capture: %d stray bytes at offset %d where a block header should "
          "start%s",
          avail, offset_, abnormal.empty() ? "" : absl::StrCat(" (", abnormal, ")"))));
    }
  }
  uint32_t type, total;
  std::memcpy(&type, buf_.data() + pos_, 4);
  std::memcpy(&total, buf_.data() + pos_ + 4, 4);
  if (total < 12 || total % 4 != 0) {
    return Fail(absl::DataLossError(absl::StrFormat(
        "scap: bad block at offset %d (type 0x%x): total length %d is %s", offset_, type, total,
        total < 12 ? "below the 12-byte minimum" : "not a multiple of 4")));
  }
  if (total > limits_.max_block) {
    return Fail(absl::DataLossError(
        absl::StrFormat("scap: bad block at offset %d (type 0x%x): total length %d exceeds the "
                        "%d-byte limit",
                        offset_, type, total, limits_.max_block)));
  }
  if (end_ - pos_ < total) {
    auto avail_or = Fill(total);
    if (!avail_or.ok()) return Fail(avail_or.status());
    if (*avail_or < total) {
      const std::string& abnormal = in_->abnormal_end();
      truncated_ = true;
      return Fail(absl::DataLossError(absl::StrFormat(
          "scap: truncated capture: block at offset %d (type 0x%x, length %d) extends past the "
          "end of the data (%d bytes left)%s",
          offset_, type, total, *avail_or,
          abnormal.empty() ? "" : absl::StrCat(" (", abnormal, ")"))));
    }
  }
  uint32_t trailer;
  std::memcpy(&trailer, buf_.data() + pos_ + total - 4, 4);
  if (trailer != total) {
    return Fail(absl::DataLossError(absl::StrFormat(
        "scap: bad block at offset %d (type 0x%x): trailer length %d differs from header length %d",
        offset_, type, trailer, total)));
  }
  out->type = type;
  out->total_length = total;
  out->offset = offset_;
  out->body = buf_.data() + pos_ + 8;
  out->body_size = total - 12;
  pending_consume_ = total;
  return true;
}

}  // namespace peregrine::probe::scap
