/* Byte-lane arithmetic on 8-byte words: tests of all 8 bytes of a word at once, used by the
 * approvers (helpers/path_approver.h, helpers/comm_approver.h) to scan strings without a loop per
 * byte. Each test sets the high bit of every matching lane, exactly (no carry between lanes). */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_LANES_H_
#define PEREGRINE_PROBE_BPF_HELPERS_LANES_H_

#include "helpers/base.h"

#define PG_LANE_ONES  0x0101010101010101ULL
#define PG_LANE_HIGHS 0x8080808080808080ULL
#define PG_LANE_LOWS  0x7f7f7f7f7f7f7f7fULL

/* The high bit of each byte lane of `x` that equals `c`. */
static __always_inline __u64 lane__eq(__u64 x, __u8 c)
{
	__u64 t = x ^ (PG_LANE_ONES * c);

	return ~(((t & PG_LANE_LOWS) + PG_LANE_LOWS) | t) & PG_LANE_HIGHS;
}

/* The high bit of each lane outside printable ASCII (0x20..0x7e). */
static __always_inline __u64 lane__unprintable(__u64 x)
{
	__u64 ge_20 = (x & PG_LANE_LOWS) + PG_LANE_ONES * 0x60; /* high bit: low 7 bits ≥ 0x20 */

	return ((x | ~ge_20) & PG_LANE_HIGHS) | lane__eq(x, 0x7f);
}

/* Mask of the low `n` (< 8) bytes. */
static __always_inline __u64 lane__low_bytes(__u32 n)
{
	return (1ULL << ((n & 7) * 8)) - 1;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_LANES_H_ */
