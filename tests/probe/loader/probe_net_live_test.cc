// Live tests: network syscalls, socket addresses and tuples (scap-format §12, §12.1, §13).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "live_probe_fixture.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe::testing {
namespace {

using ProbeNetTest = LiveProbeTest;

// Expected SOCKADDR / SOCKTUPLE bytes for IPv4 (address in network order, port in host order).
std::string Inet4Addr(uint32_t ip_be, uint16_t port) {
  std::string s(1, char(PG_PPM_AF_INET));
  s.append(reinterpret_cast<const char*>(&ip_be), 4);
  s.append(reinterpret_cast<const char*>(&port), 2);
  return s;
}
std::string Inet4Tuple(uint32_t sip, uint16_t sport, uint32_t dip, uint16_t dport) {
  std::string s = Inet4Addr(sip, sport);
  s.append(Inet4Addr(dip, dport).substr(1));
  return s;
}

uint16_t LocalPort(int fd) {
  sockaddr_in sin{};
  socklen_t len = sizeof(sin);
  getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  return ntohs(sin.sin_port);
}

TEST_F(ProbeNetTest, SocketBindListenConnectAccept4OnLoopback) {
  const uint32_t lo = htonl(INADDR_LOOPBACK);
  int server = -1, client = -1, conn = -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = lo;
  auto records = Capture({SYS_socket, SYS_bind, SYS_listen, SYS_connect, SYS_accept4}, [&] {
    server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    listen(server, 7);
    socklen_t len = sizeof(addr);
    getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len);
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    conn = accept4(server, nullptr, nullptr, SOCK_NONBLOCK);
  });
  ASSERT_GE(conn, 0);
  const uint16_t server_port = ntohs(addr.sin_port);
  const uint16_t client_port = LocalPort(client);

  std::vector<Captured> sockets;
  for (const Captured& c : records) {
    if (c.view.type() == PG_PPME_SOCKET_X) sockets.push_back(c);
  }
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0].I64(0), server);
  EXPECT_EQ(sockets[0].U32(1), uint32_t{PG_PPM_AF_INET});
  EXPECT_EQ(sockets[0].U32(2), uint32_t{SOCK_STREAM | SOCK_CLOEXEC});
  EXPECT_EQ(sockets[0].U32(3), 0u);
  EXPECT_EQ(sockets[0].U32(4), uint32_t{PG_PPM_O_CLOEXEC});
  EXPECT_EQ(sockets[1].U32(3), uint32_t{IPPROTO_TCP});
  EXPECT_EQ(sockets[1].U32(4), 0u);

  Captured b = One(records, PG_PPME_BIND_X);
  EXPECT_EQ(b.I64(0), 0);
  EXPECT_EQ(b.Raw(1), Inet4Addr(lo, 0));
  EXPECT_EQ(b.I64(2), server);

  Captured l = One(records, PG_PPME_LISTEN_X);
  EXPECT_EQ(l.I64(0), 0);
  EXPECT_EQ(l.I64(1), server);
  EXPECT_EQ(l.I32(2), 7);

  const std::string tuple = Inet4Tuple(lo, client_port, lo, server_port);
  Captured c = One(records, PG_PPME_CONNECT_X);
  ASSERT_EQ(c.view.nparams(), 4u);
  EXPECT_EQ(c.I64(0), 0);
  EXPECT_EQ(c.Raw(1), tuple);  // outbound: local -> remote
  EXPECT_EQ(c.I64(2), client);
  EXPECT_EQ(c.Raw(3), Inet4Addr(lo, server_port));

  Captured a = One(records, PG_PPME_ACCEPT4_X);
  ASSERT_EQ(a.view.nparams(), 6u);
  EXPECT_EQ(a.I64(0), conn);
  EXPECT_EQ(a.Raw(1), tuple);  // inbound: remote (client) -> local (server)
  EXPECT_EQ(a.U32(4), 7u);     // queuemax = backlog
  EXPECT_EQ(a.I32(5), PG_PPM_O_NONBLOCK);
  close(conn);
  close(client);
  close(server);
}

TEST_F(ProbeNetTest, FailedUnixConnectHasEmptyTupleAndPathAddress) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::strcpy(sun.sun_path, "/nonexistent/pg.sock");
  auto records =
      Capture({SYS_connect}, [&] { connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)); });
  close(fd);
  Captured c = One(records, PG_PPME_CONNECT_X);
  EXPECT_EQ(c.I64(0), -ENOENT);
  EXPECT_TRUE(c.P(1).empty());
  EXPECT_EQ(c.I64(2), fd);
  EXPECT_EQ(c.Raw(3), std::string("\x01/nonexistent/pg.sock", 21) + std::string(1, '\0'));
}

TEST_F(ProbeNetTest, UnixConnectTupleNamesPeerPath) {
  char path[] = "/tmp/pg_probe_sock_XXXXXX";
  int tmp = mkstemp(path);
  close(tmp);
  unlink(path);
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::strcpy(sun.sun_path, path);
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)), 0);
  ASSERT_EQ(listen(server, 1), 0);
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  auto records = Capture({SYS_connect},
                         [&] { connect(client, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)); });
  Captured c = One(records, PG_PPME_CONNECT_X);
  EXPECT_EQ(c.I64(0), 0);
  const std::string t = c.Raw(1);
  ASSERT_EQ(t.size(), 17 + std::strlen(path) + 1);
  EXPECT_EQ(t[0], PG_PPM_AF_UNIX);
  uint64_t src, dst;
  std::memcpy(&src, t.data() + 1, 8);
  std::memcpy(&dst, t.data() + 9, 8);
  EXPECT_NE(src, 0u);
  EXPECT_NE(dst, 0u);
  EXPECT_NE(src, dst);
  EXPECT_EQ(t.substr(17), std::string(path) + std::string(1, '\0'));
  close(client);
  close(server);
  unlink(path);
}

TEST_F(ProbeNetTest, UdpSendtoAndSendmsgCarryDataSizeAndTuple) {
  const uint32_t lo = htonl(INADDR_LOOPBACK);
  int rx = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = lo;
  ASSERT_EQ(bind(rx, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(rx, reinterpret_cast<sockaddr*>(&addr), &len);
  const uint16_t port = ntohs(addr.sin_port);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  const std::string payload = "hello peregrine";
  char big[200];
  std::memset(big, 'x', sizeof(big));
  auto records = Capture({SYS_sendto, SYS_sendmsg}, [&] {
    sendto(tx, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    iovec iov[2] = {{big, sizeof(big)}, {big, 10}};
    msghdr msg{};
    msg.msg_name = &addr;
    msg.msg_namelen = sizeof(addr);
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    sendmsg(tx, &msg, 0);
  });
  const uint16_t tx_port = LocalPort(tx);
  Captured s = One(records, PG_PPME_SENDTO_X);
  EXPECT_EQ(s.I64(0), static_cast<int64_t>(payload.size()));
  EXPECT_EQ(s.Raw(1), payload);
  EXPECT_EQ(s.I64(2), tx);
  EXPECT_EQ(s.U32(3), payload.size());
  // Unconnected UDP: the destination comes from the call's address argument.
  EXPECT_EQ(s.Raw(4), Inet4Tuple(0, tx_port, lo, port));
  Captured m = One(records, PG_PPME_SENDMSG_X);
  EXPECT_EQ(m.I64(0), 210);
  EXPECT_EQ(m.Raw(1), std::string(80, 'x'));  // snaplen 80 of the first iovec
  EXPECT_EQ(m.U32(3), 210u);
  EXPECT_EQ(m.Raw(4), Inet4Tuple(0, tx_port, lo, port));
  close(tx);
  close(rx);
}

}  // namespace
}  // namespace peregrine::probe::testing
