// UserTable: users and groups per container id.
#include "runtime/state/user_table.h"

namespace peregrine::runtime {

void UserTable::AddUser(std::string_view container_id, UserEntry user) {
  const uint32_t uid = user.uid;
  users_[{std::string(container_id), uid}] = std::move(user);
}

void UserTable::RemoveUser(std::string_view container_id, uint32_t uid) {
  users_.erase(std::make_pair(std::string(container_id), uid));
}

void UserTable::AddGroup(std::string_view container_id, GroupEntry group) {
  const uint32_t gid = group.gid;
  groups_[{std::string(container_id), gid}] = std::move(group);
}

void UserTable::RemoveGroup(std::string_view container_id, uint32_t gid) {
  groups_.erase(std::make_pair(std::string(container_id), gid));
}

void UserTable::ReplaceContainer(std::string_view container_id, const std::vector<UserEntry>& users,
                                 const std::vector<GroupEntry>& groups) {
  // flat_hash_map::erase(iterator) returns nothing; erase(it++) keeps the iterator valid.
  for (auto it = users_.begin(); it != users_.end();) {
    if (it->first.first == container_id) {
      users_.erase(it++);
    } else {
      ++it;
    }
  }
  for (auto it = groups_.begin(); it != groups_.end();) {
    if (it->first.first == container_id) {
      groups_.erase(it++);
    } else {
      ++it;
    }
  }
  for (const UserEntry& u : users) AddUser(container_id, u);
  for (const GroupEntry& g : groups) AddGroup(container_id, g);
}

const UserEntry* UserTable::FindUser(std::string_view container_id, uint32_t uid) const {
  // The key needs a std::string; this lookup runs only when a user.* field is extracted.
  auto it = users_.find(std::make_pair(std::string(container_id), uid));
  return it == users_.end() ? nullptr : &it->second;
}

const GroupEntry* UserTable::FindGroup(std::string_view container_id, uint32_t gid) const {
  auto it = groups_.find(std::make_pair(std::string(container_id), gid));
  return it == groups_.end() ? nullptr : &it->second;
}

}  // namespace peregrine::runtime
