// Process-table conversions shared by the sources that seed the state from /proc-like data: the
// live daemon's /proc scanner (runtime/live/proc_scanner.h) and the .pgcap replay, whose capture
// holds a /proc snapshot (probe/capture/capture_format.h CaptureProcess). Both end in the scap
// table structs StateTracker::Seed takes.
#ifndef PEREGRINE_RUNTIME_ENGINE_PROCESS_TABLES_H_
#define PEREGRINE_RUNTIME_ENGINE_PROCESS_TABLES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe/capture/capture_format.h"
#include "probe/capture/scap/scap_tables.h"

namespace peregrine::runtime {

// One line of /proc/<pid>/cgroup ("hierarchy-id:controllers:path") as a scap cgroup entry
// ("controllers=path"; the v2 line "0::/path" becomes "unified=/path"). nullopt when malformed.
std::optional<std::string> CgroupEntryFromProcLine(std::string_view line);

// An executable path as /proc/<pid>/exe reads it, without the " (deleted)" suffix.
std::string StripDeletedSuffix(std::string path);

// Classifies an fd by the text of its /proc/<pid>/fd/<n> link alone: "pipe:[ino]" (FIFO),
// "anon_inode:[eventfd]" & co., "/memfd:name" (MEMFD, name without the "/" and " (deleted)"),
// absolute paths (FILE; the caller may refine to DIRECTORY), "socket:[ino]" (UNKNOWN with the
// inode: the caller looks the socket up in /proc/net when it can). Sets type, raw_type, name and
// ino; leaves tid and fd alone.
void ClassifyFdLink(std::string_view link, probe::scap::FdInfo* fd);

// The inode of a "socket:[ino]" link, or 0.
uint64_t SocketInodeOfLink(std::string_view link);

// A capture's header, process snapshot and user/group tables as seed tables: machine info,
// every thread (uid/gid are the effective ids, as the probe reports user.uid; sid, pgid and
// vpgid as captured, -1 from a 1.0 file), the fds of each process leader, and the host's users
// and groups (empty for a 1.0 file, which has no such table).
probe::scap::ScapTables TablesFromCapture(
    const probe::capture::CaptureMachine& machine,
    const std::vector<probe::capture::CaptureProcess>& procs,
    const std::vector<probe::capture::CaptureUser>& users = {},
    const std::vector<probe::capture::CaptureGroup>& groups = {});

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_PROCESS_TABLES_H_
