#include "probe/loader/syscall_table.h"

#include <sys/syscall.h>

#include "probe/abi/ppm_codes.h"

namespace peregrine::probe {
namespace {

// Ordered by syscall number.
constexpr SupportedSyscall kTable[] = {
    {SYS_open, "open", "pg_fill_open", PG_PPME_OPEN_X},
    {SYS_close, "close", "pg_fill_close", PG_PPME_CLOSE_X},
    {SYS_pipe, "pipe", "pg_fill_pipe", PG_PPME_PIPE_X},
    {SYS_dup, "dup", "pg_fill_dup", PG_PPME_DUP_X},
    {SYS_dup2, "dup2", "pg_fill_dup2", PG_PPME_DUP2_X},
    {SYS_socket, "socket", "pg_fill_socket", PG_PPME_SOCKET_X},
    {SYS_connect, "connect", "pg_fill_connect", PG_PPME_CONNECT_X},
    {SYS_accept, "accept", "pg_fill_accept", PG_PPME_ACCEPT_X},
    {SYS_sendto, "sendto", "pg_fill_sendto", PG_PPME_SENDTO_X},
    {SYS_sendmsg, "sendmsg", "pg_fill_sendmsg", PG_PPME_SENDMSG_X},
    {SYS_bind, "bind", "pg_fill_bind", PG_PPME_BIND_X},
    {SYS_listen, "listen", "pg_fill_listen", PG_PPME_LISTEN_X},
    {SYS_clone, "clone", "pg_fill_clone", PG_PPME_CLONE_X},
    {SYS_fork, "fork", "pg_fill_fork", PG_PPME_FORK_X},
    {SYS_vfork, "vfork", "pg_fill_vfork", PG_PPME_VFORK_X},
    {SYS_execve, "execve", "pg_fill_execve", PG_PPME_EXECVE_X},
    {SYS_fcntl, "fcntl", "pg_fill_fcntl", PG_PPME_FCNTL_X},
    {SYS_chdir, "chdir", "pg_fill_chdir", PG_PPME_CHDIR_X},
    {SYS_fchdir, "fchdir", "pg_fill_fchdir", PG_PPME_FCHDIR_X},
    {SYS_rename, "rename", "pg_fill_rename", PG_PPME_RENAME_X},
    {SYS_mkdir, "mkdir", "pg_fill_mkdir", PG_PPME_MKDIR_X},
    {SYS_rmdir, "rmdir", "pg_fill_rmdir", PG_PPME_RMDIR_X},
    {SYS_creat, "creat", "pg_fill_creat", PG_PPME_CREAT_X},
    {SYS_link, "link", "pg_fill_link", PG_PPME_LINK_X},
    {SYS_unlink, "unlink", "pg_fill_unlink", PG_PPME_UNLINK_X},
    {SYS_symlink, "symlink", "pg_fill_symlink", PG_PPME_SYMLINK_X},
    {SYS_chmod, "chmod", "pg_fill_chmod", PG_PPME_CHMOD_X},
    {SYS_fchmod, "fchmod", "pg_fill_fchmod", PG_PPME_FCHMOD_X},
    {SYS_ptrace, "ptrace", "pg_fill_ptrace", PG_PPME_PTRACE_X},
    {SYS_setuid, "setuid", "pg_fill_setuid", PG_PPME_SETUID_X},
    {SYS_setgid, "setgid", "pg_fill_setgid", PG_PPME_SETGID_X},
    {SYS_setreuid, "setreuid", "pg_fill_setreuid", PG_PPME_SETREUID_X},
    {SYS_setregid, "setregid", "pg_fill_setregid", PG_PPME_SETREGID_X},
    {SYS_setresuid, "setresuid", "pg_fill_setresuid", PG_PPME_SETRESUID_X},
    {SYS_setresgid, "setresgid", "pg_fill_setresgid", PG_PPME_SETRESGID_X},
    {SYS_prctl, "prctl", "pg_fill_prctl", PG_PPME_PRCTL_X},
    {SYS_mount, "mount", "pg_fill_mount", PG_PPME_MOUNT_X},
    {SYS_umount2, "umount2", "pg_fill_umount2", PG_PPME_UMOUNT2_X},
    {SYS_init_module, "init_module", "pg_fill_init_module", PG_PPME_INIT_MODULE_X},
    {SYS_openat, "openat", "pg_fill_openat", PG_PPME_OPENAT_X},
    {SYS_mkdirat, "mkdirat", "pg_fill_mkdirat", PG_PPME_MKDIRAT_X},
    {SYS_unlinkat, "unlinkat", "pg_fill_unlinkat", PG_PPME_UNLINKAT_X},
    {SYS_renameat, "renameat", "pg_fill_renameat", PG_PPME_RENAMEAT_X},
    {SYS_linkat, "linkat", "pg_fill_linkat", PG_PPME_LINKAT_X},
    {SYS_symlinkat, "symlinkat", "pg_fill_symlinkat", PG_PPME_SYMLINKAT_X},
    {SYS_fchmodat, "fchmodat", "pg_fill_fchmodat", PG_PPME_FCHMODAT_X},
    {SYS_accept4, "accept4", "pg_fill_accept4", PG_PPME_ACCEPT4_X},
    {SYS_dup3, "dup3", "pg_fill_dup3", PG_PPME_DUP3_X},
    {SYS_pipe2, "pipe2", "pg_fill_pipe2", PG_PPME_PIPE2_X},
    {SYS_finit_module, "finit_module", "pg_fill_finit_module", PG_PPME_FINIT_MODULE_X},
    {SYS_renameat2, "renameat2", "pg_fill_renameat2", PG_PPME_RENAMEAT2_X},
    {SYS_memfd_create, "memfd_create", "pg_fill_memfd_create", PG_PPME_MEMFD_CREATE_X},
    {SYS_execveat, "execveat", "pg_fill_execveat", PG_PPME_EXECVEAT_X},
    {SYS_userfaultfd, "userfaultfd", "pg_fill_userfaultfd", PG_PPME_USERFAULTFD_X},
    {SYS_clone3, "clone3", "pg_fill_clone3", PG_PPME_CLONE3_X},
    {SYS_openat2, "openat2", "pg_fill_openat2", PG_PPME_OPENAT2_X},
};

}  // namespace

absl::Span<const SupportedSyscall> SupportedSyscalls() { return kTable; }

const SupportedSyscall* FindSupportedSyscall(int nr) {
  for (const SupportedSyscall& s : kTable) {
    if (s.nr == nr) return &s;
  }
  return nullptr;
}

std::vector<int> SyscallsForEventCodes(absl::FunctionRef<bool(uint16_t event_code)> wanted) {
  std::vector<int> out;
  for (const SupportedSyscall& s : kTable) {
    if (wanted(s.event_code)) out.push_back(s.nr);
  }
  return out;
}

std::optional<int> SupportedSyscallNumber(absl::string_view name) {
  for (const SupportedSyscall& s : kTable) {
    if (name == s.name) return s.nr;
  }
  return std::nullopt;
}

}  // namespace peregrine::probe
