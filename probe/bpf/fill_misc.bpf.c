/* Fillers for ptrace, prctl, memfd_create, init_module, finit_module, mount, umount2 and
 * userfaultfd. Layouts: scap-format §13 (Kernel, tracing, memory; Files). */
#include "helpers/filler.h"

/* Requests whose `data` argument is a signal number (DYN index 1) rather than a word. */
static __always_inline bool ptrace__data_is_signal(unsigned long req)
{
	return req == 7 /* CONT */ || req == 9 /* SINGLESTEP */ || req == 17 /* DETACH */ ||
	       req == 24 /* SYSCALL */ || req == 31 /* SYSEMU */ || req == 32 /* SYSEMU_SS */ ||
	       req == 33 /* SINGLEBLOCK */;
}

PG_FILLER(ptrace)
{
	unsigned long req = regs->di;
	__u8 *d;

	aux__begin(a, PG_PPME_PTRACE_X, 5);
	aux__store_s64(a, ret);
	d = aux__reserve(a, 9);
	if (d) {
		d[0] = PG_PPM_PTRACE_IDX_UINT64;
		*(__u64 *)&d[1] = regs->dx;
	}
	if (ptrace__data_is_signal(req)) {
		d = aux__reserve(a, 2);
		if (d) {
			d[0] = PG_PPM_PTRACE_IDX_SIGTYPE;
			d[1] = regs->r10;
		}
	} else {
		d = aux__reserve(a, 9);
		if (d) {
			d[0] = PG_PPM_PTRACE_IDX_UINT64;
			*(__u64 *)&d[1] = regs->r10;
		}
	}
	aux__store_u16(a, flags__ptrace_request(req));
	aux__store_s64(a, PG_ARG_INT(1));
	aux__submit(a);
	return 0;
}

PG_FILLER(prctl)
{
	__u32 option = flags__prctl_option(regs->di);
	__s32 value = 0;

	aux__begin(a, PG_PPME_PRCTL_X, 4);
	aux__store_s64(a, ret);
	aux__store_u32(a, option);
	if (option == PG_PPM_PR_SET_NAME || option == PG_PPM_PR_GET_NAME) {
		aux__store_user_str(a, regs->si, 16);
		aux__store_s64(a, 0);
	} else if (option == PG_PPM_PR_GET_CHILD_SUBREAPER) {
		aux__store_empty(a);
		bpf_probe_read_user(&value, sizeof(value), (void *)regs->si);
		aux__store_s64(a, value);
	} else {
		aux__store_empty(a);
		aux__store_s64(a, regs->si);
	}
	aux__submit(a);
	return 0;
}

PG_FILLER(memfd_create)
{
	aux__begin(a, PG_PPME_MEMFD_CREATE_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, 256);
	aux__store_u32(
		a, regs->si & (PG_PPM_MFD_CLOEXEC | PG_PPM_MFD_ALLOW_SEALING | PG_PPM_MFD_HUGETLB));
	aux__submit(a);
	return 0;
}

PG_FILLER(init_module)
{
	aux__begin(a, PG_PPME_INIT_MODULE_X, 4);
	aux__store_s64(a, ret);
	aux__store_user_bytes(a, regs->di, regs->si, PG_MAX_MODULE_IMG);
	aux__store_u64(a, regs->si);
	aux__store_user_str(a, regs->dx, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(finit_module)
{
	aux__begin(a, PG_PPME_FINIT_MODULE_X, 4);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_u32(a, regs->dx & 7);
	aux__submit(a);
	return 0;
}

PG_FILLER(mount)
{
	unsigned long flags = regs->r10;

	if ((flags & PG_MS_MGC_MSK) == PG_MS_MGC_VAL)
		flags &= ~PG_MS_MGC_MSK;
	aux__begin(a, PG_PPME_MOUNT_X, 5);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_user_str(a, regs->dx, 256);
	aux__store_u32(a, flags);
	aux__submit(a);
	return 0;
}

PG_FILLER(umount2)
{
	aux__begin(a, PG_PPME_UMOUNT2_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_u32(a, regs->si & 0xf);
	aux__submit(a);
	return 0;
}

PG_FILLER(userfaultfd)
{
	aux__begin(a, PG_PPME_USERFAULTFD_X, 2);
	aux__store_s64(a, ret);
	aux__store_u32(a, flags__nonblock_cloexec(regs->di));
	aux__submit(a);
	return 0;
}
