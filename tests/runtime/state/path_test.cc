#include "runtime/state/path.h"

#include <gtest/gtest.h>

#include <string>

namespace peregrine::runtime {
namespace {

TEST(ConcatenatePathTest, AbsolutePathIgnoresBase) {
  EXPECT_EQ(ConcatenatePath("/tmp/", "/etc/passwd"), "/etc/passwd");
}

TEST(ConcatenatePathTest, RelativePathIsAppended) {
  EXPECT_EQ(ConcatenatePath("/tmp/ref/", "a/b"), "/tmp/ref/a/b");
}

TEST(ConcatenatePathTest, CollapsesDoubleSlashAndDot) {
  EXPECT_EQ(ConcatenatePath("/tmp/", "a//./b/."), "/tmp/a/b");
  EXPECT_EQ(ConcatenatePath("", "//etc//passwd"), "/etc/passwd");
}

TEST(ConcatenatePathTest, DotDotRemovesPreviousSegmentButNotRoot) {
  EXPECT_EQ(ConcatenatePath("/tmp/ref/", "../x"), "/tmp/x");
  EXPECT_EQ(ConcatenatePath("/tmp/", "../../../x"), "/x");
  EXPECT_EQ(ConcatenatePath("/a/b/", ".."), "/a");
  EXPECT_EQ(ConcatenatePath("/", ".."), "/");
}

TEST(ConcatenatePathTest, TrailingSlashRemovedUnlessRoot) {
  EXPECT_EQ(ConcatenatePath("/tmp/", "dir/"), "/tmp/dir");
  EXPECT_EQ(ConcatenatePath("", "/"), "/");
}

TEST(ConcatenatePathTest, UnknownBaseIsKeptVerbatim) {
  EXPECT_EQ(ConcatenatePath("<UNKNOWN>", "foo"), "<UNKNOWN>foo");
}

TEST(ConcatenatePathTest, EmptyPathGivesEmpty) { EXPECT_EQ(ConcatenatePath("/tmp/", ""), ""); }

TEST(ConcatenatePathTest, InvalidUtf8IsReplaced) {
  EXPECT_EQ(ConcatenatePath("/",
                            "a\xff"
                            "b"),
            "/a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ConcatenatePath("/", "\xC3\xA9"), "/\xC3\xA9");
  // Runs of ASCII around control bytes, valid and truncated multi-byte sequences.
  EXPECT_EQ(ConcatenatePath("/srv/",
                            "ab\x01"
                            "cd\xC3\xA9"
                            "ef\xE2\x82"
                            "/x\x7f"),
            "/srv/ab\xEF\xBF\xBD"
            "cd\xC3\xA9"
            "ef\xEF\xBF\xBD\xEF\xBF\xBD/x\xEF\xBF\xBD");
}

TEST(ConcatenatePathTest, TooLongGivesMarker) {
  std::string base = "/" + std::string(1000, 'a') + "/";
  EXPECT_EQ(ConcatenatePath(base, std::string(100, 'b')), "/DIR_TOO_LONG/FILENAME_TOO_LONG");
}

}  // namespace
}  // namespace peregrine::runtime
