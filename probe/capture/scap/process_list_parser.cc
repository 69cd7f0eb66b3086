// Process (thread) list blocks, versions 1–9 (scap-format §9).
#include <string>

#include "absl/strings/str_cat.h"
#include "probe/capture/scap/internal/block_error.h"
#include "probe/capture/scap/internal/body_cursor.h"
#include "probe/capture/scap/metadata_parser.h"

namespace peregrine::probe::scap {
namespace {

using internal::BadEntry;
using internal::BodyCursor;

constexpr size_t kMaxStrLen = 1024;   // comm, exe, exepath, cwd, root
constexpr size_t kMaxListLen = 4096;  // args, env, cgroups

bool I64From(BodyCursor& c, int64_t* out) {
  uint64_t v;
  if (!c.U64(&v)) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// Fields 2–25 of §9.1 in the order of `version`; the presence table of §9.3.
bool ParseHead(BodyCursor& c, int version, ThreadInfo* t, const char** field) {
#define PG_FIELD(name, expr)   \
  do {                         \
    *field = name;             \
    if (!(expr)) return false; \
  } while (false)
  PG_FIELD("tid", I64From(c, &t->tid));
  PG_FIELD("pid", I64From(c, &t->pid));
  PG_FIELD("ptid", I64From(c, &t->ptid));
  if (version >= 6) PG_FIELD("sid", I64From(c, &t->sid));
  if (version >= 8) PG_FIELD("vpgid", I64From(c, &t->vpgid));
  PG_FIELD("comm", c.Str16(&t->comm, kMaxStrLen));
  PG_FIELD("exe", c.Str16(&t->exe, kMaxStrLen));
  if (version >= 7) PG_FIELD("exepath", c.Str16(&t->exepath, kMaxStrLen));
  PG_FIELD("args", c.StrList16(&t->args, kMaxListLen));
  PG_FIELD("cwd", c.Str16(&t->cwd, kMaxStrLen));
  PG_FIELD("fdlimit", c.U64(&t->fdlimit));
  PG_FIELD("flags", c.U32(&t->flags));
  PG_FIELD("uid", c.U32(&t->uid));
  PG_FIELD("gid", c.U32(&t->gid));
  if (version >= 2) {
    PG_FIELD("vmsize_kb", c.U32(&t->vmsize_kb));
    PG_FIELD("vmrss_kb", c.U32(&t->vmrss_kb));
    PG_FIELD("vmswap_kb", c.U32(&t->vmswap_kb));
    PG_FIELD("pfmajor", c.U64(&t->pfmajor));
    PG_FIELD("pfminor", c.U64(&t->pfminor));
  }
  if (version >= 3) PG_FIELD("env", c.StrList16(&t->env, kMaxListLen));
  if (version >= 4) {
    PG_FIELD("vtid", c.I64(&t->vtid));
    PG_FIELD("vpid", c.I64(&t->vpid));
    PG_FIELD("cgroups", c.StrList16(&t->cgroups, kMaxListLen));
  }
  if (version >= 5) PG_FIELD("root", c.Str16(&t->root, kMaxStrLen));
#undef PG_FIELD
  return true;
}

// Fields 26–39: each present only if it fits in the entry; missing ones keep their defaults.
void ParseTail(BodyCursor& c, ThreadInfo* t) {
  // Captures by libs < 0.10 lack pidns_init_start_ts and tty (§9.1 compatibility quirk).
  if (c.remaining() > 29) {
    if (!c.U64(&t->pidns_init_start_ts)) return;
    if (!c.U32(&t->tty)) return;
  }
  if (!c.U32(&t->loginuid)) return;
  if (!c.Bool8(&t->exe_writable)) return;
  if (!c.U64(&t->cap_inheritable)) return;
  if (!c.U64(&t->cap_permitted)) return;
  if (!c.U64(&t->cap_effective)) return;
  if (!c.Bool8(&t->exe_upper_layer)) return;
  if (!c.U64(&t->exe_ino)) return;
  if (!c.U64(&t->exe_ino_ctime)) return;
  if (!c.U64(&t->exe_ino_mtime)) return;
  if (!c.Bool8(&t->exe_from_memfd)) return;
  if (!c.Bool8(&t->exe_lower_layer)) return;
  c.I64(&t->pgid);
}

}  // namespace

absl::Status ParseProcessList(const Block& block, int version, std::vector<ThreadInfo>* out) {
  BodyCursor body(block.body, block.body_size);
  for (size_t index = 0; body.remaining() >= 4; ++index) {
    size_t entry_size = body.remaining();
    size_t header = 0;
    if (version >= 9) {
      uint32_t entry_len;
      BodyCursor peek(body.here(), body.remaining());
      peek.U32(&entry_len);
      if (entry_len < 4 || entry_len > body.remaining()) {
        return BadEntry(block, "process list", index,
                        absl::StrCat("entry length ", entry_len, " out of range (",
                                     body.remaining(), " bytes left)"));
      }
      entry_size = entry_len;
      header = 4;
    }
    BodyCursor c(body.here(), entry_size);
    c.Skip(header);
    ThreadInfo t;
    t.block_version = version;
    const char* field = "";
    if (!ParseHead(c, version, &t, &field)) {
      return BadEntry(block, "process list", index,
                      absl::StrCat("field ", field,
                                   version >= 9 ? " runs past the entry length"
                                                : " runs past the block, or is over its limit"));
    }
    if (version >= 9) ParseTail(c, &t);
    out->push_back(std::move(t));
    body.Skip(version >= 9 ? entry_size : c.pos());
  }
  return absl::OkStatus();
}

}  // namespace peregrine::probe::scap
