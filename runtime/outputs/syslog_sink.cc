#include "runtime/outputs/syslog_sink.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "absl/strings/str_cat.h"

namespace peregrine::runtime::outputs {

SyslogSink::~SyslogSink() { Reopen(); }

void SyslogSink::Reopen() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
}

absl::Status SyslogSink::Connect() {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (options_.socket_path.size() >= sizeof(addr.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("syslog output: socket path too long: ", options_.socket_path));
  }
  std::memcpy(addr.sun_path, options_.socket_path.c_str(), options_.socket_path.size() + 1);
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return absl::InternalError(absl::StrCat("syslog output: socket: ", strerror(errno)));
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    const int err = errno;
    Reopen();
    return absl::UnavailableError(absl::StrCat("syslog output: cannot connect to ",
                                               options_.socket_path, ": ", strerror(err)));
  }
  return absl::OkStatus();
}

std::string SyslogSink::Datagram(const Alert& alert, long now, int pid) const {
  const time_t t = static_cast<time_t>(now);
  tm local{};
  localtime_r(&t, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &local);
  const int pri = options_.facility * 8 + (alert.priority & 7);
  return absl::StrCat("<", pri, ">", stamp, " ", options_.ident, "[", pid, "]: ", alert.message);
}

absl::Status SyslogSink::Write(const Alert& alert, const std::atomic<bool>& /*cancelled*/) {
  const std::string datagram = Datagram(alert, static_cast<long>(std::time(nullptr)), getpid());
  // Two attempts: the first may hit a socket whose daemon restarted since we connected.
  absl::Status last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) {
      last = Connect();
      if (!last.ok()) continue;
    }
    ssize_t n;
    do {
      n = send(fd_, datagram.data(), datagram.size(), MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(datagram.size())) return absl::OkStatus();
    last = absl::UnavailableError(absl::StrCat("syslog output: send to ", options_.socket_path,
                                               " failed: ", strerror(errno)));
    Reopen();
  }
  return last;
}

}  // namespace peregrine::runtime::outputs
