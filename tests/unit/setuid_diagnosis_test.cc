#include "core/setuid_diagnosis.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace cordon {
namespace {

SetuidFacts installed() {
    SetuidFacts f;
    f.exe = "/usr/bin/cordon";
    f.owner = 0;
    f.mode = S_IFREG | 04755;
    f.euid = 1000;
    return f;
}

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

TEST(SetuidProblem, NoNewPrivsComesFirstAndNamesSystemd) {
    SetuidFacts f = installed();
    f.no_new_privs = true;
    f.nosuid_mount = true;
    std::string why = setuid_problem(f);
    EXPECT_TRUE(has(why, "no_new_privs")) << why;
    EXPECT_TRUE(has(why, "NoNewPrivileges=")) << why;
}

TEST(SetuidProblem, NosuidMount) {
    SetuidFacts f = installed();
    f.nosuid_mount = true;
    std::string why = setuid_problem(f);
    EXPECT_TRUE(has(why, "/usr/bin/cordon is on a filesystem mounted nosuid")) << why;
}

TEST(SetuidProblem, MissingBitSaysHowToSetIt) {
    SetuidFacts f = installed();
    f.mode = S_IFREG | 0755;
    std::string why = setuid_problem(f);
    EXPECT_TRUE(has(why, "not setuid root (owner uid 0, mode 0755)")) << why;
    EXPECT_TRUE(has(why, "chmod 4755 /usr/bin/cordon")) << why;
}

TEST(SetuidProblem, WrongOwner) {
    SetuidFacts f = installed();
    f.owner = 1000;
    EXPECT_TRUE(has(setuid_problem(f), "owner uid 1000, mode 4755")) << setuid_problem(f);
}

TEST(SetuidProblem, EverythingRightYetNotRoot) {
    EXPECT_TRUE(has(setuid_problem(installed()), "effective uid is 1000")) << setuid_problem(installed());
}

TEST(InstalledLauncherProblem, NoneForASetuidRootRegularFile) {
    SetuidFacts f = installed();
    f.no_new_privs = true;  // the looker's, not the file's
    EXPECT_EQ(installed_launcher_problem(f), std::nullopt);
}

TEST(InstalledLauncherProblem, SymlinkNosuidOwnerAndBit) {
    SetuidFacts f = installed();
    f.mode = S_IFLNK | 0777;
    auto why = installed_launcher_problem(f);
    ASSERT_TRUE(why);
    EXPECT_TRUE(has(*why, "/usr/bin/cordon is not a regular file")) << *why;
    f = installed();
    f.nosuid_mount = true;
    f.no_new_privs = true;
    why = installed_launcher_problem(f);
    ASSERT_TRUE(why);
    EXPECT_TRUE(has(*why, "mounted nosuid")) << *why;
    EXPECT_FALSE(has(*why, "no_new_privs")) << *why;
    f = installed();
    f.owner = 1000;
    ASSERT_TRUE(installed_launcher_problem(f));
    f = installed();
    f.mode = S_IFREG | 0755;
    ASSERT_TRUE(installed_launcher_problem(f));
}

}  // namespace
}  // namespace cordon
