// SHA-256 digests (OpenSSL's libcrypto) as lower-case hex, for bundle manifests.
#ifndef PEREGRINE_RUNTIME_RELOAD_SHA256_H_
#define PEREGRINE_RUNTIME_RELOAD_SHA256_H_

#include <string>
#include <string_view>

namespace peregrine::runtime::reload {

// 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_SHA256_H_
