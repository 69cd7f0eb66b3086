/* The cost floor of emitting one openat record on this kernel, for the probe benchmark only: the
 * three kernel services any syscall probe must call per emitted event — read the path from user
 * memory, take a timestamp, copy the record into a ring buffer (the cheapest way) — and nothing
 * else (no process context, no parameter table, no tail call). Set against the probe's emitted cost, it shows how
 * much of that cost is the probe's own work and how much is the kernel's helpers. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "probe/abi/proc_ctx.h"
#include "probe/abi/scap_record.h"

char LICENSE[] SEC("license") = "GPL";

#define PG_FLOOR_OPENAT	  257
#define PG_FLOOR_PATH_MAX 4096
/* What the probe's openat record holds besides the path: ring prefix, process context, scap
 * header, 7 parameter lengths and the fixed-size values (res, dirfd, flags, mode, dev, ino). */
#define PG_FLOOR_FIXED                                                                             \
	(PG_RING_PREFIX_SIZE + PG_PROC_CTX_SIZE + PG_SCAP_EVENT_HEADER_SIZE + 7 * 2 + 8 + 8 + 4 + \
	 4 + 4 + 8)

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

SEC("tp_btf/sys_exit")
int BPF_PROG(pg_floor_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 zero = 0;
	struct pg_floor_record *r;
	long n;

	if (regs->orig_ax != PG_FLOOR_OPENAT)
		return 0;
	r = bpf_map_lookup_elem(&floor_scratch, &zero);
	if (!r)
		return 0;
	n = bpf_probe_read_user_str(&r->data[PG_FLOOR_FIXED], PG_FLOOR_PATH_MAX, (void *)regs->si);
	if (n < 0)
		n = 0;
	*(__u64 *)&r->data[PG_RING_PREFIX_SIZE + PG_PROC_CTX_SIZE] = bpf_ktime_get_ns();
	/* The cheapest ring write (as in the probe, helpers/store.h): a record that fits 256 bytes
	 * is reserved in place and copied inline; a longer one goes through the output helper. */
	if (PG_FLOOR_FIXED + n <= 256) {
		__u64 *dst = bpf_ringbuf_reserve(&floor_ring, 256, 0);
		const __u64 *src = (const __u64 *)r->data;

		if (!dst)
			return 0;
#pragma unroll
		for (int i = 0; i < 256 / 8; i++)
			dst[i] = src[i];
		bpf_ringbuf_submit(dst, BPF_RB_NO_WAKEUP);
		return 0;
	}
	bpf_ringbuf_output(&floor_ring, r->data, (PG_FLOOR_FIXED + n) & (PG_FLOOR_PATH_MAX * 2 - 1),
			   BPF_RB_NO_WAKEUP);
	return 0;
}
