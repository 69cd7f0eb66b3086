// FileWatcher: changes to watched files (in place and replaced by rename) and directories.
#include "runtime/reload/file_watcher.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace peregrine::runtime::reload {
namespace {

std::vector<std::string> WaitChanges(FileWatcher& w) {
  std::vector<std::string> all;
  for (int i = 0; i < 20; ++i) {
    pollfd p{w.fd(), POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) {
      if (!all.empty()) break;
      continue;
    }
    for (std::string& c : w.ReadChanges()) all.push_back(std::move(c));
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

TEST(FileWatcherTest, SeesWritesRenamesAndDirectoryChangesOfWatchedPathsOnly) {
  const std::string dir = absl::StrCat("/tmp/pg_watch_", getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/rules.d/sub");
  const std::string file = dir + "/rules.yaml";
  std::ofstream(file) << "a";
  absl::StatusOr<std::unique_ptr<FileWatcher>> w = FileWatcher::Create();
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Watch({file, dir + "/rules.d"}).ok());

  std::ofstream(dir + "/unrelated.yaml") << "x";  // same directory, not watched
  EXPECT_TRUE(WaitChanges(**w).empty());

  std::ofstream(file, std::ios::app) << "b";
  EXPECT_EQ(WaitChanges(**w), std::vector<std::string>{file});

  std::ofstream(dir + "/new.tmp") << "c";
  std::filesystem::rename(dir + "/new.tmp", file);  // replaced: a new inode
  EXPECT_EQ(WaitChanges(**w), std::vector<std::string>{file});

  std::ofstream(dir + "/rules.d/sub/x.yaml") << "d";  // in a sub-directory
  EXPECT_EQ(WaitChanges(**w), std::vector<std::string>{dir + "/rules.d"});

  std::filesystem::create_directories(dir + "/rules.d/new");  // new sub-directory is followed
  WaitChanges(**w);
  std::ofstream(dir + "/rules.d/new/y.yaml") << "e";
  EXPECT_EQ(WaitChanges(**w), std::vector<std::string>{dir + "/rules.d"});

  EXPECT_FALSE((*w)->Watch({"/nonexistent/dir/rules.yaml"}).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace peregrine::runtime::reload
