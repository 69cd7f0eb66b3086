/* The cheapest way to put a small record into a BPF ring buffer on this kernel: reserve it in
 * place and copy it with inline 8-byte moves (bpf_ringbuf_output's kernel memcpy costs about
 * 35 ns more per record, bench/probe). Shared by the probe (helpers/store.h) and the benchmark's
 * floor program (floor.bpf.c), so that the floor writes its records as the probe does. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_RING_COPY_H_
#define PEREGRINE_PROBE_BPF_HELPERS_RING_COPY_H_

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* Copies the first `bytes` (a compile-time constant, a multiple of 8) of `src` into ring `rb`
 * and submits them with `flags`; non-zero when the ring is full. */
static __always_inline long ring__copy_inline(void *rb, const void *src, const __u32 bytes,
					      __u64 flags)
{
	__u64 *dst = bpf_ringbuf_reserve(rb, bytes, 0);
	const __u64 *from = src;

	if (!dst)
		return -1;
#pragma unroll
	for (int i = 0; i < bytes / 8; i++)
		dst[i] = from[i];
	bpf_ringbuf_submit(dst, flags);
	return 0;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_RING_COPY_H_ */
