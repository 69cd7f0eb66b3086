// libFuzzer target for the .scap reader: framing, metadata, event records and parameter decoding.
//
// The first input byte selects how the rest reaches the reader:
//   0: as is (gzip or plain detection on the bytes themselves);
//   1: after a valid section header (so plain-data mutations get past the magic);
//   2: gzip-compressed here, after a valid section header (the inflate path with valid streams);
//   3: as a gzip member body (1f 8b 08 prefix): the inflater on hostile compressed data.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "probe/capture/scap/param_decoder.h"
#include "probe/capture/scap/scap_reader.h"

namespace {

using peregrine::probe::RecordView;
using peregrine::probe::scap::DecodeEventParams;
using peregrine::probe::scap::DecodeStats;
using peregrine::probe::scap::ParamValue;
using peregrine::probe::scap::ScapEvent;
using peregrine::probe::scap::ScapReader;
using peregrine::probe::scap::ScapReaderOptions;

std::string SectionHeaderBlock() {
  const uint32_t words[] = {0x0A0D0D0A, 28, 0x1A2B3C4D, 0x00020001, 0xFFFFFFFF, 0xFFFFFFFF, 28};
  return std::string(reinterpret_cast<const char*>(words), sizeof(words));
}

std::string Gzip(const std::string& data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string input;
  switch (data[0] & 3) {
    case 0:
      input = rest;
      break;
    case 1:
      input = SectionHeaderBlock() + rest;
      break;
    case 2:
      input = Gzip(SectionHeaderBlock() + rest);
      break;
    case 3:
      input = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + rest;
      break;
  }
  ScapReaderOptions options;
  options.limits.initial_buffer = 4096;  // exercise refills and growth
  auto reader = ScapReader::OpenBytes(std::move(input), options);
  if (!reader.ok()) return 0;
  std::vector<ParamValue> params(RecordView::kMaxParams);
  DecodeStats stats;
  ScapEvent ev;
  uint64_t sink = 0;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*reader)->Next(&ev);
    if (!more.ok() || !*more) break;
    DecodeEventParams(ev.record, params.data(), &stats);
    for (uint32_t p = 0; p < ev.record.nparams(); ++p) {
      auto bytes = ev.record.param(p);
      if (bytes.size > 0) sink += bytes.data[bytes.size - 1];  // every slice is in bounds
    }
    for (const auto& t : (*reader)->threads()) sink += t.args.size() + t.env.size();
  }
  return static_cast<int>(sink & 0);
}
