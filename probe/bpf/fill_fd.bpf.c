/* Fillers for the fd-table calls the state needs beyond the open and dup families: fcntl (its
 * F_DUPFD/F_DUPFD_CLOEXEC commands create fds, F_SETFD changes close-on-exec) and pipe/pipe2.
 * Layouts: scap-format Appendix A (fcntl 151, pipe 61, pipe2 393). */
#include "helpers/filler.h"

PG_FILLER(fcntl)
{
	aux__begin(a, PG_PPME_FCNTL_X, 4);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_u8(a, flags__fcntl_cmd(regs->si));
	aux__store_u64(a, regs->dx);
	aux__submit(a);
	return 0;
}

/* fd1, fd2 (read back from the caller's int[2]) and the pipe's inode (from fd1's file). A failed
 * call wrote nothing there: both fds are -1 and the inode 0 then. */
static __always_inline void pipe__store_fds(struct pg_aux *a, unsigned long uptr, long ret)
{
	int fds[2] = {-1, -1};
	struct file *f;

	if (ret != 0 || !uptr || bpf_probe_read_user(fds, sizeof(fds), (void *)uptr)) {
		fds[0] = -1;
		fds[1] = -1;
	}
	aux__store_s64(a, fds[0]);
	aux__store_s64(a, fds[1]);
	f = fds[0] >= 0 ? fd__file(fds[0]) : NULL;
	aux__store_u64(a, f ? f->f_inode->i_ino : 0);
}

PG_FILLER(pipe)
{
	aux__begin(a, PG_PPME_PIPE_X, 4);
	aux__store_s64(a, ret);
	pipe__store_fds(a, regs->di, ret);
	aux__submit(a);
	return 0;
}

PG_FILLER(pipe2)
{
	aux__begin(a, PG_PPME_PIPE2_X, 5);
	aux__store_s64(a, ret);
	pipe__store_fds(a, regs->di, ret);
	aux__store_u32(a, flags__pipe2(regs->si));
	aux__submit(a);
	return 0;
}
