// The end-of-run summary Falco prints: events, detections, counts by severity and by rule.
#ifndef PEREGRINE_RUNTIME_ENGINE_SUMMARY_H_
#define PEREGRINE_RUNTIME_ENGINE_SUMMARY_H_

#include <string>

#include "runtime/engine/event_pipeline.h"

namespace peregrine::runtime {

// Lines in Falco's shape ("Events detected: 3", "Rule counts by severity:", "   WARNING: 3",
// "Triggered rules by rule name:", "   <rule>: 3"), preceded by one line of event counters.
std::string FormatSummary(const PipelineCounters& counters);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_SUMMARY_H_
