/* Successful execve/execveat, reported as execve (293) from the new image.
 *
 * Hook: tp_btf/sched_process_exec (stable since 5.5 for tp_btf; the tracepoint since 3.4). It
 * fires once the new program is in place, so argv/env are read from the new mm's argument and
 * environment areas: the caller's buffers are gone by sys_exit. Emitted when execve or execveat
 * is marked interesting. */
#include "helpers/base.h"
#include "maps.h"
#include "helpers/store.h"
#include "helpers/proc.h"

SEC("tp_btf/sched_process_exec")
int BPF_PROG(pg_sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 execve_key = 59, execveat_key = 322; /* x86_64 syscall numbers */
	struct pg_aux *a;
	__u8 *on, *on_at;

	/* Both calls report success as execve (293); the saved orig_ax cannot tell them apart
	 * here (it reads 59 after a successful execveat on 6.18), so either one enables it. */
	on = bpf_map_lookup_elem(&interest_map, &execve_key);
	on_at = bpf_map_lookup_elem(&interest_map, &execveat_key);
	if (!(on && *on) && !(on_at && *on_at))
		return 0;
	a = aux__get();
	if (!a)
		return 0;
	aux__begin(a, PG_PPME_EXECVE_X, PG_EXECVE_NPARAMS);
	aux__store_s64(a, 0);
	aux__store_mm_args(a, p->mm);
	aux__store_task_block(a, p);
	aux__store_cgroups(a, p);
	aux__store_exec_tail(a, p, true, 0);
	aux__store_kernel_str(a, bprm->filename, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}
