// Reader for .scap capture files: section and metadata handling, event iteration (§4.1, §4.2).
#include "probe/capture/scap/scap_reader.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "probe/capture/scap/metadata_parser.h"

namespace peregrine::probe::scap {

ScapReader::ScapReader(std::unique_ptr<InputStream> in, CaptureEncoding encoding,
                       const ScapReaderOptions& options)
    : blocks_(std::move(in), options.limits), encoding_(encoding) {}

absl::StatusOr<std::unique_ptr<ScapReader>> ScapReader::Open(const std::string& path,
                                                             const ScapReaderOptions& options) {
  CaptureEncoding encoding;
  PEREGRINE_ASSIGN_OR_RETURN(auto in, OpenCaptureFile(path, &encoding));
  std::unique_ptr<ScapReader> reader(new ScapReader(std::move(in), encoding, options));
  PEREGRINE_RETURN_IF_ERROR(reader->Start());
  return reader;
}

absl::StatusOr<std::unique_ptr<ScapReader>> ScapReader::OpenBytes(
    std::string bytes, const ScapReaderOptions& options) {
  CaptureEncoding encoding;
  PEREGRINE_ASSIGN_OR_RETURN(auto in, OpenCaptureBytes(std::move(bytes), &encoding));
  std::unique_ptr<ScapReader> reader(new ScapReader(std::move(in), encoding, options));
  PEREGRINE_RETURN_IF_ERROR(reader->Start());
  return reader;
}

void ScapReader::CountBlock(uint32_t type) {
  ++counters_.blocks;
  if (last_count_ == nullptr || type != last_type_) {
    last_type_ = type;
    last_count_ = &counters_.blocks_by_type[type];
  }
  ++*last_count_;
}

absl::StatusOr<bool> ScapReader::NextBlock() {
  if (have_pending_) {
    have_pending_ = false;
    return true;
  }
  PEREGRINE_ASSIGN_OR_RETURN(bool more, blocks_.Next(&block_));
  if (more) CountBlock(block_.type);
  return more;
}

absl::Status ScapReader::StartSection() {
  tables_.Clear();
  events_in_section_ = false;
  if (counters_.sections > 0) ++section_;
  ++counters_.sections;
  return ParseSectionHeader(block_, &tables_.section_header);
}

absl::Status ScapReader::Start() {
  PEREGRINE_ASSIGN_OR_RETURN(bool more, NextBlock());
  if (!more) return absl::InvalidArgumentError("scap: capture holds no blocks");
  if (ClassifyBlock(block_.type).kind != BlockKind::kSectionHeader) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "scap: first block (offset 0) has type 0x%x, not a section header", block_.type));
  }
  PEREGRINE_RETURN_IF_ERROR(StartSection());
  // Metadata up to the first event block, which stays pending for Next().
  while (true) {
    PEREGRINE_ASSIGN_OR_RETURN(more, NextBlock());
    if (!more) return absl::OkStatus();
    const BlockClass cls = ClassifyBlock(block_.type);
    if (cls.kind == BlockKind::kEvent || cls.kind == BlockKind::kSectionHeader) {
      have_pending_ = true;
      return absl::OkStatus();
    }
    PEREGRINE_RETURN_IF_ERROR(ApplyMetadata(cls));
  }
}

absl::Status ScapReader::ApplyMetadata(const BlockClass& cls) {
  switch (cls.kind) {
    case BlockKind::kMachineInfo:
      return ParseMachineInfo(block_, &tables_.machine_info);
    case BlockKind::kInterfaceList:
      tables_.interfaces.clear();  // a later list replaces an earlier one (§4.1)
      return ParseInterfaceList(block_, cls.version, &tables_.interfaces);
    case BlockKind::kUserList:
      tables_.users.clear();
      tables_.groups.clear();
      return ParseUserList(block_, cls.version, &tables_.users, &tables_.groups);
    case BlockKind::kProcessList:
      return ParseProcessList(block_, cls.version, &tables_.threads);
    case BlockKind::kFdList:
      return ParseFdList(block_, cls.version, &tables_.fds);
    case BlockKind::kUnknown:
      ++counters_.unknown_blocks;  // skipped silently, as libscap does (§3)
      return absl::OkStatus();
    case BlockKind::kSectionHeader:
    case BlockKind::kEvent:
      break;
  }
  PEREGRINE_UNREACHABLE("ApplyMetadata called for a section header or event block");
}

absl::StatusOr<bool> ScapReader::Next(ScapEvent* out) {
  if (!error_.ok()) return error_;
  while (true) {
    auto more = NextBlock();
    if (!more.ok()) {
      error_ = more.status();
      return error_;
    }
    if (!*more) return false;
    const BlockClass cls = ClassifyBlock(block_.type);
    switch (cls.kind) {
      case BlockKind::kEvent: {
        auto outcome = ParseEventBlock(block_, cls, &scratch_, out, &event_stats_);
        counters_.large_mismatch = event_stats_.large_mismatch;
        if (!outcome.ok()) {
          error_ = outcome.status();
          return error_;
        }
        events_in_section_ = true;
        switch (*outcome) {
          case EventBlockOutcome::kUnknownCode:
            ++counters_.unknown_event_codes;
            continue;
          case EventBlockOutcome::kUnusedCode:
            ++counters_.unused_event_codes;
            continue;
          case EventBlockOutcome::kEvent:
            break;
        }
        out->section = section_;
        ++counters_.events;
        if (out->converted_v1) ++counters_.v1_events;
        if (out->state_only()) ++counters_.state_only_events;
        return true;
      }
      case BlockKind::kSectionHeader: {
        absl::Status s = StartSection();
        if (!s.ok()) {
          error_ = s;
          return error_;
        }
        continue;
      }
      case BlockKind::kUnknown:
        ++counters_.unknown_blocks;
        continue;
      case BlockKind::kMachineInfo:
      case BlockKind::kInterfaceList:
      case BlockKind::kUserList:
      case BlockKind::kProcessList:
      case BlockKind::kFdList:
        if (events_in_section_) {
          // libscap rejects this; §4.1 reader rule: report (count) and skip.
          ++counters_.misplaced_blocks;
          continue;
        }
        if (absl::Status s = ApplyMetadata(cls); !s.ok()) {
          error_ = s;
          return error_;
        }
        continue;
    }
  }
}

}  // namespace peregrine::probe::scap
