// Compiling a program: plan, emit IR, optionally optimise, hand to LLJIT, resolve each function.
#include "compiler/jit/jit_program.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/jit/internal/function_emitter.h"
#include "compiler/jit/internal/function_plan.h"
#include "compiler/jit/internal/jit_abi.h"
#include "compiler/jit/internal/llvm_status.h"
#include "compiler/jit/internal/optimize.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

namespace peregrine::compiler::jit {

struct JitProgram::Jit {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
};

namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void InitializeLlvmOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

std::string FunctionName(size_t index) { return absl::StrCat("peregrine_match_", index); }

// Emits every planned function into `module`; returns the number of IR instructions.
size_t EmitModule(const ir::Program& program, const internal::ProgramPlan& plan,
                  const JitOptions& options, llvm::Module& module) {
  internal::ModuleContext context(program, module);
  for (size_t i = 0; i < plan.functions.size(); ++i) {
    internal::FunctionEmitter emitter(context, plan.functions[i]);
    emitter.Emit(FunctionName(i), static_cast<size_t>(options.rules_per_chunk));
  }
  size_t instructions = 0;
  for (const llvm::Function& f : module) instructions += f.getInstructionCount();
  return instructions;
}

absl::Status Verify(const llvm::Module& module) {
  std::string message;
  llvm::raw_string_ostream os(message);
  if (llvm::verifyModule(module, &os)) {
    return absl::InternalError(absl::StrCat("jit: generated IR does not verify: ", os.str()));
  }
  return absl::OkStatus();
}

}  // namespace

JitProgram::JitProgram(const ir::Program& program, const JitOptions& options)
    : program_(program), options_(options), jit_(std::make_unique<Jit>()) {}

JitProgram::~JitProgram() = default;

absl::StatusOr<std::unique_ptr<JitProgram>> JitProgram::Compile(const ir::Program& program,
                                                                const JitOptions& options) {
  InitializeLlvmOnce();
  const Clock::time_point start = Clock::now();
  std::unique_ptr<JitProgram> result(new JitProgram(program, options));
  CompileTimings& t = result->timings_;

  Clock::time_point step = Clock::now();
  internal::ProgramPlan plan = internal::PlanProgram(program);
  t.plan_ms = MillisSince(step);
  t.functions = static_cast<int>(plan.functions.size());
  for (int32_t f : plan.function_of_code) t.event_codes += f >= 0 ? 1 : 0;

  step = Clock::now();
  auto target_builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!target_builder) return internal::ToStatus(target_builder.takeError(), "detecting the host");
  target_builder->setCodeGenOptLevel(options.opt_level >= 2 ? llvm::CodeGenOptLevel::Default
                                                            : llvm::CodeGenOptLevel::None);
  auto lljit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*target_builder).create();
  if (!lljit) return internal::ToStatus(lljit.takeError(), "creating the LLJIT");
  result->jit_->lljit = std::move(*lljit);
  llvm::orc::LLJIT& jit = *result->jit_->lljit;
  double codegen_ms = MillisSince(step);

  // The helpers generated code calls, bound by address (no search of the process's symbols).
  llvm::orc::SymbolMap symbols;
  auto bind = [&](const char* name, auto* address) {
    symbols[jit.mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(address),
        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  };
  bind("peregrine_jit_load", &peregrine_jit_load);
  bind("peregrine_jit_compare", &peregrine_jit_compare);
  bind("peregrine_jit_compare_fields", &peregrine_jit_compare_fields);
  bind("peregrine_jit_multi", &peregrine_jit_multi);
  bind("peregrine_jit_in_strings", &peregrine_jit_in_strings);
  bind("peregrine_jit_scan", &peregrine_jit_scan);
  bind("memcmp", static_cast<int (*)(const void*, const void*, size_t)>(&std::memcmp));
  bind("memmem", static_cast<void* (*)(const void*, size_t, const void*, size_t)>(&memmem));
  PEREGRINE_RETURN_IF_ERROR(internal::ToStatus(
      jit.getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols))),
      "binding the runtime helpers"));

  step = Clock::now();
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("peregrine_rules", *context);
  module->setDataLayout(jit.getDataLayout());
  module->setTargetTriple(jit.getTargetTriple().str());
  t.ir_instructions = EmitModule(program, plan, options, *module);
  PEREGRINE_RETURN_IF_ERROR(Verify(*module));
  t.emit_ms = MillisSince(step);

  if (options.opt_level >= 2) {
    step = Clock::now();
    auto machine = target_builder->createTargetMachine();
    if (!machine) return internal::ToStatus(machine.takeError(), "creating the target machine");
    internal::OptimizeModule(*module, machine->get());
    t.optimize_ms = MillisSince(step);
  }

  step = Clock::now();
  PEREGRINE_RETURN_IF_ERROR(internal::ToStatus(
      jit.addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context))),
      "adding the module"));
  std::vector<void*> by_function(plan.functions.size(), nullptr);
  for (size_t i = 0; i < plan.functions.size(); ++i) {
    auto address = jit.lookup(FunctionName(i));  // the first lookup compiles the whole module
    if (!address) return internal::ToStatus(address.takeError(), "compiling the rules");
    by_function[i] = address->toPtr<void*>();
    result->max_matches_ = std::max(result->max_matches_, plan.functions[i].max_matches);
  }
  result->functions_.assign(plan.function_of_code.size(), nullptr);
  for (size_t code = 0; code < plan.function_of_code.size(); ++code) {
    if (plan.function_of_code[code] >= 0) {
      result->functions_[code] = by_function[static_cast<size_t>(plan.function_of_code[code])];
    }
  }
  t.codegen_ms = codegen_ms + MillisSince(step);
  t.total_ms = MillisSince(start);
  return result;
}

namespace {

absl::StatusOr<std::string> DumpPlan(const ir::Program& program, const JitOptions& options,
                                     const internal::ProgramPlan& plan) {
  llvm::LLVMContext context;
  llvm::Module module("peregrine_rules", context);
  EmitModule(program, plan, options, module);
  PEREGRINE_RETURN_IF_ERROR(Verify(module));
  if (options.opt_level >= 2) internal::OptimizeModule(module, /*target=*/nullptr);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "; event code -> function\n";
  for (size_t i = 0; i < plan.functions.size(); ++i) {
    os << "; " << FunctionName(i) << ": codes";
    for (uint16_t code : plan.functions[i].codes) os << ' ' << code;
    os << "; rules";
    for (uint32_t rule : plan.functions[i].rules) os << ' ' << rule;
    os << '\n';
  }
  module.print(os, /*AAW=*/nullptr);
  os.flush();
  return text;
}

}  // namespace

absl::StatusOr<std::string> DumpLlvmIr(const ir::Program& program, const JitOptions& options) {
  InitializeLlvmOnce();
  return DumpPlan(program, options, internal::PlanProgram(program));
}

absl::StatusOr<std::string> DumpLlvmIr(const ir::Program& program, const JitOptions& options,
                                       uint32_t only_rule) {
  if (only_rule >= program.rules.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("jit: no rule ", only_rule, " in a program of ", program.rules.size()));
  }
  InitializeLlvmOnce();
  internal::ProgramPlan plan = internal::PlanProgram(program);
  internal::ProgramPlan only;
  for (internal::FunctionPlan& f : plan.functions) {
    if (std::find(f.rules.begin(), f.rules.end(), only_rule) == f.rules.end()) continue;
    f.rules = {only_rule};
    f.max_matches = 1;
    only.functions.push_back(std::move(f));
  }
  return DumpPlan(program, options, only);
}

}  // namespace peregrine::compiler::jit
