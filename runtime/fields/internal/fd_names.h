// Private to runtime/fields: fd.type / fd.typechar words (scap-format §14.1).
#ifndef PEREGRINE_RUNTIME_FIELDS_INTERNAL_FD_NAMES_H_
#define PEREGRINE_RUNTIME_FIELDS_INTERNAL_FD_NAMES_H_

#include <string_view>

#include "runtime/state/fd_entry.h"

namespace peregrine::runtime::internal {

// fd.type; empty for unknown/unsupported fds (which render as <NA>).
inline std::string_view FdTypeWord(FdType type) {
  switch (type) {
    case FdType::kFile:
    case FdType::kFileV2:
      return "file";
    case FdType::kDirectory:
      return "directory";
    case FdType::kIpv4Sock:
    case FdType::kIpv4ServSock:
      return "ipv4";
    case FdType::kIpv6Sock:
    case FdType::kIpv6ServSock:
      return "ipv6";
    case FdType::kFifo:
      return "pipe";
    case FdType::kUnixSock:
      return "unix";
    case FdType::kEvent:
      return "event";
    case FdType::kSignalfd:
      return "signalfd";
    case FdType::kEventpoll:
      return "eventpoll";
    case FdType::kInotify:
      return "inotify";
    case FdType::kTimerfd:
      return "timerfd";
    case FdType::kNetlink:
      return "netlink";
    case FdType::kBpf:
      return "bpf";
    case FdType::kUserfaultfd:
      return "userfaultfd";
    case FdType::kIouring:
      return "io_uring";
    case FdType::kMemfd:
      return "memfd";
    case FdType::kPidfd:
      return "pidfd";
    case FdType::kUnknown:
    case FdType::kUnsupported:
      return {};
  }
  return {};
}

// fd.typechar.
inline char FdTypeChar(FdType type) {
  switch (type) {
    case FdType::kFile:
    case FdType::kFileV2:
      return 'f';
    case FdType::kDirectory:
      return 'd';
    case FdType::kIpv4Sock:
    case FdType::kIpv4ServSock:
      return '4';
    case FdType::kIpv6Sock:
    case FdType::kIpv6ServSock:
      return '6';
    case FdType::kFifo:
      return 'p';
    case FdType::kUnixSock:
    case FdType::kUserfaultfd:
      return 'u';
    case FdType::kEvent:
      return 'e';
    case FdType::kSignalfd:
      return 's';
    case FdType::kEventpoll:
      return 'l';
    case FdType::kInotify:
      return 'i';
    case FdType::kTimerfd:
      return 't';
    case FdType::kNetlink:
      return 'n';
    case FdType::kBpf:
      return 'b';
    case FdType::kIouring:
      return 'r';
    case FdType::kMemfd:
      return 'm';
    case FdType::kPidfd:
      return 'P';
    case FdType::kUnknown:
      return 'o';
    case FdType::kUnsupported:
      return 'X';
  }
  return '?';
}

inline std::string_view L4ProtoName(L4Proto p) {
  switch (p) {
    case L4Proto::kTcp:
      return "tcp";
    case L4Proto::kUdp:
      return "udp";
    case L4Proto::kIcmp:
      return "icmp";
    case L4Proto::kRaw:
      return "raw";
    case L4Proto::kUnknown:
    case L4Proto::kNotApplicable:
      return {};
  }
  return {};
}

}  // namespace peregrine::runtime::internal

#endif  // PEREGRINE_RUNTIME_FIELDS_INTERNAL_FD_NAMES_H_
