// Section header, machine info, interface, user/group and fd list blocks (scap-format §5–§8, §10).
#include "probe/capture/scap/metadata_parser.h"

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "probe/capture/scap/block_types.h"
#include "probe/capture/scap/internal/block_error.h"
#include "probe/capture/scap/internal/body_cursor.h"

namespace peregrine::probe::scap {

using internal::BadBlock;
using internal::BadEntry;
using internal::BodyCursor;

namespace {
constexpr size_t kMaxNameLen = 1024;
}  // namespace

absl::Status ParseSectionHeader(const Block& block, SectionHeader* out) {
  BodyCursor c(block.body, block.body_size);
  uint32_t magic;
  if (!c.U32(&magic) || !c.U16(&out->major_version) || !c.U16(&out->minor_version) ||
      !c.U64(&out->section_length)) {
    return BadBlock(block, "section header", "body shorter than 16 bytes");
  }
  if (magic == kByteOrderMagicSwapped) {
    return absl::UnimplementedError(absl::StrFormat(
        "scap: section header at offset %d has byte-order magic 0x%08x: the capture was written "
        "on a big-endian host, which this reader does not support",
        block.offset, magic));
  }
  if (magic != kByteOrderMagic) {
    return BadBlock(
        block, "section header",
        absl::StrFormat("invalid byte-order magic 0x%08x (expected 0x1a2b3c4d)", magic));
  }
  if (out->major_version > 1) {
    return absl::UnimplementedError(
        absl::StrFormat("scap: section header at offset %d has major version %d; only version 1 "
                        "is supported",
                        block.offset, out->major_version));
  }
  // Bytes after the 16-byte body are pcapng-style options: skipped.
  return absl::OkStatus();
}

absl::Status ParseMachineInfo(const Block& block, MachineInfo* out) {
  BodyCursor c(block.body, block.body_size);
  *out = MachineInfo{};
  if (block.body_size < 24) return BadBlock(block, "machine info", "body shorter than 24 bytes");
  c.U32(&out->num_cpus);
  c.U64(&out->memory_bytes);
  c.U64(&out->max_pid);
  out->present = true;
  // The remaining fields are kept only when present (§6 reader rule).
  char host[128];
  const size_t host_len = std::min<size_t>(c.remaining(), sizeof(host));
  c.Bytes(host, host_len);
  out->hostname.assign(host, strnlen(host, host_len));
  c.U64(&out->boot_time_ns);
  c.U64(&out->flags);
  return absl::OkStatus();
}

absl::Status ParseInterfaceList(const Block& block, int version, std::vector<InterfaceInfo>* out) {
  BodyCursor body(block.body, block.body_size);
  for (size_t index = 0; body.remaining() >= 4; ++index) {
    size_t entry_size = body.remaining();  // v1: implied by kind and name length
    if (version >= 2) {
      uint32_t entry_len;
      body.U32(&entry_len);
      if (entry_len > body.remaining()) {
        return BadEntry(block, "interface list", index, "entry length runs past the block");
      }
      entry_size = entry_len;
    }
    BodyCursor c(body.here(), entry_size);
    InterfaceInfo ifc;
    uint16_t namelen;
    if (!c.U16(&ifc.kind) || !c.U16(&namelen)) {
      return BadEntry(block, "interface list", index,
                      "entry shorter than its kind and name length");
    }
    if (namelen >= kMaxNameLen) {
      return BadEntry(block, "interface list", index, "name longer than 1023 bytes");
    }
    bool ok;
    switch (ifc.kind) {
      case 1:
      case 3:
        ifc.family = InterfaceInfo::Family::kIpv4;
        ok = c.Bytes(ifc.addr.data(), 4) && c.Bytes(ifc.netmask.data(), 4) &&
             c.Bytes(ifc.broadcast.data(), 4) && (ifc.kind == 3 || c.U64(&ifc.link_speed));
        break;
      case 2:
      case 4:
        ifc.family = InterfaceInfo::Family::kIpv6;
        ok = c.Bytes(ifc.addr.data(), 16) && c.Bytes(ifc.netmask.data(), 16) &&
             c.Bytes(ifc.broadcast.data(), 16) && (ifc.kind == 4 || c.U64(&ifc.link_speed));
        break;
      default:
        return BadEntry(block, "interface list", index,
                        absl::StrCat("unknown interface kind ", ifc.kind));
    }
    if (!ok || namelen > c.remaining()) {
      return BadEntry(block, "interface list", index, "entry shorter than its fields");
    }
    ifc.name.assign(reinterpret_cast<const char*>(c.here()), namelen);
    c.Skip(namelen);
    out->push_back(std::move(ifc));
    // v2: skip future extension bytes; v1: the entry ends where its fields end.
    body.Skip(version >= 2 ? entry_size : c.pos());
  }
  return absl::OkStatus();
}

absl::Status ParseUserList(const Block& block, int version, std::vector<UserInfo>* users,
                           std::vector<GroupInfo>* groups) {
  BodyCursor body(block.body, block.body_size);
  for (size_t index = 0; body.remaining() >= 4; ++index) {
    size_t entry_size = body.remaining();
    size_t header = 0;
    if (version >= 2) {
      uint32_t entry_len;
      BodyCursor peek(body.here(), body.remaining());
      peek.U32(&entry_len);
      if (entry_len < 4 || entry_len > body.remaining()) {
        return BadEntry(block, "user list", index, "entry length out of range");
      }
      entry_size = entry_len;
      header = 4;
    }
    BodyCursor c(body.here(), entry_size);
    c.Skip(header);
    uint8_t kind;
    if (!c.U8(&kind)) return BadEntry(block, "user list", index, "entry has no kind byte");
    if (kind == 0) {
      UserInfo u;
      if (!c.U32(&u.uid) || !c.U32(&u.gid) || !c.Str16(&u.name, kMaxNameLen) ||
          !c.Str16(&u.home, kMaxNameLen) || !c.Str16(&u.shell, kMaxNameLen)) {
        return BadEntry(block, "user list", index, "user entry shorter than its fields");
      }
      users->push_back(std::move(u));
    } else {
      GroupInfo g;
      if (!c.U32(&g.gid) || !c.Str16(&g.name, kMaxNameLen)) {
        return BadEntry(block, "user list", index, "group entry shorter than its fields");
      }
      groups->push_back(std::move(g));
    }
    body.Skip(version >= 2 ? entry_size : c.pos());
  }
  return absl::OkStatus();
}

namespace {

// Reads the kind-specific data of one fd entry (§10.1). `has_entry_len` tells whether unknown
// kinds can be skipped and whether FILE_V2 may carry `dev`.
bool ParseFdData(BodyCursor& c, bool has_entry_len, FdInfo* fd, std::string* why) {
  switch (fd->raw_type) {
    case 0:  // UNKNOWN: no data
      fd->type = FdType::kUnknown;
      return true;
    case 3:
      fd->type = FdType::kIpv4Sock;
      return c.Bytes(fd->src_addr.data(), 4) && c.Bytes(fd->dst_addr.data(), 4) &&
             c.U16(&fd->src_port) && c.U16(&fd->dst_port) && c.U8(&fd->l4proto);
    case 4:
      fd->type = FdType::kIpv6Sock;
      return c.Bytes(fd->src_addr.data(), 16) && c.Bytes(fd->dst_addr.data(), 16) &&
             c.U16(&fd->src_port) && c.U16(&fd->dst_port) && c.U8(&fd->l4proto);
    case 5:
      fd->type = FdType::kIpv4ServSock;
      return c.Bytes(fd->src_addr.data(), 4) && c.U16(&fd->src_port) && c.U8(&fd->l4proto);
    case 6:
      fd->type = FdType::kIpv6ServSock;
      return c.Bytes(fd->src_addr.data(), 16) && c.U16(&fd->src_port) && c.U8(&fd->l4proto);
    case 8:
      fd->type = FdType::kUnixSock;
      return c.U64(&fd->unix_src_endpoint) && c.U64(&fd->unix_dst_endpoint) &&
             c.Str16(&fd->name, kMaxNameLen);
    case 16:
      fd->type = FdType::kFileV2;
      if (!c.U32(&fd->open_flags) || !c.Str16(&fd->name, kMaxNameLen)) return false;
      if (has_entry_len && c.remaining() >= 4) {
        c.U32(&fd->dev);
        fd->has_dev = true;
      }
      return true;
    case 1:
    case 2:
    case 7:
    case 9:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14:
    case 15:
    case 17:
    case 18:
    case 19:
    case 20:
    case 21:
      fd->type = static_cast<FdType>(fd->raw_type);
      return c.Str16(&fd->name, kMaxNameLen);
    default:
      if (!has_entry_len) {
        *why = absl::StrCat("unknown fd kind ", fd->raw_type, " cannot be skipped in a v1 block");
        return false;
      }
      fd->type = FdType::kUnsupported;
      fd->name = absl::StrCat("unknown-type:[", fd->raw_type, "]");
      return true;
  }
}

}  // namespace

absl::Status ParseFdList(const Block& block, int version, std::vector<FdInfo>* out) {
  BodyCursor body(block.body, block.body_size);
  uint64_t tid;
  if (!body.U64(&tid)) return BadBlock(block, "fd list", "body shorter than its tid");
  const bool has_entry_len = version >= 2;
  for (size_t index = 0; body.remaining() >= 4; ++index) {
    size_t entry_size = body.remaining();
    if (has_entry_len) {
      uint32_t entry_len;
      BodyCursor peek(body.here(), body.remaining());
      peek.U32(&entry_len);
      if (entry_len < 4 || entry_len > body.remaining()) {
        return BadEntry(block, "fd list", index, "entry length out of range");
      }
      entry_size = entry_len;
    }
    BodyCursor c(body.here(), entry_size);
    if (has_entry_len) c.Skip(4);
    FdInfo fd;
    fd.tid = static_cast<int64_t>(tid);
    uint64_t fdnum;
    if (!c.U64(&fdnum) || !c.U64(&fd.ino) || !c.U8(&fd.raw_type)) {
      return BadEntry(block, "fd list", index, "entry shorter than fd, inode and kind");
    }
    fd.fd = static_cast<int64_t>(fdnum);
    std::string why;
    if (!ParseFdData(c, has_entry_len, &fd, &why)) {
      return BadEntry(block, "fd list", index,
                      why.empty()
                          ? absl::StrCat("data of fd kind ", fd.raw_type, " runs past the entry")
                          : why);
    }
    out->push_back(std::move(fd));
    body.Skip(has_entry_len ? entry_size : c.pos());
  }
  return absl::OkStatus();
}

}  // namespace peregrine::probe::scap
