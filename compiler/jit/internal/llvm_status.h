// The one conversion of LLVM errors to absl::Status. Private to compiler/jit/.
#ifndef PEREGRINE_COMPILER_JIT_INTERNAL_LLVM_STATUS_H_
#define PEREGRINE_COMPILER_JIT_INTERNAL_LLVM_STATUS_H_

#include <string_view>

#include "absl/status/status.h"

namespace llvm {
class Error;
}  // namespace llvm

namespace peregrine::compiler::jit::internal {

// Consumes `error`; OK for success. `what` says which step failed ("creating the LLJIT").
absl::Status ToStatus(llvm::Error error, std::string_view what);

}  // namespace peregrine::compiler::jit::internal

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_LLVM_STATUS_H_
