#include "compiler/jit/internal/llvm_status.h"

#include "absl/strings/str_cat.h"
#include "llvm/Support/Error.h"

namespace peregrine::compiler::jit::internal {

absl::Status ToStatus(llvm::Error error, std::string_view what) {
  if (!error) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("jit: ", absl::string_view(what.data(), what.size()),
                                          ": ", llvm::toString(std::move(error))));
}

}  // namespace peregrine::compiler::jit::internal
