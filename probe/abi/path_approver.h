/* Path approvers: the patterns the loader writes for the open family (compiler/prefilter's
 * PathApprovers) and the probe checks (probe/bpf/helpers/path_approver.h). Plain C: the BPF
 * programs include it.
 *
 * One entry per (open-family syscall, outcome), key PG_PATH_APPROVER_KEY(slot, failed). An entry
 * present means: a call with that outcome whose path is checkable (absolute, lexically
 * canonical, printable ASCII, shorter than PG_PATH_CHECK_MAX, not a directory open) and matches
 * none of the patterns is dropped. No entry: never dropped by path. */
#ifndef PEREGRINE_PROBE_ABI_PATH_APPROVER_H_
#define PEREGRINE_PROBE_ABI_PATH_APPROVER_H_

#ifdef __BPF__
/* vmlinux.h provides __u64 and friends. */
#else
#include <linux/types.h>
#endif

#define PG_PATH_PATTERN_MAX_BYTES 64
#define PG_PATH_PATTERNS_MAX 32
/* Paths of this many bytes or more (with the NUL) are not checked: they are delivered. */
#define PG_PATH_CHECK_MAX 256

/* The syscalls with a path approver slot. */
#define PG_PATH_SLOT_OPEN 0
#define PG_PATH_SLOT_CREAT 1
#define PG_PATH_SLOT_OPENAT 2
#define PG_PATH_SLOT_OPENAT2 3
#define PG_PATH_SLOT_COUNT 4
#define PG_PATH_APPROVER_KEY(slot, failed) ((slot) * 2 + ((failed) ? 1 : 0))

enum pg_path_pattern_kind {
  PG_PATH_EXACT = 1,
  PG_PATH_PREFIX = 2,
  PG_PATH_SUFFIX = 3,
  PG_PATH_CONTAINS = 4,
};

struct pg_path_pattern {
  __u8 kind; /* enum pg_path_pattern_kind */
  __u8 len;  /* bytes of text used, 1..PG_PATH_PATTERN_MAX_BYTES */
  __u8 text[PG_PATH_PATTERN_MAX_BYTES];
};

struct pg_path_approver {
  __u32 count; /* patterns used, 0..PG_PATH_PATTERNS_MAX (0: drop every checkable path) */
  __u32 pad;
  struct pg_path_pattern patterns[PG_PATH_PATTERNS_MAX];
};

#endif /* PEREGRINE_PROBE_ABI_PATH_APPROVER_H_ */
