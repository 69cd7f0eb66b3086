/* Interface layer for the fillers: one tail-called tp_btf/sys_exit program per syscall. */
#ifndef PEREGRINE_PROBE_BPF_HELPERS_FILLER_H_
#define PEREGRINE_PROBE_BPF_HELPERS_FILLER_H_

#include "helpers/base.h"
#include "helpers/flags.h"
#include "helpers/store.h"

/* Declares filler `pg_fill_<name>`; the body sees `regs` (saved user registers), `ret` (the
 * syscall's return value) and `a` (the scratch record, never NULL). The body calls aux__begin()
 * and aux__submit() itself. The loader installs the program in filler_table. */
#define PG_FILLER(name)                                                                            \
	static __always_inline int pg_fill_##name##_body(struct pg_aux *a, struct pt_regs *regs,   \
							 long ret);                                \
	SEC("tp_btf/sys_exit")                                                                     \
	int BPF_PROG(pg_fill_##name, struct pt_regs *regs, long ret)                               \
	{                                                                                          \
		struct pg_aux *a = aux__get();                                                     \
		if (!a)                                                                            \
			return 0;                                                                  \
		return pg_fill_##name##_body(a, regs, ret);                                        \
	}                                                                                          \
	static __always_inline int pg_fill_##name##_body(struct pg_aux *a, struct pt_regs *regs,   \
							 long ret)

/* An int argument (fd, dirfd) sign-extended to the FD parameter width. */
#define PG_ARG_INT(i) ((__s64)(int)regs__arg(regs, i))

#endif /* PEREGRINE_PROBE_BPF_HELPERS_FILLER_H_ */
