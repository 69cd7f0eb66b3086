#include "runtime/outputs/program_sink.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace peregrine::runtime::outputs {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;

}  // namespace

ProgramSink::~ProgramSink() {
  if (!pending_.empty()) (void)WriteAll(pending_);
  (void)CloseChild();
}

absl::Status ProgramSink::Spawn() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("program output: pipe: ", strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);  // dup2 clears CLOEXEC
  // The child gets default signal dispositions and an empty mask (our worker blocks SIGPIPE).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::string command = options_.program;
  char sh[] = "/bin/sh";
  char dash_c[] = "-c";
  char* argv[] = {sh, dash_c, command.data(), nullptr};
  const int rc = posix_spawn(&pid_, "/bin/sh", &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[0]);
  if (rc != 0) {
    close(fds[1]);
    pid_ = -1;
    return absl::UnavailableError(
        absl::StrCat("program output: cannot run '", options_.program, "': ", strerror(rc)));
  }
  pipe_fd_ = fds[1];
  return absl::OkStatus();
}

absl::Status ProgramSink::WriteAll(const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = write(pipe_fd_, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::UnavailableError(absl::StrCat("program output: write to '", options_.program,
                                                 "' failed: ", strerror(errno)));
    }
    off += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status ProgramSink::CloseChild() {
  if (pipe_fd_ >= 0) {
    close(pipe_fd_);
    pipe_fd_ = -1;
  }
  if (pid_ < 0) return absl::OkStatus();
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  pid_ = -1;
  if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::UnavailableError(absl::StrCat("program output: '", options_.program,
                                               "' exited with status ",
                                               WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  return absl::OkStatus();
}

absl::Status ProgramSink::Write(const Alert& alert, const std::atomic<bool>& /*cancelled*/) {
  std::string line = alert.message;
  line.push_back('\n');
  if (!options_.keep_alive) {
    if (absl::Status s = Spawn(); !s.ok()) return s;
    absl::Status written = WriteAll(line);
    absl::Status closed = CloseChild();
    return written.ok() ? closed : written;
  }
  if (options_.buffered) {
    pending_ += line;
    if (pending_.size() < kBufferBytes) return absl::OkStatus();
    line.swap(pending_);
    pending_.clear();
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (pipe_fd_ < 0) {
      if (absl::Status s = Spawn(); !s.ok()) return s;
    }
    absl::Status s = WriteAll(line);
    if (s.ok()) return s;
    (void)CloseChild();  // it died: reap it, respawn once
    if (attempt == 1) return s;
  }
  return absl::OkStatus();
}

absl::Status ProgramSink::Flush() {
  if (pending_.empty()) return absl::OkStatus();
  std::string data;
  data.swap(pending_);
  if (pipe_fd_ < 0) {
    if (absl::Status s = Spawn(); !s.ok()) return s;
  }
  return WriteAll(data);
}

void ProgramSink::Reopen() {
  if (!pending_.empty()) (void)Flush();
  (void)CloseChild();
}

}  // namespace peregrine::runtime::outputs
