// The user and group tables of a capture (format 1.1): /etc/passwd and /etc/group at capture
// start, plus the ids the snapshot's processes use that those files lack, as the name service
// resolves them.
#ifndef PEREGRINE_PROBE_CAPTURE_USER_SNAPSHOT_H_
#define PEREGRINE_PROBE_CAPTURE_USER_SNAPSHOT_H_

#include <string>
#include <string_view>
#include <vector>

#include "probe/capture/capture_format.h"

namespace peregrine::probe::capture {

struct UserSnapshotOptions {
  std::string etc_root = "/etc";  // reads etc_root/passwd and etc_root/group
  // Ask the name service (getpwuid_r / getgrgid_r: LDAP, systemd dynamic users, …) for the
  // uids, euids, loginuids, gids and egids of the processes that the files do not list.
  bool resolve_missing_ids = true;
};

struct UserTables {
  std::vector<CaptureUser> users;    // file order, then resolved ids in ascending order
  std::vector<CaptureGroup> groups;  // the same
};

// passwd(5) lines as users: "name:pw:uid:gid:gecos:home:shell"; lines with fewer fields or
// non-numeric ids (NIS "+" entries, comments) are skipped.
std::vector<CaptureUser> ParsePasswd(std::string_view text);
// group(5) lines as groups: "name:pw:gid:members".
std::vector<CaptureGroup> ParseGroup(std::string_view text);

// Missing or unreadable files give empty lists (a host without /etc/group is not an error).
// Thread-safe (the name service calls are the reentrant ones).
UserTables SnapshotUsers(const UserSnapshotOptions& options,
                         const std::vector<CaptureProcess>& processes);

}  // namespace peregrine::probe::capture

#endif  // PEREGRINE_PROBE_CAPTURE_USER_SNAPSHOT_H_
