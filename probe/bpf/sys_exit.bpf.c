/* The syscall dispatcher: one program on the sys_exit tracepoint for every syscall.
 *
 * Hook: tp_btf/sys_exit (BTF-typed raw tracepoint, stable since 5.5). There is no enter hook: the
 * arguments are read at exit from the registers saved at entry, which the kernel keeps in
 * pt_regs. A syscall that no rule or state table needs costs one array lookup here; interesting
 * ones pass the approvers coded in the same map value (failed calls, the caller's comm), then
 * tail-call their filler (fill_*.bpf.c), which builds the scap record. */
#include "helpers/base.h"
#include "maps.h"
#include "helpers/store.h"
#include "helpers/comm_approver.h"

char LICENSE[] SEC("license") = "GPL";

/* The busiest syscalls on a host (x86_64 numbers) are filled here, not through a tail call: with
 * retpolines a tail call is an indirect jump through a thunk, 10-15 ns per emitted record on
 * this kernel (bench/probe --kernel-split). Their bodies are the fillers' own (fill_file.bpf.c). */
#define PG_SYS_CLOSE  3
#define PG_SYS_OPENAT 257
static __always_inline int pg_fill_openat_body(struct pg_aux *a, struct pt_regs *regs, long ret);
static __always_inline int pg_fill_close_body(struct pg_aux *a, struct pt_regs *regs, long ret);

const volatile __u32 pg_emit_ctx = 1;
const volatile __u32 pg_wakeup_mask = 63;
const volatile __u32 pg_wakeup_bytes = 0;
const volatile __u32 pg_snaplen = 80;
volatile __u64 pg_clock_offset_ns;
volatile __u32 pg_reader_waiting[PG_MAX_RINGS];

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
	/* Approver: no enabled rule can match a call of this syscall from a thread of this comm,
	 * and the state tables ignore the syscall. */
	if ((*on & PG_INTEREST_COMM_APPROVER) && comm_approver__drops(id)) {
		counters__approved_comm();
		return 0;
	}
	if (id == PG_SYS_OPENAT || id == PG_SYS_CLOSE) {
		struct pg_aux *a = aux__get();

		if (!a)
			return 0;
		return id == PG_SYS_OPENAT ? pg_fill_openat_body(a, regs, ret)
					   : pg_fill_close_body(a, regs, ret);
	}
	bpf_tail_call(ctx, &filler_table, id);
	counters__drop(PG_DROP_NO_FILLER);
	return 0;
}
