// Test helpers for the Peregrine capture format: hand-built ring records and a small valid file.
#ifndef PEREGRINE_TESTS_PROBE_CAPTURE_CAPTURE_FILE_TESTING_H_
#define PEREGRINE_TESTS_PROBE_CAPTURE_CAPTURE_FILE_TESTING_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "probe/abi/proc_ctx.h"
#include "probe/abi/scap_record.h"
#include "probe/capture/capture_format.h"

namespace peregrine::probe::capture::testing {

// A ring record (prefix, optional context, scap record with u16 parameter lengths).
inline std::string MakeRingRecord(uint16_t type, uint64_t ts, uint64_t tid,
                                  const std::vector<std::string>& params, const pg_proc_ctx* ctx) {
  std::string event(PG_SCAP_EVENT_HEADER_SIZE, '\0');
  for (const std::string& p : params) {
    uint16_t len = static_cast<uint16_t>(p.size());
    event.append(reinterpret_cast<const char*>(&len), 2);
  }
  for (const std::string& p : params) event += p;
  pg_scap_event_header h{};
  h.ts = ts;
  h.tid = tid;
  h.len = static_cast<uint32_t>(event.size());
  h.type = type;
  h.nparams = static_cast<uint32_t>(params.size());
  std::memcpy(event.data(), &h, sizeof(h));
  pg_ring_prefix prefix{};
  prefix.flags = ctx ? PG_RING_HAS_CTX : 0;
  prefix.ctx_size = ctx ? PG_PROC_CTX_SIZE : 0;
  prefix.len = static_cast<uint32_t>(sizeof(prefix) + prefix.ctx_size + event.size());
  std::string out(reinterpret_cast<const char*>(&prefix), sizeof(prefix));
  if (ctx) out.append(reinterpret_cast<const char*>(ctx), sizeof(*ctx));
  return out + event;
}

inline std::string I64(int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }

inline CaptureMachine TestMachine() {
  CaptureMachine m;
  m.start_realtime_ns = 1700000000000000000ull;
  m.boot_time_ns = 1699990000000000000ull;
  m.memory_bytes = 4ull << 30;
  m.cpus = 2;
  m.page_size = 4096;
  m.ring_prefix_size = PG_RING_PREFIX_SIZE;
  m.proc_ctx_size = PG_PROC_CTX_SIZE;
  m.scap_header_size = PG_SCAP_EVENT_HEADER_SIZE;
  m.hostname = "testhost";
  m.kernel_release = "6.18.0-test";
  m.kernel_version = "#1 SMP";
  m.arch = "x86_64";
  return m;
}

inline std::vector<CaptureProcess> TestProcesses() {
  CaptureProcess init;
  init.tid = init.pid = 1;
  init.comm = "init";
  init.exe = "/sbin/init";
  init.exepath = "/usr/lib/systemd/systemd";
  init.cwd = "/";
  init.args = {"--system", ""};
  init.env = {"HOME=/", "TERM=linux"};
  init.cgroups = {"0::/init.scope"};
  init.fds = {{0, "/dev/null"}, {3, "socket:[1234]"}};
  init.cap_effective = init.cap_permitted = 0x1ffffffffffull;
  CaptureProcess sh;
  sh.tid = 42;
  sh.pid = 41;
  sh.ppid = 1;
  sh.uid = sh.euid = 1000;
  sh.gid = sh.egid = 1000;
  sh.loginuid = 1000;
  sh.tty = 0x8800;
  sh.start_time = 123456789;
  sh.comm = "bash";
  sh.exe = "-bash";
  sh.exepath = "/usr/bin/bash";
  sh.cwd = "/home/u";
  sh.sid = 41;
  sh.pgid = 41;
  sh.vpgid = 41;
  return {init, sh};
}

// The user and group tables of the test files (version 1.1).
inline std::vector<CaptureUser> TestUsers() {
  return {{0, 0, "root", "/root", "/bin/bash"}, {1000, 1000, "alice", "/home/u", "/bin/bash"}};
}

inline std::vector<CaptureGroup> TestGroups() { return {{0, "root"}, {1000, "staff"}}; }

}  // namespace peregrine::probe::capture::testing

#endif  // PEREGRINE_TESTS_PROBE_CAPTURE_CAPTURE_FILE_TESTING_H_
