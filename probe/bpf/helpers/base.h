/* Base layer of the BPF helpers: kernel types, libbpf macros, the shared ABI headers, Linux
 * constants that vmlinux.h cannot carry (macros), and the load-time configuration. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_BASE_H_
#define PEREGRINE_PROBE_BPF_HELPERS_BASE_H_

#include "vmlinux.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "probe/abi/scap_record.h"
#include "probe/abi/proc_ctx.h"
#include "probe/abi/probe_counters.h"
#include "probe/abi/ppm_codes.h"

/* Load-time configuration (.rodata), defined in sys_exit.bpf.c and set by the loader. */
extern const volatile __u32 pg_emit_ctx;    /* 1: every record carries a pg_proc_ctx */
extern const volatile __u32 pg_wakeup_mask; /* check for a wakeup when (emitted & mask) == 0 */
extern const volatile __u32
	pg_wakeup_bytes;		/* ...and wake when the ring holds this much; 0 = always */
extern const volatile __u32 pg_snaplen; /* bytes of I/O data captured (sendto/sendmsg) */

/* A record's time is bpf_ktime_get_ns() plus this (.bss, ns): CLOCK_REALTIME - CLOCK_BOOTTIME at
 * load plus the time suspended since boot, which the loader adds in at its next poll after a
 * resume (probe/loader/probe.cc). The monotonic clock is read because bpf_ktime_get_boot_ns costs
 * about 10 ns more per record on this kernel. */
extern volatile __u64 pg_clock_offset_ns;

/* Per ring (.bss): non-zero while a reader waits in Probe::Poll on it. A wakeup costs several
 * microseconds here (irq_work and a self-IPI), so a record only wakes a reader that is waiting;
 * a busy reader comes back to the ring by itself. */
extern volatile __u32 pg_reader_waiting[PG_MAX_RINGS];

/* Parameter size caps (scap-format §11.5). */
#define PG_MAX_PATH	  4096
#define PG_MAX_ARGS	  4096
#define PG_MAX_SNAPLEN	  4096
#define PG_MAX_MODULE_IMG 4096
#define PG_UNIX_PATH_MAX  108

/* Linux values (uapi macros, absent from vmlinux.h). */
#define PG_O_WRONLY	 00000001
#define PG_O_RDWR	 00000002
#define PG_O_CREAT	 00000100
#define PG_O_EXCL	 00000200
#define PG_O_TRUNC	 00001000
#define PG_O_APPEND	 00002000
#define PG_O_NONBLOCK	 00004000
#define PG_O_DSYNC	 00010000
#define PG_O_DIRECT	 00040000
#define PG_O_LARGEFILE	 00100000
#define PG_O_DIRECTORY	 00200000
#define PG_O_CLOEXEC	 02000000
#define PG___O_SYNC	 04000000
#define PG___O_TMPFILE	 020000000
#define PG_FMODE_CREATED 0x100000

#define PG_AF_UNIX	 1
#define PG_AF_INET	 2
#define PG_AF_INET6	 10
#define PG_SOCK_NONBLOCK PG_O_NONBLOCK
#define PG_SOCK_CLOEXEC	 PG_O_CLOEXEC

#define PG_RESOLVE_NO_XDEV	 0x01
#define PG_RESOLVE_NO_MAGICLINKS 0x02
#define PG_RESOLVE_NO_SYMLINKS	 0x04
#define PG_RESOLVE_BENEATH	 0x08
#define PG_RESOLVE_IN_ROOT	 0x10
#define PG_RESOLVE_CACHED	 0x20

#define PG_MS_MGC_MSK 0xffff0000
#define PG_MS_MGC_VAL 0xC0ED0000

#define PG_RLIMIT_NOFILE 7
#define PG_PAGE_SHIFT	 12

/* A kernel pointer that the verifier does not type (read from an array, or through
 * bpf_probe_read_kernel) retyped as `type *` without a copy: loads through it become direct,
 * fault-tolerant memory accesses (about 1 ns each) instead of bpf_probe_read_kernel calls (about
 * 30 ns each on this kernel). The result is untrusted: it may be read, never passed to helpers
 * that want a trusted pointer. The kfunc exists since 6.2. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
#define pg_cast(ptr, type)                                                                         \
	((type *)bpf_rdonly_cast((const void *)(ptr), bpf_core_type_id_kernel(type)))

/* The six syscall arguments, from the registers saved at entry (x86_64 syscall ABI). */
static __always_inline unsigned long regs__arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0:
		return regs->di;
	case 1:
		return regs->si;
	case 2:
		return regs->dx;
	case 3:
		return regs->r10;
	case 4:
		return regs->r8;
	default:
		return regs->r9;
	}
}

#endif /* PEREGRINE_PROBE_BPF_HELPERS_BASE_H_ */
