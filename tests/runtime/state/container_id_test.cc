#include "runtime/state/container_id.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace peregrine::runtime {
namespace {

const std::string kId = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

TEST(ContainerIdTest, Docker) {
  EXPECT_EQ(ContainerIdFromCgroup("cpu=/docker/" + kId), "3ad7b26ded6d");
  EXPECT_EQ(ContainerIdFromCgroup("0::/system.slice/docker-" + kId + ".scope"), "3ad7b26ded6d");
}

TEST(ContainerIdTest, ContainerdAndCri) {
  EXPECT_EQ(ContainerIdFromCgroup("cpu=/kubepods/besteffort/pod1234-5678/" + kId), "3ad7b26ded6d");
  EXPECT_EQ(
      ContainerIdFromCgroup("/kubepods.slice/kubepods-pod1.slice/cri-containerd-" + kId + ".scope"),
      "3ad7b26ded6d");
}

TEST(ContainerIdTest, CrioAndPodman) {
  EXPECT_EQ(ContainerIdFromCgroup("/kubepods.slice/crio-" + kId + ".scope"), "3ad7b26ded6d");
  EXPECT_EQ(ContainerIdFromCgroup("/machine.slice/libpod-" + kId + ".scope/container"),
            "3ad7b26ded6d");
  EXPECT_EQ(ContainerIdFromCgroup("/machine.slice/crio-conmon-" + kId + ".scope"), "");
}

TEST(ContainerIdTest, HostPathsHaveNoId) {
  EXPECT_EQ(ContainerIdFromCgroup("memory=/agent"), "");
  EXPECT_EQ(ContainerIdFromCgroup("0::/user.slice/user-0.slice/session-1.scope"), "");
  std::vector<std::string> host = {"cpu=/", "memory=/agent"};
  EXPECT_EQ(ContainerIdFromCgroups(host), "host");
  std::vector<std::string> in = {"cpu=/", "memory=/docker/" + kId};
  EXPECT_EQ(ContainerIdFromCgroups(in), "3ad7b26ded6d");
}

TEST(ContainerIdTest, RejectsShortOrNonHexIds) {
  EXPECT_EQ(ContainerIdFromCgroup("/docker/3ad7b26ded6d"), "");
  EXPECT_EQ(ContainerIdFromCgroup("/docker/" + std::string(64, 'z')), "");
}

}  // namespace
}  // namespace peregrine::runtime
