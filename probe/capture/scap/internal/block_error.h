// Error messages for malformed block bodies. Private to probe/capture/scap.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_INTERNAL_BLOCK_ERROR_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_INTERNAL_BLOCK_ERROR_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "probe/capture/scap/block_reader.h"

namespace peregrine::probe::scap::internal {

// "scap: bad <what> block at offset N (type 0x..): <why>".
inline absl::Status BadBlock(const Block& block, std::string_view what, std::string_view why) {
  return absl::DataLossError(absl::StrFormat("scap: bad %s block at offset %d (type 0x%x): %s",
                                             what, block.offset, block.type, why));
}

// The same, naming entry `index` of a list block.
inline absl::Status BadEntry(const Block& block, std::string_view what, size_t index,
                             std::string_view why) {
  return absl::DataLossError(
      absl::StrFormat("scap: bad %s block at offset %d (type 0x%x), entry %d: %s", what,
                      block.offset, block.type, index, why));
}

}  // namespace peregrine::probe::scap::internal

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_INTERNAL_BLOCK_ERROR_H_
