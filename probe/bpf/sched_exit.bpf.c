/* Thread exit, reported as procexit (186).
 *
 * Hook: tp_btf/sched_process_exit (tracepoint since 2.6.32, tp_btf since 5.5): runs in the
 * exiting task after its exit code is set. Emitted when PG_INTEREST_PROCEXIT is marked. */
#include "helpers/base.h"
#include "maps.h"
#include "helpers/store.h"

SEC("tp_btf/sched_process_exit")
int BPF_PROG(pg_sched_exit, struct task_struct *p)
{
	__u32 key = PG_INTEREST_PROCEXIT;
	struct pg_aux *a;
	__u8 *on;
	int code;

	on = bpf_map_lookup_elem(&interest_map, &key);
	if (!on || !*on)
		return 0;
	a = aux__get();
	if (!a)
		return 0;
	code = p->exit_code;
	aux__begin(a, PG_PPME_PROCEXIT_E, 5);
	aux__store_s64(a, code);
	aux__store_s64(a, (code >> 8) & 0xff);
	aux__store_u8(a, code & 0x7f);
	aux__store_u8(a, (code & 0x80) ? 1 : 0);
	/* The reaper is not computed: 0 when the thread has no children, else -1 (unknown). */
	aux__store_s64(a, p->children.next == &p->children ? 0 : -1);
	aux__submit(a);
	return 0;
}
