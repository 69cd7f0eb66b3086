// gzip compression and bounded decompression (zlib) for rule bundles.
#ifndef PEREGRINE_RUNTIME_RELOAD_GZIP_H_
#define PEREGRINE_RUNTIME_RELOAD_GZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace peregrine::runtime::reload {

// A gzip member (RFC 1952) holding `bytes`, with a zero mtime so equal input gives equal output.
absl::StatusOr<std::string> GzipCompress(std::string_view bytes);

// The bytes of the gzip stream `gz` (concatenated members are read one after the other).
// Errors (InvalidArgument): not gzip, corrupt or truncated data, or more than `max_bytes` of
// output (a decompression bomb).
absl::StatusOr<std::string> GzipDecompress(std::string_view gz, size_t max_bytes);

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_GZIP_H_
