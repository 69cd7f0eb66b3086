// Live test of the Peregrine capture format: records drained from the attached probe are written
// and read back byte for byte, with the /proc snapshot of this process.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "probe/abi/ppm_codes.h"
#include "probe/capture/capture_reader.h"
#include "probe/capture/capture_writer.h"
#include "probe/loader/probe.h"

namespace peregrine::probe::capture {
namespace {

TEST(CaptureFileLiveTest, ProbeRecordsRoundTripByteForByte) {
  ProbeOptions options;
  options.ring_bytes_per_cpu = 1u << 20;
  options.interesting_syscalls = {SYS_openat, SYS_close};
  auto probe = Probe::Create(options);
  ASSERT_TRUE(probe.ok()) << probe.status();
  (void)(*probe)->DrainAll([](const RingRecord&) {});

  const std::string path = ::testing::TempDir() + "/live" + std::to_string(getpid()) + ".pgcap";
  auto writer = CaptureWriter::Create(path, {});
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (int i = 0; i < 5; ++i) close(openat(AT_FDCWD, "/dev/null", O_RDONLY));

  std::vector<std::string> written;
  absl::Status append_status;
  auto n = (*probe)->DrainAll([&](const RingRecord& r) {
    written.emplace_back(reinterpret_cast<const char*>(r.raw), r.raw_size);
    append_status.Update((*writer)->Append(r));
  });
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_TRUE(append_status.ok()) << append_status;
  auto counters = (*probe)->TotalCounters();
  ASSERT_TRUE(counters.ok());
  CaptureTrailer totals;
  totals.truncated_params = counters->truncated_params;
  ASSERT_TRUE((*writer)->Close(totals).ok());

  auto reader = CaptureReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  bool found_self = false;
  for (const CaptureProcess& p : (*reader)->processes()) found_self |= p.tid == gettid();
  EXPECT_TRUE(found_self);
  EXPECT_EQ((*reader)->machine().proc_ctx_size, PG_PROC_CTX_SIZE);
  CaptureEvent ev;
  size_t i = 0, our_opens = 0;
  while (true) {
    auto more = (*reader)->Next(&ev);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ASSERT_LT(i, written.size());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(ev.raw), ev.raw_size), written[i]);
    if (ev.record.tid() == static_cast<uint64_t>(gettid()) &&
        ev.record.type() == PG_PPME_OPENAT_X &&
        ev.record.param(2).AsStringView() == std::string_view("/dev/null\0", 10)) {
      ++our_opens;
      EXPECT_TRUE(ev.has_ctx);
      EXPECT_EQ(ev.ctx.tid, static_cast<uint32_t>(gettid()));
    }
    ++i;
  }
  EXPECT_EQ(i, written.size());
  EXPECT_EQ(our_opens, 5u);  // the /proc snapshot's own opens are in the file too
  EXPECT_EQ((*reader)->trailer().records, written.size());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace peregrine::probe::capture
