// UserFilesWatcher on a scratch etc directory: nothing reported until a file changes; in-place
// edits, replace-by-rename and removal are all noticed and re-read. UserTable::ReplaceContainer
// keeps other containers' entries.
#include "runtime/live/user_files_watcher.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "runtime/state/user_table.h"

namespace peregrine::runtime::live {
namespace {

class UserFilesWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char path[] = "/tmp/pg_users_watch_XXXXXX";
    ASSERT_NE(mkdtemp(path), nullptr);
    dir_ = path;
    Write("passwd", "root:x:0:0:root:/root:/bin/bash\n");
    Write("group", "root:x:0:\n");
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::trunc) << text;
  }
  std::string dir_;
};

TEST_F(UserFilesWatcherTest, ReportsNothingUntilAFileChanges) {
  UserFilesWatcher w(dir_);
  w.Baseline();
  EXPECT_EQ(w.Check(), nullptr);
  EXPECT_EQ(w.Check(), nullptr);
}

TEST_F(UserFilesWatcherTest, InPlaceAppendIsReRead) {
  UserFilesWatcher w(dir_);
  w.Baseline();
  std::ofstream(dir_ + "/passwd", std::ios::app) << "alice:x:1001:1002::/home/alice:/bin/sh\n";
  std::shared_ptr<const HostUserTables> t = w.Check();
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->users.size(), 2u);
  EXPECT_EQ(t->users[1].name, "alice");
  EXPECT_EQ(t->users[1].uid, 1001u);
  EXPECT_EQ(t->users[1].gid, 1002u);
  EXPECT_EQ(t->users[1].home, "/home/alice");
  ASSERT_EQ(t->groups.size(), 1u);
  EXPECT_EQ(t->groups[0].name, "root");
  EXPECT_EQ(w.Check(), nullptr);  // reported once
}

TEST_F(UserFilesWatcherTest, ReplaceByRenameAndRemovalAreNoticed) {
  UserFilesWatcher w(dir_);
  w.Baseline();
  Write("group.new", "root:x:0:\nstaff:x:50:\n");
  ASSERT_EQ(rename((dir_ + "/group.new").c_str(), (dir_ + "/group").c_str()), 0);
  std::shared_ptr<const HostUserTables> t = w.Check();
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->groups.size(), 2u);
  EXPECT_EQ(t->groups[1].name, "staff");
  EXPECT_EQ(t->groups[1].gid, 50u);

  ASSERT_EQ(unlink((dir_ + "/passwd").c_str()), 0);
  t = w.Check();
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->users.empty());
  EXPECT_EQ(t->groups.size(), 2u);
}

TEST(UserTableReplaceTest, ReplacesOneContainerOnly) {
  UserTable table;
  table.AddUser("", UserEntry{1, 1, "old", "", ""});
  table.AddUser("", UserEntry{2, 2, "gone", "", ""});
  table.AddUser("abc", UserEntry{2, 2, "inside", "", ""});
  table.AddGroup("", GroupEntry{7, "oldgroup"});
  table.ReplaceContainer("", {UserEntry{1, 1, "new", "", ""}}, {GroupEntry{8, "g8"}});
  ASSERT_NE(table.FindUser("", 1), nullptr);
  EXPECT_EQ(table.FindUser("", 1)->name, "new");
  EXPECT_EQ(table.FindUser("", 2), nullptr);
  ASSERT_NE(table.FindUser("abc", 2), nullptr);
  EXPECT_EQ(table.FindUser("abc", 2)->name, "inside");
  EXPECT_EQ(table.FindGroup("", 7), nullptr);
  ASSERT_NE(table.FindGroup("", 8), nullptr);
  EXPECT_EQ(table.num_users(), 2u);
  EXPECT_EQ(table.num_groups(), 1u);
}

}  // namespace
}  // namespace peregrine::runtime::live
