/* Linux argument values to their PPM encodings (scap-format Appendix B). */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_FLAGS_H_
#define PEREGRINE_PROBE_BPF_HELPERS_FLAGS_H_

#include "helpers/base.h"

/* open(2) flags to file_flags. O_TMPFILE is reported only for a real O_TMPFILE open (its own
 * bit), not for every O_DIRECTORY open. */
static __always_inline __u32 flags__open(unsigned long f)
{
	__u32 r = 0;

	switch (f & 3) {
	case 0:
		r = PG_PPM_O_RDONLY;
		break;
	case PG_O_WRONLY:
		r = PG_PPM_O_WRONLY;
		break;
	case PG_O_RDWR:
		r = PG_PPM_O_RDWR;
		break;
	}
	if (f & PG_O_CREAT)
		r |= PG_PPM_O_CREAT;
	if (f & PG_O_APPEND)
		r |= PG_PPM_O_APPEND;
	if (f & PG_O_DSYNC)
		r |= PG_PPM_O_DSYNC;
	if (f & PG_O_EXCL)
		r |= PG_PPM_O_EXCL;
	if (f & PG_O_NONBLOCK)
		r |= PG_PPM_O_NONBLOCK;
	if (f & PG___O_SYNC)
		r |= PG_PPM_O_SYNC;
	if (f & PG_O_TRUNC)
		r |= PG_PPM_O_TRUNC;
	if (f & PG_O_DIRECT)
		r |= PG_PPM_O_DIRECT;
	if (f & PG_O_DIRECTORY)
		r |= PG_PPM_O_DIRECTORY;
	if (f & PG_O_LARGEFILE)
		r |= PG_PPM_O_LARGEFILE;
	if (f & PG_O_CLOEXEC)
		r |= PG_PPM_O_CLOEXEC;
	if (f & PG___O_TMPFILE)
		r |= PG_PPM_O_TMPFILE;
	return r;
}

/* Only the O_NONBLOCK / O_CLOEXEC bits (socket, accept4, dup3, userfaultfd flags). */
static __always_inline __u32 flags__nonblock_cloexec(unsigned long f)
{
	__u32 r = 0;

	if (f & PG_O_NONBLOCK)
		r |= PG_PPM_O_NONBLOCK;
	if (f & PG_O_CLOEXEC)
		r |= PG_PPM_O_CLOEXEC;
	return r;
}

static __always_inline __u32 flags__resolve(__u64 f)
{
	__u32 r = 0;

	if (f & PG_RESOLVE_BENEATH)
		r |= PG_PPM_RESOLVE_BENEATH;
	if (f & PG_RESOLVE_IN_ROOT)
		r |= PG_PPM_RESOLVE_IN_ROOT;
	if (f & PG_RESOLVE_NO_MAGICLINKS)
		r |= PG_PPM_RESOLVE_NO_MAGICLINKS;
	if (f & PG_RESOLVE_NO_SYMLINKS)
		r |= PG_PPM_RESOLVE_NO_SYMLINKS;
	if (f & PG_RESOLVE_NO_XDEV)
		r |= PG_PPM_RESOLVE_NO_XDEV;
	if (f & PG_RESOLVE_CACHED)
		r |= PG_PPM_RESOLVE_CACHED;
	return r;
}

/* clone(2) flags (CLONE_*) to clone_flags. */
static __always_inline __u32 flags__clone(__u64 f)
{
	__u32 r = 0;

	if (f & 0x00000400) /* CLONE_FILES */
		r |= PG_PPM_CL_CLONE_FILES;
	if (f & 0x00000200) /* CLONE_FS */
		r |= PG_PPM_CL_CLONE_FS;
	if (f & 0x80000000) /* CLONE_IO */
		r |= PG_PPM_CL_CLONE_IO;
	if (f & 0x08000000) /* CLONE_NEWIPC */
		r |= PG_PPM_CL_CLONE_NEWIPC;
	if (f & 0x40000000) /* CLONE_NEWNET */
		r |= PG_PPM_CL_CLONE_NEWNET;
	if (f & 0x00020000) /* CLONE_NEWNS */
		r |= PG_PPM_CL_CLONE_NEWNS;
	if (f & 0x20000000) /* CLONE_NEWPID */
		r |= PG_PPM_CL_CLONE_NEWPID;
	if (f & 0x04000000) /* CLONE_NEWUTS */
		r |= PG_PPM_CL_CLONE_NEWUTS;
	if (f & 0x00008000) /* CLONE_PARENT */
		r |= PG_PPM_CL_CLONE_PARENT;
	if (f & 0x00100000) /* CLONE_PARENT_SETTID */
		r |= PG_PPM_CL_CLONE_PARENT_SETTID;
	if (f & 0x00002000) /* CLONE_PTRACE */
		r |= PG_PPM_CL_CLONE_PTRACE;
	if (f & 0x00000800) /* CLONE_SIGHAND */
		r |= PG_PPM_CL_CLONE_SIGHAND;
	if (f & 0x00040000) /* CLONE_SYSVSEM */
		r |= PG_PPM_CL_CLONE_SYSVSEM;
	if (f & 0x00010000) /* CLONE_THREAD */
		r |= PG_PPM_CL_CLONE_THREAD;
	if (f & 0x00800000) /* CLONE_UNTRACED */
		r |= PG_PPM_CL_CLONE_UNTRACED;
	if (f & 0x00000100) /* CLONE_VM */
		r |= PG_PPM_CL_CLONE_VM;
	if (f & 0x10000000) /* CLONE_NEWUSER */
		r |= PG_PPM_CL_CLONE_NEWUSER;
	if (f & 0x00200000) /* CLONE_CHILD_CLEARTID */
		r |= PG_PPM_CL_CLONE_CHILD_CLEARTID;
	if (f & 0x01000000) /* CLONE_CHILD_SETTID */
		r |= PG_PPM_CL_CLONE_CHILD_SETTID;
	if (f & 0x00080000) /* CLONE_SETTLS */
		r |= PG_PPM_CL_CLONE_SETTLS;
	if (f & 0x00004000) /* CLONE_VFORK */
		r |= PG_PPM_CL_CLONE_VFORK;
	if (f & 0x02000000) /* CLONE_NEWCGROUP */
		r |= PG_PPM_CL_CLONE_NEWCGROUP;
	return r;
}

/* ptrace(2) request to ptrace_requests. */
static __always_inline __u16 flags__ptrace_request(unsigned long req)
{
	switch (req) {
	case 0:
		return PG_PPM_PTRACE_TRACEME;
	case 1:
		return PG_PPM_PTRACE_PEEKTEXT;
	case 2:
		return PG_PPM_PTRACE_PEEKDATA;
	case 3:
		return PG_PPM_PTRACE_PEEKUSR;
	case 4:
		return PG_PPM_PTRACE_POKETEXT;
	case 5:
		return PG_PPM_PTRACE_POKEDATA;
	case 6:
		return PG_PPM_PTRACE_POKEUSR;
	case 7:
		return PG_PPM_PTRACE_CONT;
	case 8:
		return PG_PPM_PTRACE_KILL;
	case 9:
		return PG_PPM_PTRACE_SINGLESTEP;
	case 12:
		return PG_PPM_PTRACE_GETREGS;
	case 13:
		return PG_PPM_PTRACE_SETREGS;
	case 14:
		return PG_PPM_PTRACE_GETFPREGS;
	case 15:
		return PG_PPM_PTRACE_SETFPREGS;
	case 16:
		return PG_PPM_PTRACE_ATTACH;
	case 17:
		return PG_PPM_PTRACE_DETACH;
	case 18:
		return PG_PPM_PTRACE_GETFPXREGS;
	case 19:
		return PG_PPM_PTRACE_SETFPXREGS;
	case 21:
		return PG_PPM_PTRACE_OLDSETOPTIONS;
	case 24:
		return PG_PPM_PTRACE_SYSCALL;
	case 25:
		return PG_PPM_PTRACE_GET_THREAD_AREA;
	case 26:
		return PG_PPM_PTRACE_SET_THREAD_AREA;
	case 30:
		return PG_PPM_PTRACE_ARCH_PRCTL;
	case 31:
		return PG_PPM_PTRACE_SYSEMU;
	case 32:
		return PG_PPM_PTRACE_SYSEMU_SINGLESTEP;
	case 33:
		return PG_PPM_PTRACE_SINGLEBLOCK;
	case 0x4200:
		return PG_PPM_PTRACE_SETOPTIONS;
	case 0x4201:
		return PG_PPM_PTRACE_GETEVENTMSG;
	case 0x4202:
		return PG_PPM_PTRACE_GETSIGINFO;
	case 0x4203:
		return PG_PPM_PTRACE_SETSIGINFO;
	case 0x4204:
		return PG_PPM_PTRACE_GETREGSET;
	case 0x4205:
		return PG_PPM_PTRACE_SETREGSET;
	case 0x4206:
		return PG_PPM_PTRACE_SEIZE;
	case 0x4207:
		return PG_PPM_PTRACE_INTERRUPT;
	case 0x4208:
		return PG_PPM_PTRACE_LISTEN;
	case 0x4209:
		return PG_PPM_PTRACE_PEEKSIGINFO;
	case 0x420a:
		return PG_PPM_PTRACE_GETSIGMASK;
	case 0x420b:
		return PG_PPM_PTRACE_SETSIGMASK;
	default:
		return PG_PPM_PTRACE_UNKNOWN;
	}
}

/* prctl(2) option to prctl_options: the listed options keep their Linux value, others are 0. */
static __always_inline __u32 flags__prctl_option(unsigned long opt)
{
	switch (opt) {
	case 3:
	case 4:
	case 7:
	case 8:
	case 15:
	case 16:
	case 21:
	case 22:
	case 23:
	case 24:
	case 27:
	case 28:
	case 33:
	case 35:
	case 36:
	case 37:
	case 38:
	case 39:
	case 40:
	case 41:
	case 42:
	case 47:
		return opt;
	default:
		return 0;
	}
}

/* fcntl(2) commands (x86_64 numbers; the *64 lock commands equal the plain ones there) to
 * fcntl_commands. Commands the table does not list (seals, hints, ...) become UNKNOWN (0). */
static __always_inline __u8 flags__fcntl_cmd(unsigned long cmd)
{
	switch (cmd) {
	case 0:
		return PG_PPM_F_DUPFD;
	case 1:
		return PG_PPM_F_GETFD;
	case 2:
		return PG_PPM_F_SETFD;
	case 3:
		return PG_PPM_F_GETFL;
	case 4:
		return PG_PPM_F_SETFL;
	case 5:
		return PG_PPM_F_GETLK;
	case 6:
		return PG_PPM_F_SETLK;
	case 7:
		return PG_PPM_F_SETLKW;
	case 8:
		return PG_PPM_F_SETOWN;
	case 9:
		return PG_PPM_F_GETOWN;
	case 10:
		return PG_PPM_F_SETSIG;
	case 11:
		return PG_PPM_F_GETSIG;
	case 15:
		return PG_PPM_F_SETOWN_EX;
	case 16:
		return PG_PPM_F_GETOWN_EX;
	case 36:
		return PG_PPM_F_OFD_GETLK;
	case 37:
		return PG_PPM_F_OFD_SETLK;
	case 38:
		return PG_PPM_F_OFD_SETLKW;
	case 1024:
		return PG_PPM_F_SETLEASE;
	case 1025:
		return PG_PPM_F_GETLEASE;
	case 1026:
		return PG_PPM_F_NOTIFY;
	case 1029:
		return PG_PPM_F_CANCELLK;
	case 1030:
		return PG_PPM_F_DUPFD_CLOEXEC;
	case 1031:
		return PG_PPM_F_SETPIPE_SZ;
	case 1032:
		return PG_PPM_F_GETPIPE_SZ;
	default:
		return PG_PPM_FCNTL_UNKNOWN;
	}
}

/* pipe2(2) flags (O_CLOEXEC, O_DIRECT, O_NONBLOCK) to file_flags; no access-mode bits. */
static __always_inline __u32 flags__pipe2(unsigned long f)
{
	__u32 r = flags__nonblock_cloexec(f);

	if (f & PG_O_DIRECT)
		r |= PG_PPM_O_DIRECT;
	return r;
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_FLAGS_H_ */
