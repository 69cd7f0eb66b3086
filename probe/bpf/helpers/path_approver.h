/* Path approvers (compiler/prefilter/path_approver.cc): after an open-family filler has read the
 * path into the scratch record, drop the call when its path is checkable and matches none of the
 * patterns of its syscall and outcome (probe/abi/path_approver.h). Checkable: absolute, lexically
 * canonical (fd.name is then the path itself), printable ASCII, shorter than PG_PATH_CHECK_MAX;
 * and for a successful call not a directory open (directories become dirfds and cwds).
 *
 * The loops run under bpf_loop, so the verifier checks each body once whatever the path and
 * pattern lengths: the canonical check costs one callback per byte, a pattern one callback
 * (exact, prefix, suffix) or one per candidate offset (contains), each comparing ≤ 64 bytes. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_PATH_APPROVER_H_
#define PEREGRINE_PROBE_BPF_HELPERS_PATH_APPROVER_H_

#include "helpers/base.h"
#include "helpers/store.h"
#include "maps.h"

#define PG_S_IFMT  00170000
#define PG_S_IFDIR 0040000

struct pg_path_check {
	struct pg_aux *a;
	struct pg_path_pattern *pat;
	__u32 pos;   /* offset of the path in a->data */
	__u32 len;   /* path bytes, without the NUL */
	__u32 start; /* offset in the path of the first candidate match */
	__u32 plen;  /* pattern bytes */
	bool bad;    /* not canonical: the path is delivered */
	bool found;  /* a pattern matched: the path is delivered */
};

static __always_inline __u8 path__at(struct pg_path_check *c, __u64 i)
{
	return c->a->data[(c->pos + i) & PG_POS_MASK];
}

/* One byte of the canonical check: printable ASCII, and no "//", "/./", "/../", trailing "/",
 * "/." or "/.." at a '/'. */
static long path__canonical_cb(__u64 i, void *ctx)
{
	struct pg_path_check *c = ctx;
	__u8 ch = path__at(c, i), n;

	if (ch < 0x20 || ch > 0x7e)
		goto bad;
	if (ch != '/')
		return 0;
	if (i + 1 >= c->len) {
		if (i == 0)
			return 0; /* "/" alone is canonical */
		goto bad;
	}
	n = path__at(c, i + 1);
	if (n == '/')
		goto bad;
	if (n != '.')
		return 0;
	if (i + 2 >= c->len)
		goto bad;
	n = path__at(c, i + 2);
	if (n == '/')
		goto bad;
	if (n != '.')
		return 0;
	if (i + 3 >= c->len || path__at(c, i + 3) == '/')
		goto bad;
	return 0;
bad:
	c->bad = true;
	return 1;
}

/* Compares the pattern with the path at offset start + i; stops the loop on a match. */
static long path__match_cb(__u64 i, void *ctx)
{
	struct pg_path_check *c = ctx;
	__u32 off = c->start + (__u32)i;
	int j;

	for (j = 0; j < PG_PATH_PATTERN_MAX_BYTES; j++) {
		if (j >= c->plen)
			break;
		if (path__at(c, off + j) != c->pat->text[j])
			return 0;
	}
	c->found = true;
	return 1;
}

/* Whether pattern `p` matches the path of `c`. */
static __always_inline bool path__matches(struct pg_path_check *c, struct pg_path_pattern *p)
{
	__u32 plen = p->len, tries = 1;

	if (plen == 0 || plen > PG_PATH_PATTERN_MAX_BYTES || plen > c->len)
		return plen == 0;
	c->pat = p;
	c->plen = plen;
	c->found = false;
	switch (p->kind) {
	case PG_PATH_EXACT:
		if (plen != c->len)
			return false;
		c->start = 0;
		break;
	case PG_PATH_PREFIX:
		c->start = 0;
		break;
	case PG_PATH_SUFFIX:
		c->start = c->len - plen;
		break;
	case PG_PATH_CONTAINS:
		c->start = 0;
		tries = c->len - plen + 1;
		break;
	default:
		return true; /* unknown kind: keep the call */
	}
	bpf_loop(tries, path__match_cb, c, 0);
	return c->found;
}

/* True when the call was dropped (and counted). `path_pos`: where aux__store_user_str put the
 * path (a->payload_pos before the call); `flags`: the open flags (Linux values); `is_dir`: the
 * opened inode is a directory; `known`: the new fd's file could be read. */
static __always_inline bool path__approver_drops(struct pg_aux *a, __u32 slot, __u32 path_pos,
						 long ret, __u64 flags, bool known, bool is_dir)
{
	bool failed = ret < 0 && ret >= -4095;
	__u32 key = PG_PATH_APPROVER_KEY(slot, failed);
	struct pg_path_approver *ap;
	struct pg_path_check c = {};
	__u32 n = a->payload_pos - path_pos, k, count;

	ap = bpf_map_lookup_elem(&path_approver_map, &key);
	if (!ap)
		return false;
	/* n counts the NUL; an empty parameter (unreadable, truncated) is delivered. */
	if (n < 2 || n >= PG_PATH_CHECK_MAX)
		return false;
	if (!failed && ((flags & PG_O_DIRECTORY) || !known || is_dir))
		return false;
	c.a = a;
	c.pos = path_pos;
	c.len = n - 1;
	if (path__at(&c, 0) != '/')
		return false;
	bpf_loop(c.len, path__canonical_cb, &c, 0);
	if (c.bad)
		return false;
	count = ap->count;
	for (k = 0; k < PG_PATH_PATTERNS_MAX; k++) {
		if (k >= count)
			break;
		if (path__matches(&c, &ap->patterns[k]))
			return false;
	}
	counters__approved();
	return true;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_PATH_APPROVER_H_ */
