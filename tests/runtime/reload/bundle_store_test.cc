// BundleStore: staging, commit (current → previous), rollback to the stored bundles.
#include "runtime/reload/bundle_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "runtime/reload/bundle.h"

namespace peregrine::runtime::reload {
namespace {

class BundleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat("/tmp/pg_bundle_store_", getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& version, const std::string& rule) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary)
        << *WriteBundle(version, {{"r.yaml", rule}}, "2024-01-01T00:00:00Z");
    return path;
  }
  static std::string ReadText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::string dir_;
};

TEST_F(BundleStoreTest, CommitKeepsThePreviousOne) {
  BundleStore store(dir_ + "/state");
  EXPECT_EQ(store.StageStored(BundleSlot::kCurrent).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<StagedBundle> a = store.Stage(Write("a.tgz", "v1", "- list: a\n  items: []\n"));
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->rules_paths.size(), 1u);
  EXPECT_EQ(ReadText(a->rules_paths[0]), "- list: a\n  items: []\n");
  ASSERT_TRUE(store.Commit(*a).ok());
  EXPECT_EQ(store.StoredManifest(BundleSlot::kCurrent)->version, "v1");

  absl::StatusOr<StagedBundle> b = store.Stage(Write("b.tgz", "v2", "- list: b\n  items: []\n"));
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(store.Commit(*b).ok());
  EXPECT_EQ(store.StoredManifest(BundleSlot::kCurrent)->version, "v2");
  EXPECT_EQ(store.StoredManifest(BundleSlot::kPrevious)->version, "v1");

  // Committing the current bundle again rotates nothing.
  absl::StatusOr<StagedBundle> again = store.StageStored(BundleSlot::kCurrent);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(store.Commit(*again).ok());
  EXPECT_EQ(store.StoredManifest(BundleSlot::kPrevious)->version, "v1");
  EXPECT_FALSE(std::filesystem::exists(again->dir));
}

TEST_F(BundleStoreTest, TamperedBundleIsNotStagedAndTheStoredOneStays) {
  BundleStore store(dir_ + "/state");
  ASSERT_TRUE(store.Commit(*store.Stage(Write("a.tgz", "v1", "- list: a\n  items: []\n"))).ok());
  // Flip one byte in the middle of a bundle (inside the compressed stream).
  const std::string bad = Write("bad.tgz", "v2", "- list: b\n  items: []\n");
  std::string bytes = ReadText(bad);
  bytes[bytes.size() / 2] ^= 0x5a;
  std::ofstream(bad, std::ios::binary | std::ios::trunc) << bytes;
  absl::StatusOr<StagedBundle> staged = store.Stage(bad);
  ASSERT_FALSE(staged.ok());
  EXPECT_NE(staged.status().message().find(bad), std::string::npos) << staged.status();
  absl::StatusOr<StagedBundle> rollback = store.StageStored(BundleSlot::kCurrent);
  ASSERT_TRUE(rollback.ok()) << rollback.status();
  EXPECT_EQ(rollback->manifest.version, "v1");
}

}  // namespace
}  // namespace peregrine::runtime::reload
