/* Fillers for network syscalls: socket, bind, connect, listen, accept, accept4, sendto, sendmsg.
 * Layouts: scap-format §13 (Network); tuple directions: §12.1. */
#include "helpers/filler.h"
#include "helpers/net.h"

#define PG_EINPROGRESS 115
#define PG_MAX_IOV     8

PG_FILLER(socket)
{
	aux__begin(a, PG_PPME_SOCKET_X, 5);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__store_u32(a, regs->si);
	aux__store_u32(a, regs->dx);
	aux__store_u32(a, flags__nonblock_cloexec(regs->si));
	aux__submit(a);
	return 0;
}

PG_FILLER(bind)
{
	aux__begin(a, PG_PPME_BIND_X, 3);
	aux__store_s64(a, ret);
	net__store_user_sockaddr(a, regs->si, regs->dx);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__submit(a);
	return 0;
}

PG_FILLER(connect)
{
	long fd = PG_ARG_INT(0);

	aux__begin(a, PG_PPME_CONNECT_X, 4);
	aux__store_s64(a, ret);
	if (ret == 0 || ret == -PG_EINPROGRESS)
		net__store_tuple(a, fd__sock(fd), true, regs->si);
	else
		aux__store_empty(a);
	aux__store_s64(a, fd);
	net__store_user_sockaddr(a, regs->si, regs->dx);
	aux__submit(a);
	return 0;
}

PG_FILLER(listen)
{
	aux__begin(a, PG_PPME_LISTEN_X, 3);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_s32(a, (int)regs->si);
	aux__submit(a);
	return 0;
}

/* accept/accept4 share everything but the code and accept4's flags. */
static __always_inline void accept__fill(struct pg_aux *a, struct pt_regs *regs, long ret,
					 bool four)
{
	struct sock *lsk = fd__sock(PG_ARG_INT(0));
	__u32 qlen = 0, qmax = 0;

	aux__begin(a, four ? PG_PPME_ACCEPT4_X : PG_PPME_ACCEPT_X, four ? 6 : 5);
	aux__store_s64(a, ret);
	if (ret >= 0)
		net__store_tuple(a, fd__sock(ret), false, 0);
	else
		aux__store_empty(a);
	if (lsk) {
		qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
		qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
	}
	aux__store_u8(a, qmax ? (qlen * 100) / qmax : 0);
	aux__store_u32(a, qlen);
	aux__store_u32(a, qmax);
	if (four)
		aux__store_s32(a, flags__nonblock_cloexec(regs->r10));
	aux__submit(a);
}

PG_FILLER(accept)
{
	accept__fill(a, regs, ret, false);
	return 0;
}

PG_FILLER(accept4)
{
	accept__fill(a, regs, ret, true);
	return 0;
}

PG_FILLER(sendto)
{
	long fd = PG_ARG_INT(0);
	__u64 len = regs->dx;

	aux__begin(a, PG_PPME_SENDTO_X, 5);
	aux__store_s64(a, ret);
	aux__store_user_bytes(a, regs->si, ret > 0 && ret < len ? ret : len, pg_snaplen);
	aux__store_s64(a, fd);
	aux__store_u32(a, len);
	net__store_tuple(a, fd__sock(fd), true, regs->r8);
	aux__submit(a);
	return 0;
}

PG_FILLER(sendmsg)
{
	long fd = PG_ARG_INT(0);
	struct user_msghdr msg = {};
	struct iovec iov[PG_MAX_IOV] = {};
	__u64 size = 0;
	bool have = regs->si && !bpf_probe_read_user(&msg, sizeof(msg), (void *)regs->si);
	__u32 n = 0;

	if (have && msg.msg_iov) {
		n = msg.msg_iovlen < PG_MAX_IOV ? msg.msg_iovlen : PG_MAX_IOV;
		for (int i = 0; i < PG_MAX_IOV; i++) {
			if (i >= n || bpf_probe_read_user(&iov[i], sizeof(iov[i]), &msg.msg_iov[i]))
				break;
			size += iov[i].iov_len;
		}
	}
	aux__begin(a, PG_PPME_SENDMSG_X, 5);
	aux__store_s64(a, ret);
	if (n > 0)
		aux__store_user_bytes(a, (unsigned long)iov[0].iov_base,
				      ret > 0 && ret < iov[0].iov_len ? ret : iov[0].iov_len,
				      pg_snaplen);
	else
		aux__store_empty(a);
	aux__store_s64(a, fd);
	aux__store_u32(a, size);
	net__store_tuple(a, fd__sock(fd), true, have ? (unsigned long)msg.msg_name : 0);
	aux__submit(a);
	return 0;
}
