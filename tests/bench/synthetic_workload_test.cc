// The synthetic workload generator: determinism, record validity against the event table and the
// runtime decoder, the mix, and the initial process table.
#include "bench/workload/synthetic_workload.h"

#include <set>
#include <string>
#include <vector>

#include "bench/workload/syscall_records.h"
#include "gtest/gtest.h"
#include "probe/abi/record_view.h"
#include "runtime/catalog/event_table.h"
#include "runtime/events/event.h"

namespace peregrine::workload {
namespace {

std::vector<std::vector<uint8_t>> Generate(const SyntheticOptions& options, int n) {
  SyntheticWorkload w(options);
  std::vector<std::vector<uint8_t>> out(n);
  for (auto& record : out) w.Next(&record);
  return out;
}

TEST(SyntheticWorkloadTest, SameSeedSameBytes) {
  const SyntheticOptions options{.seed = 42, .match_share = 0.02};
  EXPECT_EQ(Generate(options, 20000), Generate(options, 20000));
}

TEST(SyntheticWorkloadTest, DifferentSeedsDiffer) {
  EXPECT_NE(Generate({.seed = 1}, 2000), Generate({.seed = 2}, 2000));
}

TEST(SyntheticWorkloadTest, InitialTablesAreTheSameForEveryInstance) {
  SyntheticWorkload a({.seed = 1});
  SyntheticWorkload b({.seed = 99});
  ASSERT_EQ(a.initial_tables().threads.size(), b.initial_tables().threads.size());
  EXPECT_GE(a.initial_tables().threads.size(), 15u);
  EXPECT_GE(a.initial_tables().users.size(), 5u);
}

// Every record is one valid scap-layout record of a current exit event (or procexit) whose
// parameters have the widths the event table declares, and decodes with runtime::Event.
TEST(SyntheticWorkloadTest, EveryRecordParsesAndMatchesTheEventTable) {
  SyntheticWorkload w({.seed = 7, .match_share = 0.05});
  std::vector<uint8_t> record;
  uint64_t last_ts = 0;
  for (int i = 0; i < 30000; ++i) {
    w.Next(&record);
    probe::RecordView view;
    ASSERT_TRUE(view.Parse(record.data(), record.size())) << "record " << i;
    ASSERT_EQ(view.length(), record.size());
    ASSERT_LT(view.type(), catalog::kNumEventCodes);
    EXPECT_GE(view.ts(), last_ts) << "timestamps never go back";
    last_ts = view.ts();
    const catalog::EventInfo& info = catalog::GetEventInfo(view.type());
    EXPECT_FALSE(info.HasTag(catalog::kTagOld)) << info.symbol;
    EXPECT_FALSE(info.HasTag(catalog::kTagUnused)) << info.symbol;
    ASSERT_EQ(view.nparams(), info.params.size()) << info.symbol;
    runtime::Event event(&view, /*cpu=*/0, /*dump_flags=*/0, /*num=*/i + 1);
    EXPECT_GT(event.tid(), 0);
    for (uint32_t p = 0; p < view.nparams(); ++p) {
      const catalog::ParamInfo& param = info.params[p];
      const probe::ParamBytes bytes = view.param(p);
      if (bytes.empty()) continue;  // "not available"
      const int width = catalog::FixedWidth(param.type);
      if (width > 0) {
        EXPECT_EQ(bytes.size, static_cast<uint32_t>(width)) << info.symbol << " " << param.name;
        int64_t s;
        uint64_t u;
        EXPECT_TRUE(event.GetInt(p, &s) || event.GetUint(p, &u))
            << info.symbol << " " << param.name;
      }
      switch (param.type) {
        case catalog::ParamType::kCharBuf:
        case catalog::ParamType::kFsPath:
        case catalog::ParamType::kFsRelPath:
          EXPECT_EQ(bytes.data[bytes.size - 1], '\0') << info.symbol << " " << param.name;
          break;
        case catalog::ParamType::kSockTuple: {
          runtime::SockTuple tuple;
          EXPECT_TRUE(event.GetSockTuple(p, &tuple)) << info.symbol;
          break;
        }
        case catalog::ParamType::kSockAddr: {
          runtime::SockAddr addr;
          EXPECT_TRUE(event.GetSockAddr(p, &addr)) << info.symbol;
          break;
        }
        default:
          break;
      }
    }
  }
}

// The benign mix looks like a server: fd I/O first, then opens, network, processes; every
// syscall family the generator knows appears.
TEST(SyntheticWorkloadTest, MixProportions) {
  SyntheticWorkload w({.seed = 3, .match_share = 0.01});
  std::vector<uint8_t> record;
  constexpr int kEvents = 100000;
  for (int i = 0; i < kEvents; ++i) w.Next(&record);
  const auto& by = w.stats().by_code;
  auto share = [&](std::initializer_list<uint16_t> codes) {
    uint64_t n = 0;
    for (uint16_t c : codes) n += by[c];
    return static_cast<double>(n) / kEvents;
  };
  EXPECT_GT(share({kReadX, kWriteX}), 0.35);
  EXPECT_LT(share({kReadX, kWriteX}), 0.75);
  EXPECT_GT(share({kOpenX, kOpenatX}), 0.08);
  EXPECT_GT(share({kCloseX}), 0.08);
  EXPECT_GT(share({kOpenX}), 0.005);  // some programs still use open(2)
  EXPECT_GT(share({kAccept4X, kConnectX}), 0.02);
  EXPECT_GT(share({kCloneX}), 0.02);
  EXPECT_GT(share({kExecveX}), 0.01);
  EXPECT_GT(share({kProcexitE}), 0.01);
  // Clones come in pairs (the parent's and the child's exit), one pair per process that exits.
  EXPECT_EQ(by[kCloneX] % 2, 0u) << "pairs may straddle the end only by one";
  EXPECT_NEAR(static_cast<double>(by[kCloneX]) / 2, static_cast<double>(by[kProcexitE]), 3);
  for (uint16_t code : {kSocketX, kSymlinkatX, kPtraceX, kDup2X}) {
    EXPECT_GT(by[code], 0u) << catalog::GetEventInfo(code).name;
  }
  uint64_t total = 0;
  for (uint64_t n : by) total += n;
  EXPECT_EQ(total, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(w.stats().events, static_cast<uint64_t>(kEvents));
}

TEST(SyntheticWorkloadTest, DesignedMatchShareFollowsTheOption) {
  for (double requested : {0.0, 0.001, 0.01, 0.05, 0.2}) {
    SyntheticWorkload w({.seed = 11, .match_share = requested});
    std::vector<uint8_t> record;
    constexpr int kEvents = 100000;
    uint64_t flagged = 0;
    for (int i = 0; i < kEvents; ++i) {
      w.Next(&record);
      if (!w.last_designed_rule().empty()) ++flagged;
    }
    EXPECT_EQ(flagged, w.stats().designed_matches);
    const double got = static_cast<double>(flagged) / kEvents;
    EXPECT_NEAR(got, requested, requested * 0.05 + 1e-4) << "requested " << requested;
  }
}

TEST(SyntheticWorkloadTest, EveryScenarioRuns) {
  SyntheticWorkload w({.seed = 5, .match_share = 0.05});
  std::vector<uint8_t> record;
  for (int i = 0; i < 50000; ++i) w.Next(&record);
  for (const std::string& rule : SyntheticWorkload::TargetedRules()) {
    EXPECT_GT(w.stats().matches_by_rule.count(rule), 0u) << rule;
  }
}

}  // namespace
}  // namespace peregrine::workload
