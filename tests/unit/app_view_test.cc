#include "ctl/app_view.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cordon::ctl {
namespace {

std::vector<Finding> findings() {
    return {{"config", Verdict::kOk, "/etc/cordon/apps/a.conf: parsed", ""},
            {"mount point /run", Verdict::kBad, "the base has no /run: launches fail", "mkdir /b/run"},
            {"apparmor", Verdict::kNote, "AppArmor is not enabled", ""}};
}

TEST(AppCheckView, AProblemALineWithItsFix) {
    std::string text = app_check_table("a", findings(), false);
    EXPECT_NE(text.find("bad   mount point /run  the base has no /run: launches fail; fix: mkdir /b/run\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\na: 1 problem\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("\033["), std::string::npos);
    EXPECT_NE(app_check_table("a", findings(), true).find("\033["), std::string::npos);
    std::vector<Finding> ok{findings()[0]};
    EXPECT_NE(app_check_table("a", ok, false).find("a: ok\n"), std::string::npos);
}

TEST(AppCheckView, JsonKeys) {
    Json doc = app_check_json("a", findings());
    EXPECT_EQ(doc["app"], "a");
    EXPECT_EQ(doc["ok"], false);
    EXPECT_EQ(doc["problems"], 1);
    ASSERT_EQ(doc["findings"].size(), 3u);
    EXPECT_EQ(doc["findings"][1]["what"], "mount point /run");
    EXPECT_EQ(doc["findings"][1]["status"], "bad");
    EXPECT_EQ(doc["findings"][1]["fix"], "mkdir /b/run");
    EXPECT_TRUE(doc["findings"][0]["fix"].is_null());
}

TEST(AppListView, TableAndJson) {
    std::vector<AppListRow> rows{{"a", "b", std::nullopt, 0}, {"c", std::nullopt, "/p", 2}};
    std::string text = app_list_table(rows, false);
    EXPECT_EQ(text,
              "APP  BASE  PAYLOAD  CHECK\n"
              "a    b     -        ok\n"
              "c    ?     /p       2 problems\n");
    Json doc = app_list_json(rows);
    ASSERT_EQ(doc["apps"].size(), 2u);
    EXPECT_EQ(doc["apps"][0]["app"], "a");
    EXPECT_TRUE(doc["apps"][0]["payload"].is_null());
    EXPECT_EQ(doc["apps"][0]["ok"], true);
    EXPECT_TRUE(doc["apps"][1]["base"].is_null());
    EXPECT_EQ(doc["apps"][1]["problems"], 2);
    EXPECT_EQ(doc["apps"][1]["ok"], false);
}

}  // namespace
}  // namespace cordon::ctl
