/* Process helpers: the parameter blocks shared by execve/execveat (293/331) and the clone family
 * (223/225/227/335), read from the task, its mm's argument/environment areas and its files. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_PROC_H_
#define PEREGRINE_PROBE_BPF_HELPERS_PROC_H_

#include "helpers/store.h"

#define PG_PATH_DEPTH 32
#define PG_MAX_ARGV   32

struct pg_path_walk {
	const unsigned char *names[PG_PATH_DEPTH];
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	__u32 depth;
	struct pg_aux *a;
	__u32 pos;
	__u32 start;
};

/* One step up the dentry tree (bpf_loop callback): crosses mount points, stops at the root. */
static long path__step(__u32 i, void *ctx)
{
	struct pg_path_walk *w = ctx;
	struct dentry *dentry = w->dentry, *parent;
	struct vfsmount *vfsmnt = w->vfsmnt;
	struct mount *mnt = w->mnt;

	if (!dentry)
		return 1;
	if (dentry == BPF_CORE_READ(vfsmnt, mnt_root)) {
		struct mount *mparent = BPF_CORE_READ(mnt, mnt_parent);

		if (!mparent || mparent == mnt)
			return 1;
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = mparent;
		w->vfsmnt = &mparent->mnt;
		return 0;
	}
	parent = BPF_CORE_READ(dentry, d_parent);
	if (parent == dentry || w->depth >= PG_PATH_DEPTH)
		return 1;
	w->names[w->depth & (PG_PATH_DEPTH - 1)] = BPF_CORE_READ(dentry, d_name.name);
	w->depth++;
	w->dentry = parent;
	return 0;
}

/* Writes "/<component>" for the i-th name from the root (bpf_loop callback). */
static long path__emit(__u32 i, void *ctx)
{
	struct pg_path_walk *w = ctx;
	struct pg_aux *a = w->a;
	__u32 idx = w->depth - 1 - i;
	long n;

	if (i >= w->depth || w->pos - w->start > PG_MAX_PATH - 256 || w->pos > PG_POS_LIMIT - 512)
		return 1;
	a->data[w->pos & PG_POS_MASK] = '/';
	w->pos++;
	n = bpf_probe_read_kernel_str(&a->data[w->pos & PG_POS_MASK], 256,
				      w->names[idx & (PG_PATH_DEPTH - 1)]);
	if (n > 1)
		w->pos += n - 1;
	return 0;
}

/* Appends the absolute path of `f` (dentry walk across mounts, at most PG_PATH_DEPTH parts;
 * PG_PATH_DEPTH is a power of two). */
static __always_inline void aux__store_file_path(struct pg_aux *a, struct file *f)
{
	struct pg_path_walk w = {};

	if (!f) {
		aux__store_empty(a);
		return;
	}
	if (a->payload_pos > PG_POS_LIMIT - PG_MAX_PATH - 2) {
		aux__truncated(a);
		return;
	}
	w.dentry = BPF_CORE_READ(f, f_path.dentry);
	w.vfsmnt = BPF_CORE_READ(f, f_path.mnt);
	w.mnt = container_of(w.vfsmnt, struct mount, mnt);
	bpf_loop(PG_PATH_DEPTH * 2, path__step, &w, 0);
	w.a = a;
	w.pos = w.start = a->payload_pos;
	bpf_loop(PG_PATH_DEPTH, path__emit, &w, 0);
	if (w.pos == w.start) {
		a->data[w.pos & PG_POS_MASK] = '/';
		w.pos++;
	}
	a->data[w.pos & PG_POS_MASK] = 0;
	w.pos++;
	a->payload_pos = w.pos;
	aux__push_len(a, w.pos - w.start);
}

/* kernfs_node before 6.15, where `__parent` was still `parent` (CO-RE flavor). */
struct kernfs_node___pg_old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn__parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___pg_old *)kn, parent);
}

/* Cgroup v2 paths are short (a container's is 2–5 levels deep); a power of two. */
#define PG_CGROUP_DEPTH 16

struct pg_cgroup_walk {
	const char *names[PG_CGROUP_DEPTH];
	struct kernfs_node *kn;
	__u32 depth;
	__u32 complete; /* reached the hierarchy's root */
	struct pg_aux *a;
	__u32 pos;
};

/* One step up the kernfs tree of a cgroup (bpf_loop callback). The root's own name ("") is not
 * part of the path. */
static long cgroup__step(__u32 i, void *ctx)
{
	struct pg_cgroup_walk *w = ctx;
	struct kernfs_node *kn = w->kn, *parent;

	if (!kn)
		return 1;
	parent = kn__parent(kn);
	if (!parent) {
		w->complete = 1;
		return 1;
	}
	if (w->depth >= PG_CGROUP_DEPTH)
		return 1;
	w->names[w->depth & (PG_CGROUP_DEPTH - 1)] = BPF_CORE_READ(kn, name);
	w->depth++;
	w->kn = parent;
	return 0;
}

/* Writes "/<component>" for the i-th name from the root (bpf_loop callback). */
static long cgroup__emit(__u32 i, void *ctx)
{
	struct pg_cgroup_walk *w = ctx;
	__u32 idx = w->depth - 1 - i;
	long n;

	if (i >= w->depth || w->pos > PG_POS_LIMIT - 512)
		return 1;
	w->a->data[w->pos & PG_POS_MASK] = '/';
	w->pos++;
	n = bpf_probe_read_kernel_str(&w->a->data[w->pos & PG_POS_MASK], 256,
				      w->names[idx & (PG_CGROUP_DEPTH - 1)]);
	if (n > 1)
		w->pos += n - 1;
	return 0;
}

/* The cgroups parameter (BYTEBUF string list, scap-format §13): the task's cgroup v2 (default
 * hierarchy) path as one "unified=/a/b" entry, the name /proc-derived state uses for the v2 line
 * "0::/a/b". v1 controller paths are not reported. A path deeper than PG_CGROUP_DEPTH is stored
 * empty (counted as truncated) rather than cut at the top. */
static __always_inline void aux__store_cgroups(struct pg_aux *a, struct task_struct *t)
{
	/* "unified=" as a little-endian u64. */
	const __u64 prefix = 0x3d64656966696e75ULL;
	struct pg_cgroup_walk w = {};
	__u32 start = a->payload_pos;

	if (start > PG_POS_LIMIT - PG_CGROUP_DEPTH * 256 - 16) {
		aux__truncated(a);
		return;
	}
	w.kn = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn);
	bpf_loop(PG_CGROUP_DEPTH + 1, cgroup__step, &w, 0);
	if (!w.complete) {
		aux__truncated(a);
		return;
	}
	*(__u64 *)&a->data[start & PG_POS_MASK] = prefix;
	w.a = a;
	w.pos = start + sizeof(prefix);
	bpf_loop(PG_CGROUP_DEPTH, cgroup__emit, &w, 0);
	if (w.depth == 0) {
		a->data[w.pos & PG_POS_MASK] = '/';
		w.pos++;
	}
	a->data[w.pos & PG_POS_MASK] = 0;
	w.pos++;
	a->payload_pos = w.pos;
	aux__push_len(a, w.pos - start);
}

struct pg_strlist {
	struct pg_aux *a;
	unsigned long arr;
	__u32 pos;
	__u32 start;
};

/* Copies the i-th string of a user pointer array (bpf_loop callback). */
static long strlist__step(__u32 i, void *ctx)
{
	struct pg_strlist *l = ctx;
	struct pg_aux *a = l->a;
	unsigned long p = 0;
	long n;

	if (bpf_probe_read_user(&p, sizeof(p), (void *)(l->arr + i * sizeof(p))) || !p)
		return 1;
	if (l->pos - l->start >= PG_MAX_ARGS || l->pos > PG_POS_LIMIT - PG_MAX_PATH)
		return 1;
	n = bpf_probe_read_user_str(&a->data[l->pos & PG_POS_MASK], PG_MAX_PATH, (void *)p);
	if (n <= 0)
		return 1;
	l->pos += n;
	return 0;
}

/* Appends the NUL-separated strings of a user `char *const[]` array from index `first` (string
 * list BYTEBUF, about PG_MAX_ARGS bytes at most). */
static __always_inline void aux__store_user_strlist(struct pg_aux *a, unsigned long arr, int first)
{
	struct pg_strlist l = {};

	if (!arr) {
		aux__store_empty(a);
		return;
	}
	l.a = a;
	l.arr = arr + first * sizeof(unsigned long);
	l.pos = l.start = a->payload_pos;
	bpf_loop(PG_MAX_ARGV, strlist__step, &l, 0);
	a->payload_pos = l.pos;
	aux__push_len(a, l.pos - l.start);
}

/* argv[0] of a user argv array. */
static __always_inline void aux__store_user_argv0(struct pg_aux *a, unsigned long argv)
{
	unsigned long p = 0;

	if (!argv || bpf_probe_read_user(&p, sizeof(p), (void *)argv)) {
		aux__store_empty(a);
		return;
	}
	aux__store_user_str(a, p, PG_MAX_PATH);
}

static __always_inline __u64 mm__counter(struct mm_struct *mm, int i)
{
	s64 v = mm->rss_stat[i & 3].count;

	return v > 0 ? v : 0;
}

/* Host and namespace id of the process group of `t` (`ns` selects the namespace one). */
static __always_inline __s64 task__pgid(struct task_struct *t, bool ns)
{
	struct pid *pid = t->signal->pids[PIDTYPE_PGID];
	unsigned int level;
	struct upid up = {};

	if (!pid)
		return 0;
	level = ns ? pid->level : 0;
	bpf_probe_read_kernel(&up, sizeof(up), &pid->numbers[level & 31]);
	return up.nr;
}

/* Parameters 3..13 of the exec and clone layouts: tid, pid, ptid, cwd (always empty, as the
 * reference driver), fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm. */
static __always_inline void aux__store_task_block(struct pg_aux *a, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	aux__store_s64(a, t->pid);
	aux__store_s64(a, t->tgid);
	aux__store_s64(a, t->real_parent->pid);
	aux__store_empty(a);
	aux__store_s64(a, t->signal->rlim[PG_RLIMIT_NOFILE].rlim_cur);
	aux__store_u64(a, t->maj_flt);
	aux__store_u64(a, t->min_flt);
	if (mm) {
		aux__store_u32(a, mm->total_vm << (PG_PAGE_SHIFT - 10));
		aux__store_u32(a, (mm__counter(mm, MM_FILEPAGES) + mm__counter(mm, MM_ANONPAGES) +
				   mm__counter(mm, MM_SHMEMPAGES))
					  << (PG_PAGE_SHIFT - 10));
		aux__store_u32(a, mm__counter(mm, MM_SWAPENTS) << (PG_PAGE_SHIFT - 10));
	} else {
		aux__store_u32(a, 0);
		aux__store_u32(a, 0);
		aux__store_u32(a, 0);
	}
	aux__store_kernel_str(a, t->comm, 16);
}

/* exe (argv[0]) and args (argv[1..]) from the current task's mm argument area. */
static __always_inline void aux__store_mm_args(struct pg_aux *a, struct mm_struct *mm)
{
	unsigned long start = mm ? mm->arg_start : 0, end = mm ? mm->arg_end : 0;
	__u32 before = a->payload_pos;
	__u32 n;

	if (!start || end <= start) {
		aux__store_empty(a);
		aux__store_empty(a);
		return;
	}
	aux__store_user_str(a, start, PG_MAX_PATH);
	n = a->payload_pos - before;
	if (start + n >= end)
		aux__store_empty(a);
	else
		aux__store_user_bytes(a, start + n, end - start - n, PG_MAX_ARGS);
}

/* Parameters 15..29 of the execve layout (env, tty, vpgid, loginuid, flags, caps, exe inode and
 * times, uid, trusted_exepath, pgid, gid) for task `t`; `env_from_mm` selects the new image's
 * environment area, otherwise `uenvp` (a user envp array) is read. */
static __always_inline void aux__store_exec_tail(struct pg_aux *a, struct task_struct *t,
						 bool env_from_mm, unsigned long uenvp)
{
	const struct cred *cred = t->cred;
	struct mm_struct *mm = t->mm;
	struct file *exe = mm ? mm->exe_file : NULL;
	struct inode *ino = exe ? exe->f_inode : NULL;
	__u32 exe_flags = task__exe_flags(t);

	if (env_from_mm && mm)
		aux__store_user_bytes(a, mm->env_start, mm->env_end - mm->env_start, PG_MAX_ARGS);
	else
		aux__store_user_strlist(a, uenvp, 0);
	aux__store_u32(a, task__tty(t));
	aux__store_s64(a, task__pgid(t, true));
	aux__store_u32(a, t->loginuid.val);
	aux__store_u32(a, exe_flags);
	aux__store_u64(a, cred->cap_inheritable.val);
	aux__store_u64(a, cred->cap_permitted.val);
	aux__store_u64(a, cred->cap_effective.val);
	if (ino) {
		aux__store_u64(a, ino->i_ino);
		aux__store_u64(a, ino->i_ctime_sec * 1000000000ULL + ino->i_ctime_nsec);
		aux__store_u64(a, ino->i_mtime_sec * 1000000000ULL + ino->i_mtime_nsec);
	} else {
		aux__store_empty(a);
		aux__store_empty(a);
		aux__store_empty(a);
	}
	aux__store_u32(a, cred->euid.val);
	if (exe && (exe_flags & PG_EXE_FROM_MEMFD))
		aux__store_kernel_str(a, exe->f_path.dentry->d_name.name, 256);
	else
		aux__store_file_path(a, exe);
	aux__store_s64(a, task__pgid(t, false));
	aux__store_u32(a, cred->egid.val);
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_PROC_H_ */
