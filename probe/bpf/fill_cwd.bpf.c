/* Fillers for the working-directory calls the state follows (thread cwd): chdir and fchdir.
 * Layouts: scap-format Appendix A (chdir 95: res, path as passed; fchdir 97: res, fd). */
#include "helpers/filler.h"

PG_FILLER(chdir)
{
	aux__begin(a, PG_PPME_CHDIR_X, 2);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(fchdir)
{
	aux__begin(a, PG_PPME_FCHDIR_X, 2);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__submit(a);
	return 0;
}
