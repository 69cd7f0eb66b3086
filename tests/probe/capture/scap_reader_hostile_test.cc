// Malformed, truncated and foreign inputs: each gives a clear error (never a crash or a hang).
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "probe/capture/scap/input_stream.h"
#include "probe/capture/scap/scap_reader.h"
#include "tests/probe/capture/capture_builder.h"

namespace peregrine::probe::scap {
namespace {

using namespace scap_test;  // NOLINT: the builder helpers

const std::string kCapture = std::string(PEREGRINE_SHARED_DIR) + "/corpus/captures/dev-mixed.scap";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Reads every event; returns the final status (OK at a clean end) and the event count.
struct Drain {
  absl::Status status;
  uint64_t events = 0;
};
Drain DrainBytes(std::string bytes) {
  Drain d;
  auto reader = ScapReader::OpenBytes(std::move(bytes));
  if (!reader.ok()) {
    d.status = reader.status();
    return d;
  }
  ScapEvent ev;
  while (true) {
    auto more = (*reader)->Next(&ev);
    if (!more.ok()) {
      d.status = more.status();
      // Errors are sticky.
      EXPECT_EQ((*reader)->Next(&ev).status(), d.status);
      return d;
    }
    if (!*more) return d;
    ++d.events;
  }
}

TEST(ScapReaderHostileTest, EmptyInput) {
  Drain d = DrainBytes("");
  EXPECT_EQ(d.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "empty")) << d.status;
}

TEST(ScapReaderHostileTest, BadMagic) {
  Drain d = DrainBytes("hello, world: not a capture");
  EXPECT_EQ(d.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "not a capture file")) << d.status;
  EXPECT_TRUE(absl::StrContains(d.status.message(), "68 65 6c 6c")) << d.status;
}

TEST(ScapReaderHostileTest, ZstdMagicIsNamed) {
  Drain d = DrainBytes(std::string("\x28\xb5\x2f\xfd", 4) + MinimalCapture(2));
  EXPECT_EQ(d.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "zstd")) << d.status;
}

TEST(ScapReaderHostileTest, MissingFile) {
  auto r = ScapReader::Open("/nonexistent/dir/x.scap");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "/nonexistent/dir/x.scap"));
}

TEST(ScapReaderHostileTest, BigEndianSectionHeaderIsRejected) {
  Drain d = DrainBytes(ShbBlock(0x4D3C2B1A) + CloseEvent(1, 2, 3));
  EXPECT_EQ(d.status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "big-endian")) << d.status;
}

TEST(ScapReaderHostileTest, WrongByteOrderMagicIsRejected) {
  Drain d = DrainBytes(ShbBlock(0x12345678) + CloseEvent(1, 2, 3));
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "byte-order magic")) << d.status;
}

TEST(ScapReaderHostileTest, FutureMajorVersionIsRejected) {
  Drain d = DrainBytes(ShbBlock(0x1A2B3C4D, 2) + CloseEvent(1, 2, 3));
  EXPECT_EQ(d.status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "major version 2")) << d.status;
}

TEST(ScapReaderHostileTest, FirstBlockMustBeSectionHeader) {
  // Plain-data magic is the section header type itself, so start with a gzip of an event.
  Drain d = DrainBytes(Gzip(CloseEvent(1, 2, 3)));
  EXPECT_FALSE(d.status.ok());
  EXPECT_TRUE(absl::StrContains(d.status.message(), "not a section header")) << d.status;
}

TEST(ScapReaderHostileTest, BlockLengthBelowMinimum) {
  std::string bad = ShbBlock() + U32(0x216) + U32(8) + U32(8);
  Drain d = DrainBytes(bad);
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "offset 28 (type 0x216)")) << d.status;
  EXPECT_TRUE(absl::StrContains(d.status.message(), "below the 12-byte minimum")) << d.status;
}

TEST(ScapReaderHostileTest, BlockLengthNotMultipleOfFour) {
  std::string cap = MinimalCapture(3);
  const size_t second_event = cap.size() - 2 * CloseEvent(0, 0, 0).size();
  std::string bad = cap;
  bad[second_event + 4] += 1;
  Drain d = DrainBytes(bad);
  EXPECT_EQ(d.events, 1u);  // the events before the bad block are delivered
  EXPECT_TRUE(absl::StrContains(d.status.message(), "not a multiple of 4")) << d.status;
  EXPECT_TRUE(absl::StrContains(d.status.message(), absl::StrCat("offset ", second_event)))
      << d.status;
}

TEST(ScapReaderHostileTest, HugeBlockLengthIsTruncationNotAllocation) {
  std::string bad = MinimalCapture(1) + U32(0x216) + U32(0x7FFFFFF0) + std::string(100, 'x');
  Drain d = DrainBytes(bad);
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "exceeds")) << d.status;
}

TEST(ScapReaderHostileTest, TrailerMismatch) {
  std::string cap = MinimalCapture(2);
  cap[cap.size() - 1] = 0x7f;
  Drain d = DrainBytes(cap);
  EXPECT_EQ(d.events, 1u);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "trailer")) << d.status;
}

TEST(ScapReaderHostileTest, RecordLengthPastBlockBody) {
  std::string rec = Record(5, 1, 2, {I64(0), I64(3)});
  std::string grown = rec;
  const uint32_t bad_len = 500;
  std::memcpy(grown.data() + 16, &bad_len, 4);
  Drain d = DrainBytes(ShbBlock() + EventBlock(grown));
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "record length 500")) << d.status;
  EXPECT_TRUE(absl::StrContains(d.status.message(), "offset 28 (type 0x216)")) << d.status;
}

TEST(ScapReaderHostileTest, ParameterLengthsPastRecord) {
  std::string rec = Record(5, 1, 2, {I64(0), I64(3)});
  const uint16_t bad = 60;
  std::memcpy(rec.data() + 26, &bad, 2);
  Drain d = DrainBytes(ShbBlock() + EventBlock(rec));
  EXPECT_TRUE(absl::StrContains(d.status.message(), "parameter lengths run past")) << d.status;
}

TEST(ScapReaderHostileTest, TooManyParameters) {
  std::string rec = Record(5, 1, 2, {I64(0), I64(3)});
  const uint32_t bad = 100000;
  std::memcpy(rec.data() + 22, &bad, 4);
  Drain d = DrainBytes(ShbBlock() + EventBlock(rec));
  EXPECT_TRUE(absl::StrContains(d.status.message(), "100000 parameters")) << d.status;
}

TEST(ScapReaderHostileTest, OversizedNonLargeEventBlock) {
  std::string rec = Record(7, 1, 2, {I64(0), std::string(65534, 'a'), I64(3), U32(1)});
  Drain d = DrainBytes(ShbBlock() + EventBlock(rec));
  EXPECT_TRUE(absl::StrContains(d.status.message(), "non-large event blocks")) << d.status;
}

TEST(ScapReaderHostileTest, CorruptProcessListEntry) {
  // entry_len claims more than the block holds.
  std::string pl = RawBlock(0x215, U32(5000) + U64(1) + U64(1));
  Drain d = DrainBytes(ShbBlock() + pl + CloseEvent(1, 2, 3));
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(d.status.message(), "process list block at offset 28")) << d.status;
  EXPECT_TRUE(absl::StrContains(d.status.message(), "entry 0")) << d.status;
}

// Cutting a plain capture at every offset: each cut gives the events before it, then a
// truncation error (or a clean end exactly at a block boundary).
TEST(ScapReaderHostileTest, PlainTruncatedAtEveryOffset) {
  const std::string cap = MinimalCapture(4);
  const size_t header = ShbBlock().size() + MachineInfoBlock(2, "h", 1).size();
  const size_t ev = CloseEvent(0, 0, 0).size();
  for (size_t cut = 1; cut < cap.size(); ++cut) {
    Drain d = DrainBytes(cap.substr(0, cut));
    if (cut < header) {
      // Only a cut right after the section header ends cleanly (a capture without events).
      EXPECT_EQ(d.status.ok(), cut == ShbBlock().size()) << "cut " << cut << ": " << d.status;
      EXPECT_EQ(d.events, 0u);
      continue;
    }
    const uint64_t complete = (cut - header) / ev;
    EXPECT_EQ(d.events, complete) << "cut " << cut;
    if ((cut - header) % ev == 0) {
      EXPECT_TRUE(d.status.ok()) << "cut " << cut << ": " << d.status;
    } else {
      EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss) << "cut " << cut;
      EXPECT_TRUE(absl::StrContains(d.status.message(), "truncated")) << d.status;
      EXPECT_TRUE(
          absl::StrContains(d.status.message(), absl::StrCat("offset ", header + complete * ev)))
          << d.status;
    }
  }
}

TEST(ScapReaderHostileTest, GzipTruncatedAtManyOffsets) {
  const std::string plain = MinimalCapture(200);
  const std::string gz = Gzip(plain);
  for (size_t cut = 3; cut < gz.size() - 1; cut += 7) {
    Drain d = DrainBytes(gz.substr(0, cut));
    if (d.status.code() == absl::StatusCode::kInvalidArgument) continue;  // nothing inflated
    EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss) << "cut " << cut << ": " << d.status;
    EXPECT_LE(d.events, 200u);
  }
  // The complete stream reads cleanly.
  Drain full = DrainBytes(gz);
  EXPECT_TRUE(full.status.ok()) << full.status;
  EXPECT_EQ(full.events, 200u);
}

TEST(ScapReaderHostileTest, RealCaptureTruncatedGzip) {
  const std::string gz = ReadFile(kCapture);
  ASSERT_GT(gz.size(), 1000000u);
  for (size_t cut : {size_t{5000}, gz.size() / 3, gz.size() - 20}) {
    auto reader = ScapReader::OpenBytes(gz.substr(0, cut));
    ASSERT_TRUE(reader.ok()) << reader.status();
    ScapEvent ev;
    uint64_t n = 0;
    absl::Status end;
    while (true) {
      auto more = (*reader)->Next(&ev);
      if (!more.ok()) {
        end = more.status();
        break;
      }
      ASSERT_TRUE(*more) << "a truncated stream must not end cleanly (cut " << cut << ")";
      ++n;
    }
    EXPECT_EQ(end.code(), absl::StatusCode::kDataLoss) << end;
    EXPECT_TRUE((*reader)->truncated());
    EXPECT_TRUE(absl::StrContains(end.message(), "gzip stream truncated")) << end;
    EXPECT_LT(n, 426824u);
    if (cut > gz.size() / 2) {
      EXPECT_GT(n, 400000u);
    }
  }
}

TEST(ScapReaderHostileTest, CorruptGzipDataStopsWithError) {
  std::string gz = Gzip(MinimalCapture(300));
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 16; ++i) gz[i] ^= 0x5a;
  Drain d = DrainBytes(gz);
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss) << d.status;
  EXPECT_LT(d.events, 300u);
}

TEST(ScapReaderHostileTest, FlippedBytesNeverCrash) {
  const std::string cap = MinimalCapture(6);
  for (size_t i = 0; i < cap.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string bad = cap;
      bad[i] ^= static_cast<char>(mask);
      Drain d = DrainBytes(bad);
      EXPECT_LE(d.events, 6u);
    }
  }
}

// A gzip member written by hand around zlib's raw deflate: `flags` are the header's FLG bits
// (FHCRC 0x02, FEXTRA 0x04, FNAME 0x08, FCOMMENT 0x10), with their fields filled in.
std::string GzipMember(const std::string& data, uint8_t flags, int level = Z_DEFAULT_COMPRESSION) {
  std::string out = {'\x1f', '\x8b', '\x08', static_cast<char>(flags), 0, 0, 0, 0, 0, '\x03'};
  if (flags & 0x04)
    out += std::string(
        "\x06\x00"
        "AB\x02\x00xy",
        8);
  if (flags & 0x08) out += std::string("capture.scap") + '\0';
  if (flags & 0x10) out += std::string("a comment") + '\0';
  if (flags & 0x02) {
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(out.data()), out.size());
    out += static_cast<char>(crc & 0xff);
    out += static_cast<char>((crc >> 8) & 0xff);
  }
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string body(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(body.data());
  zs.avail_out = static_cast<uInt>(body.size());
  deflate(&zs, Z_FINISH);
  body.resize(zs.total_out);
  deflateEnd(&zs);
  out += body;
  const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(data.data()), data.size());
  for (int i = 0; i < 4; ++i) out += static_cast<char>((crc >> (8 * i)) & 0xff);
  for (int i = 0; i < 4; ++i) out += static_cast<char>((data.size() >> (8 * i)) & 0xff);
  return out;
}

struct Inflated {
  std::string bytes;
  std::string abnormal_end;
};

// Inflates through the capture input stream, `step` bytes per Read().
Inflated Inflate(std::string gz, size_t step = 4096) {
  Inflated r;
  auto in = OpenCaptureBytes(std::move(gz));
  EXPECT_TRUE(in.ok()) << in.status();
  if (!in.ok()) return r;
  std::string buf(step, '\0');
  while (true) {
    auto got = (*in)->Read(reinterpret_cast<uint8_t*>(buf.data()), buf.size());
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok() || *got == 0) break;
    r.bytes.append(buf.data(), *got);
  }
  r.abnormal_end = (*in)->abnormal_end();
  return r;
}

TEST(GzipInputTest, OptionalHeaderFieldsAreSkipped) {
  const std::string plain = MinimalCapture(40);
  for (uint8_t flags : {0x00, 0x02, 0x04, 0x08, 0x10, 0x1e}) {
    Inflated r = Inflate(GzipMember(plain, flags));
    EXPECT_EQ(r.abnormal_end, "") << "flags " << int{flags};
    EXPECT_EQ(r.bytes, plain) << "flags " << int{flags};
  }
}

TEST(GzipInputTest, StoredBlocksAndTinyReads) {
  std::string plain = MinimalCapture(300);
  for (int level : {0, 1, 9}) {
    for (size_t step : {size_t{1}, size_t{7}, size_t{65537}}) {
      Inflated r = Inflate(GzipMember(plain, 0, level), step);
      EXPECT_EQ(r.abnormal_end, "") << "level " << level << " step " << step;
      EXPECT_EQ(r.bytes, plain) << "level " << level << " step " << step;
    }
  }
}

TEST(GzipInputTest, ManyMembersIncludingEmptyOnesAndTrailingGarbage) {
  const std::string plain = MinimalCapture(120);
  std::string gz;
  for (size_t pos = 0; pos < plain.size(); pos += 97) {
    gz += GzipMember(plain.substr(pos, 97), pos % 2 ? 0x08 : 0);
    if (pos % 5 == 0) gz += GzipMember("", 0);
  }
  Inflated r = Inflate(gz + "trailing junk, not gzip");
  EXPECT_EQ(r.abnormal_end, "");
  EXPECT_EQ(r.bytes, plain);
}

TEST(GzipInputTest, WrongCrcOrLengthIsReported) {
  const std::string plain = MinimalCapture(60);
  std::string bad_crc = GzipMember(plain, 0);
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  Inflated r = Inflate(bad_crc);
  EXPECT_TRUE(absl::StrContains(r.abnormal_end, "corrupt gzip data")) << r.abnormal_end;
  EXPECT_LE(r.bytes.size(), plain.size());

  std::string bad_len = GzipMember(plain, 0);
  bad_len[bad_len.size() - 4] ^= 0x01;
  EXPECT_TRUE(absl::StrContains(Inflate(bad_len).abnormal_end, "corrupt gzip data"));

  // Through the reader: a data-loss error, not a clean end.
  Drain d = DrainBytes(bad_crc);
  EXPECT_EQ(d.status.code(), absl::StatusCode::kDataLoss) << d.status;
}

TEST(GzipInputTest, BadHeaderIsReported) {
  std::string gz = GzipMember(MinimalCapture(5), 0);
  gz[2] = 7;  // compression method other than deflate
  Inflated r = Inflate(gz);
  EXPECT_NE(r.abnormal_end, "");
  EXPECT_EQ(r.bytes, "");
}

TEST(GzipInputTest, RealCaptureInflatesToTheSameBytesInAnyReadSize) {
  const std::string gz = ReadFile(kCapture);
  Inflated big = Inflate(gz, 1 << 20);
  EXPECT_EQ(big.abnormal_end, "");
  EXPECT_EQ(big.bytes.size(), 33394288u);
  // Cross-check against zlib.
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  inflateInit2(&zs, 15 + 16);
  std::string ref(big.bytes.size() + 1, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(ref.data());
  zs.avail_out = static_cast<uInt>(ref.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  ref.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_TRUE(big.bytes == ref);
  Inflated odd = Inflate(gz, 12345);
  EXPECT_TRUE(odd.bytes == ref);
}

}  // namespace
}  // namespace peregrine::probe::scap
