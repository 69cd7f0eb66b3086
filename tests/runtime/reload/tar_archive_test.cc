// The ustar reader and writer: round trips, GNU tar interoperability, corrupt archives.
#include "runtime/reload/tar_archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace peregrine::runtime::reload {
namespace {

TEST(TarArchiveTest, RoundTripsFilesDirectoriesAndLongNames) {
  TarWriter w;
  const std::string long_name = std::string(120, 'd') + "/" + std::string(90, 'f') + ".yaml";
  ASSERT_TRUE(w.AddDirectory("rules").ok());
  ASSERT_TRUE(w.AddFile("rules/a.yaml", "- rule: a\n", 0640, 1700000000).ok());
  ASSERT_TRUE(w.AddFile("empty", "").ok());
  ASSERT_TRUE(w.AddFile(long_name, std::string(1000, 'x')).ok());
  const std::string tar = w.Finish();
  EXPECT_EQ(tar.size() % 512, 0u);
  absl::StatusOr<std::vector<TarEntry>> entries = ReadTar(tar);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].type, TarEntryType::kDirectory);
  EXPECT_EQ((*entries)[0].name, "rules/");
  EXPECT_EQ((*entries)[1].name, "rules/a.yaml");
  EXPECT_EQ((*entries)[1].data, "- rule: a\n");
  EXPECT_EQ((*entries)[1].mode, 0640u);
  EXPECT_EQ((*entries)[1].mtime, 1700000000u);
  EXPECT_EQ((*entries)[2].data, "");
  EXPECT_EQ((*entries)[3].name, long_name);
  EXPECT_EQ((*entries)[3].data, std::string(1000, 'x'));
}

TEST(TarArchiveTest, RejectsNamesUstarCannotHold) {
  TarWriter w;
  EXPECT_FALSE(w.AddFile("", "x").ok());
  EXPECT_FALSE(w.AddFile(std::string(200, 'a'), "x").ok());  // no '/' to split at
}

TEST(TarArchiveTest, ReadsWhatGnuTarWritesAndGnuTarReadsOurs) {
  if (system("tar --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no tar on this machine";
  const std::string dir = absl::StrCat("/tmp/pg_tar_test_", getpid());
  std::filesystem::create_directories(dir + "/in/sub");
  std::ofstream(dir + "/in/sub/r.yaml") << "- list: l\n  items: [a]\n";
  ASSERT_EQ(system(("tar --format=ustar -C " + dir + "/in -cf " + dir + "/gnu.tar sub").c_str()),
            0);
  std::ifstream in(dir + "/gnu.tar", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  absl::StatusOr<std::vector<TarEntry>> entries = ReadTar(bytes.str());
  ASSERT_TRUE(entries.ok()) << entries.status();
  bool found = false;
  for (const TarEntry& e : *entries) {
    if (e.name == "sub/r.yaml") found = e.data == "- list: l\n  items: [a]\n";
  }
  EXPECT_TRUE(found);

  TarWriter w;
  ASSERT_TRUE(w.AddFile("x/y.yaml", "hello\n").ok());
  std::ofstream(dir + "/ours.tar", std::ios::binary) << w.Finish();
  ASSERT_EQ(
      system(
          ("mkdir -p " + dir + "/out && tar -C " + dir + "/out -xf " + dir + "/ours.tar").c_str()),
      0);
  std::ifstream y(dir + "/out/x/y.yaml");
  std::stringstream ys;
  ys << y.rdbuf();
  EXPECT_EQ(ys.str(), "hello\n");
  std::filesystem::remove_all(dir);
}

TEST(TarArchiveTest, RejectsCorruptArchives) {
  TarWriter w;
  ASSERT_TRUE(w.AddFile("a", std::string(700, 'a')).ok());
  const std::string good = w.Finish();

  std::string bad_sum = good;
  bad_sum[0] = 'b';  // the name changes, the checksum does not
  absl::StatusOr<std::vector<TarEntry>> r = ReadTar(bad_sum);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos) << r.status();

  r = ReadTar(good.substr(0, 512 + 100));  // data cut short
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("past the end"), std::string::npos) << r.status();

  r = ReadTar(good.substr(0, 300));  // header cut short
  EXPECT_FALSE(r.ok());

  std::string bad_magic = good;
  bad_magic[257] = 'X';
  EXPECT_FALSE(ReadTar(bad_magic).ok());

  EXPECT_TRUE(ReadTar(std::string(1024, '\0'))->empty());
  EXPECT_TRUE(ReadTar("")->empty());
}

}  // namespace
}  // namespace peregrine::runtime::reload
