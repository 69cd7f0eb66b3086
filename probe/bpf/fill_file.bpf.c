/* Fillers for file syscalls: open family, close, dup family, and the namespace operations
 * (unlink, rename, mkdir, rmdir, symlink, link, chmod families). Layouts: scap-format §13. */
#include "helpers/filler.h"
#include "helpers/path_approver.h"

/* The opened file's dev, inode and whether this call created it, from the new fd. */
struct pg_open_info {
	__u32 dev;
	__u64 ino;
	bool created;
	bool is_dir;
	bool valid;
};

static __always_inline struct pg_open_info open__info(long fd)
{
	struct pg_open_info r = {};
	struct file *f = fd >= 0 ? fd__file(fd) : NULL;
	struct inode *ino;

	if (!f)
		return r;
	ino = f->f_inode;
	r.dev = dev__encode(ino->i_sb->s_dev);
	r.ino = ino->i_ino;
	r.created = (f->f_mode & PG_FMODE_CREATED) != 0;
	r.is_dir = (ino->i_mode & PG_S_IFMT) == PG_S_IFDIR;
	r.valid = true;
	return r;
}

static __always_inline void open__store_dev_ino(struct pg_aux *a, struct pg_open_info *info)
{
	if (info->valid) {
		aux__store_u32(a, info->dev);
		aux__store_u64(a, info->ino);
	} else {
		aux__store_empty(a);
		aux__store_empty(a);
	}
}

PG_FILLER(open)
{
	struct pg_open_info info = open__info(ret);
	__u32 path_pos;

	aux__begin(a, PG_PPME_OPEN_X, 6);
	aux__store_s64(a, ret);
	path_pos = a->payload_pos;
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	if (path__approver_drops(a, regs->orig_ax, PG_PATH_SLOT_OPEN, path_pos, ret, regs->si,
				 info.valid, info.is_dir))
		return 0;
	aux__store_u32(a, flags__open(regs->si) | (info.created ? PG_PPM_O_F_CREATED : 0));
	aux__store_u32(a, regs->dx);
	open__store_dev_ino(a, &info);
	aux__submit(a);
	return 0;
}

PG_FILLER(creat)
{
	struct pg_open_info info = open__info(ret);
	__u32 path_pos;

	aux__begin(a, PG_PPME_CREAT_X, 6);
	aux__store_s64(a, ret);
	path_pos = a->payload_pos;
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	if (path__approver_drops(a, regs->orig_ax, PG_PATH_SLOT_CREAT, path_pos, ret, 0, info.valid,
				 info.is_dir))
		return 0;
	aux__store_u32(a, regs->si);
	open__store_dev_ino(a, &info);
	aux__store_u16(a, 0); /* overlay layer bits: not detected */
	aux__submit(a);
	return 0;
}

PG_FILLER(openat)
{
	struct pg_open_info info = open__info(ret);
	__u32 path_pos;

	aux__begin(a, PG_PPME_OPENAT_X, 7);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	path_pos = a->payload_pos;
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	if (path__approver_drops(a, regs->orig_ax, PG_PATH_SLOT_OPENAT, path_pos, ret, regs->dx,
				 info.valid, info.is_dir))
		return 0;
	aux__store_u32(a, flags__open(regs->dx) | (info.created ? PG_PPM_O_F_CREATED : 0));
	aux__store_u32(a, regs->r10);
	open__store_dev_ino(a, &info);
	aux__submit(a);
	return 0;
}

PG_FILLER(openat2)
{
	struct pg_open_info info = open__info(ret);
	struct open_how how = {};
	bool have_how = regs->dx && !bpf_probe_read_user(&how, sizeof(how), (void *)regs->dx);
	__u32 path_pos;

	aux__begin(a, PG_PPME_OPENAT2_X, 8);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	path_pos = a->payload_pos;
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	/* Without the open_how the flags are unknown: checked as a directory open (kept). */
	if (path__approver_drops(a, regs->orig_ax, PG_PATH_SLOT_OPENAT2, path_pos, ret,
				 have_how ? how.flags : PG_O_DIRECTORY, info.valid, info.is_dir))
		return 0;
	if (have_how) {
		aux__store_u32(a, flags__open(how.flags) | (info.created ? PG_PPM_O_F_CREATED : 0));
		aux__store_u32(a, how.mode);
		aux__store_u32(a, flags__resolve(how.resolve));
	} else {
		aux__store_empty(a);
		aux__store_empty(a);
		aux__store_empty(a);
	}
	open__store_dev_ino(a, &info);
	aux__submit(a);
	return 0;
}

PG_FILLER(close)
{
	aux__begin(a, PG_PPME_CLOSE_X, 2);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__submit(a);
	return 0;
}

PG_FILLER(dup)
{
	aux__begin(a, PG_PPME_DUP_X, 2);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__submit(a);
	return 0;
}

PG_FILLER(dup2)
{
	aux__begin(a, PG_PPME_DUP2_X, 3);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_s64(a, PG_ARG_INT(1));
	aux__submit(a);
	return 0;
}

PG_FILLER(dup3)
{
	aux__begin(a, PG_PPME_DUP3_X, 4);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_s64(a, PG_ARG_INT(1));
	aux__store_u32(a, flags__nonblock_cloexec(regs->dx));
	aux__submit(a);
	return 0;
}

PG_FILLER(unlink)
{
	aux__begin(a, PG_PPME_UNLINK_X, 2);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(unlinkat)
{
	aux__begin(a, PG_PPME_UNLINKAT_X, 4);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_u32(a, regs->dx & PG_PPM_AT_REMOVEDIR);
	aux__submit(a);
	return 0;
}

PG_FILLER(rename)
{
	aux__begin(a, PG_PPME_RENAME_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(renameat)
{
	aux__begin(a, PG_PPME_RENAMEAT_X, 5);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_s64(a, PG_ARG_INT(2));
	aux__store_user_str(a, regs->r10, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(renameat2)
{
	aux__begin(a, PG_PPME_RENAMEAT2_X, 6);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_s64(a, PG_ARG_INT(2));
	aux__store_user_str(a, regs->r10, PG_MAX_PATH);
	aux__store_u32(a, regs->r8); /* renameat2_flags equal RENAME_* */
	aux__submit(a);
	return 0;
}

PG_FILLER(mkdir)
{
	aux__begin(a, PG_PPME_MKDIR_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_u32(a, regs->si);
	aux__submit(a);
	return 0;
}

PG_FILLER(mkdirat)
{
	aux__begin(a, PG_PPME_MKDIRAT_X, 4);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_u32(a, regs->dx);
	aux__submit(a);
	return 0;
}

PG_FILLER(rmdir)
{
	aux__begin(a, PG_PPME_RMDIR_X, 2);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(symlink)
{
	aux__begin(a, PG_PPME_SYMLINK_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(symlinkat)
{
	aux__begin(a, PG_PPME_SYMLINKAT_X, 4);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_s64(a, PG_ARG_INT(1));
	aux__store_user_str(a, regs->dx, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(link)
{
	aux__begin(a, PG_PPME_LINK_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__submit(a);
	return 0;
}

PG_FILLER(linkat)
{
	aux__begin(a, PG_PPME_LINKAT_X, 6);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_s64(a, PG_ARG_INT(2));
	aux__store_user_str(a, regs->r10, PG_MAX_PATH);
	aux__store_u32(a, regs->r8 & (PG_PPM_AT_SYMLINK_FOLLOW | PG_PPM_AT_EMPTY_PATH));
	aux__submit(a);
	return 0;
}

PG_FILLER(chmod)
{
	aux__begin(a, PG_PPME_CHMOD_X, 3);
	aux__store_s64(a, ret);
	aux__store_user_str(a, regs->di, PG_MAX_PATH);
	aux__store_u32(a, regs->si & 07777);
	aux__submit(a);
	return 0;
}

PG_FILLER(fchmod)
{
	aux__begin(a, PG_PPME_FCHMOD_X, 3);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_u32(a, regs->si & 07777);
	aux__submit(a);
	return 0;
}

PG_FILLER(fchmodat)
{
	aux__begin(a, PG_PPME_FCHMODAT_X, 4);
	aux__store_s64(a, ret);
	aux__store_s64(a, PG_ARG_INT(0));
	aux__store_user_str(a, regs->si, PG_MAX_PATH);
	aux__store_u32(a, regs->dx & 07777);
	aux__submit(a);
	return 0;
}
