#include "core/init_ns_choice.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

constexpr NsFileId kInit{4, 4026531841};
constexpr NsFileId kUnit{4, 4026532210};

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

TEST(InitNamespace, StaysInPid1s) {
    InitNsDecision d = decide_init_namespace(kInit, kInit, "");
    EXPECT_EQ(d.move, InitNsMove::kStay);
    EXPECT_TRUE(has(d.debug_line, "in pid 1's mount namespace mnt:[4026531841]")) << d.debug_line;
}

TEST(InitNamespace, JoinsPid1sFromAnotherOne) {
    InitNsDecision d = decide_init_namespace(kUnit, kInit, "");
    EXPECT_EQ(d.move, InitNsMove::kJoin);
    EXPECT_TRUE(has(d.debug_line, "mnt:[4026532210] is not pid 1's mnt:[4026531841]")) << d.debug_line;
    EXPECT_TRUE(has(d.debug_line, "working directory")) << d.debug_line;
}

TEST(InitNamespace, SameInodeOnAnotherDeviceIsAnotherNamespace) {
    EXPECT_EQ(decide_init_namespace(NsFileId{5, kInit.ino}, kInit, "").move, InitNsMove::kJoin);
}

TEST(InitNamespace, UnreadablePid1StaysAndSaysWhy) {
    InitNsDecision d = decide_init_namespace(kUnit, std::nullopt, "Permission denied");
    EXPECT_EQ(d.move, InitNsMove::kStay);
    EXPECT_TRUE(has(d.debug_line, "/proc/1/ns/mnt: Permission denied")) << d.debug_line;
    EXPECT_TRUE(has(d.debug_line, "staying in the caller's, mnt:[4026532210]")) << d.debug_line;
}

}  // namespace
}  // namespace cordon
