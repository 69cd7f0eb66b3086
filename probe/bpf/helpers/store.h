/* Store layer: assemble one ring record in the per-CPU scratch buffer and copy it into this
 * CPU's ring. Every parameter is appended in order; a value that cannot be read or does not fit
 * becomes an empty parameter (length 0), which scap readers treat as "not available". */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_STORE_H_
#define PEREGRINE_PROBE_BPF_HELPERS_STORE_H_

#include "helpers/base.h"
#include "helpers/extract.h"
#include "helpers/ring_copy.h"
#include "maps.h"

#define PG_POS_MASK (PG_MAX_RECORD_SIZE - 1)
/* Last usable offset; keeps masked offsets equal to the real ones. */
#define PG_POS_LIMIT (PG_MAX_RECORD_SIZE - 1)

/* This CPU's counters (counters_map has one entry with per-CPU values), or NULL. */
static __always_inline struct pg_probe_counters *counters__this_cpu(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&counters_map, &zero);
}

static __always_inline void counters__drop(enum pg_drop_category cat)
{
	struct pg_probe_counters *c = counters__this_cpu();

	if (c && cat < PG_DROP_CATEGORY_COUNT)
		c->drops[cat]++;
}

static __always_inline void counters__approved(void)
{
	struct pg_probe_counters *c = counters__this_cpu();

	if (c)
		c->approver_dropped++;
}

/* The scratch buffer of this CPU, or NULL (counted as a drop). */
static __always_inline struct pg_aux *aux__get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct pg_aux *a = bpf_map_lookup_elem(&aux_map, &cpu);

	if (!a)
		counters__drop(PG_DROP_NO_SCRATCH);
	return a;
}

/* Starts a record of event `type` with `nparams` parameters for the current task. The process
 * context's place is reserved here and filled by aux__submit(), so that a record an approver
 * drops halfway (helpers/path_approver.h) never pays for it. */
static __always_inline void aux__begin(struct pg_aux *a, __u16 type, __u32 nparams)
{
	__u32 start = PG_RING_PREFIX_SIZE;

	if (pg_emit_ctx)
		start += PG_PROC_CTX_SIZE;
	a->event_start = start;
	a->type = type;
	a->nparams = nparams;
	a->lens_pos = start + PG_SCAP_EVENT_HEADER_SIZE;
	a->payload_pos = a->lens_pos + nparams * 2;
	a->truncated = 0;
}

static __always_inline void aux__push_len(struct pg_aux *a, __u16 len)
{
	*(__u16 *)&a->data[a->lens_pos & PG_POS_MASK] = len;
	a->lens_pos += 2;
}

static __always_inline void aux__store_empty(struct pg_aux *a)
{
	aux__push_len(a, 0);
}

static __always_inline void aux__truncated(struct pg_aux *a)
{
	a->truncated++;
	aux__push_len(a, 0);
}

#define PG_DEFINE_STORE(name, type)                                                                \
	static __always_inline void aux__store_##name(struct pg_aux *a, type v)                    \
	{                                                                                          \
		__u32 pos = a->payload_pos;                                                        \
		if (pos > PG_POS_LIMIT - sizeof(type)) {                                           \
			aux__truncated(a);                                                         \
			return;                                                                    \
		}                                                                                  \
		*(type *)&a->data[pos & PG_POS_MASK] = v;                                          \
		a->payload_pos = pos + sizeof(type);                                               \
		aux__push_len(a, sizeof(type));                                                    \
	}

PG_DEFINE_STORE(u8, __u8)
PG_DEFINE_STORE(u16, __u16)
PG_DEFINE_STORE(u32, __u32)
PG_DEFINE_STORE(u64, __u64)
PG_DEFINE_STORE(s64, __s64)
PG_DEFINE_STORE(s32, __s32)

/* A NUL-terminated string from user memory (CHARBUF/FSPATH), at most `max` bytes with the NUL. */
static __always_inline void aux__store_user_str(struct pg_aux *a, unsigned long uptr, __u32 max)
{
	__u32 pos = a->payload_pos;
	long n;

	if (!uptr) {
		aux__store_empty(a);
		return;
	}
	if (pos > PG_POS_LIMIT - PG_MAX_PATH) {
		aux__truncated(a);
		return;
	}
	if (max > PG_MAX_PATH)
		max = PG_MAX_PATH;
	n = bpf_probe_read_user_str(&a->data[pos & PG_POS_MASK], max, (const void *)uptr);
	if (n <= 0) {
		aux__store_empty(a);
		return;
	}
	a->payload_pos = pos + n;
	aux__push_len(a, n);
}

/* A NUL-terminated kernel string, at most `max` (≤ PG_MAX_PATH) bytes with the NUL. */
static __always_inline void aux__store_kernel_str(struct pg_aux *a, const void *kptr, __u32 max)
{
	__u32 pos = a->payload_pos;
	long n;

	if (!kptr) {
		aux__store_empty(a);
		return;
	}
	if (pos > PG_POS_LIMIT - PG_MAX_PATH) {
		aux__truncated(a);
		return;
	}
	if (max > PG_MAX_PATH)
		max = PG_MAX_PATH;
	n = bpf_probe_read_kernel_str(&a->data[pos & PG_POS_MASK], max, kptr);
	if (n <= 0) {
		aux__store_empty(a);
		return;
	}
	a->payload_pos = pos + n;
	aux__push_len(a, n);
}

/* `len` raw bytes of user memory (BYTEBUF), cut to `max` (≤ PG_MAX_PATH). */
static __always_inline void aux__store_user_bytes(struct pg_aux *a, unsigned long uptr, __u64 len,
						  __u32 max)
{
	__u32 pos = a->payload_pos;
	__u32 n;

	if (!uptr || len == 0) {
		aux__store_empty(a);
		return;
	}
	if (pos > PG_POS_LIMIT - PG_MAX_PATH) {
		aux__truncated(a);
		return;
	}
	if (max > PG_MAX_PATH)
		max = PG_MAX_PATH;
	n = len > max ? max : (__u32)len;
	n &= (PG_MAX_PATH * 2 - 1);
	if (n > PG_MAX_PATH)
		n = PG_MAX_PATH;
	if (bpf_probe_read_user(&a->data[pos & PG_POS_MASK], n, (const void *)uptr)) {
		aux__store_empty(a);
		return;
	}
	a->payload_pos = pos + n;
	aux__push_len(a, n);
}

/* Reserves `n` (≤ 64) payload bytes for a value the caller writes itself, and returns where
 * they start (or NULL when they do not fit; an empty parameter is stored then). */
static __always_inline __u8 *aux__reserve(struct pg_aux *a, __u32 n)
{
	__u32 pos = a->payload_pos;

	if (n > 64 || pos > PG_POS_LIMIT - 64) {
		aux__truncated(a);
		return NULL;
	}
	a->payload_pos = pos + n;
	aux__push_len(a, n);
	return &a->data[pos & PG_POS_MASK];
}

/* A record of at most `bytes` bytes goes into a ring reservation of that size class. The bytes
 * after the record's own length (its ring prefix says how long it is) are scratch left-overs of
 * this CPU and are ignored by the reader. */
#define PG_RING_SIZE_CLASS(bytes)                                                                  \
	if (total <= (bytes))                                                                      \
		return ring__copy_inline(rb, a->data, (bytes), wake);

/* Copies the record (`total` bytes of the scratch area) into ring `rb`; non-zero when the ring is
 * full. Most records are small (context, header and a short path fit in 256 bytes); they are
 * reserved in a 64-byte size class and copied inline (helpers/ring_copy.h). The price is up to
 * 63 bytes of padding per record in the ring. Larger records take the output helper. */
static __always_inline long ring__output(void *rb, struct pg_aux *a, __u32 total, __u64 wake)
{
	PG_RING_SIZE_CLASS(128)
	PG_RING_SIZE_CLASS(192)
	PG_RING_SIZE_CLASS(256)
	PG_RING_SIZE_CLASS(320)
	PG_RING_SIZE_CLASS(384)
	PG_RING_SIZE_CLASS(512)
	return bpf_ringbuf_output(rb, a->data, total & PG_POS_MASK, wake);
}

/* Writes the headers and copies the record into this CPU's ring. */
static __always_inline void aux__submit(struct pg_aux *a)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct pg_probe_counters *c = counters__this_cpu();
	__u32 start = a->event_start & PG_POS_MASK;
	__u32 total = a->payload_pos;
	__u64 wake = BPF_RB_NO_WAKEUP;
	struct pg_ring_prefix *p = (struct pg_ring_prefix *)&a->data[0];
	__u8 *h;
	void *rb;

	if (!c)
		return;
	if (total > PG_POS_LIMIT) {
		c->drops[PG_DROP_TOO_BIG]++;
		return;
	}
	if (start > 256)
		return;
	if (pg_emit_ctx)
		ctx__fill((struct pg_proc_ctx *)&a->data[PG_RING_PREFIX_SIZE],
			  bpf_get_current_task_btf());
	h = &a->data[start];
	*(__u64 *)&h[0] = bpf_ktime_get_ns() + pg_clock_offset_ns;
	/* The thread id: from the context already in the record, else from a helper call. */
	*(__u64 *)&h[8] = pg_emit_ctx ? ((struct pg_proc_ctx *)&a->data[PG_RING_PREFIX_SIZE])->tid
				      : (bpf_get_current_pid_tgid() & 0xffffffff);
	*(__u32 *)&h[16] = total - start;
	*(__u16 *)&h[20] = a->type;
	*(__u32 *)&h[22] = a->nparams;
	p->len = total;
	p->flags = pg_emit_ctx ? PG_RING_HAS_CTX : 0;
	p->ctx_size = pg_emit_ctx ? PG_PROC_CTX_SIZE : 0;
	c->truncated_params += a->truncated;

	rb = bpf_map_lookup_elem(&ringbuf_maps, &cpu);
	if (!rb) {
		c->drops[PG_DROP_NO_RING]++;
		return;
	}
	/* Waking the reader costs several microseconds here (irq_work and a self-IPI), so it is
	 * done only on every (mask + 1)-th record, only when a reader waits on this ring, and then
	 * only when the ring holds at least pg_wakeup_bytes: under a light load the reader's Poll
	 * timeout collects the records, and a busy reader needs no wakeup. */
	if (pg_wakeup_mask != 0xffffffff && (c->emitted & pg_wakeup_mask) == 0 &&
	    pg_reader_waiting[cpu & (PG_MAX_RINGS - 1)] &&
	    (pg_wakeup_bytes == 0 || bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) >= pg_wakeup_bytes)) {
		wake = BPF_RB_FORCE_WAKEUP;
		c->wakeups++;
	}
	if (ring__output(rb, a, total, wake)) {
		c->drops[PG_DROP_RING_FULL]++;
		return;
	}
	c->emitted++;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_STORE_H_ */
