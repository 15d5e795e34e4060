#include "ctl/output.h"

#include <gtest/gtest.h>

namespace cordon::ctl {
namespace {

TEST(CtlOutput, TakesJsonWhereverItStands) {
    OutputRequest r = take_json_flag({"--json", "app"});
    EXPECT_TRUE(r.json);
    EXPECT_EQ(r.operands, (Operands{"app"}));
    r = take_json_flag({"app", "--json"});
    EXPECT_TRUE(r.json);
    EXPECT_EQ(r.operands, (Operands{"app"}));
    r = take_json_flag({"app", "-u", "x"});
    EXPECT_FALSE(r.json);
    EXPECT_EQ(r.operands, (Operands{"app", "-u", "x"}));
}

TEST(CtlOutput, AlignsColumnsByWhatShows) {
    std::string red = paint("bad", Tone::kBad, true);
    EXPECT_NE(red, "bad");
    EXPECT_EQ(align_columns({{"a", "1", "x"}, {"long-name", red, "y"}, {"b"}}),
              "a          1    x\n"
              "long-name  " + red + "  y\n"
              "b\n");
}

TEST(CtlOutput, NoColourMeansTheTextAlone) {
    EXPECT_EQ(paint("ok", Tone::kGood, false), "ok");
    EXPECT_EQ(paint("ok", Tone::kPlain, true), "ok");
}

TEST(CtlOutput, NoColorTurnsColourOff) {
    setenv("NO_COLOR", "1", 1);
    EXPECT_FALSE(stdout_wants_colour());
    unsetenv("NO_COLOR");
}

}  // namespace
}  // namespace cordon::ctl
