#include "bench/workload/syscall_records.h"

namespace peregrine::workload {

namespace {

uint64_t Tid(const SimProcess& p) { return static_cast<uint64_t>(p.pid); }

}  // namespace

void WriteClone(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t res) {
  w.Begin(kCloneX, Tid(p), ts);
  w.I64(res).Str(p.exe).List(p.args).I64(p.pid).I64(p.pid).I64(p.ppid).Str(p.cwd);
  w.I64(1024).U64(0).U64(0).U32(10240).U32(4096).U32(0);  // fdlimit, faults, vm sizes
  w.Str(p.comm).List(p.cgroups);
  w.U32(0);  // clone flags: a plain fork
  w.U32(p.uid).U32(p.gid).I64(p.pid).I64(p.pid).U64(0);
}

void WriteExecve(probe::RecordWriter& w, uint64_t ts, const SimProcess& p) {
  w.Begin(kExecveX, Tid(p), ts);
  w.I64(0).Str(p.exe).List(p.args).I64(p.pid).I64(p.pid).I64(p.ppid).Str(p.cwd);
  w.U64(1024).U64(0).U64(0).U32(10240).U32(4096).U32(0);
  w.Str(p.comm).List(p.cgroups).List(p.env).U32(p.tty).I64(p.pid).U32(p.loginuid);
  w.U32(0);  // execve flags: not from memfd, not in an upper layer
  w.U64(p.cap_effective).U64(p.cap_effective).U64(p.cap_effective);
  w.U64(1000 + static_cast<uint64_t>(p.pid)).U64(ts - 1'000'000'000).U64(ts - 1'000'000'000);
  w.U32(p.uid).Str(p.exe).I64(p.pid).U32(p.gid).Str(p.exe);
}

void WriteProcexit(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t status) {
  w.Begin(kProcexitE, Tid(p), ts);
  w.I64(status).I64(status).U8(0).U8(0).I64(1);
}

void WriteOpenat(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd,
                 std::string_view path, uint32_t flags) {
  w.Begin(kOpenatX, Tid(p), ts);
  w.I64(fd).I64(kAtFdcwd).Str(path).U32(flags).U32((flags & kOpenCreat) ? 0644 : 0);
  w.U32(0x803).U64(0x40000 + static_cast<uint64_t>(path.size()));  // dev, ino
}

void WriteOpen(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd,
               std::string_view path, uint32_t flags) {
  w.Begin(kOpenX, Tid(p), ts);
  w.I64(fd).Str(path).U32(flags).U32((flags & kOpenCreat) ? 0644 : 0);
  w.U32(0x803).U64(0x40000 + static_cast<uint64_t>(path.size()));
}

void WriteClose(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd) {
  w.Begin(kCloseX, Tid(p), ts);
  w.I64(0).I64(fd);
}

void WriteReadWrite(probe::RecordWriter& w, uint16_t code, uint64_t ts, const SimProcess& p,
                    int64_t fd, uint32_t size) {
  w.Begin(code, Tid(p), ts);
  // The drivers capture a snapshot of the data (80 bytes by default); a short one here.
  static constexpr char kData[] = "GET / HTTP/1.1\r\nHost: example\r\n";
  const uint32_t shown = size < sizeof(kData) - 1 ? size : sizeof(kData) - 1;
  w.I64(size).Raw(std::string_view(kData, shown)).I64(fd).U32(size);
}

void WriteSocket(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd,
                 uint32_t domain, uint32_t type, uint32_t proto) {
  w.Begin(kSocketX, Tid(p), ts);
  w.I64(fd).U32(domain).U32(type).U32(proto).U32(0);
}

void WriteConnect(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t res,
                  const SimFd& fd) {
  w.Begin(kConnectX, Tid(p), ts);
  w.I64(res).Inet4Tuple(fd.sip, fd.sport, fd.dip, fd.dport).I64(fd.num).Inet4Addr(fd.dip, fd.dport);
}

void WriteAccept4(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, const SimFd& fd) {
  w.Begin(kAccept4X, Tid(p), ts);
  w.I64(fd.num).Inet4Tuple(fd.sip, fd.sport, fd.dip, fd.dport).U8(0).U32(0).U32(511).I32(0);
}

void WriteDup2(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t oldfd,
               int64_t newfd) {
  w.Begin(kDup2X, Tid(p), ts);
  w.I64(newfd).I64(oldfd).I64(newfd);
}

void WriteSymlinkat(probe::RecordWriter& w, uint64_t ts, const SimProcess& p,
                    std::string_view target, std::string_view linkpath) {
  w.Begin(kSymlinkatX, Tid(p), ts);
  w.I64(0).Str(target).I64(kAtFdcwd).Str(linkpath);
}

void WritePtrace(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, uint16_t request,
                 int64_t target_pid) {
  w.Begin(kPtraceX, Tid(p), ts);
  w.I64(0).Empty().Empty().U16(request).I64(target_pid);
}

}  // namespace peregrine::workload
