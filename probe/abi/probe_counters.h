/* Limits and counters shared by the probe and its loader.
 *
 * The counters map holds one struct pg_probe_counters per CPU (a per-CPU array with one entry);
 * the loader sums or reports them per CPU. Plain C: the BPF programs include it.
 */
#ifndef PEREGRINE_PROBE_ABI_PROBE_COUNTERS_H_
#define PEREGRINE_PROBE_ABI_PROBE_COUNTERS_H_

#ifdef __BPF__
/* vmlinux.h provides __u64 and friends. */
#else
#include <linux/types.h>
#endif

/* Syscall ids below this bound (x86_64 numbers) can be marked interesting. */
#define PG_SYSCALL_MAX 512

/* Values of the interest map (bits). */
#define PG_INTEREST_ON 0x1            /* build and emit a record */
#define PG_INTEREST_DROP_FAILED 0x2   /* approver: drop the call when it failed (-4095..-1) */
#define PG_INTEREST_PATH_APPROVER 0x4 /* a path approver is installed (path_approver_map) */
#define PG_INTEREST_COMM_APPROVER 0x8 /* a comm approver is installed (comm_approver_map) */

/* Interest keys above the x86_64 syscall range, for events that are not syscall exits. */
#define PG_INTEREST_PROCEXIT 511 /* sched_process_exit -> procexit (186) */

/* Rings (one per possible CPU) the probe supports; a power of two. */
#define PG_MAX_RINGS 1024

/* Largest record the probe emits (prefix + context + event record). */
#define PG_MAX_RECORD_SIZE 32768

/* Why an event was lost in the kernel. */
enum pg_drop_category {
  PG_DROP_RING_FULL = 0,  /* bpf_ringbuf_output failed: the consumer is behind */
  PG_DROP_NO_RING = 1,    /* no ring buffer is installed for this CPU */
  PG_DROP_NO_SCRATCH = 2, /* the per-CPU scratch buffer could not be looked up */
  PG_DROP_NO_FILLER = 3,  /* syscall marked interesting but no filler program is installed */
  PG_DROP_TOO_BIG = 4,    /* record exceeded PG_MAX_RECORD_SIZE (parameters were dropped) */
  PG_DROP_CATEGORY_COUNT = 5,
};

struct pg_probe_counters {
  __u64 emitted;                       /* records written to the ring */
  __u64 drops[PG_DROP_CATEGORY_COUNT]; /* indexed by enum pg_drop_category */
  __u64 truncated_params;              /* parameters cut or emptied because they did not fit */
  __u64 approver_dropped;              /* calls an approver filtered out (by design, not a loss) */
  __u64 path_approver_dropped;         /* of approver_dropped: opens dropped by a path approver */
  __u64 comm_approver_dropped;         /* of approver_dropped: calls dropped by a comm approver */
  __u64 wakeups;                       /* records that woke a reader waiting in Poll */
};

#ifdef __cplusplus
static_assert(sizeof(struct pg_probe_counters) == 88, "counters are 88 bytes");
#else
_Static_assert(sizeof(struct pg_probe_counters) == 88, "counters are 88 bytes");
#endif

#endif /* PEREGRINE_PROBE_ABI_PROBE_COUNTERS_H_ */
