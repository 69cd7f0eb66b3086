/* The syscall dispatcher: one program on the sys_exit tracepoint for every syscall.
 *
 * Hook: tp_btf/sys_exit (BTF-typed raw tracepoint, stable since 5.5). There is no enter hook: the
 * arguments are read at exit from the registers saved at entry, which the kernel keeps in
 * pt_regs. A syscall that no rule or state table needs costs one array lookup here; interesting
 * ones pass the approvers coded in the same map value, then tail-call their filler
 * (fill_*.bpf.c), which builds the scap record. */
#include "helpers/base.h"
#include "maps.h"
#include "helpers/store.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u64 pg_boot_time_ns = 0;
const volatile __u32 pg_emit_ctx = 1;
const volatile __u32 pg_wakeup_mask = 63;
const volatile __u32 pg_wakeup_bytes = 0;
const volatile __u32 pg_snaplen = 80;

SEC("tp_btf/sys_exit")
int BPF_PROG(pg_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 id = regs->orig_ax;
	__u8 *on;

	/* ia32 compat syscalls (user code segment 0x23) use other numbers: not decoded. */
	if (id >= PG_SYSCALL_MAX || regs->cs == 0x23)
		return 0;
	on = bpf_map_lookup_elem(&interest_map, &id);
	if (!on || !*on)
		return 0;
	/* Approver (compiler/prefilter): no enabled rule can match a failed call of this syscall
	 * and the state tables ignore it. Counted, then dropped before any record work. */
	if ((*on & PG_INTEREST_DROP_FAILED) && ret < 0 && ret >= -4095) {
		counters__approved();
		return 0;
	}
	bpf_tail_call(ctx, &filler_table, id);
	counters__drop(PG_DROP_NO_FILLER);
	return 0;
}
