// Container id detection from cgroup paths.
#include "runtime/state/container_id.h"

namespace peregrine::runtime {
namespace {

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

bool ConsumePrefix(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

}  // namespace

std::string_view ContainerIdFromCgroup(std::string_view cgroup) {
  // Drop "subsystem=" (the path itself always starts with '/').
  size_t eq = cgroup.find('=');
  size_t slash = cgroup.find('/');
  if (eq != std::string_view::npos && (slash == std::string_view::npos || eq < slash)) {
    cgroup.remove_prefix(eq + 1);
  }
  // Examine each path component from the last: the container's own cgroup may have children
  // (e.g. `/docker/<id>/init.scope` or systemd's nested `…/<id>.scope/container`).
  while (!cgroup.empty()) {
    size_t last = cgroup.rfind('/');
    std::string_view comp = last == std::string_view::npos ? cgroup : cgroup.substr(last + 1);
    cgroup = last == std::string_view::npos ? std::string_view() : cgroup.substr(0, last);
    if (comp.size() > 6 && comp.substr(comp.size() - 6) == ".scope") {
      comp.remove_suffix(6);
    }
    std::string_view id = comp;
    if (ConsumePrefix(&id, "crio-conmon-")) continue;
    ConsumePrefix(&id, "docker-") || ConsumePrefix(&id, "cri-containerd-") ||
        ConsumePrefix(&id, "crio-") || ConsumePrefix(&id, "libpod-") ||
        ConsumePrefix(&id, "containerd-");
    if (IsHex64(id)) return id.substr(0, 12);
  }
  return {};
}

}  // namespace peregrine::runtime
