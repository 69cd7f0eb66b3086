/* Extract layer: read kernel objects (task, files, sockets, memory layout) through CO-RE. The
 * task pointer comes from bpf_get_current_task_btf() or a tracepoint argument, so plain field
 * accesses compile to relocated, fault-tolerant loads. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_EXTRACT_H_
#define PEREGRINE_PROBE_BPF_HELPERS_EXTRACT_H_

#include "helpers/base.h"

/* Linux dev_t (major << 20 | minor) to the user-space encoding that stat(2) reports. */
static __always_inline __u32 dev__encode(__u32 kdev)
{
	__u32 major = kdev >> 20;
	__u32 minor = kdev & ((1U << 20) - 1);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* The upid of `pid` at its own (deepest) pid namespace level. The verifier refuses a variable
 * index into the typed numbers[] array, so the entry's address is computed and retyped as a
 * struct upid (pg_cast): a direct load at any level, no bpf_probe_read_kernel call — processes
 * in containers (level >= 1) are the common case on a Kubernetes node. */
static __always_inline struct upid pid__own_upid(struct pid *pid)
{
	struct upid up = {};
	struct upid *entry;

	if (!pid)
		return up;
	entry = pg_cast((unsigned long)&pid->numbers[0] + (pid->level & 31) * sizeof(struct upid),
			struct upid);
	up.nr = entry->nr;
	up.ns = entry->ns;
	return up;
}

/* The id of `t` (pid when tgid is false) as seen in its own pid namespace. */
static __always_inline __u32 task__vnr(struct task_struct *t, bool tgid)
{
	return pid__own_upid(tgid ? t->group_leader->thread_pid : t->thread_pid).nr;
}

/* Controlling tty as a user-space dev_t, 0 when none. */
static __always_inline __u32 task__tty(struct task_struct *t)
{
	struct tty_struct *tty = t->signal->tty;
	__u32 major, minor;

	if (!tty)
		return 0;
	major = tty->driver->major;
	minor = tty->driver->minor_start + tty->index;
	return dev__encode(major << 20 | minor);
}

#define PG_TMPFS_MAGIC 0x01021994

/* PG_EXE_FROM_MEMFD when `exe` is a memfd ("memfd:" dentry on shmem). Only a file on a shmem
 * super block (memfd, tmpfs) has its name read, so the common case costs no copy. */
static __always_inline __u32 file__memfd_flag(struct file *exe)
{
	const unsigned char *name;
	char prefix[6] = {};

	if (exe->f_inode->i_sb->s_magic != PG_TMPFS_MAGIC)
		return 0;
	name = exe->f_path.dentry->d_name.name;
	if (!name || bpf_probe_read_kernel(prefix, sizeof(prefix), name))
		return 0;
	if (prefix[0] == 'm' && prefix[1] == 'e' && prefix[2] == 'm' && prefix[3] == 'f' &&
	    prefix[4] == 'd' && prefix[5] == ':')
		return PG_EXE_FROM_MEMFD;
	return 0;
}

/* The executable's flags (PG_EXE_*) of `t`. */
static __always_inline __u32 task__exe_flags(struct task_struct *t)
{
	struct file *exe = t->mm ? t->mm->exe_file : NULL;

	return exe ? file__memfd_flag(exe) : 0;
}

/* The process context of every record. Each kernel object is loaded once: the thread's own
 * upid gives vtid and the pid namespace, the leader's gives vpid (the same when t leads), and the
 * executable's inode gives both exe_ino and the memfd check. */
static __always_inline void ctx__fill(struct pg_proc_ctx *c, struct task_struct *t)
{
	const struct cred *cred = t->cred;
	struct mm_struct *mm = t->mm;
	struct file *exe = mm ? mm->exe_file : NULL;
	struct task_struct *leader = t->group_leader;
	struct upid own = pid__own_upid(t->thread_pid);
	struct pid_namespace *ns = pg_cast(own.ns, struct pid_namespace);

	c->pid = t->tgid;
	c->tid = t->pid;
	c->ppid = t->real_parent->tgid;
	c->vtid = own.nr;
	c->vpid = leader == t ? own.nr : pid__own_upid(leader->thread_pid).nr;
	c->uid = cred->uid.val;
	c->gid = cred->gid.val;
	c->euid = cred->euid.val;
	c->egid = cred->egid.val;
	c->loginuid = t->loginuid.val;
	c->tty = task__tty(t);
	c->exe_flags = exe ? file__memfd_flag(exe) : 0;
	c->pidns_ino = own.ns ? ns->ns.inum : 0;
	c->mntns_ino = t->nsproxy ? t->nsproxy->mnt_ns->ns.inum : 0;
	c->cgroup_id = t->cgroups->dfl_cgrp->kn->id;
	c->cap_effective = cred->cap_effective.val;
	c->cap_permitted = cred->cap_permitted.val;
	c->start_time = t->start_boottime;
	c->exe_ino = exe ? exe->f_inode->i_ino : 0;
	__builtin_memcpy(c->comm, t->comm, sizeof(c->comm));
}

/* The struct file behind fd `fd` of the current task, or NULL; fields read through the result
 * are direct loads (pg_cast).
 *
 * The slot fdt->fd[fd] is a `struct file *` at a variable address, which the verifier only lets
 * us read with bpf_probe_read_kernel (about 30 ns). Instead the slot's address is retyped as a
 * kernel struct whose first member is a `struct file *` — struct fown_struct since 6.12 — and
 * read directly. The CO-RE relocation of fown_struct.file fails the load on kernels where that
 * member is not there, rather than reading a wrong offset. */
static __always_inline struct file *fd__file(long fd)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct fdtable *fdt = t->files->fdt;
	struct fown_struct *slot;
	struct file *f;

	if (fd < 0 || !fdt || fd >= fdt->max_fds)
		return NULL;
	_Static_assert(__builtin_offsetof(struct fown_struct, file) == 0, "fown_struct.file first");
	slot = pg_cast((unsigned long)fdt->fd + fd * sizeof(struct file *), struct fown_struct);
	f = slot->file;
	return f ? pg_cast(f, struct file) : NULL;
}

/* The socket behind fd `fd`, or NULL (the file's private_data for socket files). */
static __always_inline struct sock *fd__sock(long fd)
{
	struct file *f = fd__file(fd);
	struct socket *s;

	if (!f)
		return NULL;
	s = (struct socket *)BPF_CORE_READ(f, private_data);
	if (!s || BPF_CORE_READ(s, file) != f)
		return NULL;
	return BPF_CORE_READ(s, sk);
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_EXTRACT_H_ */
