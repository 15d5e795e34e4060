#include "seccomp/policy.h"
#include "seccomp/template_text.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace cordon {
namespace {

const std::string kFile = "/etc/cordon/apps/x.seccomp";
const std::string kTemplateFile = kDefaultTemplateName;

// Parses text expecting an Error; returns it (a placeholder Error after
// recording a failure when none was thrown).
Error parse_error(std::string_view text) {
    try {
        parse_seccomp_policy(text, kFile);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "parse_seccomp_policy did not throw for:\n" << text;
    return Error("<none>", "<none>");
}

// The error names FILE:LINE:COL in its action and its reason contains reason_part.
void expect_error_at(std::string_view text, unsigned line, unsigned column, const std::string& reason_part) {
    SCOPED_TRACE(std::string(text));
    Error e = parse_error(text);
    std::string where = kFile + ":" + std::to_string(line) + ":" + std::to_string(column);
    EXPECT_EQ(e.action(), "parse " + where);
    EXPECT_NE(e.reason().find(reason_part), std::string::npos)
        << "reason \"" << e.reason() << "\" lacks \"" << reason_part << "\"";
    EXPECT_EQ(format_error("cordon", e), "cordon: cannot parse " + where + ": " + e.reason());
}

// The single condition of a one-rule policy "read TOKEN".
ArgCondition condition_of(const std::string& token) {
    SeccompPolicy p = parse_seccomp_policy("read " + token + "\n", kFile);
    EXPECT_EQ(p.rules.size(), 1u);
    if (p.rules.size() != 1 || p.rules[0].conditions.size() != 1) {
        ADD_FAILURE() << "no single condition for " << token;
        return {};
    }
    return p.rules[0].conditions[0];
}

ArgCondition cond(unsigned index, ArgOp op, std::uint64_t value, std::uint64_t mask = 0) {
    ArgCondition c;
    c.index = index;
    c.op = op;
    c.value = value;
    c.mask = mask;
    return c;
}

bool holds(const ArgCondition& c, const std::array<std::uint64_t, 6>& args) {
    std::uint64_t a = args[c.index];
    switch (c.op) {
        case ArgOp::kEq: return a == c.value;
        case ArgOp::kNe: return a != c.value;
        case ArgOp::kLt: return a < c.value;
        case ArgOp::kLe: return a <= c.value;
        case ArgOp::kGt: return a > c.value;
        case ArgOp::kGe: return a >= c.value;
        case ArgOp::kMaskedEq: return (a & c.mask) == c.value;
    }
    return false;
}

bool matches(const SeccompRule& r, const std::array<std::uint64_t, 6>& args) {
    for (const ArgCondition& c : r.conditions)
        if (!holds(c, args)) return false;
    return true;
}

// What a policy does with a call, the way the two compiled programs would:
// "deny" when a deny rule matches, else "allow" when an allow rule matches,
// else "enosys".
std::string verdict(const SeccompPolicy& p, const std::string& name, std::array<std::uint64_t, 6> args = {}) {
    bool allowed = false;
    for (const SeccompRule& r : p.rules) {
        if (r.syscall != name || !matches(r, args)) continue;
        if (r.action == SeccompAction::kDeny) return "deny";
        allowed = true;
    }
    return allowed ? "allow" : "enosys";
}

const SeccompPolicy& default_policy() {
    static const SeccompPolicy p = parse_seccomp_policy(default_seccomp_template(), kTemplateFile);
    return p;
}

// ---------------------------------------------------------------------------
// Rules and value forms

TEST(SeccompPolicy, AllowAndDenyRules) {
    SeccompPolicy p = parse_seccomp_policy("read\n~mount\n", kFile);
    ASSERT_EQ(p.rules.size(), 2u);
    EXPECT_EQ(p.rules[0].action, SeccompAction::kAllow);
    EXPECT_EQ(p.rules[0].syscall, "read");
    EXPECT_TRUE(p.rules[0].conditions.empty());
    EXPECT_EQ(p.rules[0].pos, (SourcePos{kFile, 1, 1}));
    EXPECT_EQ(p.rules[1].action, SeccompAction::kDeny);
    EXPECT_EQ(p.rules[1].syscall, "mount");
    EXPECT_TRUE(p.rules[1].conditions.empty());
    // The position is the syscall name's, after the '~'.
    EXPECT_EQ(p.rules[1].pos, (SourcePos{kFile, 2, 2}));
}

TEST(SeccompPolicy, EmptyTextIsAnEmptyPolicy) {
    EXPECT_TRUE(parse_seccomp_policy("", kFile).rules.empty());
    EXPECT_TRUE(parse_seccomp_policy("\n\n  \t \n# only a comment\n", kFile).rules.empty());
}

TEST(SeccompPolicy, SyscallNamesMayHoldDigitsAndUnderscores) {
    SeccompPolicy p = parse_seccomp_policy("pread64\n_llseek\nrt_sigaction\n", kFile);
    ASSERT_EQ(p.rules.size(), 3u);
    EXPECT_EQ(p.rules[0].syscall, "pread64");
    EXPECT_EQ(p.rules[1].syscall, "_llseek");
    EXPECT_EQ(p.rules[2].syscall, "rt_sigaction");
}

TEST(SeccompPolicy, PlainValueIsEquality) { EXPECT_EQ(condition_of("42"), cond(0, ArgOp::kEq, 42)); }

TEST(SeccompPolicy, EveryOperator) {
    EXPECT_EQ(condition_of("==7"), cond(0, ArgOp::kEq, 7));
    EXPECT_EQ(condition_of("!=7"), cond(0, ArgOp::kNe, 7));
    EXPECT_EQ(condition_of("<7"), cond(0, ArgOp::kLt, 7));
    EXPECT_EQ(condition_of("<=7"), cond(0, ArgOp::kLe, 7));
    EXPECT_EQ(condition_of(">7"), cond(0, ArgOp::kGt, 7));
    EXPECT_EQ(condition_of(">=7"), cond(0, ArgOp::kGe, 7));
}

TEST(SeccompPolicy, MaskedEquality) {
    EXPECT_EQ(condition_of("0xff|0x12"), cond(0, ArgOp::kMaskedEq, 0x12, 0xff));
    EXPECT_EQ(condition_of("4294967295|TIOCSTI"), cond(0, ArgOp::kMaskedEq, 0x5412, 0xffffffff));
    EXPECT_EQ(condition_of("0xffffffff|0"), cond(0, ArgOp::kMaskedEq, 0, 0xffffffff));
}

TEST(SeccompPolicy, AllBitsSet) {
    EXPECT_EQ(condition_of("&CLONE_NEWUSER"), cond(0, ArgOp::kMaskedEq, 0x10000000, 0x10000000));
    EXPECT_EQ(condition_of("&0x5"), cond(0, ArgOp::kMaskedEq, 5, 5));
}

TEST(SeccompPolicy, OperatorsTakeConstants) {
    EXPECT_EQ(condition_of("==AF_UNIX"), cond(0, ArgOp::kEq, 1));
    EXPECT_EQ(condition_of("!=AF_NETLINK"), cond(0, ArgOp::kNe, 16));
    EXPECT_EQ(condition_of(">=AF_INET6"), cond(0, ArgOp::kGe, 10));
    EXPECT_EQ(condition_of("CLONE_NEWUSER|CLONE_NEWUSER"), cond(0, ArgOp::kMaskedEq, 0x10000000, 0x10000000));
}

TEST(SeccompPolicy, NumberBases) {
    EXPECT_EQ(condition_of("0").value, 0u);
    EXPECT_EQ(condition_of("10").value, 10u);
    EXPECT_EQ(condition_of("0x10").value, 16u);
    EXPECT_EQ(condition_of("0X1f").value, 31u);
    EXPECT_EQ(condition_of("0xAbCdEf").value, 0xabcdefu);
    EXPECT_EQ(condition_of("010").value, 8u);
    EXPECT_EQ(condition_of("0777").value, 0777u);
    EXPECT_EQ(condition_of("00").value, 0u);
}

TEST(SeccompPolicy, NumbersUpTo64Bits) {
    EXPECT_EQ(condition_of("18446744073709551615").value, UINT64_MAX);
    EXPECT_EQ(condition_of("0xffffffffffffffff").value, UINT64_MAX);
    EXPECT_EQ(condition_of("0x0000000000000000ffffffffffffffff").value, UINT64_MAX);  // leading zeros
    EXPECT_EQ(condition_of("01777777777777777777777").value, UINT64_MAX);
    EXPECT_EQ(condition_of("4294967296").value, 0x100000000u);
}

TEST(SeccompPolicy, ArgumentPositions) {
    SeccompPolicy p = parse_seccomp_policy("socket AF_INET - IPPROTO_TCP\nioctl - - - - - 5\n", kFile);
    ASSERT_EQ(p.rules.size(), 2u);
    EXPECT_EQ(p.rules[0].conditions,
              (std::vector<ArgCondition>{cond(0, ArgOp::kEq, 2), cond(2, ArgOp::kEq, 6)}));
    EXPECT_EQ(p.rules[1].conditions, (std::vector<ArgCondition>{cond(5, ArgOp::kEq, 5)}));
}

TEST(SeccompPolicy, SixArgumentsAreAllowed) {
    SeccompPolicy p = parse_seccomp_policy("mmap 1 2 3 4 5 6\n", kFile);
    ASSERT_EQ(p.rules.size(), 1u);
    ASSERT_EQ(p.rules[0].conditions.size(), 6u);
    for (unsigned i = 0; i < 6; ++i) EXPECT_EQ(p.rules[0].conditions[i], cond(i, ArgOp::kEq, i + 1));
}

TEST(SeccompPolicy, AllDashesIsUnconditional) {
    SeccompPolicy p = parse_seccomp_policy("read - - - - - -\n", kFile);
    ASSERT_EQ(p.rules.size(), 1u);
    EXPECT_TRUE(p.rules[0].conditions.empty());
}

// ---------------------------------------------------------------------------
// Layout: comments, blank lines, whitespace

TEST(SeccompPolicy, CommentsAnywhere) {
    SeccompPolicy p = parse_seccomp_policy(
        "# a comment\n"
        "read # trailing\n"
        "write 1#glued to a value\n"
        "close#glued to a name\n"
        "   # indented comment\n"
        "~mount # deny\n",
        kFile);
    ASSERT_EQ(p.rules.size(), 4u);
    EXPECT_EQ(p.rules[0].syscall, "read");
    EXPECT_EQ(p.rules[0].pos, (SourcePos{kFile, 2, 1}));
    EXPECT_EQ(p.rules[1].syscall, "write");
    EXPECT_EQ(p.rules[1].conditions, (std::vector<ArgCondition>{cond(0, ArgOp::kEq, 1)}));
    EXPECT_EQ(p.rules[2].syscall, "close");
    EXPECT_EQ(p.rules[3].syscall, "mount");
    EXPECT_EQ(p.rules[3].pos, (SourcePos{kFile, 6, 2}));
}

TEST(SeccompPolicy, BlankLinesTabsAndCarriageReturns) {
    SeccompPolicy p = parse_seccomp_policy("\n\n\t\n  read\t 1 \t\t-  3  \r\n\r\n\twrite\n", kFile);
    ASSERT_EQ(p.rules.size(), 2u);
    EXPECT_EQ(p.rules[0].pos, (SourcePos{kFile, 4, 3}));
    EXPECT_EQ(p.rules[0].conditions,
              (std::vector<ArgCondition>{cond(0, ArgOp::kEq, 1), cond(2, ArgOp::kEq, 3)}));
    EXPECT_EQ(p.rules[1].pos, (SourcePos{kFile, 6, 2}));
}

TEST(SeccompPolicy, NoFinalNewline) {
    SeccompPolicy p = parse_seccomp_policy("read\nwrite", kFile);
    ASSERT_EQ(p.rules.size(), 2u);
    EXPECT_EQ(p.rules[1].pos, (SourcePos{kFile, 2, 1}));
}

// ---------------------------------------------------------------------------
// @include default

TEST(SeccompPolicy, IncludeExpandsTheTemplateInPlace) {
    const SeccompPolicy& tmpl = default_policy();
    SeccompPolicy p = parse_seccomp_policy("read\n@include default\n~write\n", kFile);
    ASSERT_EQ(p.rules.size(), tmpl.rules.size() + 2);
    EXPECT_EQ(p.rules.front().syscall, "read");
    EXPECT_EQ(p.rules.front().pos, (SourcePos{kFile, 1, 1}));
    for (std::size_t i = 0; i < tmpl.rules.size(); ++i) EXPECT_EQ(p.rules[i + 1], tmpl.rules[i]);
    // After the template, positions are the file's again.
    EXPECT_EQ(p.rules.back().syscall, "write");
    EXPECT_EQ(p.rules.back().pos, (SourcePos{kFile, 3, 2}));
}

TEST(SeccompPolicy, IncludedPositionsPointIntoTheTemplate) {
    SeccompPolicy p = parse_seccomp_policy("  @include default   # the template\n", kFile);
    std::string_view text = default_seccomp_template();
    ASSERT_FALSE(p.rules.empty());
    for (const SeccompRule& r : p.rules) {
        ASSERT_EQ(r.pos.file, kTemplateFile);
        // The line and column of the position hold the rule's name.
        std::size_t at = 0;
        for (unsigned line = 1; line < r.pos.line; ++line) at = text.find('\n', at) + 1;
        ASSERT_LT(at + r.pos.column - 1, text.size());
        EXPECT_EQ(text.substr(at + r.pos.column - 1, r.syscall.size()), r.syscall) << r.pos.text();
        if (r.action == SeccompAction::kDeny) {
            ASSERT_GE(r.pos.column, 2u);
            EXPECT_EQ(text[at + r.pos.column - 2], '~') << r.pos.text();
        }
    }
    // One known rule, found by hand.
    auto mount_at = text.find("\n~mount\n");
    ASSERT_NE(mount_at, std::string_view::npos);
    unsigned mount_line = 2;
    for (std::size_t i = 0; i < mount_at; ++i) mount_line += text[i] == '\n';
    bool found = false;
    for (const SeccompRule& r : p.rules)
        if (r.syscall == "mount") {
            EXPECT_EQ(r.pos, (SourcePos{kTemplateFile, mount_line, 2}));
            found = true;
        }
    EXPECT_TRUE(found);
}

TEST(SeccompPolicy, IncludeWithLocalAdditions) {
    SeccompPolicy p = parse_seccomp_policy("@include default\n~socket AF_VSOCK\n~socket AF_ALG\n", kFile);
    EXPECT_EQ(verdict(p, "socket", {40}), "deny");
    EXPECT_EQ(verdict(p, "socket", {38}), "deny");
    EXPECT_EQ(verdict(p, "socket", {2}), "allow");
}

// ---------------------------------------------------------------------------
// Errors, with their exact FILE:LINE:COL

TEST(SeccompPolicyErrors, UnknownConstant) {
    expect_error_at("socket AF_FOO\n", 1, 8, "unknown constant \"AF_FOO\"");
    expect_error_at("read\nsocket  ==AF_FOO\n", 2, 11, "unknown constant \"AF_FOO\"");
    expect_error_at("ioctl - 4294967295|TIOCFOO\n", 1, 20, "unknown constant \"TIOCFOO\"");
    expect_error_at("ioctl - NOMASK|1\n", 1, 9, "unknown constant \"NOMASK\"");
    expect_error_at("clone &CLONE_NEWFOO\n", 1, 8, "unknown constant \"CLONE_NEWFOO\"");
    // Constants are case-sensitive.
    expect_error_at("socket af_unix\n", 1, 8, "unknown constant \"af_unix\"");
}

TEST(SeccompPolicyErrors, BadNumber) {
    expect_error_at("read 12a\n", 1, 6, "invalid number \"12a\"");
    expect_error_at("read 0x\n", 1, 6, "invalid hexadecimal number \"0x\"");
    expect_error_at("read 0xfg\n", 1, 6, "invalid hexadecimal number \"0xfg\"");
    expect_error_at("read 09\n", 1, 6, "invalid octal number \"09\"");
    expect_error_at("read - >=1_000\n", 1, 10, "invalid number \"1_000\"");
    expect_error_at("read -1\n", 1, 6, "invalid value \"-1\"");
    expect_error_at("read +1\n", 1, 6, "invalid value \"+1\"");
    expect_error_at("read AF-UNIX\n", 1, 6, "invalid value \"AF-UNIX\"");
    expect_error_at("read ==<5\n", 1, 8, "invalid value \"<5\"");
}

TEST(SeccompPolicyErrors, NumberOutOfRange) {
    expect_error_at("read 18446744073709551616\n", 1, 6, "number out of range");
    expect_error_at("read 99999999999999999999999\n", 1, 6, "number out of range");
    expect_error_at("read - 0x10000000000000000\n", 1, 8, "number out of range");
    expect_error_at("read 02000000000000000000000\n", 1, 6, "number out of range");
    expect_error_at("read <=18446744073709551616\n", 1, 8, "number out of range");
    expect_error_at("read 1|18446744073709551616\n", 1, 8, "number out of range");
}

TEST(SeccompPolicyErrors, TooManyArguments) {
    expect_error_at("mmap 1 2 3 4 5 6 7\n", 1, 18, "too many arguments (at most 6)");
    expect_error_at("\n~mmap - - - - - - -\n", 2, 19, "too many arguments (at most 6)");
}

TEST(SeccompPolicyErrors, BadSyscallName) {
    expect_error_at("Read\n", 1, 1, "invalid syscall name \"Read\"");
    expect_error_at("read\n  mo-unt\n", 2, 3, "invalid syscall name \"mo-unt\"");
    expect_error_at("~Mount\n", 1, 2, "invalid syscall name \"Mount\"");
    expect_error_at("~~mount\n", 1, 2, "invalid syscall name \"~mount\"");
    expect_error_at("re.ad\n", 1, 1, "invalid syscall name");
    expect_error_at("==5\n", 1, 1, "invalid syscall name");
    expect_error_at("~ mount\n", 1, 1, "expected a syscall name after \"~\"");
    expect_error_at("read\xc3\xa9\n", 1, 1, "invalid syscall name \"read\\xc3\\xa9\"");
}

TEST(SeccompPolicyErrors, UnknownDirective) {
    expect_error_at("@import default\n", 1, 1, "unknown directive \"@import\"");
    expect_error_at("read\n   @\n", 2, 4, "unknown directive \"@\"");
    expect_error_at("@INCLUDE default\n", 1, 1, "unknown directive \"@INCLUDE\"");
}

TEST(SeccompPolicyErrors, SecondInclude) {
    expect_error_at("@include default\nread\n @include default\n", 3, 2, "already included");
}

TEST(SeccompPolicyErrors, IncludeOfSomethingElse) {
    expect_error_at("@include strict\n", 1, 10, "cannot include \"strict\": only \"default\" can be included");
    expect_error_at("@include /etc/passwd\n", 1, 10, "only \"default\" can be included");
    expect_error_at("@include\n", 1, 1, "expected \"default\" after @include");
    expect_error_at("@include # default\n", 1, 1, "expected \"default\" after @include");
    expect_error_at("@include default strict\n", 1, 18, "unexpected \"strict\" after @include default");
}

TEST(SeccompPolicyErrors, EmptyOperatorValue) {
    expect_error_at("read <=\n", 1, 6, "expected a value after \"<=\"");
    expect_error_at("read - <\n", 1, 8, "expected a value after \"<\"");
    expect_error_at("read >= 5\n", 1, 6, "expected a value after \">=\"");
    expect_error_at("read >\n", 1, 6, "expected a value after \">\"");
    expect_error_at("read ==\n", 1, 6, "expected a value after \"==\"");
    expect_error_at("read !=#x\n", 1, 6, "expected a value after \"!=\"");
    expect_error_at("read &\n", 1, 6, "expected a value after \"&\"");
    expect_error_at("read 0xff|\n", 1, 6, "expected a value after \"|\"");
    expect_error_at("read |5\n", 1, 6, "expected a mask before \"|\"");
    expect_error_at("read !\n", 1, 6, "invalid value \"!\"");
    expect_error_at("read =5\n", 1, 6, "invalid value \"=5\"");
}

TEST(SeccompPolicyErrors, MaskedForms) {
    expect_error_at("read 0xf|0x10\n", 1, 10, "has bits outside the mask");
    expect_error_at("read 1|2|3\n", 1, 8, "only one \"|\" is allowed");
    expect_error_at("read ==1|1\n", 1, 6, "takes no operator");
    expect_error_at("read &1|1\n", 1, 6, "takes no operator");
}

TEST(SeccompPolicyErrors, NulByte) {
    expect_error_at(std::string_view("read\nwr\0ite\n", 12), 2, 3, "NUL byte");
}

TEST(SeccompPolicyErrors, LongTokensAreCutInMessages) {
    std::string name(500, 'A');
    Error e = parse_error("read " + name + "\n");
    EXPECT_EQ(e.action(), "parse " + kFile + ":1:6");
    EXPECT_LT(e.reason().size(), 120u);
    EXPECT_NE(e.reason().find("...\""), std::string::npos);
}

TEST(SeccompPolicyErrors, ControlCharactersAreEscaped) {
    Error e = parse_error("read \x1b[31m\n");
    EXPECT_EQ(e.reason().find('\x1b'), std::string::npos);
    EXPECT_NE(e.reason().find("\\x1b"), std::string::npos);
}

TEST(SeccompPolicyErrors, FirstProblemWins) {
    expect_error_at("read 1\nread AF_FOO\nRead\n", 2, 6, "unknown constant");
}

// ---------------------------------------------------------------------------
// SourcePos and policy_digest

TEST(SourcePos, Text) {
    EXPECT_EQ((SourcePos{"/etc/cordon/apps/a.seccomp", 12, 3}).text(), "/etc/cordon/apps/a.seccomp:12:3");
    EXPECT_EQ((SourcePos{kTemplateFile, 1, 1}).text(), "<default template>:1:1");
}

TEST(PolicyDigest, KnownFnv1aValues) {
    EXPECT_EQ(policy_digest(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(policy_digest("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(policy_digest("foobar"), 0x85944171f73967e8ULL);
}

TEST(PolicyDigest, StableAndSensitiveToEveryByte) {
    std::string text(default_seccomp_template());
    std::uint64_t d = policy_digest(text);
    EXPECT_EQ(policy_digest(text), d);
    EXPECT_EQ(policy_digest(std::string(text)), d);
    EXPECT_NE(policy_digest(text + "\n"), d);
    EXPECT_NE(policy_digest(text.substr(0, text.size() - 1)), d);
    EXPECT_NE(policy_digest("read\nwrite\n"), policy_digest("write\nread\n"));
    EXPECT_NE(policy_digest(std::string_view("\0", 1)), policy_digest(""));
    std::set<std::uint64_t> seen{d};
    for (std::size_t i = 0; i < text.size(); i += 7) {
        std::string changed = text;
        changed[i] = static_cast<char>(changed[i] ^ 0x20);
        EXPECT_TRUE(seen.insert(policy_digest(changed)).second) << "byte " << i;
    }
}

// The launcher compares filters with the build-time constant, never with
// the text: both must be the same thing.
TEST(PolicyDigest, TemplateDigestConstantIsTheTemplatesDigest) {
    EXPECT_EQ(kDefaultTemplateDigest, policy_digest(default_seccomp_template()));
}

// ---------------------------------------------------------------------------
// Constants

TEST(SeccompConstants, X86_64Values) {
    const std::map<std::string, std::uint64_t> expected = {
        {"AF_UNIX", 1},
        {"AF_LOCAL", 1},
        {"AF_INET", 2},
        {"AF_INET6", 10},
        {"AF_NETLINK", 16},
        {"AF_PACKET", 17},
        {"AF_BLUETOOTH", 31},
        {"AF_ALG", 38},
        {"AF_VSOCK", 40},
        {"SOCK_STREAM", 1},
        {"SOCK_DGRAM", 2},
        {"SOCK_RAW", 3},
        {"SOCK_SEQPACKET", 5},
        {"SOCK_NONBLOCK", 04000},
        {"SOCK_CLOEXEC", 02000000},
        {"CLONE_VM", 0x100},
        {"CLONE_FS", 0x200},
        {"CLONE_FILES", 0x400},
        {"CLONE_SIGHAND", 0x800},
        {"CLONE_THREAD", 0x10000},
        {"CLONE_SYSVSEM", 0x40000},
        {"CLONE_SETTLS", 0x80000},
        {"CLONE_PARENT_SETTID", 0x100000},
        {"CLONE_CHILD_CLEARTID", 0x200000},
        {"CLONE_CHILD_SETTID", 0x1000000},
        {"CLONE_NEWTIME", 0x80},
        {"CLONE_NEWNS", 0x20000},
        {"CLONE_NEWCGROUP", 0x2000000},
        {"CLONE_NEWUTS", 0x4000000},
        {"CLONE_NEWIPC", 0x8000000},
        {"CLONE_NEWUSER", 0x10000000},
        {"CLONE_NEWPID", 0x20000000},
        {"CLONE_NEWNET", 0x40000000},
        {"TIOCSTI", 0x5412},
        {"TIOCLINUX", 0x541c},
        {"TIOCSCTTY", 0x540e},
        {"TIOCSETD", 0x5423},
        {"TIOCGWINSZ", 0x5413},
        {"FIONREAD", 0x541b},
        {"PER_LINUX", 0},
        {"PER_LINUX32", 8},
        {"PER_BSD", 6},
        {"ADDR_NO_RANDOMIZE", 0x40000},
        {"READ_IMPLIES_EXEC", 0x400000},
        {"MMAP_PAGE_ZERO", 0x100000},
        {"PR_SET_PDEATHSIG", 1},
        {"PR_SET_DUMPABLE", 4},
        {"PR_SET_NAME", 15},
        {"PR_SET_SECCOMP", 22},
        {"PR_CAPBSET_DROP", 24},
        {"PR_SET_NO_NEW_PRIVS", 38},
        {"PR_CAP_AMBIENT", 47},
        {"NETLINK_ROUTE", 0},
        {"NETLINK_AUDIT", 9},
        {"NETLINK_KOBJECT_UEVENT", 15},
        {"IPPROTO_TCP", 6},
        {"IPPROTO_UDP", 17},
        {"PROT_NONE", 0},
        {"PROT_READ", 1},
        {"PROT_WRITE", 2},
        {"PROT_EXEC", 4},
        {"MAP_SHARED", 1},
        {"MAP_PRIVATE", 2},
        {"MAP_FIXED", 0x10},
        {"MAP_ANONYMOUS", 0x20},
        {"MAP_ANON", 0x20},
        {"O_RDONLY", 0},
        {"O_WRONLY", 1},
        {"O_RDWR", 2},
        {"O_CREAT", 0100},
        {"O_EXCL", 0200},
        {"O_TRUNC", 01000},
        {"O_APPEND", 02000},
        {"O_NONBLOCK", 04000},
        {"O_DIRECTORY", 0200000},
        {"O_NOFOLLOW", 0400000},
        {"O_CLOEXEC", 02000000},
        {"O_PATH", 010000000},
    };
    for (const auto& [name, value] : expected) {
        auto got = seccomp_constant(name);
        ASSERT_TRUE(got.has_value()) << name;
        EXPECT_EQ(*got, value) << name;
    }
}

TEST(SeccompConstants, UnknownNames) {
    EXPECT_FALSE(seccomp_constant("").has_value());
    EXPECT_FALSE(seccomp_constant("AF_FOO").has_value());
    EXPECT_FALSE(seccomp_constant("af_unix").has_value());
    EXPECT_FALSE(seccomp_constant("AF_UNIX ").has_value());
    EXPECT_FALSE(seccomp_constant("AF_").has_value());
    EXPECT_FALSE(seccomp_constant("AAAA").has_value());
    EXPECT_FALSE(seccomp_constant("ZZZZ").has_value());
    EXPECT_FALSE(seccomp_constant(std::string_view("AF_UNIX\0", 8)).has_value());
}

// ---------------------------------------------------------------------------
// The default template

TEST(DefaultTemplate, Parses) {
    const SeccompPolicy& p = default_policy();
    EXPECT_GT(p.rules.size(), 200u);
    // And under "@include default" too.
    EXPECT_EQ(parse_seccomp_policy("@include default\n", kFile).rules.size(), p.rules.size());
}

TEST(DefaultTemplate, HasNoDirectives) {
    std::string_view text = default_seccomp_template();
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t nl = text.find('\n', at);
        std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
        auto first = line.find_first_not_of(" \t");
        EXPECT_FALSE(first != std::string_view::npos && line[first] == '@') << line;
        if (nl == std::string_view::npos) break;
        at = nl + 1;
    }
}

TEST(DefaultTemplate, DeniesTheDangerousSyscallsOutright) {
    const SeccompPolicy& p = default_policy();
    std::set<std::string> denied;
    for (const SeccompRule& r : p.rules)
        if (r.action == SeccompAction::kDeny && r.conditions.empty()) denied.insert(r.syscall);
    for (const char* name :
         {"mount",        "umount2",       "pivot_root",   "move_mount",  "open_tree",     "fsopen",
          "fsmount",      "fsconfig",      "fspick",       "mount_setattr", "setns",       "kexec_load",
          "kexec_file_load", "init_module", "finit_module", "delete_module", "bpf",        "perf_event_open",
          "userfaultfd",  "keyctl",        "add_key",      "request_key", "open_by_handle_at", "swapon",
          "swapoff",      "reboot",        "acct",         "quotactl"}) {
        EXPECT_TRUE(denied.count(name)) << name << " is not denied outright";
        EXPECT_EQ(verdict(p, name), "deny") << name;
    }
}

TEST(DefaultTemplate, DeniesNewUserNamespaces) {
    const SeccompPolicy& p = default_policy();
    const ArgCondition newuser = cond(0, ArgOp::kMaskedEq, 0x10000000, 0x10000000);
    for (const char* name : {"unshare", "clone"}) {
        bool found = false;
        for (const SeccompRule& r : p.rules)
            if (r.syscall == name && r.action == SeccompAction::kDeny &&
                r.conditions == std::vector<ArgCondition>{newuser})
                found = true;
        EXPECT_TRUE(found) << "no \"~" << name << " &CLONE_NEWUSER\"";
        EXPECT_EQ(verdict(p, name, {0x10000000}), "deny") << name;
        EXPECT_EQ(verdict(p, name, {0x10000000 | 0x20000 | 0x11}), "deny") << name;
        EXPECT_EQ(verdict(p, name, {0x20000}), "allow") << name;
    }
    // Threads and fork.
    EXPECT_EQ(verdict(p, "clone", {0x3d0f00}), "allow");  // glibc pthread_create
    EXPECT_EQ(verdict(p, "clone", {0x1200011}), "allow");  // glibc fork
}

TEST(DefaultTemplate, DoesNotAllowClone3) {
    for (const SeccompRule& r : default_policy().rules) EXPECT_NE(r.syscall, "clone3") << r.pos.text();
    EXPECT_EQ(verdict(default_policy(), "clone3"), "enosys");
}

TEST(DefaultTemplate, DeniesTerminalInjectionOnTheLow32Bits) {
    const SeccompPolicy& p = default_policy();
    for (std::uint64_t request : {std::uint64_t{0x5412}, std::uint64_t{0x541c}}) {
        bool found = false;
        for (const SeccompRule& r : p.rules)
            if (r.syscall == "ioctl" && r.action == SeccompAction::kDeny &&
                r.conditions == std::vector<ArgCondition>{cond(1, ArgOp::kMaskedEq, request, 0xffffffff)})
                found = true;
        EXPECT_TRUE(found) << "no masked deny of ioctl request " << request;
        EXPECT_EQ(verdict(p, "ioctl", {0, request}), "deny");
        EXPECT_EQ(verdict(p, "ioctl", {0, request | 0x100000000ULL}), "deny");  // CVE-2019-7303
        EXPECT_EQ(verdict(p, "ioctl", {0, request | 0xffffffff00000000ULL}), "deny");
        EXPECT_EQ(verdict(p, "ioctl", {7, request, 1, 2, 3, 4}), "deny");
    }
    EXPECT_EQ(verdict(p, "ioctl", {0, 0x5413}), "allow");  // TIOCGWINSZ
    EXPECT_EQ(verdict(p, "ioctl", {0, 0x5401}), "allow");  // TCGETS
}

TEST(DefaultTemplate, PersonalityAllowsOnlyLinuxLinux32AndTheQuery) {
    const SeccompPolicy& p = default_policy();
    auto v = [&](std::uint64_t persona) { return verdict(p, "personality", {persona}); };
    EXPECT_EQ(v(0), "allow");
    EXPECT_EQ(v(8), "allow");
    EXPECT_EQ(v(0xffffffff), "allow");
    // The kernel reads 32 bits: high bits change nothing either way.
    EXPECT_EQ(v(0xffffffffffffffffULL), "allow");
    EXPECT_EQ(v(0x100000008ULL), "allow");
    EXPECT_EQ(v(0x100040000ULL), "deny");
    const std::initializer_list<std::uint64_t> bad = {1,       2,        6,          7,          9,
                                                      0x10,    0xff,     0x20000,    0x20008,    0x40000,
                                                      0x40008, 0x100000, 0x400000,   0x0400008,  0x7fffffff,
                                                      0x80000000, 0xfffffff7, 0xfffffffe, 0xfffffff0};
    for (std::uint64_t persona : bad) EXPECT_EQ(v(persona), "deny") << std::hex << persona;
    // Every value with one or two bits set, or with all but one or two set.
    for (unsigned i = 0; i < 32; ++i)
        for (unsigned j = i; j < 32; ++j) {
            std::uint32_t few = (1u << i) | (1u << j);
            std::uint32_t many = ~few;
            EXPECT_EQ(v(few), few == 8 ? "allow" : "deny") << std::hex << few;
            EXPECT_EQ(v(many), "deny") << std::hex << many;
        }
    // And a random sample.
    std::mt19937_64 rng(7303);
    for (int n = 0; n < 20000; ++n) {
        std::uint64_t x = rng();
        std::uint32_t lo = static_cast<std::uint32_t>(x);
        bool ok = lo == 0 || lo == 8 || lo == 0xffffffff;
        EXPECT_EQ(v(x), ok ? "allow" : "deny") << std::hex << x;
    }
}

TEST(DefaultTemplate, AllowsWhatOrdinaryProgramsUse) {
    const SeccompPolicy& p = default_policy();
    for (const char* name :
         {"read",    "write",     "openat",   "openat2",  "close",      "statx",      "newfstatat", "getdents64",
          "mmap",    "mprotect",  "munmap",   "brk",      "memfd_create", "execve",   "execveat",   "clone",
          "fork",    "vfork",     "wait4",    "waitid",   "kill",       "tgkill",     "futex",      "epoll_wait",
          "epoll_pwait", "epoll_ctl", "poll", "ppoll",    "select",     "pselect6",   "socket",     "bind",
          "listen",  "accept4",   "connect",  "sendmsg",  "recvmsg",    "sendto",     "recvfrom",   "getsockopt",
          "setsockopt", "prctl",  "capget",   "capset",   "setuid",     "setresuid",  "setgroups",  "sched_yield",
          "sched_getaffinity", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "timerfd_create", "clock_gettime",
          "nanosleep", "getrandom", "ioctl", "pipe2", "dup3", "fcntl", "unshare", "ptrace", "uname", "exit_group",
          "set_tid_address", "set_robust_list", "rseq", "prlimit64", "arch_prctl", "personality"})
        EXPECT_EQ(verdict(p, name), "allow") << name;
}

TEST(DefaultTemplate, NoSyscallIsBothAllowedAndDeniedOutright) {
    std::set<std::string> allowed, denied;
    for (const SeccompRule& r : default_policy().rules) {
        if (!r.conditions.empty()) continue;
        (r.action == SeccompAction::kAllow ? allowed : denied).insert(r.syscall);
    }
    for (const std::string& name : denied) EXPECT_FALSE(allowed.count(name)) << name;
}

TEST(DefaultTemplate, NoRuleIsRepeated) {
    const auto& rules = default_policy().rules;
    for (std::size_t i = 0; i < rules.size(); ++i)
        for (std::size_t j = i + 1; j < rules.size(); ++j)
            EXPECT_FALSE(rules[i].action == rules[j].action && rules[i].syscall == rules[j].syscall &&
                         rules[i].conditions == rules[j].conditions)
                << rules[i].pos.text() << " and " << rules[j].pos.text();
}

}  // namespace
}  // namespace cordon
