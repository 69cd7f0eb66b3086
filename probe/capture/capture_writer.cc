#include "probe/capture/capture_writer.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "probe/capture/internal/byte_codec.h"
#include "probe/capture/internal/ring_record_check.h"

namespace peregrine::probe::capture {

using internal::ByteAppender;

std::string EncodeHeader(const CaptureMachine& m) {
  std::string out(kCaptureMagic, sizeof(kCaptureMagic));
  ByteAppender a(&out);
  a.Put<uint16_t>(kCaptureMajorVersion);
  a.Put<uint16_t>(kCaptureMinorVersion);
  a.Put<uint32_t>(0);  // header_bytes, patched below
  a.Put(m.start_realtime_ns);
  a.Put(m.boot_time_ns);
  a.Put(m.memory_bytes);
  a.Put(m.cpus);
  a.Put(m.page_size);
  a.Put(m.ring_prefix_size);
  a.Put(m.proc_ctx_size);
  a.Put(m.scap_header_size);
  a.Put(m.reserved);
  a.PutString(m.hostname);
  a.PutString(m.kernel_release);
  a.PutString(m.kernel_version);
  a.PutString(m.arch);
  const uint32_t size = static_cast<uint32_t>(out.size());
  std::memcpy(&out[12], &size, sizeof(size));
  return out;
}

std::string EncodeProcess(const CaptureProcess& p) {
  std::string out;
  ByteAppender a(&out);
  a.Put(p.tid);
  a.Put(p.pid);
  a.Put(p.ppid);
  a.Put(p.uid);
  a.Put(p.gid);
  a.Put(p.euid);
  a.Put(p.egid);
  a.Put(p.loginuid);
  a.Put(p.tty);
  a.Put(p.start_time);
  a.Put(p.cap_effective);
  a.Put(p.cap_permitted);
  a.PutString(p.comm);
  a.PutString(p.exe);
  a.PutString(p.exepath);
  a.PutString(p.cwd);
  a.PutStrings(p.args);
  a.PutStrings(p.env);
  a.PutStrings(p.cgroups);
  a.Put<uint32_t>(static_cast<uint32_t>(p.fds.size()));
  for (const CaptureFd& fd : p.fds) {
    a.Put(fd.fd);
    a.PutString(fd.name);
  }
  a.Put(p.sid);
  a.Put(p.pgid);
  a.Put(p.vpgid);
  return out;
}

std::string EncodeUser(const CaptureUser& u) {
  std::string out;
  ByteAppender a(&out);
  a.Put(u.uid);
  a.Put(u.gid);
  a.PutString(u.name);
  a.PutString(u.home);
  a.PutString(u.shell);
  return out;
}

std::string EncodeGroup(const CaptureGroup& g) {
  std::string out;
  ByteAppender a(&out);
  a.Put(g.gid);
  a.PutString(g.name);
  return out;
}

absl::StatusOr<std::unique_ptr<CaptureWriter>> CaptureWriter::Create(
    const std::string& path, const CaptureWriterOptions& options) {
  std::vector<CaptureProcess> snapshot;
  const std::vector<CaptureProcess>* processes = nullptr;
  if (options.processes.has_value()) {
    processes = &*options.processes;
  } else {
    PEREGRINE_ASSIGN_OR_RETURN(snapshot, SnapshotProcesses(options.snapshot));
    processes = &snapshot;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot create capture file ", path, ": ", std::strerror(errno)));
  }
  std::unique_ptr<CaptureWriter> w(new CaptureWriter(f, path));
  const std::string header = EncodeHeader(options.machine.value_or(CurrentMachine()));
  PEREGRINE_RETURN_IF_ERROR(w->Write(header.data(), header.size()));
  for (const CaptureProcess& p : *processes) {
    const std::string payload = EncodeProcess(p);
    if (payload.size() > kMaxProcessBlockBytes) {
      return absl::InvalidArgumentError(absl::StrCat("process table entry of tid ", p.tid, " is ",
                                                     payload.size(), " bytes, over the limit ",
                                                     kMaxProcessBlockBytes));
    }
    PEREGRINE_RETURN_IF_ERROR(w->WriteBlock(kBlockProcess, payload));
  }
  // After the process blocks, so that a 1.0 reader ends its process table here and skips them.
  const UserTables users = options.users.has_value()
                               ? *options.users
                               : SnapshotUsers(options.users_snapshot, *processes);
  for (const CaptureUser& u : users.users) {
    const std::string payload = EncodeUser(u);
    if (payload.size() > kMaxUserBlockBytes) {
      return absl::InvalidArgumentError(absl::StrCat("user entry of uid ", u.uid, " is ",
                                                     payload.size(), " bytes, over the limit ",
                                                     kMaxUserBlockBytes));
    }
    PEREGRINE_RETURN_IF_ERROR(w->WriteBlock(kBlockUser, payload));
  }
  for (const CaptureGroup& g : users.groups) {
    const std::string payload = EncodeGroup(g);
    if (payload.size() > kMaxUserBlockBytes) {
      return absl::InvalidArgumentError(absl::StrCat("group entry of gid ", g.gid, " is ",
                                                     payload.size(), " bytes, over the limit ",
                                                     kMaxUserBlockBytes));
    }
    PEREGRINE_RETURN_IF_ERROR(w->WriteBlock(kBlockGroup, payload));
  }
  return w;
}

CaptureWriter::~CaptureWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status CaptureWriter::Write(const void* data, size_t size) {
  if (!error_.ok()) return error_;
  if (file_ == nullptr) return absl::FailedPreconditionError("capture writer is closed");
  if (std::fwrite(data, 1, size, file_) != size) {
    error_ = absl::DataLossError(
        absl::StrCat("writing capture file ", path_, ": ", std::strerror(errno)));
    return error_;
  }
  bytes_ += size;
  return absl::OkStatus();
}

absl::Status CaptureWriter::WriteBlock(uint32_t type, const std::string& payload) {
  uint32_t head[2] = {type, static_cast<uint32_t>(payload.size())};
  PEREGRINE_RETURN_IF_ERROR(Write(head, sizeof(head)));
  return Write(payload.data(), payload.size());
}

absl::Status CaptureWriter::AppendRaw(uint16_t cpu, const void* record, size_t size) {
  if (!error_.ok()) return error_;
  std::string why;
  if (!internal::CheckRingRecord(static_cast<const uint8_t*>(record), size, &why)) {
    return absl::InvalidArgumentError(absl::StrCat("ring record not written: ", why));
  }
  const uint32_t head[2] = {kBlockRecord, static_cast<uint32_t>(size + 4)};
  const uint16_t cpu_and_reserved[2] = {cpu, 0};
  PEREGRINE_RETURN_IF_ERROR(Write(head, sizeof(head)));
  PEREGRINE_RETURN_IF_ERROR(Write(cpu_and_reserved, sizeof(cpu_and_reserved)));
  PEREGRINE_RETURN_IF_ERROR(Write(record, size));
  ++records_;
  return absl::OkStatus();
}

absl::Status CaptureWriter::Close(const CaptureTrailer& totals) {
  std::string payload;
  ByteAppender a(&payload);
  a.Put(records_);
  a.Put(totals.kernel_drops);
  a.Put(totals.truncated_params);
  PEREGRINE_RETURN_IF_ERROR(WriteBlock(kBlockEnd, payload));
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) {
    error_ = absl::DataLossError(
        absl::StrCat("closing capture file ", path_, ": ", std::strerror(errno)));
  }
  return error_;
}

}  // namespace peregrine::probe::capture
