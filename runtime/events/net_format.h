// Text forms of addresses, socket addresses and tuples, as libsinsp prints them.
#ifndef PEREGRINE_RUNTIME_EVENTS_NET_FORMAT_H_
#define PEREGRINE_RUNTIME_EVENTS_NET_FORMAT_H_

#include <cstdint>
#include <string>

#include "runtime/events/param_decode.h"

namespace peregrine::runtime {

// Appends a dotted quad or the RFC 5952 (inet_ntop) form.
void AppendIp(const IpAddr& ip, std::string* out);
// "ip:port"
void AppendIpPort(const IpAddr& ip, uint16_t port, std::string* out);
// A SOCKADDR: "ip:port", or the Unix path; nothing for other families.
void AppendSockAddr(const SockAddr& addr, std::string* out);
// A SOCKTUPLE: "sip:sport->dip:dport", or "<src hex>-><dst hex> <path>" for Unix sockets.
void AppendSockTuple(const SockTuple& tuple, std::string* out);
// "<hex>-><hex> path" (lower-case hex, no 0x, no padding).
void AppendUnixTuple(uint64_t src, uint64_t dst, std::string_view path, std::string* out);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_EVENTS_NET_FORMAT_H_
