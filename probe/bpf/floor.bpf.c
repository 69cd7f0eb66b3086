/* The cost floors of emitting one record on this kernel, for the probe benchmark only: what any
 * syscall probe must do per emitted event and nothing else (no parameter table, no interest map,
 * no approvers, no counters, no tail call). Set against the probe's emitted cost, they show how
 * much of that cost is the probe's own work and how much is the kernel's price for the minimum.
 *
 * pg_floor_kind selects the floor (floor_kind.h; one skeleton instance each):
 *   PG_FLOOR_OPENAT_PATH      openat: read the path from user memory, take a timestamp, copy a
 *                             record of the probe's openat size into a ring (the cheapest way);
 *   PG_FLOOR_OPENAT_PATH_CTX  the same, plus the minimal process context every record must
 *                             carry (pid, tid, ppid, uid, gid, comm), read from the task;
 *   PG_FLOOR_CLOSE_CTX        close: timestamp, that context and the two close parameters, in
 *                             the smallest record that holds them (no path). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "probe/abi/proc_ctx.h"
#include "probe/abi/scap_record.h"
#include "probe/bpf/floor_kind.h"
#include "helpers/ring_copy.h"

char LICENSE[] SEC("license") = "GPL";

#define PG_FLOOR_SYS_CLOSE  3
#define PG_FLOOR_SYS_OPENAT 257
#define PG_FLOOR_PATH_MAX   4096
/* What the probe's openat record holds besides the path: ring prefix, process context, scap
 * header, 7 parameter lengths and the fixed-size values (res, dirfd, flags, mode, dev, ino). */
#define PG_FLOOR_FIXED                                                                             \
	(PG_RING_PREFIX_SIZE + PG_PROC_CTX_SIZE + PG_SCAP_EVENT_HEADER_SIZE + 7 * 2 + 8 + 8 + 4 +  \
	 4 + 4 + 8)
/* The minimal context: pid, tid, ppid, uid, gid (4 bytes each) and comm (16). */
#define PG_FLOOR_MIN_CTX_SIZE (5 * 4 + 16)
/* A close record with the minimal context: prefix, context, header, 2 lengths, res and fd. */
#define PG_FLOOR_CLOSE_SIZE                                                                        \
	(PG_RING_PREFIX_SIZE + PG_FLOOR_MIN_CTX_SIZE + PG_SCAP_EVENT_HEADER_SIZE + 2 * 2 + 8 + 8)
#define PG_FLOOR_CLOSE_CLASS 128
_Static_assert(PG_FLOOR_CLOSE_SIZE <= PG_FLOOR_CLOSE_CLASS, "a close floor record fits 128 bytes");

const volatile __u32 pg_floor_kind = PG_FLOOR_OPENAT_PATH;

struct pg_floor_record {
	__u8 data[PG_FLOOR_FIXED + PG_FLOOR_PATH_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pg_floor_record);
} floor_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24);
} floor_ring SEC(".maps");

/* The minimal process context of the current task at `d` (direct BTF loads, as the probe's). */
static __always_inline void floor__min_ctx(__u8 *d)
{
	struct task_struct *t = bpf_get_current_task_btf();
	const struct cred *cred = t->cred;

	*(__u32 *)&d[0] = t->tgid;
	*(__u32 *)&d[4] = t->pid;
	*(__u32 *)&d[8] = t->real_parent->tgid;
	*(__u32 *)&d[12] = cred->uid.val;
	*(__u32 *)&d[16] = cred->gid.val;
	__builtin_memcpy(&d[20], t->comm, 16);
}

static __always_inline int floor__close(struct pg_floor_record *r, struct pt_regs *regs, long ret)
{
	__u32 h = PG_RING_PREFIX_SIZE + PG_FLOOR_MIN_CTX_SIZE;

	floor__min_ctx(&r->data[PG_RING_PREFIX_SIZE]);
	*(__u64 *)&r->data[h] = bpf_ktime_get_ns();
	*(__s64 *)&r->data[h + PG_SCAP_EVENT_HEADER_SIZE + 4] = ret;
	*(__s64 *)&r->data[h + PG_SCAP_EVENT_HEADER_SIZE + 12] = (int)regs->di;
	ring__copy_inline(&floor_ring, r->data, PG_FLOOR_CLOSE_CLASS, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(pg_floor_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 zero = 0;
	struct pg_floor_record *r;
	long n;

	if (regs->orig_ax !=
	    (pg_floor_kind == PG_FLOOR_CLOSE_CTX ? PG_FLOOR_SYS_CLOSE : PG_FLOOR_SYS_OPENAT))
		return 0;
	r = bpf_map_lookup_elem(&floor_scratch, &zero);
	if (!r)
		return 0;
	if (pg_floor_kind == PG_FLOOR_CLOSE_CTX)
		return floor__close(r, regs, ret);
	if (pg_floor_kind == PG_FLOOR_OPENAT_PATH_CTX)
		floor__min_ctx(&r->data[PG_RING_PREFIX_SIZE]);
	n = bpf_probe_read_user_str(&r->data[PG_FLOOR_FIXED], PG_FLOOR_PATH_MAX, (void *)regs->si);
	if (n < 0)
		n = 0;
	*(__u64 *)&r->data[PG_RING_PREFIX_SIZE + PG_PROC_CTX_SIZE] = bpf_ktime_get_ns();
	/* The cheapest ring write (as in the probe, helpers/store.h): a record that fits 256 bytes
	 * is reserved in place and copied inline; a longer one goes through the output helper. */
	if (PG_FLOOR_FIXED + n <= 256) {
		ring__copy_inline(&floor_ring, r->data, 256, BPF_RB_NO_WAKEUP);
		return 0;
	}
	bpf_ringbuf_output(&floor_ring, r->data, (PG_FLOOR_FIXED + n) & (PG_FLOOR_PATH_MAX * 2 - 1),
			   BPF_RB_NO_WAKEUP);
	return 0;
}
