/* Comm approvers: the process names the loader writes per syscall (compiler/prefilter's
 * CommApprovers) and the dispatcher checks (probe/bpf/helpers/comm_approver.h). Plain C: the BPF
 * programs include it.
 *
 * One hash set keyed by syscall number. An entry present means: a call of that syscall whose
 * comm is non-empty and none of the entry's names is dropped. No entry: never dropped by comm. */
#ifndef PEREGRINE_PROBE_ABI_COMM_APPROVER_H_
#define PEREGRINE_PROBE_ABI_COMM_APPROVER_H_

#ifdef __BPF__
/* vmlinux.h provides __u64 and friends. */
#else
#include <linux/types.h>
#endif

/* Bytes of a comm with its NUL (TASK_COMM_LEN): names hold 1..15 bytes. */
#define PG_COMM_BYTES 16
/* Names per syscall (a power of two: the binary search masks its index with it). */
#define PG_COMM_NAMES_MAX 64
/* Binary search steps that cover PG_COMM_NAMES_MAX names (log2 + 1). */
#define PG_COMM_SEARCH_STEPS 7
/* Syscalls with an approver in one set (the inner map's max_entries). */
#define PG_COMM_SYSCALLS_MAX 64

struct pg_comm_approver {
  __u32 count; /* names used, 0..PG_COMM_NAMES_MAX; 0 = every non-empty comm is dropped */
  __u32 pad;
  /* Each name zero-padded to 16 bytes as two little-endian words, sorted ascending by
   * (word 0, word 1) compared as unsigned integers. */
  __u64 names[PG_COMM_NAMES_MAX][2];
};

#ifdef __cplusplus
static_assert(sizeof(struct pg_comm_approver) == 8 + 16 * PG_COMM_NAMES_MAX, "no padding");
#else
_Static_assert(sizeof(struct pg_comm_approver) == 8 + 16 * PG_COMM_NAMES_MAX, "no padding");
#endif

#endif /* PEREGRINE_PROBE_ABI_COMM_APPROVER_H_ */
