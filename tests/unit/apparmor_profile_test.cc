#include "core/apparmor_profile.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>
#include <string>

#include "core/error.h"

namespace cordon {
namespace {

const std::optional<std::string> kNoPayload;

// Expects rendering to throw, and returns the error.
Error render_error(std::string_view tmpl, std::string_view app = "demo", std::string_view base = "busybox",
                   const std::optional<std::string>& payload = std::nullopt) {
    try {
        render_app_profile(tmpl, app, base, payload);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for template \"" << tmpl << "\"";
    return Error("", "");
}

TEST(AppProfileName, IsCordonDotApp) {
    EXPECT_EQ(app_profile_name("demo"), "cordon.demo");
    EXPECT_EQ(app_profile_name("a-1"), "cordon.a-1");
}

TEST(LauncherConfinement, OnlyItsOwnProfileEnforcingConfinesIt) {
    EXPECT_TRUE(launcher_is_confined("cordon", "enforce"));
    EXPECT_TRUE(launcher_is_confined("cordon", "kill"));
    EXPECT_FALSE(launcher_is_confined("cordon", "complain"));
    EXPECT_FALSE(launcher_is_confined("unconfined", ""));
    EXPECT_FALSE(launcher_is_confined("cordon.demo", "enforce"));
    EXPECT_FALSE(launcher_is_confined("cordon//null-x", "enforce"));
}

TEST(LauncherConfinement, RefusalSaysWhatAndHowToFix) {
    EXPECT_EQ(launcher_not_confined_reason("unconfined", "", "/etc/apparmor.d"),
              "AppArmor is enabled but cordon is not confined by its profile \"cordon\" in enforce mode (its label "
              "is \"unconfined\"), and a setuid root process must not run without it; load the profile as root with "
              "\"apparmor_parser -r /etc/apparmor.d/usr.bin.cordon\" (or reinstall cordon, which loads it)");
    std::string complain = launcher_not_confined_reason("cordon", "complain", "/etc/apparmor.d");
    EXPECT_NE(complain.find("(its label is \"cordon\" (complain))"), std::string::npos) << complain;
    EXPECT_NE(
        launcher_not_confined_reason("unconfined", "", "/opt/aa").find("apparmor_parser -r /opt/aa/usr.bin.cordon"),
        std::string::npos);
}

MountEntry mount_entry(const std::string& target, unsigned long flags, BindShape shape = BindShape::kDir) {
    Bind b;
    b.source = "/srv/x";
    b.shape = shape;
    b.flags = flags;
    return MountEntry{target, Mounted{b, {}}};
}

TEST(MountTargetRules, NoEntriesNoRules) { EXPECT_EQ(mount_target_rules(MountProfile{}), ""); }

TEST(MountTargetRules, ReadOnlyRunsWritableIsWrittenByOwners) {
    MountProfile p;
    p.entries.push_back(mount_entry("/data", MS_RDONLY));
    p.entries.push_back(mount_entry("/scratch", 0));
    p.entries.push_back(mount_entry("/data/noexec", MS_RDONLY | MS_NOEXEC));
    p.entries.push_back(mount_entry("/etc/app.conf", MS_RDONLY, BindShape::kFile));
    p.entries.push_back(mount_entry("/var/app.state", 0, BindShape::kFile));
    p.entries.push_back(MountEntry{"/layout", EnsureDir{}});
    p.entries.push_back(MountEntry{"/link", Symlink{"x"}});
    EXPECT_EQ(mount_target_rules(p),
              "  /data/ r,\n  /data/** mrix,\n"
              "  /scratch/ r,\n  /scratch/** r,\n  owner /scratch/** wkl,\n"
              "  /data/noexec/ r,\n  /data/noexec/** r,\n"
              "  /etc/app.conf mrix,\n"
              "  /var/app.state r,\n  owner /var/app.state wk,\n"
              "  /layout/ r,\n  /layout/** r,\n  owner /layout/** wkl,\n");
}

TEST(MountTargetRules, TargetsAppArmorCannotTakeAreRefused) {
    for (const char* target : {"/my data", "/a,b", "/a*", "/a{b}", "/@{HOME}", "/a#b", "/a\"b"}) {
        MountProfile p;
        p.entries.push_back(mount_entry(target, MS_RDONLY));
        try {
            mount_target_rules(p);
            ADD_FAILURE() << "no error for " << target;
        } catch (const Error& e) {
            EXPECT_EQ(e.action(), "render AppArmor template") << target;
            EXPECT_NE(e.reason().find("cannot take unquoted"), std::string::npos) << e.reason();
        }
    }
}

TEST(RenderAppProfile, MountRulesPlaceholder) {
    EXPECT_EQ(render_app_profile("{\n@{MOUNT_RULES}}", "demo", "b", kNoPayload, "  /data/ r,\n"), "{\n  /data/ r,\n}");
    EXPECT_EQ(render_app_profile("{\n@{MOUNT_RULES}}", "demo", "b", kNoPayload), "{\n}");
}

TEST(RenderAppProfile, ReplacesEachPlaceholder) {
    EXPECT_EQ(render_app_profile("profile cordon.@{APP} {}", "demo", "busybox", kNoPayload), "profile cordon.demo {}");
    EXPECT_EQ(render_app_profile("# base @{BASE}", "demo", "busybox", kNoPayload), "# base busybox");
    EXPECT_EQ(render_app_profile("# payload @{PAYLOAD}", "demo", "busybox", std::string("/srv/demo")),
              "# payload /srv/demo");
}

TEST(RenderAppProfile, EveryOccurrenceAndAdjacentOnes) {
    EXPECT_EQ(render_app_profile("@{APP}@{APP} @{BASE}/@{APP}@{PAYLOAD}", "a", "b", std::string("/p")), "aa b/a/p");
}

TEST(RenderAppProfile, NoPayloadRendersNothing) {
    EXPECT_EQ(render_app_profile("[@{PAYLOAD}]", "demo", "busybox", kNoPayload), "[]");
}

TEST(RenderAppProfile, TextWithoutPlaceholdersIsUnchanged) {
    std::string text =
        "abi <abi/3.0>,\n#include <tunables/global>\nprofile x {\n  /tmp/** rw,  # comment, with {braces}\n}\n"
        "user@host {a,b} @ { @}\n\xc3\xa9\n";
    EXPECT_EQ(render_app_profile(text, "demo", "busybox", kNoPayload), text);
    EXPECT_EQ(render_app_profile("", "demo", "busybox", kNoPayload), "");
}

TEST(RenderAppProfile, LoneAtSigns) {
    EXPECT_EQ(render_app_profile("@", "demo", "b", kNoPayload), "@");
    EXPECT_EQ(render_app_profile("a@", "demo", "b", kNoPayload), "a@");
    EXPECT_EQ(render_app_profile("@@{APP}", "demo", "b", kNoPayload), "@demo");
    EXPECT_EQ(render_app_profile("{APP}", "demo", "b", kNoPayload), "{APP}");
}

TEST(RenderAppProfile, MultiLineTemplate) {
    std::string tmpl = "line 1 @{APP}\n\nline 3 @{BASE}\n";
    EXPECT_EQ(render_app_profile(tmpl, "x", "y", kNoPayload), "line 1 x\n\nline 3 y\n");
}

TEST(RenderAppProfile, UnknownPlaceholderIsAnError) {
    Error e = render_error("abc\nowner @{HOME}/** rw,\n");
    EXPECT_EQ(e.action(), "render AppArmor template");
    EXPECT_EQ(e.reason(), "unknown placeholder @{HOME} on line 2 (known: @{APP}, @{BASE}, @{PAYLOAD}, @{MOUNT_RULES})");
}

TEST(RenderAppProfile, PlaceholdersAreCaseSensitive) {
    EXPECT_NE(render_error("@{app}").reason().find("unknown placeholder @{app}"), std::string::npos);
    EXPECT_NE(render_error("@{ APP }").reason().find("unknown placeholder @{ APP }"), std::string::npos);
    EXPECT_NE(render_error("@{}").reason().find("unknown placeholder @{}"), std::string::npos);
}

TEST(RenderAppProfile, UnknownPlaceholderInACommentIsAnErrorToo) {
    EXPECT_NE(render_error("# see @{PROC}\n").reason().find("@{PROC} on line 1"), std::string::npos);
}

TEST(RenderAppProfile, UnterminatedPlaceholder) {
    Error e = render_error("x\ny\nprofile cordon.@{APP");
    EXPECT_EQ(e.action(), "render AppArmor template");
    EXPECT_EQ(e.reason(), "unterminated placeholder \"@{APP\" on line 3");
    EXPECT_EQ(render_error("@{").reason(), "unterminated placeholder \"@{\" on line 1");
    // A placeholder does not span lines.
    EXPECT_EQ(render_error("@{APP\n}").reason(), "unterminated placeholder \"@{APP\" on line 1");
}

TEST(RenderAppProfile, ErrorsBoundTheTextShown) {
    std::string tmpl = "@{" + std::string(1000, 'X') + "}";
    Error e = render_error(tmpl);
    EXPECT_LT(e.reason().size(), 200u) << e.reason();
}

TEST(RenderAppProfile, InvalidNamesAreRefused) {
    // They go into profile text: a name must not be able to add rules.
    Error e = render_error("@{APP}", "x, /** rwx");
    EXPECT_EQ(e.action(), "render AppArmor template");
    EXPECT_EQ(e.reason().rfind("invalid app name \"x, /** rwx\": ", 0), 0u) << e.reason();
    EXPECT_EQ(render_error("@{APP}", "").reason(), "invalid app name \"\": it is empty");
    EXPECT_EQ(render_error("@{BASE}", "demo", "Busybox").reason().rfind("invalid base name \"Busybox\": ", 0), 0u);
    EXPECT_THROW(render_app_profile("no placeholders", "demo", "a}b", kNoPayload), Error);
}

TEST(RenderAppProfile, PayloadIsNormalised) {
    auto render = [](const std::string& payload) {
        return render_app_profile("@{PAYLOAD}", "demo", "busybox", payload);
    };
    EXPECT_EQ(render("/srv/demo"), "/srv/demo");
    EXPECT_EQ(render("/srv/demo/"), "/srv/demo");
    EXPECT_EQ(render("//srv///demo//"), "/srv/demo");
    EXPECT_EQ(render("/"), "/");
    EXPECT_EQ(render("/var/lib/cordon/payloads/a-b_c.1+2~x:y"), "/var/lib/cordon/payloads/a-b_c.1+2~x:y");
    EXPECT_EQ(render("/srv/.hidden/..x"), "/srv/.hidden/..x");
}

TEST(RenderAppProfile, PayloadsAppArmorCannotTakeUnquotedAreRefused) {
    for (const char* payload : {"/srv/my app", "/srv/a,b", "/srv/*", "/srv/a?", "/srv/[ab]", "/srv/{a,b}",
                                "/srv/@{HOME}", "/srv/a\"b", "/srv/a#b", "/srv/a\nb", "/srv/a\tb", "/srv/a=b",
                                "/srv/a^b", "/srv/\xc3\xa9", "/srv/a\\b"}) {
        Error e = render_error("@{PAYLOAD}", "demo", "busybox", std::string(payload));
        EXPECT_EQ(e.action(), "render AppArmor template") << payload;
        EXPECT_NE(e.reason().find("cannot take unquoted"), std::string::npos) << e.reason();
    }
}

TEST(RenderAppProfile, PayloadMustBeAbsoluteWithoutDotComponents) {
    EXPECT_EQ(render_error("@{PAYLOAD}", "demo", "b", std::string("srv/x")).reason(),
              "payload \"srv/x\" is not an absolute path");
    EXPECT_EQ(render_error("@{PAYLOAD}", "demo", "b", std::string("")).reason(),
              "payload \"\" is not an absolute path");
    EXPECT_EQ(render_error("@{PAYLOAD}", "demo", "b", std::string("/srv/../etc")).reason(),
              "payload \"/srv/../etc\" has a \".\" or \"..\" component");
    EXPECT_EQ(render_error("@{PAYLOAD}", "demo", "b", std::string("/srv/./x")).reason(),
              "payload \"/srv/./x\" has a \".\" or \"..\" component");
}

TEST(RenderAppProfile, PayloadIsCheckedEvenWhenUnused) {
    EXPECT_THROW(render_app_profile("@{APP}", "demo", "b", std::string("relative")), Error);
}

// The shipped template: every placeholder in it is known and it renders.
// Found through $srcdir (set by `make check`) or from the build directory.
std::string read_shipped_template() {
    std::vector<std::string> candidates;
    if (const char* srcdir = std::getenv("srcdir")) candidates.push_back(std::string(srcdir) + "/apparmor/");
    candidates.push_back("apparmor/");
    candidates.push_back("../apparmor/");
    for (const std::string& dir : candidates) {
        std::ifstream in(dir + "cordon-app.template");
        if (!in) continue;
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    return {};
}

TEST(ShippedTemplate, RendersForASampleApp) {
    std::string tmpl = read_shipped_template();
    if (tmpl.empty()) GTEST_SKIP() << "apparmor/cordon-app.template not found (set srcdir)";
    std::string with_payload = render_app_profile(tmpl, "sample", "busybox", std::string("/srv/sample"));
    std::string without_payload = render_app_profile(tmpl, "sample", "busybox", std::nullopt);
    for (const std::string& p : {with_payload, without_payload}) {
        EXPECT_NE(p.find("profile cordon.sample "), std::string::npos);
        EXPECT_NE(p.find("abi <abi/3.0>,"), std::string::npos);
        EXPECT_EQ(p.find("@{APP}"), std::string::npos);
        EXPECT_EQ(p.find("@{BASE}"), std::string::npos);
        EXPECT_EQ(p.find("@{PAYLOAD}"), std::string::npos);
    }
}

}  // namespace
}  // namespace cordon
