/* Comm approvers (compiler/prefilter/comm_approver.cc): in the dispatcher, before any record
 * work, drop a call when its syscall has a comm approver and the calling thread's comm is
 * non-empty and none of the syscall's names (probe/abi/comm_approver.h).
 *
 * The comm is read with two direct 8-byte loads from the BTF task (no helper copy), and the
 * bytes after its first NUL are cleared, so the key is exact whatever the kernel left there.
 * An empty comm is delivered: user space then keeps the thread's previous name. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_COMM_APPROVER_H_
#define PEREGRINE_PROBE_BPF_HELPERS_COMM_APPROVER_H_

#include "helpers/base.h"
#include "maps.h"

#define PG_COMM_LANE_HIGHS 0x8080808080808080ULL
#define PG_COMM_LANE_LOWS  0x7f7f7f7f7f7f7f7fULL

/* Counted in approver_dropped, and in comm_approver_dropped. */
static __always_inline void counters__approved_comm(void)
{
	__u32 zero = 0;
	struct pg_probe_counters *c = bpf_map_lookup_elem(&counters_map, &zero);

	if (c) {
		c->approver_dropped++;
		c->comm_approver_dropped++;
	}
}

/* The high bit of each zero byte lane of `x`, exactly (no carry between lanes). */
static __always_inline __u64 comm__zero_lanes(__u64 x)
{
	return ~(((x & PG_COMM_LANE_LOWS) + PG_COMM_LANE_LOWS) | x) & PG_COMM_LANE_HIGHS;
}

/* `x` with the bytes from its first zero byte on cleared; `*ended` set when it has one. */
static __always_inline __u64 comm__cut(__u64 x, bool *ended)
{
	__u64 z = comm__zero_lanes(x);

	*ended = z != 0;
	if (!z)
		return x;
	/* Lowest zero lane k has bit 8k+7: keep bytes 0..k-1. */
	return x & (((z & -z) >> 7) - 1);
}

/* True when the call of syscall `id` may be dropped by its comm. */
static __always_inline bool comm_approver__drops(__u32 id)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct pg_comm_key key = {.syscall = id};
	__u32 zero = 0;
	bool ended;
	void *set;

	key.comm[0] = comm__cut(*(__u64 *)&t->comm[0], &ended);
	key.comm[1] = ended ? 0 : comm__cut(*(__u64 *)&t->comm[8], &ended);
	if (!key.comm[0])
		return false; /* empty comm */
	set = bpf_map_lookup_elem(&comm_approver_map, &zero);
	if (!set || bpf_map_lookup_elem(set, &key))
		return false;
	/* Not one of the names: dropped only if this set holds an approver for the syscall. */
	key.comm[0] = 0;
	key.comm[1] = 0;
	return bpf_map_lookup_elem(set, &key) != NULL;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_COMM_APPROVER_H_ */
