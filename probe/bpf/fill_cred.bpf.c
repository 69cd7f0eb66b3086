/* Fillers for the set*id family. Arguments are stored as passed (0xFFFFFFFF = "unchanged"). */
#include "helpers/filler.h"

PG_FILLER(setuid)
{
	aux__begin(a, PG_PPME_SETUID_X, 2);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__submit(a);
	return 0;
}

PG_FILLER(setgid)
{
	aux__begin(a, PG_PPME_SETGID_X, 2);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__submit(a);
	return 0;
}

PG_FILLER(setreuid)
{
	aux__begin(a, PG_PPME_SETREUID_X, 3);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__store_u32(a, regs->si);
	aux__submit(a);
	return 0;
}

PG_FILLER(setregid)
{
	aux__begin(a, PG_PPME_SETREGID_X, 3);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__store_u32(a, regs->si);
	aux__submit(a);
	return 0;
}

PG_FILLER(setresuid)
{
	aux__begin(a, PG_PPME_SETRESUID_X, 4);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__store_u32(a, regs->si);
	aux__store_u32(a, regs->dx);
	aux__submit(a);
	return 0;
}

PG_FILLER(setresgid)
{
	aux__begin(a, PG_PPME_SETRESGID_X, 4);
	aux__store_s64(a, ret);
	aux__store_u32(a, regs->di);
	aux__store_u32(a, regs->si);
	aux__store_u32(a, regs->dx);
	aux__submit(a);
	return 0;
}
