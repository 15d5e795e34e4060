#include "core/app_lint.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "core/app_config.h"
#include "core/fs_trust.h"

namespace cordon {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kConf = "/etc/cordon/apps/a.conf";

TEST(AppConfigLint, EveryBadLineIsReportedWithWhatIsAllowed) {
    AppConfigParse parsed = lint_app_config("base = b\nfrob = 1\nlandlock = maybe\nrevision = 3\n", kConf);
    ASSERT_EQ(parsed.problems.size(), 2u);
    EXPECT_EQ(parsed.problems[0].action(), "parse " + kConf + ":2");
    EXPECT_TRUE(has(parsed.problems[0].reason(), "unknown key \"frob\" (the keys: base, revision"));
    EXPECT_EQ(parsed.problems[1].action(), "parse " + kConf + ":3");
    EXPECT_TRUE(has(parsed.problems[1].reason(), "\"on\" or \"off\""));
    // The good lines are read all the same.
    EXPECT_EQ(parsed.config.base, "b");
    EXPECT_EQ(parsed.config.revision, 3u);
}

TEST(AppConfigLint, TheLauncherStopsAtTheFirstOfTheSameProblems) {
    std::string text = "frob = 1\nbase = b\nlandlock = maybe\n";
    AppConfigParse parsed = lint_app_config(text, kConf);
    ASSERT_EQ(parsed.problems.size(), 2u);
    try {
        parse_app_config(text, kConf);
        FAIL() << "parse_app_config accepted it";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), parsed.problems[0].action());
        EXPECT_EQ(e.reason(), parsed.problems[0].reason());
    }
}

TEST(AppConfigLint, MissingBaseOnlyWhenThereIsNoBaseLine) {
    AppConfigParse none = lint_app_config("revision = 1\n", kConf);
    ASSERT_EQ(none.problems.size(), 1u);
    EXPECT_EQ(none.problems[0].action(), "parse " + kConf);
    AppConfigParse bad_name = lint_app_config("base = Bad!\n", kConf);
    ASSERT_EQ(bad_name.problems.size(), 1u);  // the line's problem, not also "missing"
    EXPECT_EQ(bad_name.problems[0].action(), "parse " + kConf + ":1");
}

TEST(ConfigFindings, ALineProblemIsFixedByEditingThatLine) {
    std::vector<Error> problems{Error("parse " + kConf + ":2", "unknown key \"frob\" (the keys: base)"),
                                Error("parse " + kConf, "required key \"base\" is missing")};
    std::vector<Finding> f = config_findings(kConf, problems);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].verdict, Verdict::kBad);
    EXPECT_EQ(f[0].detail, kConf + ":2: unknown key \"frob\" (the keys: base)");
    EXPECT_EQ(f[0].fix, "edit " + kConf + ":2 (cordon.conf(5))");
    EXPECT_EQ(f[1].fix, "add a line \"base = BASE\" to " + kConf);
    std::vector<Finding> ok = config_findings(kConf, {});
    ASSERT_EQ(ok.size(), 1u);
    EXPECT_EQ(ok[0].verdict, Verdict::kOk);
    EXPECT_EQ(problem_count(ok), 0u);
    EXPECT_EQ(app_check_exit_status(f), 1);
}

TEST(Untrusted, TheFixIsChmodOrChownOfThatPath) {
    Finding w = untrusted_finding("config", {kConf, 0, S_IFREG | 0664});
    EXPECT_EQ(w.verdict, Verdict::kBad);
    EXPECT_EQ(w.fix, "chmod go-w " + kConf);
    EXPECT_TRUE(has(w.detail, "writable by group or others (mode 0664)"));
    Finding o = untrusted_finding("base", {"/var/lib/cordon", 1000, S_IFDIR | 0777});
    EXPECT_EQ(o.fix, "chown root: /var/lib/cordon && chmod go-w /var/lib/cordon");
    EXPECT_TRUE(has(o.detail, "owned by uid 1000"));
    // The launcher's own rule.
    EXPECT_FALSE(untrusted_reason(0, 01755).has_value());
    EXPECT_TRUE(untrusted_reason(0, 01777).has_value());  // sticky is no excuse for what steers root
    EXPECT_EQ(untrusted_fix("/x", 0, 0755), "");
}

TEST(Base, MissingNamesThePathAndTheLine) {
    Finding f = base_failed_finding("/var/lib/cordon/bases/b", kConf + ":1",
                                    Error("open base b (" + kConf + ":1)", "there is no /var/lib/cordon/bases/b"));
    EXPECT_EQ(f.verdict, Verdict::kBad);
    EXPECT_TRUE(has(f.fix, "make the base /var/lib/cordon/bases/b"));
    EXPECT_TRUE(has(f.fix, "fix " + kConf + ":1"));
    EXPECT_EQ(base_finding("/var/lib/cordon/bases/b").verdict, Verdict::kOk);
}

TEST(HostTable, BaseNeedsEveryMountPointButTheOptionalOnes) {
    for (const HostMount& m : host_table()) EXPECT_EQ(base_needs_mount_point(m), m.presence != Presence::kOptional);
    std::vector<BaseMountPoint> without = base_mount_points(false), with = base_mount_points(true);
    EXPECT_EQ(without.size(), host_table().size());
    ASSERT_EQ(with.size(), without.size() + 1);
    EXPECT_EQ(with.back().path, "/app");
    EXPECT_TRUE(with.back().needed);
}

TEST(MountPoints, MissingNeededIsBadWithMkdir) {
    const std::string dir = "/var/lib/cordon/bases/b";
    std::vector<MountPointFacts> facts{
        {{"/run", true}, false, true, std::nullopt},
        {{"/var/tmp", true}, false, true, std::nullopt},
        {{"/dev", true}, true, true, std::nullopt},
        {{"/mnt", false}, false, true, std::nullopt},         // the host has it: a note
        {{"/run/netns", false}, false, false, std::nullopt},  // neither has it: nothing
        {{"/etc", true}, false, true, std::string("Not a directory")},
    };
    std::vector<Finding> f = mount_point_findings(dir, facts);
    ASSERT_EQ(f.size(), 4u);
    EXPECT_EQ(f[0].what, "mount point /run");
    EXPECT_EQ(f[0].verdict, Verdict::kBad);
    EXPECT_EQ(f[0].fix, "mkdir " + dir + "/run");
    EXPECT_EQ(f[1].fix, "mkdir -p " + dir + "/var/tmp");
    EXPECT_EQ(f[2].verdict, Verdict::kNote);
    EXPECT_EQ(f[2].fix, "mkdir " + dir + "/mnt");
    EXPECT_EQ(f[3].verdict, Verdict::kBad);
    EXPECT_TRUE(has(f[3].detail, "Not a directory"));
    EXPECT_EQ(problem_count(f), 3u);
}

TEST(MountPoints, AllPresentIsOneOkLine) {
    std::vector<MountPointFacts> facts{{{"/run", true}, true, true, std::nullopt},
                                       {{"/mnt", false}, false, false, std::nullopt}};
    std::vector<Finding> f = mount_point_findings("/b", facts);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].verdict, Verdict::kOk);
    EXPECT_TRUE(has(f[0].detail, "the 1 a launch needs"));
}

TEST(LineFinding, NamesTheLineAndTheFormat) {
    Finding f = line_finding("mount profile", Error("parse /etc/cordon/apps/a.fstab:3", "unknown option \"x\""),
                             "cordon-mount-profile(5)");
    EXPECT_EQ(f.verdict, Verdict::kBad);
    EXPECT_EQ(f.detail, "/etc/cordon/apps/a.fstab:3: unknown option \"x\"");
    EXPECT_EQ(f.fix, "edit /etc/cordon/apps/a.fstab:3 (cordon-mount-profile(5))");
    Finding s = line_finding("seccomp", Error("parse /etc/cordon/apps/a.seccomp:2:1", "unknown syscall \"x\""),
                             "cordon-seccomp(5)");
    EXPECT_EQ(s.fix, "edit /etc/cordon/apps/a.seccomp:2:1 (cordon-seccomp(5))");
}

TEST(ProfileAndSeccomp, OkLines) {
    EXPECT_EQ(mount_profile_finding("/p", false, 0).verdict, Verdict::kOk);
    EXPECT_TRUE(has(mount_profile_finding("/p", true, 2).detail, "2 entries"));
    EXPECT_TRUE(has(seccomp_finding("/s", 7).detail, "compiles (7 rules)"));
    EXPECT_EQ(seccomp_unconfined_finding().verdict, Verdict::kNote);
}

TEST(AppArmor, VerdictPerCase) {
    auto check = [](bool enabled, bool unconfined, bool file, std::optional<std::string> mode) {
        return apparmor_finding("a", "/etc/apparmor.d", AppArmorFacts{enabled, unconfined, file, mode});
    };
    EXPECT_EQ(check(false, false, false, std::nullopt).verdict, Verdict::kNote);  // no AppArmor: not a problem
    EXPECT_EQ(check(true, true, false, std::nullopt).verdict, Verdict::kNote);
    Finding missing = check(true, false, false, std::nullopt);
    EXPECT_EQ(missing.verdict, Verdict::kBad);
    EXPECT_EQ(missing.fix, "cordonctl apparmor generate a && apparmor_parser -r /etc/apparmor.d/cordon.a");
    EXPECT_EQ(check(true, false, true, std::nullopt).fix, "apparmor_parser -r /etc/apparmor.d/cordon.a");
    EXPECT_EQ(check(true, false, true, std::string("complain")).verdict, Verdict::kNote);
    EXPECT_EQ(check(true, false, false, std::string("enforce")).verdict, Verdict::kNote);  // gone at reboot
    Finding ok = check(true, false, true, std::string("enforce"));
    EXPECT_EQ(ok.verdict, Verdict::kOk);
    EXPECT_EQ(ok.detail, "cordon.a loaded, enforce");
}

}  // namespace
}  // namespace cordon
