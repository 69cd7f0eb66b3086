// Container id detection from a thread's cgroup paths.
#ifndef PEREGRINE_RUNTIME_STATE_CONTAINER_ID_H_
#define PEREGRINE_RUNTIME_STATE_CONTAINER_ID_H_

#include <string>
#include <string_view>

namespace peregrine::runtime {

// `container.id` of host processes.
inline constexpr std::string_view kHostContainerId = "host";

// Extracts the 12-character container id from one cgroup path (with or without the
// "subsystem=" prefix): docker (`/docker/<64 hex>`, `docker-<64 hex>.scope`), containerd / CRI
// (`/kubepods/.../<64 hex>`, `cri-containerd-<64 hex>.scope`), cri-o (`crio-<64 hex>.scope`,
// `/crio-<64 hex>`), podman (`libpod-<64 hex>.scope`, `/libpod-<64 hex>`). Returns "" when the
// path names no container (conmon scopes such as `crio-conmon-…` included).
std::string_view ContainerIdFromCgroup(std::string_view cgroup);

// Applies ContainerIdFromCgroup to each "subsystem=path" string of a NUL-separated list (or any
// iterable of string views) and returns the first id found, else "host".
template <typename List>
std::string ContainerIdFromCgroups(const List& cgroups) {
  for (std::string_view entry : cgroups) {
    std::string_view id = ContainerIdFromCgroup(entry);
    if (!id.empty()) return std::string(id);
  }
  return std::string(kHostContainerId);
}

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_CONTAINER_ID_H_
