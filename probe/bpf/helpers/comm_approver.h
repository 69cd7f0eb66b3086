/* Comm approvers (compiler/prefilter/comm_approver.cc): in the dispatcher, before any record
 * work, drop a call when its syscall has a comm approver and the calling thread's comm is
 * non-empty and none of the syscall's names (probe/abi/comm_approver.h): one hash lookup by
 * syscall number, then a binary search of at most PG_COMM_SEARCH_STEPS steps.
 *
 * The comm is read with two direct 8-byte loads from the BTF task (no helper copy), and the
 * bytes after its first NUL are cleared, so the comparison is exact whatever the kernel left
 * there.
 * An empty comm is delivered: user space then keeps the thread's previous name. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_COMM_APPROVER_H_
#define PEREGRINE_PROBE_BPF_HELPERS_COMM_APPROVER_H_

#include "helpers/base.h"
#include "helpers/lanes.h"
#include "helpers/store.h"
#include "maps.h"

/* Counted in approver_dropped, and in comm_approver_dropped. */
static __always_inline void counters__approved_comm(void)
{
	struct pg_probe_counters *c = counters__this_cpu();

	if (c) {
		c->approver_dropped++;
		c->comm_approver_dropped++;
	}
}

/* `x` with the bytes from its first zero byte on cleared; `*ended` set when it has one. */
static __always_inline __u64 comm__cut(__u64 x, bool *ended)
{
	__u64 z = lane__eq(x, 0);

	*ended = z != 0;
	if (!z)
		return x;
	/* Lowest zero lane k has bit 8k+7: keep bytes 0..k-1. */
	return x & (((z & -z) >> 7) - 1);
}

/* True when the call of syscall `id` may be dropped by its comm: the syscall has an entry in
 * the installed set and the comm is none of its names (binary search over the sorted words). */
static __always_inline bool comm_approver__drops(__u32 id)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct pg_comm_approver *e;
	__u32 zero = 0, lo = 0, hi;
	__u64 w0, w1;
	bool ended;
	void *set;

	w0 = comm__cut(*(__u64 *)&t->comm[0], &ended);
	w1 = ended ? 0 : comm__cut(*(__u64 *)&t->comm[8], &ended);
	if (!w0)
		return false; /* empty comm */
	set = bpf_map_lookup_elem(&comm_approver_map, &zero);
	if (!set)
		return false;
	e = bpf_map_lookup_elem(set, &id);
	if (!e)
		return false;
	hi = e->count;
	/* Invariant: the name, if listed, is in [lo, hi). */
	for (int step = 0; step < PG_COMM_SEARCH_STEPS; step++) {
		__u32 mid;
		__u64 m0, m1;

		if (lo >= hi)
			break;
		mid = ((lo + hi) / 2) & (PG_COMM_NAMES_MAX - 1);
		m0 = e->names[mid][0];
		m1 = e->names[mid][1];
		if (m0 == w0 && m1 == w1)
			return false;
		if (m0 < w0 || (m0 == w0 && m1 < w1))
			lo = mid + 1;
		else
			hi = mid;
	}
	return true;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_COMM_APPROVER_H_ */
