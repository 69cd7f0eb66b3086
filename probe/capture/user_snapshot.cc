// User and group tables of a capture: /etc files, then name-service answers for missing ids.
#include "probe/capture/user_snapshot.h"

#include <grp.h>
#include <pwd.h>

#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace peregrine::probe::capture {
namespace {

constexpr uint32_t kNoId = 0xFFFFFFFF;  // unset loginuid

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// getpw*_r/getgr*_r need a caller buffer; ERANGE asks for a larger one.
constexpr size_t kFirstBuffer = 1024;
constexpr size_t kMaxBuffer = 1 << 20;

bool LookupUser(uint32_t uid, CaptureUser* out) {
  std::vector<char> buf(kFirstBuffer);
  while (true) {
    passwd pw;
    passwd* found = nullptr;
    const int rc = getpwuid_r(uid, &pw, buf.data(), buf.size(), &found);
    if (rc == ERANGE && buf.size() < kMaxBuffer) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc != 0 || found == nullptr) return false;
    out->uid = pw.pw_uid;
    out->gid = pw.pw_gid;
    out->name = pw.pw_name != nullptr ? pw.pw_name : "";
    out->home = pw.pw_dir != nullptr ? pw.pw_dir : "";
    out->shell = pw.pw_shell != nullptr ? pw.pw_shell : "";
    return true;
  }
}

bool LookupGroup(uint32_t gid, CaptureGroup* out) {
  std::vector<char> buf(kFirstBuffer);
  while (true) {
    group gr;
    group* found = nullptr;
    const int rc = getgrgid_r(gid, &gr, buf.data(), buf.size(), &found);
    if (rc == ERANGE && buf.size() < kMaxBuffer) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc != 0 || found == nullptr) return false;
    out->gid = gr.gr_gid;
    out->name = gr.gr_name != nullptr ? gr.gr_name : "";
    return true;
  }
}

}  // namespace

std::vector<CaptureUser> ParsePasswd(std::string_view text) {
  std::vector<CaptureUser> out;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ':');  // keeps empty fields
    if (f.size() < 7) continue;
    CaptureUser u;
    if (!absl::SimpleAtoi(f[2], &u.uid) || !absl::SimpleAtoi(f[3], &u.gid)) continue;
    u.name = std::string(f[0]);
    u.home = std::string(f[5]);
    u.shell = std::string(f[6]);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<CaptureGroup> ParseGroup(std::string_view text) {
  std::vector<CaptureGroup> out;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ':');
    if (f.size() < 3) continue;
    CaptureGroup g;
    if (!absl::SimpleAtoi(f[2], &g.gid)) continue;
    g.name = std::string(f[0]);
    out.push_back(std::move(g));
  }
  return out;
}

UserTables SnapshotUsers(const UserSnapshotOptions& options,
                         const std::vector<CaptureProcess>& processes) {
  UserTables t;
  t.users = ParsePasswd(ReadFile(options.etc_root + "/passwd"));
  t.groups = ParseGroup(ReadFile(options.etc_root + "/group"));
  if (!options.resolve_missing_ids) return t;

  absl::flat_hash_set<uint32_t> known_uids, known_gids;
  for (const CaptureUser& u : t.users) known_uids.insert(u.uid);
  for (const CaptureGroup& g : t.groups) known_gids.insert(g.gid);
  std::set<uint32_t> uids, gids;  // ordered: the file lists them in a stable order
  for (const CaptureProcess& p : processes) {
    for (uint32_t uid : {p.uid, p.euid, p.loginuid}) {
      if (uid != kNoId && !known_uids.contains(uid)) uids.insert(uid);
    }
    for (uint32_t gid : {p.gid, p.egid}) {
      if (!known_gids.contains(gid)) gids.insert(gid);
    }
  }
  for (uint32_t uid : uids) {
    CaptureUser u;
    if (LookupUser(uid, &u) && u.uid == uid) t.users.push_back(std::move(u));
  }
  for (uint32_t gid : gids) {
    CaptureGroup g;
    if (LookupGroup(gid, &g) && g.gid == gid) t.groups.push_back(std::move(g));
  }
  return t;
}

}  // namespace peregrine::probe::capture
