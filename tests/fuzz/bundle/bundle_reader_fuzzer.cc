// Fuzz target of the rules-bundle reader (runtime/reload): gzip, ustar, manifest JSON and the
// verification, on arbitrary bytes. The first byte picks the layer, so the tar and manifest
// parsers are reached without a valid gzip stream; seeds in ../corpus/bundle_reader_fuzzer/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/reload/bundle.h"
#include "runtime/reload/bundle_manifest.h"
#include "runtime/reload/tar_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      (void)peregrine::runtime::reload::ReadBundle(bytes);
      break;
    case 1:
      (void)peregrine::runtime::reload::ReadTar(bytes);
      break;
    default:
      (void)peregrine::runtime::reload::ManifestFromJson(bytes);
      break;
  }
  return 0;
}
