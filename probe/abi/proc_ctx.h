/* The process context the probe attaches to every ring record, and the record prefix that says
 * whether one is present.
 *
 * A ring record is: struct pg_ring_prefix, then (when PG_RING_HAS_CTX is set) struct pg_proc_ctx,
 * then one scap event record (scap_record.h). The context is read from the current task by the
 * kernel at event time, so user space can evaluate most process fields without a table lookup.
 * Plain C with fixed-width fields and explicit padding: the BPF programs include it.
 */
#ifndef PEREGRINE_PROBE_ABI_PROC_CTX_H_
#define PEREGRINE_PROBE_ABI_PROC_CTX_H_

#ifdef __BPF__
/* vmlinux.h provides __u64 and friends. */
#else
#include <linux/types.h>
#endif

/* pg_ring_prefix.flags */
#define PG_RING_HAS_CTX 0x1 /* a struct pg_proc_ctx follows the prefix */

/* Precedes every record in a ring buffer. */
struct pg_ring_prefix {
  __u32 len;      /* whole ring record: prefix + context (if any) + event record */
  __u16 flags;    /* PG_RING_HAS_CTX */
  __u16 ctx_size; /* sizeof(struct pg_proc_ctx) when present, else 0 */
};

/* pg_proc_ctx.exe_flags: the PPM execve_flags encoding (scap-format Appendix B). */
#define PG_EXE_WRITABLE 1
#define PG_EXE_UPPER_LAYER 2
#define PG_EXE_FROM_MEMFD 4
#define PG_EXE_LOWER_LAYER 8

/* Identity of the thread that caused the event, read from its task_struct. */
struct pg_proc_ctx {
  __u32 pid;       /* thread group id (host) */
  __u32 tid;       /* thread id (host) */
  __u32 ppid;      /* real_parent's thread group id (host) */
  __u32 vpid;      /* thread group id in the task's own pid namespace */
  __u32 vtid;      /* thread id in the task's own pid namespace */
  __u32 uid;       /* real uid */
  __u32 gid;       /* real gid */
  __u32 euid;      /* effective uid */
  __u32 egid;      /* effective gid */
  __u32 loginuid;  /* audit login uid; 0xFFFFFFFF = unset */
  __u32 tty;       /* controlling tty as a user-space dev_t (makedev encoding); 0 = none */
  __u32 exe_flags; /* PG_EXE_* */
  __u32 pidns_ino; /* inode number of the pid namespace (host ns when equal to init's) */
  __u32 mntns_ino; /* inode number of the mount namespace */
  __u64 cgroup_id; /* cgroup v2 id of the task's default-hierarchy cgroup */
  __u64 cap_effective;
  __u64 cap_permitted;
  __u64 start_time; /* task start, ns since boot (monotonic, boot-based) */
  __u64 exe_ino;    /* inode number of the executable; 0 = kernel thread or unknown */
  char comm[16];    /* task name, NUL-terminated */
};

#define PG_RING_PREFIX_SIZE 8
#define PG_PROC_CTX_SIZE 112

#ifdef __cplusplus
static_assert(sizeof(struct pg_ring_prefix) == PG_RING_PREFIX_SIZE, "ring prefix is 8 bytes");
static_assert(sizeof(struct pg_proc_ctx) == PG_PROC_CTX_SIZE, "process context is 112 bytes");
#else
_Static_assert(sizeof(struct pg_ring_prefix) == PG_RING_PREFIX_SIZE, "ring prefix is 8 bytes");
_Static_assert(sizeof(struct pg_proc_ctx) == PG_PROC_CTX_SIZE, "process context is 112 bytes");
#endif

#endif /* PEREGRINE_PROBE_ABI_PROC_CTX_H_ */
