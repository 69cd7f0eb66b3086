// Matcher functions: the per-code entry with its memo, chunk functions evaluating rules in
// order, and and/or/not nodes with short-circuiting and per-event memoisation of shared nodes.
#include "compiler/jit/internal/function_emitter.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "base/status_macros.h"
#include "compiler/jit/internal/jit_abi.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"

namespace peregrine::compiler::jit::internal {

ModuleContext::ModuleContext(const ir::Program& program, llvm::Module& module)
    : program_(program), module_(module) {
  llvm::LLVMContext& c = module.getContext();
  llvm::Type* i8 = llvm::Type::getInt8Ty(c);
  llvm::Type* i32 = llvm::Type::getInt32Ty(c);
  llvm::Type* i64 = llvm::Type::getInt64Ty(c);
  llvm::Type* ptr = llvm::PointerType::getUnqual(c);
  slot_type_ = llvm::StructType::create(c, {i8, llvm::ArrayType::get(i8, 7), i64, ptr, i64},
                                        "peregrine.JitSlot");
  auto declare = [&](const char* name, llvm::Type* result, std::vector<llvm::Type*> args) {
    llvm::FunctionCallee callee =
        module.getOrInsertFunction(name, llvm::FunctionType::get(result, args, false));
    if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
      f->setDoesNotThrow();
    }
    return callee;
  };
  load = declare("peregrine_jit_load", i8, {ptr, i32});
  compare = declare("peregrine_jit_compare", i8, {ptr, i32});
  compare_fields = declare("peregrine_jit_compare_fields", i8, {ptr, i32});
  multi = declare("peregrine_jit_multi", i8, {ptr, i32});
  in_strings = declare("peregrine_jit_in_strings", i8, {ptr, i32});
  scan = declare("peregrine_jit_scan", i64, {ptr, ptr, i64});
  if (auto* f = llvm::dyn_cast<llvm::Function>(scan.getCallee())) f->setOnlyReadsMemory();
  memcmp = declare("memcmp", llvm::Type::getInt32Ty(c), {ptr, ptr, i64});
  memmem = declare("memmem", ptr, {ptr, i64, ptr, i64});
  // FieldReader::ReadCompactFn: bool(FieldReader&, const ResolvedField&, CompactValue*,
  // FieldValue*), called through the pointer in JitContext.
  read_compact_type = llvm::FunctionType::get(i8, {ptr, ptr, ptr, ptr}, false);
  if (auto* f = llvm::dyn_cast<llvm::Function>(memcmp.getCallee())) f->setOnlyReadsMemory();
  if (auto* f = llvm::dyn_cast<llvm::Function>(memmem.getCallee())) f->setOnlyReadsMemory();
}

llvm::Constant* ModuleContext::StringConstant(std::string_view text) {
  auto [it, inserted] = strings_.try_emplace(std::string(text), nullptr);
  if (inserted) {
    llvm::Constant* data =
        llvm::ConstantDataArray::getString(context(), llvm::StringRef(text.data(), text.size()),
                                           /*AddNull=*/false);
    auto* global = new llvm::GlobalVariable(module_, data->getType(), /*isConstant=*/true,
                                            llvm::GlobalValue::PrivateLinkage, data, "str");
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    global->setAlignment(llvm::Align(1));
    it->second = global;
  }
  return it->second;
}

llvm::Constant* ModuleContext::ScanTable(const PatternGroup& group) {
  const std::string table = BuildScanTable(group.patterns);
  llvm::Constant* data = llvm::ConstantDataArray::getString(
      context(), llvm::StringRef(table.data(), table.size()), /*AddNull=*/false);
  auto* global = new llvm::GlobalVariable(module_, data->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::PrivateLinkage, data, "scan");
  global->setAlignment(llvm::Align(16));
  return global;
}

FunctionEmitter::FunctionEmitter(ModuleContext& module, const FunctionPlan& plan)
    : m_(module),
      plan_(plan),
      b_(module.context()),
      scan_tables_(plan.pattern_groups.size()),
      on_read_stack_(module.program().operands.size(), 0) {}

llvm::Function* FunctionEmitter::Emit(const std::string& name, size_t rules_per_chunk) {
  llvm::LLVMContext& c = m_.context();
  llvm::Type* i32 = b_.getInt32Ty();
  llvm::Type* ptr = b_.getPtrTy();
  std::vector<llvm::Function*> chunks;
  const size_t n = plan_.rules.size();
  rules_per_chunk = std::max<size_t>(rules_per_chunk, 1);
  for (size_t begin = 0; begin < n; begin += rules_per_chunk) {
    chunks.push_back(EmitChunk(name + ".chunk" + std::to_string(chunks.size()), begin,
                               std::min(n, begin + rules_per_chunk)));
  }
  if (chunks.size() == 1) {
    // A lone chunk is inlined into the entry at O2: the memo becomes the entry's own alloca,
    // which SROA turns into SSA values, so a memo check on a path where the operand or node is
    // already known folds away (and so does the memset).
    chunks[0]->removeFnAttr(llvm::Attribute::NoInline);
    chunks[0]->addFnAttr(llvm::Attribute::AlwaysInline);
  }

  llvm::Function* f = llvm::Function::Create(llvm::FunctionType::get(i32, {ptr, ptr, i32}, false),
                                             llvm::GlobalValue::ExternalLinkage, name, m_.module());
  f->setDoesNotThrow();
  llvm::Value* ctx = f->getArg(0);
  llvm::Value* out = f->getArg(1);
  llvm::Value* first = f->getArg(2);
  b_.SetInsertPoint(llvm::BasicBlock::Create(c, "entry", f));
  const uint32_t memo_size = std::max<uint32_t>(plan_.memo_size, 1);
  llvm::AllocaInst* memo = b_.CreateAlloca(b_.getInt8Ty(), b_.getInt32(memo_size), "memo");
  b_.CreateMemSet(memo, b_.getInt8(0), memo_size, llvm::MaybeAlign(1));
  llvm::Value* count = b_.getInt32(0);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(c, "done", f);
  llvm::PHINode* result =
      llvm::PHINode::Create(i32, static_cast<unsigned>(chunks.size()), "n", done);
  for (size_t i = 0; i < chunks.size(); ++i) {
    count = b_.CreateCall(chunks[i], {ctx, memo, out, count, first});
    if (i + 1 == chunks.size()) break;
    // Rule matching `first`: stop after the chunk that matched.
    llvm::Value* stop = b_.CreateAnd(b_.CreateICmpNE(first, b_.getInt32(0)),
                                     b_.CreateICmpNE(count, b_.getInt32(0)));
    llvm::BasicBlock* next = llvm::BasicBlock::Create(c, "next", f);
    result->addIncoming(count, b_.GetInsertBlock());
    b_.CreateCondBr(stop, done, next);
    b_.SetInsertPoint(next);
  }
  result->addIncoming(count, b_.GetInsertBlock());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.CreateRet(result);
  return f;
}

llvm::Function* FunctionEmitter::EmitChunk(const std::string& name, size_t begin, size_t end) {
  llvm::LLVMContext& c = m_.context();
  llvm::Type* i32 = b_.getInt32Ty();
  llvm::Type* ptr = b_.getPtrTy();
  function_ = llvm::Function::Create(llvm::FunctionType::get(i32, {ptr, ptr, ptr, i32, i32}, false),
                                     llvm::GlobalValue::InternalLinkage, name, m_.module());
  function_->setDoesNotThrow();
  // Chunks stay separate functions at O2 too: inlining them all into the entry would rebuild the
  // one huge function chunking exists to avoid (optimisation time grows faster than linearly).
  function_->addFnAttr(llvm::Attribute::NoInline);
  ctx_ = function_->getArg(0);
  memo_ = function_->getArg(1);
  llvm::Value* out = function_->getArg(2);
  llvm::Value* first = function_->getArg(4);
  b_.SetInsertPoint(llvm::BasicBlock::Create(c, "entry", function_));
  llvm::AllocaInst* count = b_.CreateAlloca(i32, nullptr, "count");
  b_.CreateStore(function_->getArg(3), count);
  // The JitContext members generated code uses, loaded once per chunk.
  auto member = [&](unsigned offset, const char* name) -> llvm::Value* {
    return b_.CreateLoad(ptr, b_.CreateConstInBoundsGEP1_32(b_.getInt8Ty(), ctx_, offset), name);
  };
  slots_ = member(kContextSlotsOffset, "slots");
  read_compact_ = member(kContextReadCompactOffset, "read_compact");
  reader_ = member(kContextReaderOffset, "reader");
  fields_ = member(kContextFieldsOffset, "fields");
  values_ = member(kContextValuesOffset, "values");
  llvm::BasicBlock* ret = llvm::BasicBlock::Create(c, "ret", function_);
  RollbackReads(0);  // what earlier chunks read is not tracked across the call

  for (size_t i = begin; i < end; ++i) {
    const uint32_t rule = plan_.rules[i];
    llvm::Value* matched = Node(m_.program().rules[rule].root);
    llvm::BasicBlock* match = llvm::BasicBlock::Create(c, "match", function_);
    llvm::BasicBlock* next = llvm::BasicBlock::Create(c, "next", function_);
    b_.CreateCondBr(matched, match, next);
    b_.SetInsertPoint(match);
    llvm::Value* n = b_.CreateLoad(i32, count);
    b_.CreateStore(b_.getInt32(rule), b_.CreateGEP(i32, out, n));
    b_.CreateStore(b_.CreateAdd(n, b_.getInt32(1)), count);
    b_.CreateCondBr(b_.CreateICmpNE(first, b_.getInt32(0)), ret, next);
    b_.SetInsertPoint(next);
  }
  b_.CreateBr(ret);
  b_.SetInsertPoint(ret);
  b_.CreateRet(b_.CreateLoad(i32, count));
  return function_;
}

namespace {

// `a` ∩ `b` (small vectors).
std::vector<ir::OperandId> Meet(const std::vector<ir::OperandId>& a,
                                const std::vector<ir::OperandId>& b) {
  std::vector<ir::OperandId> out;
  for (ir::OperandId op : a) {
    if (std::find(b.begin(), b.end(), op) != b.end()) out.push_back(op);
  }
  return out;
}

// `a` ∖ `b`.
std::vector<ir::OperandId> Minus(const std::vector<ir::OperandId>& a,
                                 const std::vector<ir::OperandId>& b) {
  std::vector<ir::OperandId> out;
  for (ir::OperandId op : a) {
    if (std::find(b.begin(), b.end(), op) == b.end()) out.push_back(op);
  }
  return out;
}

}  // namespace

llvm::Value* FunctionEmitter::Node(ir::NodeId id) {
  true_reads_.clear();
  false_reads_.clear();
  if (auto it = plan_.folded.find(id); it != plan_.folded.end()) return b_.getInt1(it->second);
  auto memo = plan_.node_memo.find(id);
  if (memo == plan_.node_memo.end()) return NodeBody(id);
  // Shared node: 0 = not evaluated yet for this event, 1 = true, 2 = false.
  llvm::Value* slot = MemoPointer(memo->second);
  llvm::Value* state = b_.CreateLoad(b_.getInt8Ty(), slot);
  llvm::Value* known = b_.CreateICmpNE(state, b_.getInt8(0));
  llvm::Value* v = IfElse(
      known, [&] { return b_.CreateICmpEQ(state, b_.getInt8(1)); },
      [&] {
        const std::vector<ir::OperandId> outer = read_stack_;
        RollbackReads(0);
        llvm::Value* v = NodeBody(id);
        NodeReads& reads = memo_reads_[id];
        reads.always = ReadsAbove(0);
        reads.if_true = true_reads_;
        reads.if_false = false_reads_;
        RollbackReads(0);
        for (ir::OperandId op : outer) NoteRead(op);
        b_.CreateStore(b_.CreateSelect(v, b_.getInt8(1), b_.getInt8(2)), slot);
        return v;
      });
  const NodeReads& reads = memo_reads_.at(id);
  for (ir::OperandId op : reads.always) NoteRead(op);
  true_reads_ = reads.if_true;
  false_reads_ = reads.if_false;
  return v;
}

llvm::Value* FunctionEmitter::NodeBody(ir::NodeId id) {
  const ir::Node& node = m_.program().nodes[id];
  switch (node.kind) {
    case ir::NodeKind::kTrue:
      return b_.getTrue();
    case ir::NodeKind::kFalse:
      return b_.getFalse();
    case ir::NodeKind::kNot: {
      llvm::Value* v = Node(node.children[0]);
      std::swap(true_reads_, false_reads_);
      return b_.CreateNot(v);
    }
    case ir::NodeKind::kPredicate: {
      llvm::Value* v = Predicate(node.predicate);
      true_reads_.clear();
      false_reads_.clear();
      return v;
    }
    case ir::NodeKind::kAnd:
    case ir::NodeKind::kOr: {
      const bool is_or = node.kind == ir::NodeKind::kOr;
      // Children whose value the code decides: the neutral ones are skipped (an absorbing one
      // would have folded this node).
      std::vector<ir::NodeId> children;
      for (ir::NodeId child : node.children) {
        auto it = plan_.folded.find(child);
        if (it == plan_.folded.end()) {
          children.push_back(child);
        } else if (it->second == is_or) {
          return b_.getInt1(is_or);  // not folded by the planner because not reached: still exact
        }
      }
      if (children.empty()) return b_.getInt1(!is_or);
      llvm::BasicBlock* merge = llvm::BasicBlock::Create(m_.context(), is_or ? "or" : "and");
      std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> incoming;
      // Children that read no new field go first, in their order; then the others, in theirs.
      // Predicates are pure, so the value is the same; reads only get fewer (a check on values
      // already read can short-circuit the reads of its siblings).
      //
      // Reads (above `mark`) on each edge into the merge: the short-circuit edges (a child with
      // the absorbing value) meet in `short_edges`; the last child's edge gives the value the
      // others did not decide.
      const size_t mark = ReadMark();
      std::optional<std::vector<ir::OperandId>> short_edges;
      std::vector<ir::OperandId> last_true, last_false;
      while (!children.empty()) {
        auto pick = std::find_if(children.begin(), children.end(),
                                 [&](ir::NodeId c) { return ReadsNothingNew(c); });
        if (pick == children.end()) pick = children.begin();
        const ir::NodeId child = *pick;
        children.erase(pick);
        llvm::Value* v = Node(child);
        std::vector<ir::OperandId> here = ReadsAbove(mark);
        if (children.empty()) {
          last_true = here;
          last_true.insert(last_true.end(), true_reads_.begin(), true_reads_.end());
          last_false = std::move(here);
          last_false.insert(last_false.end(), false_reads_.begin(), false_reads_.end());
          incoming.emplace_back(v, b_.GetInsertBlock());
          break;
        }
        std::vector<ir::OperandId> edge = here;
        const std::vector<ir::OperandId>& absorbed = is_or ? true_reads_ : false_reads_;
        edge.insert(edge.end(), absorbed.begin(), absorbed.end());
        short_edges = short_edges ? Meet(*short_edges, edge) : std::move(edge);
        const std::vector<ir::OperandId> go_on = is_or ? false_reads_ : true_reads_;
        llvm::BasicBlock* next = llvm::BasicBlock::Create(m_.context(), "c", function_);
        incoming.emplace_back(b_.getInt1(is_or), b_.GetInsertBlock());
        if (is_or)
          b_.CreateCondBr(v, merge, next);
        else
          b_.CreateCondBr(v, next, merge);
        b_.SetInsertPoint(next);
        for (ir::OperandId op : go_on) NoteRead(op);  // the child did not short-circuit
      }
      b_.CreateBr(merge);
      merge->insertInto(function_);
      b_.SetInsertPoint(merge);
      std::vector<ir::OperandId> if_true = std::move(last_true);
      std::vector<ir::OperandId> if_false = std::move(last_false);
      if (short_edges) {
        if (is_or)
          if_true = Meet(*short_edges, if_true);
        else
          if_false = Meet(*short_edges, if_false);
      }
      const std::vector<ir::OperandId> both = Meet(if_true, if_false);
      RollbackReads(mark);
      for (ir::OperandId op : both) NoteRead(op);
      true_reads_ = Minus(if_true, both);
      false_reads_ = Minus(if_false, both);
      llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), static_cast<unsigned>(incoming.size()));
      for (const auto& [value, block] : incoming) phi->addIncoming(value, block);
      return phi;
    }
  }
  PEREGRINE_UNREACHABLE("all node kinds handled");
}

llvm::Value* FunctionEmitter::OperandAvailable(ir::OperandId id) {
  auto it = plan_.operand_memo.find(id);
  assert(it != plan_.operand_memo.end() && "operand planned");
  // 0 = not read yet for this event, 1 = available, 2 = unavailable.
  llvm::Value* slot = MemoPointer(it->second);
  llvm::Value* state = b_.CreateLoad(b_.getInt8Ty(), slot);
  if (on_read_stack_[id]) return b_.CreateICmpEQ(state, b_.getInt8(1));  // read on every path
  llvm::Value* known = b_.CreateICmpNE(state, b_.getInt8(0));
  llvm::Value* available = IfElse(
      known, [&] { return b_.CreateICmpEQ(state, b_.getInt8(1)); },
      [&] {
        llvm::Value* v = IsTrue(ReadOperand(id));
        b_.CreateStore(b_.CreateSelect(v, b_.getInt8(1), b_.getInt8(2)), slot);
        return v;
      });
  NoteRead(id);
  return available;
}

llvm::Value* FunctionEmitter::ReadOperand(ir::OperandId id) {
  const ir::Operand& operand = m_.program().operands[id];
  if (!operand.transforms.empty() || operand.multiplicity != ir::Multiplicity::kSingle) {
    return b_.CreateCall(m_.load, {ctx_, b_.getInt32(id)});
  }
  // Straight to the reader: read_compact(*reader, *fields[id], &slots[id], &values[id]).
  llvm::Type* ptr = b_.getPtrTy();
  llvm::Value* field = b_.CreateLoad(ptr, b_.CreateConstInBoundsGEP1_32(ptr, fields_, id));
  llvm::Value* slot = b_.CreateConstInBoundsGEP1_32(m_.slot_type(), slots_, id);
  llvm::Value* value = b_.CreateConstInBoundsGEP1_32(
      b_.getInt8Ty(), values_, static_cast<unsigned>(id * sizeof(eval::FieldValue)));
  llvm::CallInst* call =
      b_.CreateCall(m_.read_compact_type, read_compact_, {reader_, field, slot, value});
  call->setDoesNotThrow();
  return call;
}

void FunctionEmitter::NoteRead(ir::OperandId id) {
  if (on_read_stack_[id]) return;
  on_read_stack_[id] = 1;
  read_stack_.push_back(id);
}

void FunctionEmitter::RollbackReads(size_t mark) {
  while (read_stack_.size() > mark) {
    on_read_stack_[read_stack_.back()] = 0;
    read_stack_.pop_back();
  }
}

bool FunctionEmitter::ReadsNothingNew(ir::NodeId id) const {
  if (plan_.folded.contains(id)) return true;
  const ir::Node& node = m_.program().nodes[id];
  if (node.kind != ir::NodeKind::kPredicate) {
    return std::all_of(node.children.begin(), node.children.end(),
                       [&](ir::NodeId child) { return ReadsNothingNew(child); });
  }
  const ir::Predicate& p = m_.program().predicates[node.predicate];
  if (m_.program().operands[p.lhs].multiplicity != ir::Multiplicity::kSingle) return false;
  return on_read_stack_[p.lhs] && (!p.rhs || on_read_stack_[*p.rhs]);
}

llvm::Value* FunctionEmitter::Guard(llvm::Value* cond, absl::FunctionRef<llvm::Value*()> then) {
  if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(cond)) {
    return k->isZero() ? static_cast<llvm::Value*>(b_.getFalse()) : then();
  }
  llvm::BasicBlock* from = b_.GetInsertBlock();
  llvm::BasicBlock* body = llvm::BasicBlock::Create(m_.context(), "g", function_);
  llvm::BasicBlock* merge = llvm::BasicBlock::Create(m_.context(), "gm", function_);
  b_.CreateCondBr(cond, body, merge);
  b_.SetInsertPoint(body);
  const size_t mark = ReadMark();
  llvm::Value* v = then();
  RollbackReads(mark);
  llvm::BasicBlock* body_end = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(b_.getFalse(), from);
  phi->addIncoming(v, body_end);
  return phi;
}

llvm::Value* FunctionEmitter::IfElse(llvm::Value* cond, absl::FunctionRef<llvm::Value*()> then,
                                     absl::FunctionRef<llvm::Value*()> otherwise) {
  llvm::BasicBlock* yes = llvm::BasicBlock::Create(m_.context(), "t", function_);
  llvm::BasicBlock* no = llvm::BasicBlock::Create(m_.context(), "f", function_);
  llvm::BasicBlock* merge = llvm::BasicBlock::Create(m_.context(), "m", function_);
  b_.CreateCondBr(cond, yes, no);
  b_.SetInsertPoint(yes);
  const size_t mark = ReadMark();
  llvm::Value* a = then();
  RollbackReads(mark);
  llvm::BasicBlock* yes_end = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(no);
  llvm::Value* c = otherwise();
  RollbackReads(mark);
  llvm::BasicBlock* no_end = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(a, yes_end);
  phi->addIncoming(c, no_end);
  return phi;
}

llvm::Value* FunctionEmitter::SlotField(ir::OperandId id, unsigned field) {
  llvm::Value* slot = b_.CreateConstInBoundsGEP1_32(m_.slot_type(), slots_, id);
  llvm::Value* address = b_.CreateStructGEP(m_.slot_type(), slot, field);
  return b_.CreateLoad(m_.slot_type()->getElementType(field), address);
}

llvm::Value* FunctionEmitter::KindIs(ir::OperandId id, eval::FieldValue::Kind kind) {
  return b_.CreateICmpEQ(SlotField(id, kSlotKindField), b_.getInt8(static_cast<uint8_t>(kind)));
}

llvm::Value* FunctionEmitter::IsTrue(llvm::Value* byte) {
  return b_.CreateICmpNE(byte, b_.getInt8(0));
}

llvm::Value* FunctionEmitter::MemoPointer(uint32_t index) {
  return b_.CreateConstInBoundsGEP1_32(b_.getInt8Ty(), memo_, index);
}

}  // namespace peregrine::compiler::jit::internal
