// Text forms of addresses, socket addresses and tuples.
#include "runtime/events/net_format.h"

#include <arpa/inet.h>

#include <cstdio>

namespace peregrine::runtime {

void AppendIp(const IpAddr& ip, std::string* out) {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(ip.v6 ? AF_INET6 : AF_INET, ip.bytes, buf, sizeof(buf)) != nullptr) {
    out->append(buf);
  }
}

void AppendIpPort(const IpAddr& ip, uint16_t port, std::string* out) {
  AppendIp(ip, out);
  out->push_back(':');
  out->append(std::to_string(port));
}

void AppendSockAddr(const SockAddr& addr, std::string* out) {
  switch (addr.family) {
    case kPpmAfInet:
    case kPpmAfInet6:
      AppendIpPort(addr.ip, addr.port, out);
      return;
    case kPpmAfUnix:
      out->append(addr.path);
      return;
    default:
      return;
  }
}

void AppendUnixTuple(uint64_t src, uint64_t dst, std::string_view path, std::string* out) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%llx->%llx ", static_cast<unsigned long long>(src),
                static_cast<unsigned long long>(dst));
  out->append(buf);
  out->append(path);
}

void AppendSockTuple(const SockTuple& tuple, std::string* out) {
  switch (tuple.family) {
    case kPpmAfInet:
    case kPpmAfInet6:
      AppendIpPort(tuple.sip, tuple.sport, out);
      out->append("->");
      AppendIpPort(tuple.dip, tuple.dport, out);
      return;
    case kPpmAfUnix:
      AppendUnixTuple(tuple.unix_src, tuple.unix_dst, tuple.path, out);
      return;
    default:
      return;
  }
}

}  // namespace peregrine::runtime
