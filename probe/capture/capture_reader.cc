#include "probe/capture/capture_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "probe/capture/internal/byte_codec.h"
#include "probe/capture/internal/ring_record_check.h"

namespace peregrine::probe::capture {

using internal::ByteCursor;

namespace {
// Bounds on decoded process-table strings (a corrupt length must not allocate gigabytes).
constexpr uint32_t kMaxString = 1 << 20;
constexpr uint32_t kMaxListCount = 1 << 16;
constexpr uint32_t kMaxFds = 1 << 20;
}  // namespace

// Reads up to n bytes; returns how many were read (less only at the end of input).
class CaptureReader::Input {
 public:
  virtual ~Input() = default;
  virtual absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) = 0;
};

namespace {

class FileInput : public CaptureReader::Input {
 public:
  FileInput(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~FileInput() override { std::fclose(f_); }
  absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) override {
    size_t got = std::fread(dst, 1, n, f_);
    if (got < n && std::ferror(f_)) {
      return absl::DataLossError(absl::StrCat("reading ", path_, ": ", std::strerror(errno)));
    }
    return got;
  }

 private:
  std::FILE* f_;
  std::string path_;
};

class BytesInput : public CaptureReader::Input {
 public:
  explicit BytesInput(std::string bytes) : bytes_(std::move(bytes)) {}
  absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) override {
    size_t got = std::min(n, bytes_.size() - pos_);
    if (got == 0) return got;  // `dst` may be null then (an empty block's buffer)
    std::memcpy(dst, bytes_.data() + pos_, got);
    pos_ += got;
    return got;
  }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

absl::Status Corrupt(uint64_t offset, absl::string_view what) {
  return absl::DataLossError(absl::StrCat("capture corrupt at byte ", offset, ": ", what));
}

absl::Status Truncated(uint64_t offset, absl::string_view what) {
  return absl::DataLossError(
      absl::StrCat("capture truncated at byte ", offset, ": ", what, " (file cut short)"));
}

const char* BlockName(uint32_t type) {
  switch (type) {
    case kBlockProcess:
      return "process";
    case kBlockRecord:
      return "record";
    case kBlockEnd:
      return "end";
    case kBlockUser:
      return "user";
    case kBlockGroup:
      return "group";
  }
  return "unknown";
}

}  // namespace

CaptureReader::CaptureReader(std::unique_ptr<Input> input) : input_(std::move(input)) {}
CaptureReader::~CaptureReader() = default;

absl::StatusOr<std::unique_ptr<CaptureReader>> CaptureReader::Open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot open capture file ", path, ": ", std::strerror(errno)));
  }
  std::unique_ptr<CaptureReader> r(new CaptureReader(std::make_unique<FileInput>(f, path)));
  absl::Status s = r->ReadHeader();
  if (!s.ok()) return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
  return r;
}

absl::StatusOr<std::unique_ptr<CaptureReader>> CaptureReader::OpenBytes(std::string bytes) {
  std::unique_ptr<CaptureReader> r(
      new CaptureReader(std::make_unique<BytesInput>(std::move(bytes))));
  PEREGRINE_RETURN_IF_ERROR(r->ReadHeader());
  return r;
}

absl::Status CaptureReader::ReadHeader() {
  uint8_t fixed[16];
  PEREGRINE_ASSIGN_OR_RETURN(size_t got, input_->Read(fixed, sizeof(fixed)));
  if (got >= sizeof(kCaptureMagic) && std::memcmp(fixed, kCaptureMagic, 8) != 0) {
    return absl::InvalidArgumentError(
        "not a Peregrine capture file (magic is not \"PGCAPTUR\" at byte 0)");
  }
  if (got < sizeof(fixed)) return Truncated(got, "the 16-byte header start is incomplete");
  std::memcpy(&major_, fixed + 8, 2);
  std::memcpy(&minor_, fixed + 10, 2);
  uint32_t header_bytes;
  std::memcpy(&header_bytes, fixed + 12, 4);
  if (major_ != kCaptureMajorVersion) {
    return absl::UnimplementedError(absl::StrCat("capture version ", major_, ".", minor_,
                                                 " is not supported (this reader reads ",
                                                 kCaptureMajorVersion, ".x), at byte 8"));
  }
  if (header_bytes < sizeof(fixed) || header_bytes > kMaxHeaderBytes) {
    return Corrupt(
        12, absl::StrCat("header size ", header_bytes, " is outside [16, ", kMaxHeaderBytes, "]"));
  }
  block_.resize(header_bytes - sizeof(fixed));
  PEREGRINE_ASSIGN_OR_RETURN(got, input_->Read(block_.data(), block_.size()));
  if (got < block_.size()) {
    return Truncated(sizeof(fixed) + got,
                     absl::StrCat("the header announces ", header_bytes, " bytes"));
  }
  ByteCursor c(block_.data(), block_.size());
  CaptureMachine& m = machine_;
  c.Get(&m.start_realtime_ns) && c.Get(&m.boot_time_ns) && c.Get(&m.memory_bytes) &&
      c.Get(&m.cpus) && c.Get(&m.page_size) && c.Get(&m.ring_prefix_size) &&
      c.Get(&m.proc_ctx_size) && c.Get(&m.scap_header_size) && c.Get(&m.reserved) &&
      c.GetString(&m.hostname, kMaxHeaderBytes) &&
      c.GetString(&m.kernel_release, kMaxHeaderBytes) &&
      c.GetString(&m.kernel_version, kMaxHeaderBytes) && c.GetString(&m.arch, kMaxHeaderBytes);
  if (c.failed()) {
    return Corrupt(sizeof(fixed) + c.failed_at(),
                   "header field runs past the header size (or a string length is too large)");
  }
  // Fields appended by newer minor versions are skipped with the rest of the header.
  if (m.ring_prefix_size != PG_RING_PREFIX_SIZE || m.proc_ctx_size != PG_PROC_CTX_SIZE ||
      m.scap_header_size != PG_SCAP_EVENT_HEADER_SIZE) {
    return absl::UnimplementedError(absl::StrCat(
        "capture written with a different record ABI (prefix ", m.ring_prefix_size, ", context ",
        m.proc_ctx_size, ", event header ", m.scap_header_size, " bytes; this reader has ",
        PG_RING_PREFIX_SIZE, ", ", PG_PROC_CTX_SIZE, ", ", PG_SCAP_EVENT_HEADER_SIZE, ")"));
  }
  offset_ = header_bytes;

  // The tables: every process, user and group block before the first other block.
  while (true) {
    uint32_t type = 0;
    uint64_t block_offset = 0;
    PEREGRINE_ASSIGN_OR_RETURN(bool more, ReadBlock(&type, &block_offset));
    if (!more) return Truncated(offset_, "no end block");
    switch (type) {
      case kBlockProcess:
        PEREGRINE_RETURN_IF_ERROR(ParseProcess(block_offset));
        continue;
      case kBlockUser:
        PEREGRINE_RETURN_IF_ERROR(ParseUser(block_offset));
        continue;
      case kBlockGroup:
        PEREGRINE_RETURN_IF_ERROR(ParseGroup(block_offset));
        continue;
    }
    pending_ = true;
    pending_type_ = type;
    pending_offset_ = block_offset;
    return absl::OkStatus();
  }
}

absl::StatusOr<bool> CaptureReader::ReadBlock(uint32_t* type, uint64_t* block_offset) {
  uint32_t head[2];
  *block_offset = offset_;
  PEREGRINE_ASSIGN_OR_RETURN(size_t got,
                             input_->Read(reinterpret_cast<uint8_t*>(head), sizeof(head)));
  if (got == 0) return false;
  if (got < sizeof(head)) return Truncated(offset_ + got, "incomplete 8-byte block header");
  *type = head[0];
  const uint32_t size = head[1];
  uint32_t limit = kMaxProcessBlockBytes;  // unknown types: the largest known bound
  if (*type == kBlockRecord) limit = kMaxRecordBlockBytes;
  if (*type == kBlockEnd) limit = kEndBlockBytes;
  if (*type == kBlockUser || *type == kBlockGroup) limit = kMaxUserBlockBytes;
  if (size > limit) {
    return Corrupt(offset_ + 4, absl::StrCat(BlockName(*type), " block (type ", *type, ") of ",
                                             size, " bytes exceeds the limit of ", limit));
  }
  block_.resize(size);
  PEREGRINE_ASSIGN_OR_RETURN(got, input_->Read(block_.data(), size));
  if (got < size) {
    return Truncated(
        offset_ + sizeof(head) + got,
        absl::StrCat(BlockName(*type), " block at byte ", offset_, " announces ", size, " bytes"));
  }
  offset_ += sizeof(head) + size;
  return true;
}

absl::Status CaptureReader::ParseProcess(uint64_t block_offset) {
  ByteCursor c(block_.data(), block_.size());
  CaptureProcess p;
  c.Get(&p.tid) && c.Get(&p.pid) && c.Get(&p.ppid) && c.Get(&p.uid) && c.Get(&p.gid) &&
      c.Get(&p.euid) && c.Get(&p.egid) && c.Get(&p.loginuid) && c.Get(&p.tty) &&
      c.Get(&p.start_time) && c.Get(&p.cap_effective) && c.Get(&p.cap_permitted) &&
      c.GetString(&p.comm, kMaxString) && c.GetString(&p.exe, kMaxString) &&
      c.GetString(&p.exepath, kMaxString) && c.GetString(&p.cwd, kMaxString) &&
      c.GetStrings(&p.args, kMaxListCount, kMaxString) &&
      c.GetStrings(&p.env, kMaxListCount, kMaxString) &&
      c.GetStrings(&p.cgroups, kMaxListCount, kMaxString);
  uint32_t nfds = 0;
  if (!c.failed() && c.Get(&nfds)) {
    // Each fd needs at least 8 bytes (number and name length).
    if (nfds > kMaxFds || nfds > c.remaining() / 8) {
      return Corrupt(block_offset + 8 + c.pos() - 4,
                     absl::StrCat("process entry of tid ", p.tid, " claims ", nfds, " fds"));
    }
    p.fds.resize(nfds);
    for (CaptureFd& fd : p.fds) {
      if (!c.Get(&fd.fd) || !c.GetString(&fd.name, kMaxString)) break;
    }
  }
  // 1.1 appended the session ids; a 1.0 entry keeps their "unknown" defaults.
  if (minor_ >= 1) c.Get(&p.sid) && c.Get(&p.pgid) && c.Get(&p.vpgid);
  if (c.failed()) {
    return Corrupt(block_offset + 8 + c.failed_at(),
                   absl::StrCat("process entry ", processes_.size(),
                                " has a field that runs past its block (or a length too large)"));
  }
  if (p.tid <= 0 || p.pid <= 0) {
    return Corrupt(block_offset + 8, absl::StrCat("process entry ", processes_.size(), " has tid ",
                                                  p.tid, " and pid ", p.pid));
  }
  processes_.push_back(std::move(p));
  return absl::OkStatus();
}

absl::Status CaptureReader::ParseUser(uint64_t block_offset) {
  ByteCursor c(block_.data(), block_.size());
  CaptureUser u;
  c.Get(&u.uid) && c.Get(&u.gid) && c.GetString(&u.name, kMaxUserBlockBytes) &&
      c.GetString(&u.home, kMaxUserBlockBytes) && c.GetString(&u.shell, kMaxUserBlockBytes);
  if (c.failed()) {
    return Corrupt(block_offset + 8 + c.failed_at(),
                   absl::StrCat("user entry ", users_.size(),
                                " has a field that runs past its block (or a length too large)"));
  }
  users_.push_back(std::move(u));
  return absl::OkStatus();
}

absl::Status CaptureReader::ParseGroup(uint64_t block_offset) {
  ByteCursor c(block_.data(), block_.size());
  CaptureGroup g;
  c.Get(&g.gid) && c.GetString(&g.name, kMaxUserBlockBytes);
  if (c.failed()) {
    return Corrupt(block_offset + 8 + c.failed_at(),
                   absl::StrCat("group entry ", groups_.size(),
                                " has a field that runs past its block (or a length too large)"));
  }
  groups_.push_back(std::move(g));
  return absl::OkStatus();
}

absl::StatusOr<bool> CaptureReader::HandleBlock(uint32_t type, uint64_t block_offset,
                                                CaptureEvent* out) {
  switch (type) {
    case kBlockProcess:
    case kBlockUser:
    case kBlockGroup:
      return Corrupt(block_offset, absl::StrCat(BlockName(type), " block after the first record"));
    case kBlockEnd: {
      ByteCursor c(block_.data(), block_.size());
      if (!(c.Get(&trailer_.records) && c.Get(&trailer_.kernel_drops) &&
            c.Get(&trailer_.truncated_params))) {
        return Corrupt(block_offset, absl::StrCat("end block of ", block_.size(),
                                                  " bytes (expected ", kEndBlockBytes, ")"));
      }
      ended_ = true;
      return false;
    }
    case kBlockRecord: {
      if (block_.size() < 4) return Corrupt(block_offset, "record block without its cpu field");
      uint16_t cpu_and_reserved[2];
      std::memcpy(cpu_and_reserved, block_.data(), 4);
      if (cpu_and_reserved[1] != 0) return Corrupt(block_offset + 10, "reserved field is not 0");
      const uint8_t* rec = block_.data() + 4;
      const size_t size = block_.size() - 4;
      std::string why;
      if (!internal::CheckRingRecord(rec, size, &why)) {
        return Corrupt(block_offset + 12, absl::StrCat("ring record: ", why));
      }
      pg_ring_prefix prefix;
      std::memcpy(&prefix, rec, sizeof(prefix));
      out->has_ctx = (prefix.flags & PG_RING_HAS_CTX) != 0;
      if (out->has_ctx) std::memcpy(&out->ctx, rec + sizeof(prefix), sizeof(out->ctx));
      const size_t event_at = sizeof(prefix) + prefix.ctx_size;
      if (!out->record.Parse(rec + event_at, size - event_at)) {
        PEREGRINE_UNREACHABLE("CheckRingRecord accepted a record RecordView rejects");
      }
      out->cpu = cpu_and_reserved[0];
      out->offset = block_offset;
      out->raw = rec;
      out->raw_size = static_cast<uint32_t>(size);
      return true;
    }
  }
  PEREGRINE_UNREACHABLE("Next() skips unknown block types before HandleBlock");
}

absl::StatusOr<bool> CaptureReader::Next(CaptureEvent* out) {
  if (!error_.ok()) return error_;
  if (ended_) return false;
  while (true) {
    uint32_t type;
    uint64_t block_offset;
    if (pending_) {
      pending_ = false;
      type = pending_type_;
      block_offset = pending_offset_;
    } else {
      absl::StatusOr<bool> more = ReadBlock(&type, &block_offset);
      if (!more.ok()) {
        error_ = more.status();
        return error_;
      }
      if (!*more) {
        error_ = Truncated(offset_, "no end block");
        return error_;
      }
    }
    if (type != kBlockProcess && type != kBlockRecord && type != kBlockEnd && type != kBlockUser &&
        type != kBlockGroup) {
      ++skipped_blocks_;  // a newer minor version's block
      continue;
    }
    absl::StatusOr<bool> r = HandleBlock(type, block_offset, out);
    if (!r.ok()) {
      error_ = r.status();
      return error_;
    }
    if (*r) return true;
    // The end block: nothing may follow it.
    uint8_t extra;
    absl::StatusOr<size_t> got = input_->Read(&extra, 1);
    if (!got.ok()) {
      error_ = got.status();
      return error_;
    }
    if (*got != 0) {
      error_ = Corrupt(offset_, "data after the end block");
      ended_ = false;
      return error_;
    }
    return false;
  }
}

}  // namespace peregrine::probe::capture
