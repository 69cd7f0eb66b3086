// probe-smoke: loads the probe, marks syscalls interesting, and prints each record's type, tid,
// comm and parameter sizes for a few seconds. A manual check that the probe loads on a host.
//
// Usage: probe-smoke [seconds] [syscall-name...]   (default: 3 seconds, openat execve)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "probe/abi/record_view.h"
#include "probe/loader/probe.h"
#include "probe/loader/syscall_table.h"

int main(int argc, char** argv) {
  using peregrine::probe::Probe;
  int seconds = argc > 1 ? std::atoi(argv[1]) : 3;
  peregrine::probe::ProbeOptions options;
  options.procexit = true;
  std::vector<std::string> names;
  for (int i = 2; i < argc; ++i) names.push_back(argv[i]);
  if (names.empty()) names = {"openat", "execve"};
  for (const std::string& name : names) {
    auto nr = peregrine::probe::SupportedSyscallNumber(name);
    if (!nr) {
      std::fprintf(stderr, "probe-smoke: unsupported syscall '%s'\n", name.c_str());
      return 2;
    }
    options.interesting_syscalls.push_back(*nr);
  }
  auto probe = Probe::Create(options);
  if (!probe.ok()) {
    std::fprintf(stderr, "probe-smoke: %s\n", probe.status().ToString().c_str());
    return 1;
  }
  size_t shown = 0;
  for (int tick = 0; tick < seconds * 10; ++tick) {
    for (int ring = 0; ring < (*probe)->ring_count(); ++ring) {
      auto n = (*probe)->Poll(ring, 100 / (*probe)->ring_count(), [&](const auto& rec) {
        peregrine::probe::RecordView view;
        if (!view.Parse(rec.event, rec.event_size)) {
          std::printf("unparsable record\n");
          return;
        }
        if (shown++ > 200) return;
        std::printf("cpu=%d type=%u tid=%lu comm=%s nparams=%u len=%u\n", rec.ring, view.type(),
                    static_cast<unsigned long>(view.tid()), rec.ctx ? rec.ctx->comm : "-",
                    view.nparams(), view.length());
      });
      if (!n.ok()) {
        std::fprintf(stderr, "probe-smoke: %s\n", n.status().ToString().c_str());
        return 1;
      }
    }
  }
  auto counters = (*probe)->TotalCounters();
  if (counters.ok()) {
    std::printf("emitted=%lu ring_full=%lu no_ring=%lu no_filler=%lu truncated=%lu\n",
                (unsigned long)counters->emitted, (unsigned long)counters->drops[PG_DROP_RING_FULL],
                (unsigned long)counters->drops[PG_DROP_NO_RING],
                (unsigned long)counters->drops[PG_DROP_NO_FILLER],
                (unsigned long)counters->truncated_params);
  }
  return 0;
}
