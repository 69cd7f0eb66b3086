#include "tools/peregrine/live_mode.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/engine/summary.h"
#include "runtime/live/live_pipeline.h"
#include "runtime/matcher/live_ruleset.h"

namespace peregrine::cli {
namespace {

absl::StatusOr<bool> ParseBool(std::string_view key, std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return absl::InvalidArgumentError(absl::StrCat(
      "-o ", std::string(key), ": expected true or false, found '", std::string(value), "'"));
}

absl::StatusOr<int64_t> ParseInt(std::string_view key, std::string_view value, int64_t min,
                                 int64_t max) {
  int64_t v = 0;
  if (!absl::SimpleAtoi(absl::string_view(value.data(), value.size()), &v) || v < min || v > max) {
    return absl::InvalidArgumentError(absl::StrCat("-o ", std::string(key),
                                                   ": expected an integer in [", min, ", ", max,
                                                   "], found '", std::string(value), "'"));
  }
  return v;
}

// Alerts to stdout and/or an appended file. Thread-compatible (the pipeline serialises calls).
class TeeAlertSink final : public runtime::AlertSink {
 public:
  TeeAlertSink(FILE* out, FILE* file, bool buffered)
      : out_(out), file_(file), buffered_(buffered) {}
  bool Emit(const runtime::Alert& alert) override {
    bool ok = true;
    for (FILE* f : {out_, file_}) {
      if (f == nullptr) continue;
      ok = std::fwrite(alert.text.data(), 1, alert.text.size(), f) == alert.text.size() && ok;
      ok = std::fputc('\n', f) != EOF && ok;
      if (!buffered_) ok = std::fflush(f) == 0 && ok;
    }
    return ok;
  }
  void Flush() override {
    if (out_ != nullptr) std::fflush(out_);
    if (file_ != nullptr) std::fflush(file_);
  }

 private:
  FILE* out_;
  FILE* file_;
  bool buffered_;
};

}  // namespace

absl::StatusOr<LiveModeConfig> ParseLiveModeConfig(const std::vector<std::string>& overrides) {
  LiveModeConfig c;
  for (const std::string& kv : overrides) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;  // EngineConfig reports it
    const std::string_view key(kv.data(), eq);
    const std::string_view value(kv.data() + eq + 1, kv.size() - eq - 1);
    if (key == "stdout_output.enabled") {
      auto v = ParseBool(key, value);
      if (!v.ok()) return v.status();
      c.stdout_output = *v;
    } else if (key == "file_output.enabled") {
      auto v = ParseBool(key, value);
      if (!v.ok()) return v.status();
      c.file_output = *v;
    } else if (key == "file_output.filename") {
      c.file_output_filename = std::string(value);
    } else if (key == "live.workers") {
      auto v = ParseInt(key, value, 1, 256);
      if (!v.ok()) return v.status();
      c.workers = static_cast<int>(*v);
    } else if (key == "live.readers") {
      auto v = ParseInt(key, value, 0, 4096);
      if (!v.ok()) return v.status();
      c.readers = static_cast<int>(*v);
    } else if (key == "live.ring_bytes_per_cpu") {
      auto v = ParseInt(key, value, 1 << 16, int64_t{1} << 30);
      if (!v.ok()) return v.status();
      if ((*v & (*v - 1)) != 0) {
        return absl::InvalidArgumentError("-o live.ring_bytes_per_cpu: expected a power of two");
      }
      c.ring_bytes_per_cpu = static_cast<uint32_t>(*v);
    }
  }
  if (c.file_output && c.file_output_filename.empty()) {
    return absl::InvalidArgumentError(
        "-o file_output.enabled=true needs -o file_output.filename=PATH");
  }
  return c;
}

int RunLive(const LiveModeArgs& args, const runtime::EngineConfig& config,
            std::unique_ptr<runtime::Ruleset> ruleset, const std::atomic<bool>* stop) {
  if (args.capture_out) {
    std::fprintf(stderr,
                 "peregrine: --capture-out %s: writing captures is not implemented yet (our "
                 "capture format, probe/capture/capture_writer.h, has not landed)\n",
                 args.capture_out->c_str());
    return 1;
  }
  absl::StatusOr<LiveModeConfig> live_config = ParseLiveModeConfig(args.overrides);
  if (!live_config.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(live_config.status().message()).c_str());
    return 1;
  }
  FILE* file = nullptr;
  if (live_config->file_output) {
    file = std::fopen(live_config->file_output_filename.c_str(), "ae");
    if (file == nullptr) {
      std::fprintf(stderr, "peregrine: file_output.filename %s: cannot open for appending: %m\n",
                   live_config->file_output_filename.c_str());
      return 1;
    }
  }
  TeeAlertSink sink(live_config->stdout_output ? stdout : nullptr, file, config.buffered_outputs);

  runtime::LiveRuleset live;
  live.Publish(std::move(ruleset));
  runtime::live::LiveOptions options;
  options.workers = args.workers_flag > 0 ? args.workers_flag : live_config->workers;
  options.readers = live_config->readers;
  options.ring_bytes_per_cpu = live_config->ring_bytes_per_cpu;
  options.rule_matching = config.rule_matching;
  if (args.duration_seconds) {
    options.duration = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(*args.duration_seconds));
  }
  absl::StatusOr<std::unique_ptr<runtime::live::LivePipeline>> pipeline =
      runtime::live::LivePipeline::Create(live, sink, options);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "peregrine: cannot start live capture: %s\n",
                 std::string(pipeline.status().message()).c_str());
    if (file != nullptr) std::fclose(file);
    return 1;
  }
  const runtime::live::InterestSet& interest = (*pipeline)->interest();
  std::fprintf(stderr,
               "peregrine: live: %d rings, %d worker(s), %zu syscalls of interest%s, %llu "
               "threads seeded from /proc\n",
               (*pipeline)->ring_count(), options.workers, interest.syscalls.size(),
               interest.unsupported.empty()
                   ? ""
                   : absl::StrCat(" (no probe filler yet for: ",
                                  absl::StrJoin(interest.unsupported, ", "), ")")
                         .c_str(),
               static_cast<unsigned long long>((*pipeline)->counters().seeded_threads));
  const absl::Status status = (*pipeline)->Run(stop);
  const runtime::live::LiveCounters& c = (*pipeline)->counters();
  std::fputs(runtime::FormatSummary(c.pipeline).c_str(), stderr);
  std::string per_cpu;
  for (size_t cpu = 0; cpu < c.kernel_per_cpu.size(); ++cpu) {
    uint64_t d = 0;
    for (uint64_t x : c.kernel_per_cpu[cpu].drops) d += x;
    absl::StrAppend(&per_cpu, cpu == 0 ? "" : " ", "cpu", cpu, "=", d);
  }
  std::fprintf(stderr,
               "Live: %llu records read; drops: kernel %llu (%s), queue %llu; malformed %llu; "
               "late %llu\n",
               static_cast<unsigned long long>(c.records_read),
               static_cast<unsigned long long>(c.kernel_drops()), per_cpu.c_str(),
               static_cast<unsigned long long>(c.queue_drops()),
               static_cast<unsigned long long>(c.malformed),
               static_cast<unsigned long long>(c.late_events));
  if (file != nullptr) std::fclose(file);
  if (!status.ok()) {
    std::fprintf(stderr, "peregrine: live capture failed: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace peregrine::cli
