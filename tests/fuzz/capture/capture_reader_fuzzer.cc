// libFuzzer target for the Peregrine capture reader (probe/capture/capture_reader.h): header,
// process table, record blocks and the end block.
//
// The first input byte selects how the rest reaches the reader:
//   0: as is;
//   1: after a valid header (so mutations reach the blocks without re-finding the magic).
// Property: the reader returns records or an error, never crashes; every record it returns is
// within its block and parses again with RecordView.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "probe/abi/proc_ctx.h"
#include "probe/abi/scap_record.h"
#include "probe/capture/capture_reader.h"
#include "probe/capture/capture_writer.h"

namespace {

using peregrine::probe::RecordView;
using peregrine::probe::capture::CaptureEvent;
using peregrine::probe::capture::CaptureMachine;
using peregrine::probe::capture::CaptureReader;
using peregrine::probe::capture::EncodeHeader;

std::string ValidHeader() {
  CaptureMachine m;
  m.ring_prefix_size = PG_RING_PREFIX_SIZE;
  m.proc_ctx_size = PG_PROC_CTX_SIZE;
  m.scap_header_size = PG_SCAP_EVENT_HEADER_SIZE;
  m.hostname = "fuzz";
  return EncodeHeader(m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) bytes = ValidHeader() + bytes;
  auto reader = CaptureReader::OpenBytes(std::move(bytes));
  if (!reader.ok()) return 0;
  CaptureEvent ev;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*reader)->Next(&ev);
    if (!more.ok() || !*more) break;
    RecordView again;
    if (!again.Parse(ev.record.bytes(), ev.record.length())) std::abort();
    if (ev.raw == nullptr || ev.raw_size < ev.record.length()) std::abort();
  }
  return 0;
}
