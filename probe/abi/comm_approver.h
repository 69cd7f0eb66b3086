/* Comm approvers: the process names the loader writes per syscall (compiler/prefilter's
 * CommApprovers) and the dispatcher checks (probe/bpf/helpers/comm_approver.h). Plain C: the BPF
 * programs include it.
 *
 * One hash set of keys (syscall, comm). A syscall with an approver has a marker key (its number
 * with an all-zero comm) and one key per name; a call of it whose comm is non-empty and has no
 * key is dropped. No marker: never dropped by comm. */
#ifndef PEREGRINE_PROBE_ABI_COMM_APPROVER_H_
#define PEREGRINE_PROBE_ABI_COMM_APPROVER_H_

#ifdef __BPF__
/* vmlinux.h provides __u64 and friends. */
#else
#include <linux/types.h>
#endif

/* Bytes of a comm with its NUL (TASK_COMM_LEN): names hold 1..15 bytes. */
#define PG_COMM_BYTES 16
/* Names per syscall. */
#define PG_COMM_NAMES_MAX 64
/* Keys of one set, markers included (the inner map's max_entries). */
#define PG_COMM_SET_ENTRIES 1024

struct pg_comm_key {
  __u32 syscall; /* x86_64 number */
  __u32 pad;     /* zero */
  /* The name, zero-padded to 16 bytes, as two little-endian words; all zero = the marker. */
  __u64 comm[2];
};

#ifdef __cplusplus
static_assert(sizeof(struct pg_comm_key) == 24, "comm keys are 24 bytes");
#else
_Static_assert(sizeof(struct pg_comm_key) == 24, "comm keys are 24 bytes");
#endif

#endif /* PEREGRINE_PROBE_ABI_COMM_APPROVER_H_ */
