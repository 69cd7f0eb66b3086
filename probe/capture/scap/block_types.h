// The block type catalogue of .scap files (scap-format §4): codes, aliases and their kinds.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_BLOCK_TYPES_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_BLOCK_TYPES_H_

#include <cstdint>

namespace peregrine::probe::scap {

inline constexpr uint32_t kBlockSectionHeader = 0x0A0D0D0A;
inline constexpr uint32_t kBlockMachineInfo = 0x201;
inline constexpr uint32_t kBlockProcessListV1 = 0x202;
inline constexpr uint32_t kBlockFdListV1 = 0x203;
inline constexpr uint32_t kBlockEventV1 = 0x204;
inline constexpr uint32_t kBlockInterfaceListV1 = 0x205;
inline constexpr uint32_t kBlockUserListV1 = 0x206;
inline constexpr uint32_t kBlockProcessListV2 = 0x207;
inline constexpr uint32_t kBlockEventWithFlagsV1 = 0x208;
inline constexpr uint32_t kBlockProcessListV3 = 0x209;
inline constexpr uint32_t kBlockProcessListV4 = 0x210;
inline constexpr uint32_t kBlockProcessListV5 = 0x211;
inline constexpr uint32_t kBlockProcessListV6 = 0x212;
inline constexpr uint32_t kBlockProcessListV7 = 0x213;
inline constexpr uint32_t kBlockProcessListV8 = 0x214;
inline constexpr uint32_t kBlockProcessListV9 = 0x215;
inline constexpr uint32_t kBlockEventV2 = 0x216;
inline constexpr uint32_t kBlockEventWithFlagsV2 = 0x217;
inline constexpr uint32_t kBlockFdListV2 = 0x218;
inline constexpr uint32_t kBlockInterfaceListV2 = 0x219;
inline constexpr uint32_t kBlockUserListV2 = 0x220;
inline constexpr uint32_t kBlockEventV2Large = 0x221;
inline constexpr uint32_t kBlockEventWithFlagsV2Large = 0x222;

// Byte-order magic of the section header, as read on a little-endian host (§5).
inline constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
inline constexpr uint32_t kByteOrderMagicSwapped = 0x4D3C2B1A;

// Dump flag bit of flagged event blocks: apply to state, never evaluate rules (§11.1).
inline constexpr uint32_t kDumpFlagStateOnly = 1;

enum class BlockKind : uint8_t {
  kSectionHeader,
  kMachineInfo,
  kProcessList,
  kFdList,
  kInterfaceList,
  kUserList,
  kEvent,
  kUnknown,
};

// What a block type means: its kind, the version of that kind, and for events the body shape.
struct BlockClass {
  BlockKind kind = BlockKind::kUnknown;
  uint8_t version = 0;
  bool has_flags = false;  // event blocks: a u32 dump-flags word follows the cpu
  bool large = false;      // event blocks: written for large-payload event types
  uint32_t canonical = 0;  // the official type number (aliases mapped to it); 0 if unknown
};

// Classifies a block type, mapping the pre-release 0x80xxABCD aliases to their official numbers.
constexpr BlockClass ClassifyBlock(uint32_t type) {
  switch (type) {
    case kBlockSectionHeader:
      return {BlockKind::kSectionHeader, 1, false, false, type};
    case kBlockMachineInfo:
    case 0x8002ABCD:
      return {BlockKind::kMachineInfo, 1, false, false, kBlockMachineInfo};
    case kBlockProcessListV1:
    case 0x8000ABCD:
      return {BlockKind::kProcessList, 1, false, false, kBlockProcessListV1};
    case kBlockProcessListV2:
    case 0x8013ABCD:
      return {BlockKind::kProcessList, 2, false, false, kBlockProcessListV2};
    case kBlockProcessListV3:
    case 0x8014ABCD:
      return {BlockKind::kProcessList, 3, false, false, kBlockProcessListV3};
    case kBlockProcessListV4:
      return {BlockKind::kProcessList, 4, false, false, type};
    case kBlockProcessListV5:
      return {BlockKind::kProcessList, 5, false, false, type};
    case kBlockProcessListV6:
      return {BlockKind::kProcessList, 6, false, false, type};
    case kBlockProcessListV7:
      return {BlockKind::kProcessList, 7, false, false, type};
    case kBlockProcessListV8:
      return {BlockKind::kProcessList, 8, false, false, type};
    case kBlockProcessListV9:
      return {BlockKind::kProcessList, 9, false, false, type};
    case kBlockFdListV1:
    case 0x8001ABCD:
      return {BlockKind::kFdList, 1, false, false, kBlockFdListV1};
    case kBlockFdListV2:
      return {BlockKind::kFdList, 2, false, false, type};
    case kBlockInterfaceListV1:
    case 0x8011ABCD:
      return {BlockKind::kInterfaceList, 1, false, false, kBlockInterfaceListV1};
    case kBlockInterfaceListV2:
      return {BlockKind::kInterfaceList, 2, false, false, type};
    case kBlockUserListV1:
    case 0x8012ABCD:
      return {BlockKind::kUserList, 1, false, false, kBlockUserListV1};
    case kBlockUserListV2:
      return {BlockKind::kUserList, 2, false, false, type};
    case kBlockEventV1:
    case 0x8010ABCD:
      return {BlockKind::kEvent, 1, false, false, kBlockEventV1};
    case kBlockEventWithFlagsV1:
      return {BlockKind::kEvent, 1, true, false, type};
    case kBlockEventV2:
      return {BlockKind::kEvent, 2, false, false, type};
    case kBlockEventWithFlagsV2:
      return {BlockKind::kEvent, 2, true, false, type};
    case kBlockEventV2Large:
      return {BlockKind::kEvent, 2, false, true, type};
    case kBlockEventWithFlagsV2Large:
      return {BlockKind::kEvent, 2, true, true, type};
    default:
      return {};
  }
}

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_BLOCK_TYPES_H_
