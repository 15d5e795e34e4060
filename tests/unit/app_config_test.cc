#include "core/app_config.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace cordon {
namespace {

using namespace std::string_literals;

const std::string kFile = "/etc/cordon/apps/x.conf";

// Parses text expecting an Error; returns it (a default Error when none was thrown,
// after recording a failure).
Error parse_error(std::string_view text, const std::string& file = kFile) {
    try {
        parse_app_config(text, file);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "parse_app_config did not throw for:\n" << text;
    return Error("<none>", "<none>");
}

// Checks the error names FILE:LINE both in its action and in the formatted message.
void expect_error_at(std::string_view text, int line, const std::string& reason_part) {
    SCOPED_TRACE(std::string(text));
    Error e = parse_error(text);
    std::string where = kFile + ":" + std::to_string(line);
    EXPECT_EQ(e.action(), "parse " + where);
    EXPECT_NE(e.reason().find(reason_part), std::string::npos)
        << "reason \"" << e.reason() << "\" lacks \"" << reason_part << "\"";
    std::string formatted = format_error("cordon", e);
    EXPECT_EQ(formatted.rfind("cordon: cannot parse " + where + ": ", 0), 0u) << formatted;
    EXPECT_EQ(formatted, "cordon: cannot parse " + where + ": " + e.reason());
}

TEST(ParseAppConfig, MinimalBaseOnly) {
    AppConfig c = parse_app_config("base = ubuntu\n", kFile);
    EXPECT_EQ(c.base, "ubuntu");
    EXPECT_EQ(c.revision, 0u);
    EXPECT_FALSE(c.payload.has_value());
}

TEST(ParseAppConfig, FullConfigWithCommentsBlankLinesAndWhitespace) {
    const char* text =
        "# an app\n"
        "\n"
        "   # indented comment\n"
        "base=debian-12\n"
        "\t\n"
        "  revision   =\t7  \n"
        "payload = /opt/apps/x\r\n"
        "#base = other\n"
        "   \n";
    AppConfig c = parse_app_config(text, kFile);
    EXPECT_EQ(c.base, "debian-12");
    EXPECT_EQ(c.revision, 7u);
    ASSERT_TRUE(c.payload.has_value());
    EXPECT_EQ(*c.payload, "/opt/apps/x");
}

TEST(ParseAppConfig, NoTrailingNewline) {
    AppConfig c = parse_app_config("revision = 3\nbase = b", kFile);
    EXPECT_EQ(c.base, "b");
    EXPECT_EQ(c.revision, 3u);
}

TEST(ParseAppConfig, RevisionDefaultsToZero) {
    AppConfig c = parse_app_config("base = b\npayload = /srv/p\n", kFile);
    EXPECT_EQ(c.revision, 0u);
    EXPECT_EQ(c.payload, "/srv/p");
}

TEST(ParseAppConfig, RevisionLimits) {
    EXPECT_EQ(parse_app_config("base = b\nrevision = 0\n", kFile).revision, 0u);
    EXPECT_EQ(parse_app_config("base = b\nrevision = 18446744073709551615\n", kFile).revision,
              18446744073709551615u);
}

TEST(ParseAppConfig, PayloadRoot) {
    AppConfig c = parse_app_config("base = b\npayload = /\n", kFile);
    EXPECT_EQ(c.payload, "/");
}

TEST(ParseAppConfig, PayloadWithDotsInsideComponentsIsFine) {
    AppConfig c = parse_app_config("base = b\npayload = /opt/x..y/.hidden/a.b\n", kFile);
    EXPECT_EQ(c.payload, "/opt/x..y/.hidden/a.b");
}

TEST(ParseAppConfig, ValueMayContainEquals) {
    // Only the first '=' splits; the rest is the value (here an invalid base).
    expect_error_at("base = a=b\n", 1, "invalid base name \"a=b\"");
}

TEST(ParseAppConfig, UnknownKey) {
    expect_error_at("base = b\n# c\ncolour = red\n", 3, "unknown key \"colour\"");
}

TEST(ParseAppConfig, UnknownKeyListsTheKeys) {
    expect_error_at("base = b\ncolour = red\n", 2,
                    "(the keys: base, revision, payload, seccomp, apparmor, capabilities, landlock, landlock-scope, "
                    "proc)");
}

TEST(ParseAppConfig, InlineCommentsAsInSeccompPolicies) {
    AppConfig c = parse_app_config("base = b   # the base\nrevision = 4# four\npayload = /opt/p #\n", kFile);
    EXPECT_EQ(c.base, "b");
    EXPECT_EQ(c.revision, 4u);
    ASSERT_TRUE(c.payload.has_value());
    EXPECT_EQ(*c.payload, "/opt/p");
    // A line that is only a key and a comment is still missing its '='.
    expect_error_at("base = b\nrevision # = 3\n", 2, "expected \"key = value\"");
}

TEST(ParseAppConfig, RemembersWhereBaseAndPayloadAre) {
    AppConfig c = parse_app_config("# x\npayload = /opt/p\n\nbase = b\n", kFile);
    EXPECT_EQ(c.base_where, kFile + ":4");
    EXPECT_EQ(c.payload_where, kFile + ":2");
}

TEST(ParseAppConfig, KeysAreCaseSensitive) {
    expect_error_at("Base = b\n", 1, "unknown key \"Base\"");
}

TEST(ParseAppConfig, MissingEquals) {
    expect_error_at("base = b\n\nrevision 3\n", 3, "expected \"key = value\"");
}

TEST(ParseAppConfig, MissingKey) { expect_error_at("base = b\n = x\n", 2, "missing key"); }

TEST(ParseAppConfig, DuplicateKey) {
    expect_error_at("base = b\nrevision = 1\nbase = b\n", 3, "key \"base\" given twice");
    expect_error_at("base = b\nrevision = 1\nrevision = 1\n", 3, "key \"revision\" given twice");
    expect_error_at("base = b\npayload = /a\npayload = /b\n", 3, "key \"payload\" given twice");
}

TEST(ParseAppConfig, BadRevision) {
    for (const char* rev : {"-1", "1x", "", "99999999999999999999999", "+1", "0x10", "1 2", "1.0",
                            "18446744073709551616"}) {
        SCOPED_TRACE(rev);
        std::string text = "base = b\n\nrevision = " + std::string(rev) + "\n";
        expect_error_at(text, 3, "revision must be a non-negative decimal integer");
    }
}

TEST(ParseAppConfig, InvalidBaseName) {
    expect_error_at("base = Ubuntu\n", 1, "invalid base name \"Ubuntu\"");
    expect_error_at("# x\nbase = ../etc\n", 2, "invalid base name \"../etc\"");
    expect_error_at("base = a--b\n", 1, "invalid base name");
    expect_error_at("base = a/b\n", 1, "invalid base name");
    expect_error_at("base =\n", 1, "invalid base name");
}

TEST(ParseAppConfig, InvalidBaseNameReasonIncludesProblem) {
    Error e = parse_error("base = -a\n");
    EXPECT_NE(e.reason().find("start and end with a letter or digit"), std::string::npos) << e.reason();
}

TEST(ParseAppConfig, RelativePayload) {
    expect_error_at("base = b\npayload = opt/x\n", 2, "payload must be an absolute path");
    expect_error_at("base = b\npayload =\n", 2, "payload must be an absolute path");
    expect_error_at("base = b\npayload = ./x\n", 2, "payload must be an absolute path");
}

TEST(ParseAppConfig, PayloadWithDotDot) {
    for (const char* p : {"/opt/../etc", "/..", "/opt/..", "/../x", "/opt/./x", "/.", "/opt/x/."}) {
        SCOPED_TRACE(p);
        std::string text = "base = b\nrevision = 1\npayload = " + std::string(p) + "\n";
        expect_error_at(text, 3, "payload must not contain");
    }
}

TEST(ParseAppConfig, MissingBaseNamesTheFile) {
    for (const char* text : {"", "\n", "# only a comment\n", "revision = 2\npayload = /x\n"}) {
        SCOPED_TRACE(text);
        Error e = parse_error(text);
        EXPECT_EQ(e.action(), "parse " + kFile);
        EXPECT_NE(e.reason().find("\"base\""), std::string::npos) << e.reason();
        EXPECT_EQ(format_error("cordon", e),
                  "cordon: cannot parse /etc/cordon/apps/x.conf: required key \"base\" is missing");
    }
}

TEST(ParseAppConfig, NulByte) {
    std::string text = "base = b\nrevision = 1\0\n"s;
    ASSERT_EQ(text.size(), 23u);
    expect_error_at(text, 2, "NUL");
}

TEST(ParseAppConfig, NulByteInComment) {
    std::string text = "base = b\n# a\0b\n"s;
    expect_error_at(text, 2, "NUL");
}

TEST(ParseAppConfig, ReportsFirstProblem) {
    expect_error_at("base = b\nfoo = 1\nbar\n", 2, "unknown key \"foo\"");
}

TEST(ParseAppConfig, UsesGivenFilename) {
    try {
        parse_app_config("nope\n", "/some/other.conf");
        FAIL() << "no throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "parse /some/other.conf:1");
        EXPECT_STREQ(e.what(), "cannot parse /some/other.conf:1: expected \"key = value\"");
    }
}

TEST(ParseAppConfig, LongUnknownKeyIsBounded) {
    std::string key(5000, 'k');
    Error e = parse_error("base = b\n" + key + " = 1\n");
    EXPECT_EQ(e.action(), "parse " + kFile + ":2");
    EXPECT_LT(e.reason().size(), 200u);
}

TEST(ParseAppConfig, ConfinementDefaults) {
    AppConfig c = parse_app_config("base = b\n", kFile);
    EXPECT_EQ(c.seccomp, Confine::kDefault);
    EXPECT_EQ(c.apparmor, Confine::kDefault);
    EXPECT_EQ(c.root_capabilities, default_root_capabilities());
    EXPECT_TRUE(c.landlock);
    EXPECT_EQ(c.landlock_scope, LandlockScope::kNone);
}

TEST(ParseAppConfig, ConfinementKeys) {
    AppConfig c =
        parse_app_config("base = b\nseccomp = unconfined\napparmor = unconfined\ncapabilities = all\n", kFile);
    EXPECT_EQ(c.seccomp, Confine::kUnconfined);
    EXPECT_EQ(c.apparmor, Confine::kUnconfined);
    EXPECT_EQ(c.root_capabilities, all_capabilities());
    AppConfig d = parse_app_config("base = b\nseccomp = default\napparmor = default\n", kFile);
    EXPECT_EQ(d.seccomp, Confine::kDefault);
    EXPECT_EQ(d.apparmor, Confine::kDefault);
}

TEST(ParseAppConfig, CapabilityList) {
    AppConfig c = parse_app_config("base = b\ncapabilities = net_admin, CAP_CHOWN\n", kFile);
    EXPECT_EQ(c.root_capabilities, (CapMask{1} << 12) | (CapMask{1} << 0));
}

TEST(ParseAppConfig, BadConfinementValues) {
    expect_error_at("base = b\nseccomp = off\n", 2, "seccomp must be \"default\" or \"unconfined\"");
    expect_error_at("base = b\n\napparmor = complain\n", 3, "apparmor must be");
    expect_error_at("base = b\ncapabilities = sys_bogus\n", 2, "sys_bogus");
    expect_error_at("base = b\nseccomp = default\nseccomp = default\n", 3, "given twice");
}

TEST(ParseAppConfig, LandlockKeys) {
    AppConfig off = parse_app_config("base = b\nlandlock = off\n", kFile);
    EXPECT_FALSE(off.landlock);
    EXPECT_EQ(off.landlock_scope, LandlockScope::kNone);
    AppConfig on = parse_app_config("base = b\nlandlock = on\nlandlock-scope = none\n", kFile);
    EXPECT_TRUE(on.landlock);
    EXPECT_EQ(on.landlock_scope, LandlockScope::kNone);
    const std::pair<const char*, LandlockScope> scopes[] = {
        {"abstract-sockets", LandlockScope::kAbstractSockets},
        {"signals", LandlockScope::kSignals},
        {"all", LandlockScope::kAll},
    };
    for (const auto& [text, scope] : scopes) {
        SCOPED_TRACE(text);
        AppConfig c = parse_app_config("base = b\nlandlock-scope = "s + text + "   # why\n", kFile);
        EXPECT_EQ(c.landlock_scope, scope);
        EXPECT_TRUE(c.landlock);
    }
}

TEST(ParseAppConfig, BadLandlockValues) {
    expect_error_at("base = b\nlandlock = yes\n", 2, "landlock must be \"on\" or \"off\", not \"yes\"");
    expect_error_at("base = b\nlandlock = On\n", 2, "landlock must be");
    expect_error_at("base = b\nlandlock =\n", 2, "landlock must be");
    expect_error_at("base = b\nlandlock-scope = sockets\n", 2,
                    "landlock-scope must be \"none\", \"abstract-sockets\", \"signals\" or \"all\", not \"sockets\"");
    expect_error_at("base = b\nlandlock-scope = abstract-sockets,signals\n", 2, "landlock-scope must be");
    expect_error_at("base = b\nlandlock = off\nlandlock = off\n", 3, "given twice");
}

TEST(ParseAppConfig, ProcView) {
    EXPECT_EQ(parse_app_config("base = b\n", kFile).proc, ProcView::kHost);
    EXPECT_EQ(parse_app_config("base = b\nproc = host\n", kFile).proc, ProcView::kHost);
    EXPECT_EQ(parse_app_config("base = b\nproc = private\n", kFile).proc, ProcView::kPrivate);
    expect_error_at("base = b\nproc = hidden\n", 2, "proc must be \"host\" or \"private\", not \"hidden\"");
    expect_error_at("base = b\nproc = Private\n", 2, "proc must be");
}

}  // namespace
}  // namespace cordon
