// The records of the synthetic workload: one writer per syscall, filling every parameter of the
// current exit-event layout (scap-format.md Appendix A) from a simulated process.
#ifndef PEREGRINE_BENCH_WORKLOAD_SYSCALL_RECORDS_H_
#define PEREGRINE_BENCH_WORKLOAD_SYSCALL_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "bench/workload/process_model.h"
#include "probe/abi/record_writer.h"

namespace peregrine::workload {

// PPM event codes written by the generator.
inline constexpr uint16_t kOpenX = 3;
inline constexpr uint16_t kCloseX = 5;
inline constexpr uint16_t kReadX = 7;
inline constexpr uint16_t kWriteX = 9;
inline constexpr uint16_t kSocketX = 19;
inline constexpr uint16_t kConnectX = 23;
inline constexpr uint16_t kPtraceX = 169;
inline constexpr uint16_t kSymlinkatX = 181;
inline constexpr uint16_t kProcexitE = 186;
inline constexpr uint16_t kCloneX = 223;
inline constexpr uint16_t kExecveX = 293;
inline constexpr uint16_t kOpenatX = 307;
inline constexpr uint16_t kDup2X = 363;
inline constexpr uint16_t kAccept4X = 389;

// PPM encodings (Appendix B).
inline constexpr uint32_t kOpenRdonly = 0x1;
inline constexpr uint32_t kOpenWronly = 0x2;
inline constexpr uint32_t kOpenRdwr = 0x3;
inline constexpr uint32_t kOpenCreat = 0x4;
inline constexpr uint32_t kOpenAppend = 0x8;
inline constexpr uint32_t kOpenTrunc = 0x100;
inline constexpr uint32_t kOpenCloexec = 0x1000;
inline constexpr uint16_t kPtraceAttach = 0xb;
inline constexpr uint16_t kPtracePeekdata = 0x3;
inline constexpr uint32_t kAfInet = 2;
inline constexpr uint32_t kAfPacket = 17;
inline constexpr int64_t kAtFdcwd = -100;

// Each function starts a record on `w` (Begin) and writes all of its parameters; the caller
// calls w.Finish(). `p` is the calling process (header tid = p.pid).
// clone: the parent's exit has res = the child's pid, the child's own exit has res = 0 (and `p`
// is then the child).
void WriteClone(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t res);
void WriteExecve(probe::RecordWriter& w, uint64_t ts, const SimProcess& p);
void WriteProcexit(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t status);
void WriteOpenat(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd,
                 std::string_view path, uint32_t flags);
void WriteOpen(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd,
               std::string_view path, uint32_t flags);
void WriteClose(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd);
void WriteReadWrite(probe::RecordWriter& w, uint16_t code, uint64_t ts, const SimProcess& p,
                    int64_t fd, uint32_t size);
void WriteSocket(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t fd,
                 uint32_t domain, uint32_t type, uint32_t proto);
void WriteConnect(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t res,
                  const SimFd& fd);
void WriteAccept4(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, const SimFd& fd);
void WriteDup2(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, int64_t oldfd,
               int64_t newfd);
void WriteSymlinkat(probe::RecordWriter& w, uint64_t ts, const SimProcess& p,
                    std::string_view target, std::string_view linkpath);
void WritePtrace(probe::RecordWriter& w, uint64_t ts, const SimProcess& p, uint16_t request,
                 int64_t target_pid);

}  // namespace peregrine::workload

#endif  // PEREGRINE_BENCH_WORKLOAD_SYSCALL_RECORDS_H_
