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
/* Substring patterns are compared as one 8-byte word per offset, and at most this many per
 * entry (they cost one compare per path offset each). */
#define PG_PATH_CONTAINS_MAX_BYTES 8
#define PG_PATH_CONTAINS_MAX 4
#define PG_PATH_PATTERNS_MAX 32
/* Paths of this many bytes or more (with the NUL) are not checked: they are delivered. */
#define PG_PATH_CHECK_MAX 256

/* The syscalls with a path approver slot. */
#define PG_PATH_SLOT_OPEN 0
#define PG_PATH_SLOT_CREAT 1
#define PG_PATH_SLOT_OPENAT 2
#define PG_PATH_SLOT_OPENAT2 3
#define PG_PATH_SLOT_COUNT 4
#define PG_PATH_APPROVER_KEY(slot, failed) ((slot)*2 + ((failed) ? 1 : 0))

enum pg_path_pattern_kind {
  PG_PATH_EXACT = 1,
  PG_PATH_PREFIX = 2,
  PG_PATH_SUFFIX = 3,
  PG_PATH_CONTAINS = 4,
};

struct pg_path_pattern {
  __u8 kind; /* enum pg_path_pattern_kind */
  __u8 len;  /* bytes of text used, 1..PG_PATH_PATTERN_MAX_BYTES */
  __u8 pad[6];
  __u64 head_mask; /* the bytes of words[0] used: a first word that differs rejects at once */
  /* The text, zero-padded, as little-endian words: compared 8 bytes at a time. */
  __u64 words[PG_PATH_PATTERN_MAX_BYTES / 8];
};

/* A substring pattern. */
struct pg_path_substring {
  __u64 word; /* the text, zero-padded, little-endian */
  __u64 mask; /* the bytes of `word` used */
  __u32 len;  /* 1..PG_PATH_CONTAINS_MAX_BYTES */
  __u32 pad;
};

/* No pattern at all (count = ncontains = 0): every checkable path is dropped. */
struct pg_path_approver {
  __u32 count;     /* exact/prefix/suffix patterns used, 0..PG_PATH_PATTERNS_MAX */
  __u32 ncontains; /* substring patterns used, 0..PG_PATH_CONTAINS_MAX */
  __u32 nheads;    /* patterns[0, nheads) are exact/prefix, patterns[nheads, count) suffixes */
  __u32 present;   /* 1: an approver; 0: none for this key (an empty entry drops nothing) */
  /* Quick rejection, byte sets as 256-bit maps (bit b of word b / 64). A path whose second byte
   * is not in prefix_second can match no exact/prefix pattern (every exact/prefix pattern of one
   * byte sets all 256 bits); one whose last byte is not in suffix_last can match no suffix
   * pattern. Supersets are always sound: they only decide whether the patterns are compared. */
  __u64 prefix_second[4];
  __u64 suffix_last[4];
  struct pg_path_pattern patterns[PG_PATH_PATTERNS_MAX];
  struct pg_path_substring contains[PG_PATH_CONTAINS_MAX];
};

#endif /* PEREGRINE_PROBE_ABI_PATH_APPROVER_H_ */
