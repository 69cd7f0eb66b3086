// UserTable: users and groups per container id (scap-format §14.1).
#ifndef PEREGRINE_RUNTIME_STATE_USER_TABLE_H_
#define PEREGRINE_RUNTIME_STATE_USER_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace peregrine::runtime {

struct UserEntry {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string name;
  std::string home;
  std::string shell;
};

struct GroupEntry {
  uint32_t gid = 0;
  std::string name;
};

// (container id, uid) → user and (container id, gid) → group; container id "" = the host.
// Thread-compatible.
class UserTable {
 public:
  void AddUser(std::string_view container_id, UserEntry user);
  void RemoveUser(std::string_view container_id, uint32_t uid);
  void AddGroup(std::string_view container_id, GroupEntry group);
  void RemoveGroup(std::string_view container_id, uint32_t gid);
  // Makes `users` and `groups` the whole tables of `container_id` (the host's after /etc/passwd
  // or /etc/group changed): its other entries are dropped, other containers' are kept.
  void ReplaceContainer(std::string_view container_id, const std::vector<UserEntry>& users,
                        const std::vector<GroupEntry>& groups);

  const UserEntry* FindUser(std::string_view container_id, uint32_t uid) const;
  const GroupEntry* FindGroup(std::string_view container_id, uint32_t gid) const;
  size_t num_users() const { return users_.size(); }
  size_t num_groups() const { return groups_.size(); }

 private:
  absl::flat_hash_map<std::pair<std::string, uint32_t>, UserEntry> users_;
  absl::flat_hash_map<std::pair<std::string, uint32_t>, GroupEntry> groups_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_USER_TABLE_H_
