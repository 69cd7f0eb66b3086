// Reads one rules file (YAML text) item by item into the Collector (§1.1–§1.10).
#ifndef PEREGRINE_COMPILER_LOADER_INTERNAL_ITEM_READER_H_
#define PEREGRINE_COMPILER_LOADER_INTERNAL_ITEM_READER_H_

#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/loader/internal/collector.h"

namespace peregrine::compiler::loader_internal {

// Parses `source` (named `file` in diagnostics) and hands every item to `collector`. Reading
// stops at the first error of the file (§1.1); warnings go on. yaml-cpp exceptions are caught
// here and become LOAD_ERR_YAML_PARSE. Returns false if the file had an error.
bool ReadRulesFile(const std::string& file, std::string_view source, Collector& collector,
                   DiagnosticSink& sink);

}  // namespace peregrine::compiler::loader_internal

#endif  // PEREGRINE_COMPILER_LOADER_INTERNAL_ITEM_READER_H_
