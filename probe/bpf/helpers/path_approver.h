/* Path approvers (compiler/prefilter/path_approver.cc): after an open-family filler has read the
 * path into the scratch record, drop the call when its path is checkable and matches none of the
 * patterns of its syscall and outcome (probe/abi/path_approver.h). Checkable: absolute, lexically
 * canonical (fd.name is then the path itself), printable ASCII, shorter than PG_PATH_CHECK_MAX;
 * and for a successful call not a directory open (directories become dirfds and cwds).
 *
 * Everything works on 8-byte words loaded from the scratch record (unaligned loads are direct on
 * x86): the canonical check tests 8 positions per step with byte-lane arithmetic, a pattern is
 * compared a word at a time, a substring (≤ 8 bytes) with one masked compare per offset. The
 * loops have constant bounds (no bpf_loop: its callbacks are indirect calls, ~13 ns each here);
 * bytes past the path's NUL are masked out or cannot matter. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_PATH_APPROVER_H_
#define PEREGRINE_PROBE_BPF_HELPERS_PATH_APPROVER_H_

#include "helpers/base.h"
#include "helpers/lanes.h"
#include "helpers/store.h"
#include "maps.h"

#define PG_S_IFMT  00170000
#define PG_S_IFDIR 0040000

/* Counted in approver_dropped, and in path_approver_dropped (the share the benchmark reports). */
static __always_inline void counters__approved_path(void)
{
	struct pg_probe_counters *c = counters__this_cpu();

	if (c) {
		c->approver_dropped++;
		c->path_approver_dropped++;
	}
}

/* The 8 bytes of the scratch record at `off` (masked like every scratch access). */
static __always_inline __u64 path__load(struct pg_aux *a, __u32 off)
{
	return *(__u64 *)&a->data[off & PG_POS_MASK];
}

/* Whether the `len`-byte path at `pos` (NUL at pos + len) is printable and lexically canonical:
 * no "//", no "/." or "/.." segment, no trailing '/' (except "/" itself). */
static __always_inline bool path__canonical(struct pg_aux *a, __u32 pos, __u32 len)
{
	__u32 k;

	for (k = 0; k < PG_PATH_CHECK_MAX / 8; k++) {
		__u32 i = k * 8;
		__u64 b0, b1, b2, b3, slash, dot1, bad, valid;

		if (i >= len)
			break;
		b0 = path__load(a, pos + i);
		b1 = path__load(a, pos + i + 1);
		b2 = path__load(a, pos + i + 2);
		b3 = path__load(a, pos + i + 3);
		slash = lane__eq(b0, '/');
		dot1 = lane__eq(b1, '.');
		bad = lane__unprintable(b0) |
		      (slash &
		       (lane__eq(b1, '/') | lane__eq(b1, 0) |
			(dot1 & (lane__eq(b2, '/') | lane__eq(b2, 0))) |
			(dot1 & lane__eq(b2, '.') & (lane__eq(b3, '/') | lane__eq(b3, 0)))));
		valid = len - i >= 8 ? PG_LANE_HIGHS : PG_LANE_HIGHS & lane__low_bytes(len - i);
		if (i == 0 && len == 1)
			valid = 0x80 & ~slash; /* "/": its NUL after the slash is fine */
		if (bad & valid)
			return false;
	}
	return true;
}

/* Whether the first `plen` (1..64) bytes of pattern `p` equal the path bytes at `at`. */
static __always_inline bool path__equal_at(struct pg_aux *a, __u32 at, struct pg_path_pattern *p,
					   __u32 plen)
{
	__u32 w;

	for (w = 0; w < PG_PATH_PATTERN_MAX_BYTES / 8; w++) {
		__u32 done = w * 8;
		__u64 x;

		if (done >= plen)
			break;
		x = path__load(a, at + done) ^ p->words[w];
		if (plen - done < 8)
			x &= lane__low_bytes(plen - done);
		if (x)
			return false;
	}
	return true;
}

/* Whether the `len`-byte path at `pos` matches exact/prefix/suffix pattern `p` (1 = match or
 * malformed). A global function: the verifier checks it once, not once per pattern, and the
 * call is a direct one. */
__noinline int pg_path_matches(struct pg_aux *a, struct pg_path_pattern *p, __u32 pos, __u32 len)
{
	__u32 plen;

	if (!a || !p)
		return 1;
	plen = p->len;
	if (plen == 0 || plen > PG_PATH_PATTERN_MAX_BYTES)
		return true; /* malformed: keep the call */
	if (plen > len)
		return false;
	switch (p->kind) {
	case PG_PATH_EXACT:
		return plen == len && path__equal_at(a, pos, p, plen);
	case PG_PATH_PREFIX:
		return path__equal_at(a, pos, p, plen);
	case PG_PATH_SUFFIX:
		return path__equal_at(a, pos + len - plen, p, plen);
	default:
		return true; /* unknown kind: keep the call */
	}
}

/* Whether the `len`-byte path at `pos` contains substring `c` (1 = found or malformed). A
 * global function, like pg_path_matches. Candidate offsets come 8 at a time from the lanes equal
 * to the substring's first byte; only those are compared (a path without that byte costs one
 * load per word). */
__noinline int pg_path_contains(struct pg_aux *a, struct pg_path_substring *c, __u32 pos, __u32 len)
{
	__u32 plen, w, j;
	__u64 word, mask;
	__u8 first;

	if (!a || !c)
		return 1;
	plen = c->len;
	word = c->word;
	mask = c->mask;
	if (plen == 0 || plen > PG_PATH_CONTAINS_MAX_BYTES)
		return true;
	first = word & 0xff;
	for (w = 0; w < PG_PATH_CHECK_MAX / 8; w++) {
		__u32 base = w * 8;
		__u64 cand;

		if (base + plen > len)
			break;
		cand = lane__eq(path__load(a, pos + base), first);
		for (j = 0; j < 8; j++) {
			__u32 off = base + j;

			if (!cand || off + plen > len)
				break;
			if (!(cand & (0x80ULL << (8 * j))))
				continue;
			cand &= ~(0x80ULL << (8 * j));
			if (((path__load(a, pos + off) ^ word) & mask) == 0)
				return true;
		}
	}
	return false;
}

/* Whether the `len`-byte path at `pos` matches any pattern of `ap` (1 = keep the call). One
 * global function: the verifier checks its loops once, whatever the filler's paths, and the
 * patterns cost no call each (a BPF-to-BPF call costs ~10 ns here): a pattern whose first word
 * differs from the path is rejected inline, the rare others get the full comparison. */
__noinline int pg_path_match_any(struct pg_aux *a, struct pg_path_approver *ap, __u32 pos,
				 __u32 len)
{
	__u32 k, count;
	__u8 second, last;
	bool try_prefix, try_suffix;

	if (!a || !ap || len == 0)
		return 1;
	/* A one-byte path ("/") has its NUL as second byte: no pattern text holds a NUL, and a
	 * one-byte exact pattern sets every bit. */
	second = a->data[(pos + 1) & PG_POS_MASK];
	last = a->data[(pos + len - 1) & PG_POS_MASK];
	try_prefix = (ap->prefix_second[(second >> 6) & 3] >> (second & 63)) & 1;
	try_suffix = (ap->suffix_last[(last >> 6) & 3] >> (last & 63)) & 1;
	/* Only the groups the path's bytes allow: patterns[k, count). */
	count = try_suffix ? ap->count : ap->nheads;
	k = try_prefix ? 0 : ap->nheads;
	if (k > PG_PATH_PATTERNS_MAX) /* malformed: compare them all (comparing more is sound) */
		k = 0;
	for (; k < PG_PATH_PATTERNS_MAX; k++) {
		struct pg_path_pattern *p;
		__u32 plen, at;

		if (k >= count)
			break;
		/* k < PG_PATH_PATTERNS_MAX already: the mask is for the verifier. */
		p = &ap->patterns[k & (PG_PATH_PATTERNS_MAX - 1)];
		plen = p->len;
		if (plen > len || (p->kind == PG_PATH_EXACT && plen != len))
			continue;
		at = p->kind == PG_PATH_SUFFIX ? pos + len - plen : pos;
		if ((path__load(a, at) ^ p->words[0]) & p->head_mask)
			continue;
		if (pg_path_matches(a, p, pos, len))
			return 1;
	}
	count = ap->ncontains;
	for (k = 0; k < PG_PATH_CONTAINS_MAX; k++) {
		if (k >= count)
			break;
		if (pg_path_contains(a, &ap->contains[k], pos, len))
			return 1;
	}
	return 0;
}

/* True when the call was dropped (and counted). `syscall_id`: the x86_64 syscall number, whose
 * interest entry says whether an approver is installed at all (PG_INTEREST_PATH_APPROVER: without
 * one, an open costs one inlined array lookup here and no set lookup); `path_pos`: where
 * aux__store_user_str put the path (a->payload_pos before the call); `flags`: the open flags
 * (Linux values); `known`: the new fd's file could be read; `is_dir`: its inode is a directory. */
static __always_inline bool path__approver_drops(struct pg_aux *a, __u32 syscall_id, __u32 slot,
						 __u32 path_pos, long ret, __u64 flags, bool known,
						 bool is_dir)
{
	bool failed = ret < 0 && ret >= -4095;
	__u32 key = PG_PATH_APPROVER_KEY(slot, failed);
	struct pg_path_approver *ap;
	__u32 n = a->payload_pos - path_pos, len, zero = 0;
	void *set;
	__u8 *interest = bpf_map_lookup_elem(&interest_map, &syscall_id);

	if (!interest || !(*interest & PG_INTEREST_PATH_APPROVER))
		return false;

	/* n counts the NUL; an empty parameter (unreadable, truncated) is delivered. */
	if (n < 2 || n >= PG_PATH_CHECK_MAX)
		return false;
	if (!failed && ((flags & PG_O_DIRECTORY) || !known || is_dir))
		return false;
	len = n - 1;
	/* The set lookups come after the cheap rejections. */
	if (a->data[path_pos & PG_POS_MASK] != '/')
		return false;
	set = bpf_map_lookup_elem(&path_approver_map, &zero);
	if (!set)
		return false;
	ap = bpf_map_lookup_elem(set, &key);
	if (!ap || !ap->present || !path__canonical(a, path_pos, len))
		return false;
	if (pg_path_match_any(a, ap, path_pos, len))
		return false;
	counters__approved_path();
	return true;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_PATH_APPROVER_H_ */
