// libFuzzer target for the Peregrine capture reader (probe/capture/capture_reader.h): header,
// process table, record blocks and the end block.
//
// The first input byte selects how the rest reaches the reader:
//   bit 0 clear: as is;
//   bit 0 set: after a valid header (so mutations reach the blocks without re-finding the
//              magic), of version 1.1, or of version 1.0 when bit 1 is also set (process
//              entries without session ids, as old files have).
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

std::string ValidHeader(bool version_1_0) {
  CaptureMachine m;
  m.ring_prefix_size = PG_RING_PREFIX_SIZE;
  m.proc_ctx_size = PG_PROC_CTX_SIZE;
  m.scap_header_size = PG_SCAP_EVENT_HEADER_SIZE;
  m.hostname = "fuzz";
  std::string header = EncodeHeader(m);
  if (version_1_0) header[10] = header[11] = 0;  // the minor version
  return header;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) bytes = ValidHeader((data[0] & 2) != 0) + bytes;
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
