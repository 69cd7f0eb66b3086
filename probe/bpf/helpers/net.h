/* Socket helpers: SOCKADDR parameters from a program's address argument and SOCKTUPLE
 * parameters from a kernel socket (scap-format §12, §12.1). */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_NET_H_
#define PEREGRINE_PROBE_BPF_HELPERS_NET_H_

#include "helpers/store.h"

/* Appends family byte + NUL-terminated Unix path (abstract names without their leading NUL). */
static __always_inline void net__store_unix(struct pg_aux *a, __u64 src, __u64 dst, bool tuple,
					    const char *path, bool user)
{
	__u32 pos = a->payload_pos;
	__u32 hdr = tuple ? 17 : 1;
	char first = 0;
	long n;
	__u8 *d;

	if (pos > PG_POS_LIMIT - 256) {
		aux__truncated(a);
		return;
	}
	d = &a->data[pos & PG_POS_MASK];
	d[0] = PG_PPM_AF_UNIX;
	if (tuple) {
		*(__u64 *)&d[1] = src;
		*(__u64 *)&d[9] = dst;
	}
	if (path) {
		if (user)
			bpf_probe_read_user(&first, 1, path);
		else
			bpf_probe_read_kernel(&first, 1, path);
		if (first == 0)
			path++;
		if (user)
			n = bpf_probe_read_user_str(&a->data[(pos + hdr) & PG_POS_MASK],
						    PG_UNIX_PATH_MAX, path);
		else
			n = bpf_probe_read_kernel_str(&a->data[(pos + hdr) & PG_POS_MASK],
						      PG_UNIX_PATH_MAX, path);
	} else {
		n = 0;
	}
	if (n <= 0) {
		a->data[(pos + hdr) & PG_POS_MASK] = 0;
		n = 1;
	}
	a->payload_pos = pos + hdr + n;
	aux__push_len(a, hdr + n);
}

/* SOCKADDR from `len` bytes of user memory at `uaddr`; empty for other families. */
static __always_inline void net__store_user_sockaddr(struct pg_aux *a, unsigned long uaddr,
						     unsigned long len)
{
	__u16 family = 0;
	__u8 *d;

	if (!uaddr || len < 2 || bpf_probe_read_user(&family, sizeof(family), (void *)uaddr)) {
		aux__store_empty(a);
		return;
	}
	if (family == PG_AF_INET) {
		struct sockaddr_in sin = {};

		if (bpf_probe_read_user(&sin, sizeof(sin), (void *)uaddr)) {
			aux__store_empty(a);
			return;
		}
		d = aux__reserve(a, 7);
		if (!d)
			return;
		d[0] = PG_PPM_AF_INET;
		*(__u32 *)&d[1] = sin.sin_addr.s_addr;
		*(__u16 *)&d[5] = bpf_ntohs(sin.sin_port);
	} else if (family == PG_AF_INET6) {
		struct sockaddr_in6 sin6 = {};

		if (bpf_probe_read_user(&sin6, sizeof(sin6), (void *)uaddr)) {
			aux__store_empty(a);
			return;
		}
		d = aux__reserve(a, 19);
		if (!d)
			return;
		d[0] = PG_PPM_AF_INET6;
		__builtin_memcpy(&d[1], &sin6.sin6_addr, 16);
		*(__u16 *)&d[17] = bpf_ntohs(sin6.sin6_port);
	} else if (family == PG_AF_UNIX) {
		net__store_unix(a, 0, 0, false, (const char *)(uaddr + 2), true);
	} else {
		aux__store_empty(a);
	}
}

/* The bound path of a Unix socket, or NULL. */
static __always_inline const char *net__unix_path(struct sock *sk)
{
	struct unix_sock *us = (struct unix_sock *)sk;
	struct unix_address *addr = BPF_CORE_READ(us, addr);

	if (!addr || BPF_CORE_READ(addr, len) <= 2)
		return NULL;
	return (const char *)&addr->name[0].sun_path;
}

/* SOCKTUPLE of `sk`. outbound: local -> remote; inbound: remote -> local (§12.1). When the socket
 * has no remote address yet, `uaddr` (a user sockaddr_in/in6, may be 0) supplies it. */
static __always_inline void net__store_tuple(struct pg_aux *a, struct sock *sk, bool outbound,
					     unsigned long uaddr)
{
	__u16 family;
	__u8 *d;

	if (!sk) {
		aux__store_empty(a);
		return;
	}
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family == PG_AF_INET) {
		__u32 laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));

		if (raddr == 0 && rport == 0 && uaddr) {
			struct sockaddr_in sin = {};

			if (!bpf_probe_read_user(&sin, sizeof(sin), (void *)uaddr) &&
			    sin.sin_family == PG_AF_INET) {
				raddr = sin.sin_addr.s_addr;
				rport = bpf_ntohs(sin.sin_port);
			}
		}
		d = aux__reserve(a, 13);
		if (!d)
			return;
		d[0] = PG_PPM_AF_INET;
		*(__u32 *)&d[1] = outbound ? laddr : raddr;
		*(__u16 *)&d[5] = outbound ? lport : rport;
		*(__u32 *)&d[7] = outbound ? raddr : laddr;
		*(__u16 *)&d[11] = outbound ? rport : lport;
	} else if (family == PG_AF_INET6) {
		struct in6_addr laddr = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr raddr = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));

		d = aux__reserve(a, 37);
		if (!d)
			return;
		d[0] = PG_PPM_AF_INET6;
		__builtin_memcpy(&d[1], outbound ? &laddr : &raddr, 16);
		*(__u16 *)&d[17] = outbound ? lport : rport;
		__builtin_memcpy(&d[19], outbound ? &raddr : &laddr, 16);
		*(__u16 *)&d[35] = outbound ? rport : lport;
	} else if (family == PG_AF_UNIX) {
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);

		if (outbound)
			net__store_unix(a, (__u64)peer, (__u64)sk, true,
					peer ? net__unix_path(peer) : NULL, false);
		else
			net__store_unix(a, (__u64)sk, (__u64)peer, true, net__unix_path(sk), false);
	} else {
		aux__store_empty(a);
	}
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_NET_H_ */
