/* Fillers for process creation on sys_exit: the clone family (both the parent's and the child's
 * return: on x86_64 a new task leaves ret_from_fork through the same exit path) and failed
 * execve/execveat calls (successful ones are reported by sched_exec.bpf.c). */
#include "helpers/filler.h"
#include "helpers/proc.h"

#define PG_CLONE_NEWPID 0x20000000ULL
#define PG_CLONE_VM	0x00000100ULL
#define PG_CLONE_VFORK	0x00004000ULL

/* The clone/fork/vfork/clone3 layout (21 parameters); `flags` are Linux CLONE_* bits. */
static __always_inline void clone__fill(struct pg_aux *a, __u16 type, long ret, __u64 flags)
{
	struct task_struct *t = bpf_get_current_task_btf();
	const struct cred *cred = t->cred;
	struct pid *pid = t->thread_pid;
	struct upid up = {};
	__u32 ppm_flags = flags__clone(flags);
	__u64 init_ts = 0;

	if (pid)
		bpf_probe_read_kernel(&up, sizeof(up), &pid->numbers[pid->level & 31]);
	if (ret == 0) {
		/* Child side: it lives in the namespace its ids are read from. */
		if (pid && pid->level > 0) {
			ppm_flags |= PG_PPM_CL_CHILD_IN_PIDNS;
			if (up.ns)
				init_ts = BPF_CORE_READ(up.ns, child_reaper, start_time);
		}
	} else if ((flags & PG_CLONE_NEWPID) || t->nsproxy->pid_ns_for_children->level > 0) {
		ppm_flags |= PG_PPM_CL_CHILD_IN_PIDNS;
	}

	aux__begin(a, type, PG_CLONE_NPARAMS);
	aux__store_s64(a, ret);
	aux__store_mm_args(a, t->mm);
	aux__store_task_block(a, t);
	aux__store_empty(a); /* cgroups: not collected yet */
	aux__store_u32(a, ppm_flags);
	aux__store_u32(a, cred->euid.val);
	aux__store_u32(a, cred->egid.val);
	aux__store_s64(a, task__vnr(t, false));
	aux__store_s64(a, task__vnr(t, true));
	aux__store_u64(a, init_ts);
	aux__submit(a);
}

PG_FILLER(clone)
{
	clone__fill(a, PG_PPME_CLONE_X, ret, regs->di);
	return 0;
}

PG_FILLER(clone3)
{
	__u64 flags = 0;

	bpf_probe_read_user(&flags, sizeof(flags), (void *)regs->di);
	clone__fill(a, PG_PPME_CLONE3_X, ret, flags);
	return 0;
}

PG_FILLER(fork)
{
	clone__fill(a, PG_PPME_FORK_X, ret, 0);
	return 0;
}

PG_FILLER(vfork)
{
	clone__fill(a, PG_PPME_VFORK_X, ret, PG_CLONE_VFORK | PG_CLONE_VM);
	return 0;
}

/* A failed exec: the requested argv/envp and the caller's identity. */
static __always_inline void exec__fill_failed(struct pg_aux *a, __u16 type, long ret,
					      unsigned long argv, unsigned long envp,
					      unsigned long filename)
{
	struct task_struct *t = bpf_get_current_task_btf();

	aux__begin(a, type, type == PG_PPME_EXECVE_X ? PG_EXECVE_NPARAMS : PG_EXECVEAT_NPARAMS);
	aux__store_s64(a, ret);
	aux__store_user_argv0(a, argv);
	aux__store_user_strlist(a, argv, 1);
	aux__store_task_block(a, t);
	aux__store_empty(a); /* cgroups: not collected yet */
	aux__store_exec_tail(a, t, false, envp);
	if (type == PG_PPME_EXECVE_X)
		aux__store_user_str(a, filename, PG_MAX_PATH);
	aux__submit(a);
}

PG_FILLER(execve)
{
	if (ret == 0)
		return 0; /* success: reported by sched_process_exec */
	exec__fill_failed(a, PG_PPME_EXECVE_X, ret, regs->si, regs->dx, regs->di);
	return 0;
}

PG_FILLER(execveat)
{
	if (ret == 0)
		return 0; /* success: reported by sched_process_exec as execve (293) */
	exec__fill_failed(a, PG_PPME_EXECVEAT_X, ret, regs->dx, regs->r10, 0);
	return 0;
}
