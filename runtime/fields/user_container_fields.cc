// user.*, group.* and container.* / k8s.* extractors.
#include "runtime/fields/internal/extractors.h"
#include "runtime/state/container_id.h"

namespace peregrine::runtime::internal {
namespace {

using catalog::FieldId;

// The user map a thread's names come from: its container's, "" for the host.
std::string_view UserScope(const ThreadEntry& t) {
  return t.container_id == kHostContainerId ? std::string_view() : std::string_view(t.container_id);
}

const UserEntry* LookupUser(const StateView& s, const ThreadEntry& t, uint32_t uid) {
  if (s.users == nullptr) return nullptr;
  const UserEntry* u = s.users->FindUser(UserScope(t), uid);
  if (u == nullptr && !UserScope(t).empty()) u = s.users->FindUser("", uid);
  return u;
}

}  // namespace

bool ExtractUserGroup(const catalog::ResolvedField& f, const StateView& s, FieldValue* out) {
  out->Clear();
  if (s.thread == nullptr) return false;
  const ThreadEntry& t = *s.thread;
  switch (f.id) {
    case FieldId::kUserUid:
      out->SetUint(t.uid);
      return true;
    case FieldId::kUserName:
    case FieldId::kUserHomedir:
    case FieldId::kUserShell: {
      const UserEntry* u = LookupUser(s, t, t.uid);
      if (u == nullptr) {
        // uid 0 is always root (§14.7); unknown ids give the literal "<NA>" (§4.6).
        out->SetString(f.id == FieldId::kUserName && t.uid == 0 ? "root" : "<NA>");
        return true;
      }
      out->SetString(f.id == FieldId::kUserName      ? std::string_view(u->name)
                     : f.id == FieldId::kUserHomedir ? std::string_view(u->home)
                                                     : std::string_view(u->shell));
      return true;
    }
    case FieldId::kUserLoginuid:
      out->SetInt(t.loginuid == kNoId ? -1 : static_cast<int64_t>(t.loginuid));
      return true;
    case FieldId::kUserLoginname: {
      if (t.loginuid == kNoId) {
        out->SetString("<NA>");
        return true;
      }
      const UserEntry* u = LookupUser(s, t, t.loginuid);
      out->SetString(u != nullptr      ? std::string_view(u->name)
                     : t.loginuid == 0 ? std::string_view("root")
                                       : std::string_view("<NA>"));
      return true;
    }
    case FieldId::kGroupGid:
      out->SetUint(t.gid);
      return true;
    case FieldId::kGroupName: {
      const GroupEntry* g = nullptr;
      if (s.users != nullptr) {
        g = s.users->FindGroup(UserScope(t), t.gid);
        if (g == nullptr) g = s.users->FindGroup("", t.gid);
      }
      out->SetString(g != nullptr ? std::string_view(g->name)
                     : t.gid == 0 ? std::string_view("root")
                                  : std::string_view("<NA>"));
      return true;
    }
    default:
      return false;
  }
}

bool ExtractContainer(const catalog::ResolvedField& f, const StateView& s, FieldValue* out) {
  out->Clear();
  if (s.thread == nullptr) return false;
  const ThreadEntry& t = *s.thread;
  const bool host = t.container_id == kHostContainerId;
  switch (f.id) {
    case FieldId::kContainerId:
      out->SetString(t.container_id);
      return true;
    case FieldId::kContainerName:
      // Host processes are named "host"; container names need runtime metadata (not wired yet).
      if (!host) return false;
      out->SetString(kHostContainerId);
      return true;
    case FieldId::kContainerImage:
    case FieldId::kContainerImageId:
    case FieldId::kContainerImageRepository:
    case FieldId::kContainerImageTag:
    case FieldId::kContainerImageDigest:
      if (!host) return false;
      out->SetString("");
      return true;
    case FieldId::kContainerPrivileged:
    case FieldId::kContainerHostPid:
    case FieldId::kContainerHostNetwork:
    case FieldId::kContainerHostIpc:
      if (!host) return false;
      out->SetBool(false);
      return true;
    default:
      // Everything else (type, mounts, labels, health probes, start time, ip, k8s.*) needs
      // container runtime metadata, which no component provides yet: unavailable.
      return false;
  }
}

}  // namespace peregrine::runtime::internal
