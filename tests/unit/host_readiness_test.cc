#include "core/host_readiness.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cordon {
namespace {

SetuidFacts installed(uid_t owner, mode_t mode, bool nosuid) {
    SetuidFacts f;
    f.exe = "/usr/bin/cordon";
    f.owner = owner;
    f.mode = S_IFREG | mode;
    f.nosuid_mount = nosuid;
    f.no_new_privs = true;  // cordonctl's own, never the launcher's
    return f;
}

TEST(LauncherCheck, SetuidRootIsOk) {
    Check c = launcher_check(installed(0, 04755, false), "/usr/bin/cordon");
    EXPECT_EQ(c.verdict, Verdict::kOk);
    EXPECT_NE(c.detail.find("4755"), std::string::npos);
}

TEST(LauncherCheck, MissingBitNosuidOrAbsentIsBad) {
    Check c = launcher_check(installed(0, 0755, false), "/usr/bin/cordon");
    EXPECT_EQ(c.verdict, Verdict::kBad);
    EXPECT_NE(c.detail.find("chmod 4755"), std::string::npos);
    c = launcher_check(installed(0, 04755, true), "/usr/bin/cordon");
    EXPECT_EQ(c.verdict, Verdict::kBad);
    EXPECT_NE(c.detail.find("nosuid"), std::string::npos);
    EXPECT_EQ(c.detail.find("no_new_privs"), std::string::npos);
    c = launcher_check(installed(1000, 04755, false), "/usr/bin/cordon");
    EXPECT_EQ(c.verdict, Verdict::kBad);
    EXPECT_EQ(launcher_check(std::nullopt, "/usr/bin/cordon").verdict, Verdict::kBad);
}

TEST(LandlockCheck, OkFromAbi2AndSaysWhatIsEnforced) {
    Check none = landlock_check(0);
    EXPECT_EQ(none.verdict, Verdict::kNote);
    EXPECT_NE(none.detail.find("not available"), std::string::npos) << none.detail;
    Check abi1 = landlock_check(1);
    EXPECT_EQ(abi1.verdict, Verdict::kNote);
    EXPECT_NE(abi1.detail.find("not enforced"), std::string::npos) << abi1.detail;
    Check debian12 = landlock_check(2);
    EXPECT_EQ(debian12.verdict, Verdict::kOk);
    EXPECT_NE(debian12.detail.find("scope all: not enforced"), std::string::npos) << debian12.detail;
    Check recent = landlock_check(7);
    EXPECT_EQ(recent.verdict, Verdict::kOk);
    EXPECT_NE(recent.detail.find("scope all: enforced"), std::string::npos) << recent.detail;
    EXPECT_EQ(recent.section, "kernel");
}

TEST(RootPropagation, SharedIsOkOtherwiseANote) {
    EXPECT_EQ(root_propagation_check("shared").verdict, Verdict::kOk);
    Check c = root_propagation_check("private");
    EXPECT_EQ(c.verdict, Verdict::kNote);
    EXPECT_NE(c.detail.find("/media"), std::string::npos);
    EXPECT_EQ(root_propagation_check("slave").verdict, Verdict::kNote);
}

const StateDirRule& rule(const std::string& path) {
    for (const StateDirRule& r : state_dir_rules())
        if (path == r.path) return r;
    throw std::runtime_error("no rule for " + path);
}

TEST(StateDirCheck, ExactModes) {
    const StateDirRule& ns = rule("/run/cordon/ns");
    EXPECT_EQ(state_dir_check(ns, DirFacts{0, 0, S_IFDIR | 0700}).verdict, Verdict::kOk);
    // An older cordon's 0755: the launcher tightens it.
    EXPECT_EQ(state_dir_check(ns, DirFacts{0, 0, S_IFDIR | 0755}).verdict, Verdict::kNote);
    Check c = state_dir_check(ns, DirFacts{0, 0, S_IFDIR | 0777});
    EXPECT_EQ(c.verdict, Verdict::kBad);
    EXPECT_NE(c.detail.find("chmod 0700 /run/cordon/ns"), std::string::npos);
    EXPECT_EQ(state_dir_check(ns, DirFacts{1000, 0, S_IFDIR | 0700}).verdict, Verdict::kBad);
    EXPECT_EQ(state_dir_check(ns, DirFacts{0, 0, S_IFLNK | 0777}).verdict, Verdict::kBad);
    EXPECT_EQ(state_dir_check(ns, std::nullopt).verdict, Verdict::kNote);
    // /tmp/cordon-private: 0755 is refused, not tightened.
    EXPECT_EQ(state_dir_check(rule("/tmp/cordon-private"), DirFacts{0, 0, S_IFDIR | 0755}).verdict, Verdict::kBad);
}

TEST(StateDirCheck, ConfigDirsOnlyNotWritableByOthers) {
    const StateDirRule& apps = rule("/etc/cordon/apps");
    EXPECT_EQ(state_dir_check(apps, DirFacts{0, 0, S_IFDIR | 0755}).verdict, Verdict::kOk);
    EXPECT_EQ(state_dir_check(apps, DirFacts{0, 0, S_IFDIR | 0700}).verdict, Verdict::kOk);
    EXPECT_EQ(state_dir_check(apps, DirFacts{0, 0, S_IFDIR | 0775}).verdict, Verdict::kBad);
}

TEST(FeatureCheck, MissingIsANoteUnlessRequired) {
    EXPECT_EQ(feature_check({"open_tree", true, 0, "x"}).verdict, Verdict::kOk);
    Check c = feature_check({"open_tree", false, ENOSYS, "mount(2)"});
    EXPECT_EQ(c.verdict, Verdict::kNote);
    EXPECT_EQ(c.detail, "not available (ENOSYS): mount(2)");
    EXPECT_EQ(feature_check({"seccomp", false, EINVAL, "x", true}).verdict, Verdict::kBad);
}

TEST(AppArmorChecks, LauncherProfileMustEnforceWhereEnabled) {
    EXPECT_EQ(apparmor_check(false).verdict, Verdict::kNote);
    EXPECT_EQ(launcher_profile_check(false, std::nullopt, "/etc/apparmor.d").verdict, Verdict::kNote);
    EXPECT_EQ(launcher_profile_check(true, "enforce", "/etc/apparmor.d").verdict, Verdict::kOk);
    Check c = launcher_profile_check(true, "complain", "/etc/apparmor.d");
    EXPECT_EQ(c.verdict, Verdict::kBad);
    EXPECT_NE(c.detail.find("apparmor_parser -r /etc/apparmor.d/"), std::string::npos);
    EXPECT_EQ(launcher_profile_check(true, std::nullopt, "/etc/apparmor.d").verdict, Verdict::kBad);
}

TEST(ProfileModeInList, LastParenthesisedWord) {
    std::string list = "cordon.demo (enforce)\ncordon (complain)\nweird name (x) (kill)\n";
    EXPECT_EQ(profile_mode_in_list(list, "cordon"), "complain");
    EXPECT_EQ(profile_mode_in_list(list, "weird name (x)"), "kill");
    EXPECT_EQ(profile_mode_in_list(list, "cordon-update-ns"), std::nullopt);
    EXPECT_EQ(profile_mode_in_list("", "cordon"), std::nullopt);
}

TEST(NamespaceCheck, StaleIsANoteUnknownIsBad) {
    NsListRow row;
    row.app = "demo";
    row.ns = "mnt:[1]";
    row.processes = 1;
    row.freshness = NsFreshness::kCurrent;
    EXPECT_EQ(namespace_check(row).verdict, Verdict::kOk);
    row.freshness = NsFreshness::kStale;
    row.why = "revision 0 != 1";
    Check c = namespace_check(row);
    EXPECT_EQ(c.verdict, Verdict::kNote);
    EXPECT_NE(c.detail.find("revision 0 != 1"), std::string::npos);
    row.freshness = NsFreshness::kUnknown;
    EXPECT_EQ(namespace_check(row).verdict, Verdict::kBad);
}

TEST(NsDirResidue, TemporaryFilesAndFilesWithoutNamespace) {
    std::vector<std::string> persisted{"demo"};
    EXPECT_EQ(ns_dir_residue("demo.mnt", persisted), std::nullopt);
    EXPECT_EQ(ns_dir_residue("demo.info", persisted), std::nullopt);
    EXPECT_EQ(ns_dir_residue(".demo.info.a1B2c3", persisted), "demo");
    EXPECT_EQ(ns_dir_residue("gone.info", persisted), "gone");
    EXPECT_EQ(ns_dir_residue("gone.mnt", persisted), "gone");
    EXPECT_NE(residue_check(".demo.info.a1B2c3", "demo", true).detail.find("next launch of demo"),
              std::string::npos);
    EXPECT_NE(residue_check("gone.info", "gone", false).detail.find("ns discard gone"), std::string::npos);
}

TEST(DoctorExitStatus, OneBadLineFails) {
    std::vector<Check> checks{{"a", "x", Verdict::kOk, ""}, {"a", "y", Verdict::kNote, ""}};
    EXPECT_EQ(doctor_exit_status(checks), 0);
    checks.push_back({"a", "z", Verdict::kBad, ""});
    EXPECT_EQ(doctor_exit_status(checks), 1);
}

}  // namespace
}  // namespace cordon
