#include <gtest/gtest.h>

#include <vector>

#include "ctl/doctor_view.h"
#include "ctl/ns_views.h"

namespace cordon::ctl {
namespace {

std::vector<NsListRow> sample_rows() {
    NsListRow stale;
    stale.app = "demo";
    stale.ns = "mnt:[4026532551]";
    stale.base = "demo";
    stale.revision = "0";
    stale.freshness = NsFreshness::kStale;
    stale.why = "revision 0 != 1";
    stale.processes = 1;
    stale.age_seconds = 125;
    NsListRow none;
    none.app = "idle";
    none.ns = none.base = none.revision = "-";
    return {stale, none};
}

TEST(NsListView, TableHasAHeaderAndTheReason) {
    EXPECT_EQ(ns_list_table(sample_rows(), false),
              "APP   NAMESPACE         BASE  REVISION  PROCS  AGE  STATE\n"
              "demo  mnt:[4026532551]  demo  0         1      2m   stale: revision 0 != 1\n"
              "idle  -                 -     -         -      -    -\n");
}

TEST(NsListView, JsonKeysAndNulls) {
    Json doc = ns_list_json(sample_rows());
    ASSERT_EQ(doc["namespaces"].size(), 2u);
    const Json& s = doc["namespaces"][0];
    EXPECT_EQ(s.dump(),
              R"({"app":"demo","namespace":"mnt:[4026532551]","base":"demo","revision":0,"state":"stale",)"
              R"("reason":"revision 0 != 1","processes":1,"age_seconds":125})");
    const Json& n = doc["namespaces"][1];
    EXPECT_EQ(n["app"], "idle");
    for (const char* key : {"namespace", "base", "revision", "state", "reason", "processes", "age_seconds"})
        EXPECT_TRUE(n[key].is_null()) << key;
}

TEST(NsPsView, TableAndJson) {
    std::vector<ProcessRow> rows{{42, 1000, "alice", "sleep 1000"}};
    EXPECT_EQ(ns_ps_table(rows), "PID  USER   COMMAND\n42   alice  sleep 1000\n");
    EXPECT_EQ(ns_ps_json("demo", "mnt:[7]", rows).dump(),
              R"({"app":"demo","namespace":"mnt:[7]","processes":[{"pid":42,"uid":1000,"user":"alice","command":"sleep 1000"}]})");
    EXPECT_EQ(ns_ps_json("demo", std::nullopt, {}).dump(), R"({"app":"demo","namespace":null,"processes":[]})");
}

TEST(DoctorView, StatusPerLineAndOkOnlyWithoutBad) {
    std::vector<Check> checks{{"kernel", "open_tree", Verdict::kOk, "available"},
                              {"state", "/run/cordon/ns", Verdict::kBad, "owner 0:0, mode 0777"}};
    EXPECT_EQ(doctor_table(checks, false),
              "ok   kernel  open_tree       available\n"
              "bad  state   /run/cordon/ns  owner 0:0, mode 0777\n"
              "1 problem\n");
    Json doc = doctor_json(checks);
    EXPECT_FALSE(doc["ok"]);
    EXPECT_EQ(doc["checks"][1].dump(),
              R"({"section":"state","name":"/run/cordon/ns","status":"bad","detail":"owner 0:0, mode 0777"})");
    checks.pop_back();
    EXPECT_TRUE(doctor_json(checks)["ok"]);
    EXPECT_EQ(doctor_table(checks, false).substr(doctor_table(checks, false).rfind("ready")), "ready\n");
}

}  // namespace
}  // namespace cordon::ctl
