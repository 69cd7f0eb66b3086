/* An empty program on tp_btf/sys_exit: the floor that any program on this hook pays. Used only
 * by the probe benchmark. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/sys_exit")
int BPF_PROG(pg_noop_sys_exit, struct pt_regs *regs, long ret)
{
	return 0;
}
