// Event block bodies (scap-format §11).
#include "probe/capture/scap/event_block.h"

#include <cstring>

#include "absl/strings/str_format.h"
#include "probe/abi/scap_record.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::probe::scap {
namespace {

constexpr uint32_t kV1HeaderSize = 22;

absl::Status BadEvent(const Block& block, const std::string& why) {
  return absl::DataLossError(absl::StrFormat("scap: bad event block at offset %d (type 0x%x): %s",
                                             block.offset, block.type, why));
}

// Rewrites a v1 record (22-byte header, no nparams) into the v2 layout (§11.6).
absl::Status ConvertV1(const Block& block, const uint8_t* rec, uint32_t avail,
                       std::vector<uint8_t>* scratch) {
  uint64_t ts, tid;
  uint32_t len;
  uint16_t type;
  std::memcpy(&ts, rec, 8);
  std::memcpy(&tid, rec + 8, 8);
  std::memcpy(&len, rec + 16, 4);
  std::memcpy(&type, rec + 20, 2);
  if (len > avail) {
    return BadEvent(block,
                    absl::StrFormat("v1 record length %d exceeds the %d-byte body", len, avail));
  }
  // Old writers over-counted notification and infra events by 3.
  if ((type == 280 || type == 286) && len >= kV1HeaderSize + 3) len -= 3;
  if (len < kV1HeaderSize) {
    return BadEvent(block, absl::StrFormat("v1 record length %d below its 22-byte header", len));
  }
  const auto& info = catalog::GetEventInfo(type);
  const uint32_t table_count = static_cast<uint32_t>(info.params.size());
  int64_t nparams = -1;
  for (int64_t n = table_count; n >= 0; --n) {
    uint64_t total = kV1HeaderSize + 2 * static_cast<uint64_t>(n);
    if (total > len) continue;
    for (int64_t i = 0; i < n; ++i) {
      uint16_t l;
      std::memcpy(&l, rec + kV1HeaderSize + 2 * i, 2);
      total += l;
    }
    if (total == len) {
      nparams = n;
      break;
    }
  }
  if (nparams < 0) {
    return BadEvent(block, absl::StrFormat("v1 record of type %d: its length %d matches no "
                                           "parameter count up to %d",
                                           type, len, table_count));
  }
  const uint32_t width = IsLargePayloadEvent(type) ? 4 : 2;
  const uint32_t values = len - kV1HeaderSize - 2 * static_cast<uint32_t>(nparams);
  const uint32_t new_len = PG_SCAP_EVENT_HEADER_SIZE + width * nparams + values;
  scratch->resize(new_len);
  uint8_t* p = scratch->data();
  const uint32_t n32 = static_cast<uint32_t>(nparams);
  std::memcpy(p, &ts, 8);
  std::memcpy(p + 8, &tid, 8);
  std::memcpy(p + 16, &new_len, 4);
  std::memcpy(p + 20, &type, 2);
  std::memcpy(p + 22, &n32, 4);
  for (uint32_t i = 0; i < n32; ++i) {
    uint16_t l;
    std::memcpy(&l, rec + kV1HeaderSize + 2 * i, 2);
    if (width == 2) {
      std::memcpy(p + 26 + 2 * i, &l, 2);
    } else {
      uint32_t l32 = l;
      std::memcpy(p + 26 + 4 * i, &l32, 4);
    }
  }
  std::memcpy(p + 26 + width * n32, rec + kV1HeaderSize + 2 * n32, values);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EventBlockOutcome> ParseEventBlock(const Block& block, const BlockClass& cls,
                                                  std::vector<uint8_t>* scratch, ScapEvent* out,
                                                  EventBlockStats* stats) {
  // Non-large event blocks are never bigger than 65 536 bytes after the 8-byte header (§11.5).
  if (!cls.large && block.total_length - 8 > 65536) {
    return BadEvent(block, absl::StrFormat("block length %d exceeds the 65 544-byte limit of "
                                           "non-large event blocks",
                                           block.total_length));
  }
  const uint32_t prefix = cls.has_flags ? 6 : 2;
  const uint32_t header = cls.version == 1 ? kV1HeaderSize : PG_SCAP_EVENT_HEADER_SIZE;
  if (block.body_size < prefix + header) {
    return BadEvent(block,
                    absl::StrFormat("body of %d bytes cannot hold cpu%s and a %d-byte "
                                    "record header",
                                    block.body_size, cls.has_flags ? ", flags" : "", header));
  }
  uint16_t cpu;
  uint32_t flags = 0;
  std::memcpy(&cpu, block.body, 2);
  if (cls.has_flags) std::memcpy(&flags, block.body + 2, 4);
  const uint8_t* rec = block.body + prefix;
  const uint32_t avail = block.body_size - prefix;

  uint16_t type;
  std::memcpy(&type, rec + 20, 2);
  if (type >= catalog::kNumEventCodes) return EventBlockOutcome::kUnknownCode;
  if (catalog::GetEventInfo(type).HasTag(catalog::kTagUnused))
    return EventBlockOutcome::kUnusedCode;

  const uint8_t* bytes = rec;
  uint32_t size = avail;
  out->converted_v1 = false;
  if (cls.version == 1) {
    absl::Status s = ConvertV1(block, rec, avail, scratch);
    if (!s.ok()) return s;
    bytes = scratch->data();
    size = static_cast<uint32_t>(scratch->size());
    out->converted_v1 = true;
  } else {
    uint32_t len, nparams;
    std::memcpy(&len, rec + 16, 4);
    std::memcpy(&nparams, rec + 22, 4);
    if (len < PG_SCAP_EVENT_HEADER_SIZE || len > avail) {
      return BadEvent(block, absl::StrFormat("record length %d outside [26, %d]", len, avail));
    }
    if (nparams > RecordView::kMaxParams) {
      return BadEvent(block, absl::StrFormat("record of type %d has %d parameters (at most %d "
                                             "supported)",
                                             type, nparams, RecordView::kMaxParams));
    }
    size = len;
  }
  if (cls.large != IsLargePayloadEvent(type)) ++stats->large_mismatch;
  if (!out->record.Parse(bytes, size)) {
    return BadEvent(block, absl::StrFormat("record of type %d: parameter lengths run past the "
                                           "record length",
                                           type));
  }
  out->cpu = cpu;
  out->dump_flags = flags;
  out->block_type = block.type;
  out->block_offset = block.offset;
  return EventBlockOutcome::kEvent;
}

}  // namespace peregrine::probe::scap
