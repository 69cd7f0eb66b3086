// Rules bundles: write → read round trip, and every way a bundle must be refused.
#include "runtime/reload/bundle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/reload/gzip.h"
#include "runtime/reload/sha256.h"
#include "runtime/reload/tar_archive.h"

namespace peregrine::runtime::reload {
namespace {

std::vector<BundleInputFile> TwoFiles() {
  return {{"falco_rules.yaml", "- rule: a\n  desc: a\n"},
          {"rules.d/10-local.yaml", "- list: l\n  items: [x]\n"}};
}

// A bundle made by hand, to tamper with what WriteBundle would get right.
std::string HandMade(const BundleManifest& manifest,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
  TarWriter tar;
  EXPECT_TRUE(tar.AddFile("manifest.json", ManifestToJson(manifest)).ok());
  for (const auto& [name, data] : entries) EXPECT_TRUE(tar.AddFile(name, data).ok());
  return *GzipCompress(tar.Finish());
}

BundleManifest ManifestOf(const std::vector<BundleInputFile>& files) {
  BundleManifest m;
  m.version = "v1";
  for (const BundleInputFile& f : files) {
    m.files.push_back({"rules/" + f.name, Sha256Hex(f.contents), f.contents.size()});
  }
  return m;
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(GzipTest, RoundTripsAndBoundsTheOutput) {
  const std::string text(100000, 'z');
  absl::StatusOr<std::string> gz = GzipCompress(text);
  ASSERT_TRUE(gz.ok());
  EXPECT_LT(gz->size(), 1000u);
  EXPECT_EQ(*GzipDecompress(*gz, text.size()), text);
  EXPECT_FALSE(GzipDecompress(*gz, text.size() - 1).ok());  // the bomb guard
  EXPECT_FALSE(GzipDecompress(gz->substr(0, gz->size() / 2), 1 << 20).ok());
  EXPECT_FALSE(GzipDecompress("plain text", 1 << 20).ok());
}

TEST(BundleTest, RoundTrip) {
  absl::StatusOr<std::string> tgz = WriteBundle("2024.06.1", TwoFiles(), "2024-06-01T00:00:00Z");
  ASSERT_TRUE(tgz.ok()) << tgz.status();
  absl::StatusOr<Bundle> b = ReadBundle(*tgz);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->manifest.version, "2024.06.1");
  EXPECT_EQ(b->manifest.created, "2024-06-01T00:00:00Z");
  ASSERT_EQ(b->files.size(), 2u);
  EXPECT_EQ(b->files[0].name, "falco_rules.yaml");
  EXPECT_EQ(b->files[1].name, "rules.d/10-local.yaml");
  EXPECT_EQ(b->files[1].contents, TwoFiles()[1].contents);
  EXPECT_EQ(b->manifest.files[0].sha256, Sha256Hex(TwoFiles()[0].contents));
  EXPECT_EQ(b->archive_sha256, Sha256Hex(*tgz));
  // Deterministic: the same input gives the same bytes.
  EXPECT_EQ(*WriteBundle("2024.06.1", TwoFiles(), "2024-06-01T00:00:00Z"), *tgz);
}

TEST(BundleTest, TamperedFileIsRejectedWithBothDigests) {
  std::vector<BundleInputFile> files = TwoFiles();
  const BundleManifest manifest = ManifestOf(files);
  std::string evil = files[0].contents;
  evil[2] = 'R';  // same size, other bytes
  const std::string tgz = HandMade(manifest, {{"rules/falco_rules.yaml", evil},
                                              {"rules/rules.d/10-local.yaml", files[1].contents}});
  absl::StatusOr<Bundle> b = ReadBundle(tgz);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("sha256 mismatch"), std::string::npos) << b.status();
  EXPECT_NE(b.status().message().find(manifest.files[0].sha256), std::string::npos);
  EXPECT_NE(b.status().message().find(Sha256Hex(evil)), std::string::npos);
}

TEST(BundleTest, RejectsMissingExtraUnsafeAndMalformedContent) {
  const std::vector<BundleInputFile> files = TwoFiles();
  const BundleManifest manifest = ManifestOf(files);
  const auto fails_with = [](const std::string& tgz, const std::string& what) {
    absl::StatusOr<Bundle> b = ReadBundle(tgz);
    ASSERT_FALSE(b.ok()) << what;
    EXPECT_NE(b.status().message().find(what), std::string::npos) << b.status();
  };
  // A listed file missing.
  fails_with(HandMade(manifest, {{"rules/falco_rules.yaml", files[0].contents}}),
             "not in the archive");
  // A file the manifest does not list.
  fails_with(HandMade(manifest, {{"rules/falco_rules.yaml", files[0].contents},
                                 {"rules/rules.d/10-local.yaml", files[1].contents},
                                 {"rules/extra.yaml", "- rule: x\n"}}),
             "not in the manifest");
  // Path traversal in the manifest.
  BundleManifest traversal = manifest;
  traversal.files[0].path = "rules/../../etc/passwd";
  fails_with(HandMade(traversal, {}), "not a safe path");
  // Wrong size.
  BundleManifest sized = manifest;
  sized.files[0].size += 1;
  fails_with(HandMade(sized, {{"rules/falco_rules.yaml", files[0].contents},
                              {"rules/rules.d/10-local.yaml", files[1].contents}}),
             "size");
  // No manifest at all.
  TarWriter tar;
  ASSERT_TRUE(tar.AddFile("rules/a.yaml", "x").ok());
  fails_with(*GzipCompress(tar.Finish()), "no manifest.json");
  // Not gzip, not a tarball.
  fails_with("hello", "gzip");
  fails_with(*GzipCompress("not a tar archive, just some bytes"), "tar");
}

TEST(BundleManifestTest, ParsesItsOwnJsonAndRefusesOtherShapes) {
  BundleManifest m;
  m.version = "v \"quoted\" \\ é";
  m.files.push_back({"rules/a.yaml", std::string(64, 'a'), 12});
  absl::StatusOr<BundleManifest> back = ManifestFromJson(ManifestToJson(m));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->version, m.version);
  EXPECT_EQ(back->files[0].size, 12u);
  EXPECT_FALSE(ManifestFromJson("{").ok());
  EXPECT_FALSE(ManifestFromJson("[]").ok());
  EXPECT_FALSE(ManifestFromJson(R"({"format":"other","format_version":1})").ok());
  EXPECT_FALSE(
      ManifestFromJson(
          R"({"format":"peregrine-rules-bundle","format_version":2,"version":"v","files":[]})")
          .ok());
  EXPECT_FALSE(
      ManifestFromJson(R"({"format":"peregrine-rules-bundle","format_version":1,"version":"v",)"
                       R"("files":[{"path":"rules/a","sha256":"XYZ","size":1}]})")
          .ok());
  EXPECT_FALSE(
      ManifestFromJson(R"({"format":"peregrine-rules-bundle","format":"peregrine-rules-bundle"})")
          .ok());  // duplicate key
}

TEST(BundleTest, SafePaths) {
  EXPECT_TRUE(IsSafeBundlePath("rules/a.yaml"));
  EXPECT_FALSE(IsSafeBundlePath("/etc/passwd"));
  EXPECT_FALSE(IsSafeBundlePath("rules/../x"));
  EXPECT_FALSE(IsSafeBundlePath("rules//x"));
  EXPECT_FALSE(IsSafeBundlePath("./x"));
  EXPECT_FALSE(IsSafeBundlePath(""));
}

}  // namespace
}  // namespace peregrine::runtime::reload
