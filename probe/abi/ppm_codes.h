/* PPM event codes and flag encodings the probe emits.
 *
 * Values copied from ../shared/spec/scap-format.md Appendix A (event codes, current layouts) and
 * Appendix B (flag tables). The PPM encodings differ from Linux's numbers for several tables (open
 * flags, clone flags, ptrace requests, openat2 resolve flags), so the probe translates. Plain C:
 * the BPF programs include it.
 */
#ifndef PEREGRINE_PROBE_ABI_PPM_CODES_H_
#define PEREGRINE_PROBE_ABI_PPM_CODES_H_

/* Event codes (exit events are odd; procexit is an enter-direction event). */
enum pg_ppm_event_code {
  PG_PPME_OPEN_X = 3,
  PG_PPME_CLOSE_X = 5,
  PG_PPME_SOCKET_X = 19,
  PG_PPME_BIND_X = 21,
  PG_PPME_CONNECT_X = 23,
  PG_PPME_LISTEN_X = 25,
  PG_PPME_SENDTO_X = 31,
  PG_PPME_SENDMSG_X = 49,
  PG_PPME_CREAT_X = 59,
  PG_PPME_PIPE_X = 61,
  PG_PPME_CHDIR_X = 95,
  PG_PPME_FCHDIR_X = 97,
  PG_PPME_FCNTL_X = 151,
  PG_PPME_PTRACE_X = 169,
  PG_PPME_RENAME_X = 175,
  PG_PPME_RENAMEAT_X = 177,
  PG_PPME_SYMLINK_X = 179,
  PG_PPME_SYMLINKAT_X = 181,
  PG_PPME_PROCEXIT_E = 186,
  PG_PPME_SETRESUID_X = 193,
  PG_PPME_SETRESGID_X = 195,
  PG_PPME_SETUID_X = 199,
  PG_PPME_SETGID_X = 201,
  PG_PPME_CLONE_X = 223,
  PG_PPME_FORK_X = 225,
  PG_PPME_VFORK_X = 227,
  PG_PPME_ACCEPT_X = 247,
  PG_PPME_MOUNT_X = 257,
  PG_PPME_MKDIR_X = 277,
  PG_PPME_RMDIR_X = 279,
  PG_PPME_EXECVE_X = 293,
  PG_PPME_UNLINK_X = 301,
  PG_PPME_UNLINKAT_X = 303,
  PG_PPME_MKDIRAT_X = 305,
  PG_PPME_OPENAT_X = 307,
  PG_PPME_LINK_X = 309,
  PG_PPME_LINKAT_X = 311,
  PG_PPME_FCHMODAT_X = 313,
  PG_PPME_CHMOD_X = 315,
  PG_PPME_FCHMOD_X = 317,
  PG_PPME_RENAMEAT2_X = 319,
  PG_PPME_USERFAULTFD_X = 321,
  PG_PPME_OPENAT2_X = 327,
  PG_PPME_EXECVEAT_X = 331,
  PG_PPME_CLONE3_X = 335,
  PG_PPME_DUP2_X = 363,
  PG_PPME_DUP3_X = 365,
  PG_PPME_DUP_X = 367,
  PG_PPME_ACCEPT4_X = 389,
  PG_PPME_PIPE2_X = 393,
  PG_PPME_UMOUNT2_X = 391,
  PG_PPME_PRCTL_X = 401,
  PG_PPME_MEMFD_CREATE_X = 405,
  PG_PPME_INIT_MODULE_X = 411,
  PG_PPME_FINIT_MODULE_X = 413,
  PG_PPME_SETREUID_X = 427,
  PG_PPME_SETREGID_X = 429,
};

/* Parameter counts of the current layouts (Appendix A). */
#define PG_EXECVE_NPARAMS 31
#define PG_EXECVEAT_NPARAMS 30
#define PG_CLONE_NPARAMS 21

/* file_flags */
#define PG_PPM_O_NONE 0
#define PG_PPM_O_RDONLY (1 << 0)
#define PG_PPM_O_WRONLY (1 << 1)
#define PG_PPM_O_RDWR (PG_PPM_O_RDONLY | PG_PPM_O_WRONLY)
#define PG_PPM_O_CREAT (1 << 2)
#define PG_PPM_O_APPEND (1 << 3)
#define PG_PPM_O_DSYNC (1 << 4)
#define PG_PPM_O_EXCL (1 << 5)
#define PG_PPM_O_NONBLOCK (1 << 6)
#define PG_PPM_O_SYNC (1 << 7)
#define PG_PPM_O_TRUNC (1 << 8)
#define PG_PPM_O_DIRECT (1 << 9)
#define PG_PPM_O_DIRECTORY (1 << 10)
#define PG_PPM_O_LARGEFILE (1 << 11)
#define PG_PPM_O_CLOEXEC (1 << 12)
#define PG_PPM_O_TMPFILE (1 << 13)
#define PG_PPM_O_F_CREATED (1 << 14)
#define PG_PPM_FD_UPPER_LAYER (1 << 15)
#define PG_PPM_FD_LOWER_LAYER (1 << 16)

/* clone_flags */
#define PG_PPM_CL_CLONE_FILES (1 << 0)
#define PG_PPM_CL_CLONE_FS (1 << 1)
#define PG_PPM_CL_CLONE_IO (1 << 2)
#define PG_PPM_CL_CLONE_NEWIPC (1 << 3)
#define PG_PPM_CL_CLONE_NEWNET (1 << 4)
#define PG_PPM_CL_CLONE_NEWNS (1 << 5)
#define PG_PPM_CL_CLONE_NEWPID (1 << 6)
#define PG_PPM_CL_CLONE_NEWUTS (1 << 7)
#define PG_PPM_CL_CLONE_PARENT (1 << 8)
#define PG_PPM_CL_CLONE_PARENT_SETTID (1 << 9)
#define PG_PPM_CL_CLONE_PTRACE (1 << 10)
#define PG_PPM_CL_CLONE_SIGHAND (1 << 11)
#define PG_PPM_CL_CLONE_SYSVSEM (1 << 12)
#define PG_PPM_CL_CLONE_THREAD (1 << 13)
#define PG_PPM_CL_CLONE_UNTRACED (1 << 14)
#define PG_PPM_CL_CLONE_VM (1 << 15)
#define PG_PPM_CL_CLONE_NEWUSER (1 << 20)
#define PG_PPM_CL_CLONE_CHILD_CLEARTID (1 << 23)
#define PG_PPM_CL_CLONE_CHILD_SETTID (1 << 24)
#define PG_PPM_CL_CLONE_SETTLS (1 << 25)
#define PG_PPM_CL_CLONE_VFORK (1 << 27)
#define PG_PPM_CL_CLONE_NEWCGROUP (1 << 28)
#define PG_PPM_CL_CHILD_IN_PIDNS (1 << 29)

/* socket_families (the ones the probe decodes addresses for) */
#define PG_PPM_AF_UNSPEC 0
#define PG_PPM_AF_UNIX 1
#define PG_PPM_AF_INET 2
#define PG_PPM_AF_INET6 10

/* ptrace_requests */
#define PG_PPM_PTRACE_UNKNOWN 0
#define PG_PPM_PTRACE_TRACEME 1
#define PG_PPM_PTRACE_PEEKTEXT 2
#define PG_PPM_PTRACE_PEEKDATA 3
#define PG_PPM_PTRACE_PEEKUSR 4
#define PG_PPM_PTRACE_POKETEXT 5
#define PG_PPM_PTRACE_POKEDATA 6
#define PG_PPM_PTRACE_POKEUSR 7
#define PG_PPM_PTRACE_CONT 8
#define PG_PPM_PTRACE_KILL 9
#define PG_PPM_PTRACE_SINGLESTEP 10
#define PG_PPM_PTRACE_ATTACH 11
#define PG_PPM_PTRACE_DETACH 12
#define PG_PPM_PTRACE_SYSCALL 13
#define PG_PPM_PTRACE_SETOPTIONS 14
#define PG_PPM_PTRACE_GETEVENTMSG 15
#define PG_PPM_PTRACE_GETSIGINFO 16
#define PG_PPM_PTRACE_SETSIGINFO 17
#define PG_PPM_PTRACE_GETREGSET 18
#define PG_PPM_PTRACE_SETREGSET 19
#define PG_PPM_PTRACE_SEIZE 20
#define PG_PPM_PTRACE_INTERRUPT 21
#define PG_PPM_PTRACE_LISTEN 22
#define PG_PPM_PTRACE_PEEKSIGINFO 23
#define PG_PPM_PTRACE_GETSIGMASK 24
#define PG_PPM_PTRACE_SETSIGMASK 25
#define PG_PPM_PTRACE_GETREGS 26
#define PG_PPM_PTRACE_SETREGS 27
#define PG_PPM_PTRACE_GETFPREGS 28
#define PG_PPM_PTRACE_SETFPREGS 29
#define PG_PPM_PTRACE_GETFPXREGS 30
#define PG_PPM_PTRACE_SETFPXREGS 31
#define PG_PPM_PTRACE_OLDSETOPTIONS 32
#define PG_PPM_PTRACE_GET_THREAD_AREA 33
#define PG_PPM_PTRACE_SET_THREAD_AREA 34
#define PG_PPM_PTRACE_ARCH_PRCTL 35
#define PG_PPM_PTRACE_SYSEMU 36
#define PG_PPM_PTRACE_SYSEMU_SINGLESTEP 37
#define PG_PPM_PTRACE_SINGLEBLOCK 38

/* ptrace DYN parameter indices */
#define PG_PPM_PTRACE_IDX_UINT64 0
#define PG_PPM_PTRACE_IDX_SIGTYPE 1

/* fcntl_commands */
#define PG_PPM_FCNTL_UNKNOWN 0
#define PG_PPM_F_DUPFD 1
#define PG_PPM_F_GETFD 2
#define PG_PPM_F_SETFD 3
#define PG_PPM_F_GETFL 4
#define PG_PPM_F_SETFL 5
#define PG_PPM_F_GETLK 6
#define PG_PPM_F_SETLK 8
#define PG_PPM_F_SETLKW 9
#define PG_PPM_F_SETOWN 10
#define PG_PPM_F_GETOWN 12
#define PG_PPM_F_SETSIG 13
#define PG_PPM_F_GETSIG 15
#define PG_PPM_F_SETOWN_EX 21
#define PG_PPM_F_GETOWN_EX 22
#define PG_PPM_F_SETLEASE 23
#define PG_PPM_F_GETLEASE 24
#define PG_PPM_F_CANCELLK 25
#define PG_PPM_F_DUPFD_CLOEXEC 26
#define PG_PPM_F_NOTIFY 27
#define PG_PPM_F_SETPIPE_SZ 28
#define PG_PPM_F_GETPIPE_SZ 29
#define PG_PPM_F_OFD_GETLK 30
#define PG_PPM_F_OFD_SETLK 31
#define PG_PPM_F_OFD_SETLKW 32

/* openat2_flags */
#define PG_PPM_RESOLVE_BENEATH (1 << 0)
#define PG_PPM_RESOLVE_IN_ROOT (1 << 1)
#define PG_PPM_RESOLVE_NO_MAGICLINKS (1 << 2)
#define PG_PPM_RESOLVE_NO_SYMLINKS (1 << 3)
#define PG_PPM_RESOLVE_NO_XDEV (1 << 4)
#define PG_PPM_RESOLVE_CACHED (1 << 5)

/* Tables whose PPM values equal Linux's (the probe passes these through unchanged):
 * mount_flags (MS_*, after removing the MS_MGC_VAL magic), umount_flags, unlinkat_flags,
 * linkat_flags, renameat2_flags, chmod_mode, memfd_create_flags, finit_module_flags,
 * prctl_options (unknown options become 0). */
#define PG_PPM_AT_REMOVEDIR 0x200
#define PG_PPM_AT_SYMLINK_FOLLOW 0x400
#define PG_PPM_AT_EMPTY_PATH 0x1000
#define PG_PPM_MFD_CLOEXEC 1
#define PG_PPM_MFD_ALLOW_SEALING 2
#define PG_PPM_MFD_HUGETLB 4
#define PG_PPM_PR_SET_NAME 15
#define PG_PPM_PR_GET_NAME 16
#define PG_PPM_PR_GET_CHILD_SUBREAPER 37

#endif /* PEREGRINE_PROBE_ABI_PPM_CODES_H_ */
