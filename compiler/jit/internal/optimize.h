// The IR optimisation pipeline of the background tier. Private to compiler/jit/.
#ifndef PEREGRINE_COMPILER_JIT_INTERNAL_OPTIMIZE_H_
#define PEREGRINE_COMPILER_JIT_INTERNAL_OPTIMIZE_H_

namespace llvm {
class Module;
class TargetMachine;
}  // namespace llvm

namespace peregrine::compiler::jit::internal {

// Runs LLVM's O2 module pipeline over `module` for `target` (may be null: no target info).
void OptimizeModule(llvm::Module& module, llvm::TargetMachine* target);

}  // namespace peregrine::compiler::jit::internal

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_OPTIMIZE_H_
