// Parsers for the metadata blocks of a capture (scap-format §5–§10).
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_METADATA_PARSER_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_METADATA_PARSER_H_

#include <vector>

#include "absl/status/status.h"
#include "probe/capture/scap/block_reader.h"
#include "probe/capture/scap/scap_tables.h"

namespace peregrine::probe::scap {

// Each parser reads one block body. Errors are DataLoss statuses that name the block's offset,
// type and (for lists) the entry index. List parsers append to their outputs; on error the
// outputs may hold the entries parsed before the bad one.

// §5. Rejects a byte-swapped (big-endian) file and major versions above 1.
absl::Status ParseSectionHeader(const Block& block, SectionHeader* out);
// §6.
absl::Status ParseMachineInfo(const Block& block, MachineInfo* out);
// §7, versions 1 and 2.
absl::Status ParseInterfaceList(const Block& block, int version, std::vector<InterfaceInfo>* out);
// §8, versions 1 and 2.
absl::Status ParseUserList(const Block& block, int version, std::vector<UserInfo>* users,
                           std::vector<GroupInfo>* groups);
// §9, versions 1–9 (process_list_parser.cc).
absl::Status ParseProcessList(const Block& block, int version, std::vector<ThreadInfo>* out);
// §10, versions 1 and 2.
absl::Status ParseFdList(const Block& block, int version, std::vector<FdInfo>* out);

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_METADATA_PARSER_H_
