#include "core/shell_request.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <string>
#include <vector>

namespace cordon {
namespace {

using Words = std::vector<std::string>;

TEST(ParseShellRequest, AppAloneRunsAsRoot) {
    auto r = parse_shell_request({"web"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->app, "web");
    EXPECT_EQ(r->user, "root");
}

TEST(ParseShellRequest, UserAfterOrBeforeApp) {
    for (const Words& words : {Words{"web", "-u", "alice"}, Words{"-u", "alice", "web"}}) {
        auto r = parse_shell_request(words);
        ASSERT_TRUE(r) << words[0];
        EXPECT_EQ(r->app, "web");
        EXPECT_EQ(r->user, "alice");
    }
}

TEST(ParseShellRequest, UserMayBeAUid) {
    auto r = parse_shell_request({"web", "-u", "1000"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->user, "1000");
}

TEST(ParseShellRequest, RejectsEverythingElse) {
    const Words cases[] = {
        {},                             // no APP
        {"-u", "alice"},                // no APP
        {"web", "-u"},                  // -u without USER
        {"web", "-u", ""},              // empty USER
        {"web", "-u", "a", "-u", "b"},  // -u twice
        {"web", "other"},               // two apps
        {"web", "--json"},              // another option
        {"web", "-ualice"},             // -u glued to its USER
        {"web", "--", "sh"},            // a command
        {""},                           // empty APP
        {"--user", "alice", "web"},     // a long option
    };
    for (const Words& words : cases) {
        std::string line;
        for (const auto& w : words) line += "[" + w + "]";
        EXPECT_FALSE(parse_shell_request(words)) << line;
    }
}

TEST(NumericUid, DigitsOnly) {
    EXPECT_EQ(numeric_uid("0"), 0u);
    EXPECT_EQ(numeric_uid("1000"), 1000u);
    EXPECT_EQ(numeric_uid("alice"), std::nullopt);
    EXPECT_EQ(numeric_uid("10a"), std::nullopt);
    EXPECT_EQ(numeric_uid("-1"), std::nullopt);
    EXPECT_EQ(numeric_uid("+1"), std::nullopt);
    EXPECT_EQ(numeric_uid(""), std::nullopt);
    EXPECT_EQ(numeric_uid("4294967295"), std::nullopt);  // (uid_t)-1
    EXPECT_EQ(numeric_uid("99999999999999999999"), std::nullopt);
}

TEST(ShellEnvironment, CleanLoginLikeEnvironment) {
    ShellUser u{1000, 1000, "alice", "/home/alice", "/bin/bash"};
    EXPECT_EQ(shell_environment(u, std::nullopt),
              (Words{"HOME=/home/alice", "USER=alice", "LOGNAME=alice", "SHELL=/bin/bash",
                     "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}));
}

TEST(ShellEnvironment, TermPassedThroughAndShellDefaulted) {
    ShellUser u{0, 0, "root", "/root", ""};
    Words env = shell_environment(u, std::string("xterm-256color"));
    ASSERT_EQ(env.size(), 6u);
    EXPECT_EQ(env[3], "SHELL=/bin/sh");
    EXPECT_EQ(env[5], "TERM=xterm-256color");
}

TEST(ShellLauncherArgv, BaseShellInteractive) {
    EXPECT_EQ(shell_launcher_argv("web"), (Words{"cordon", "web", "--", "/bin/sh", "-i"}));
}

TEST(ShellExitStatus, ExitStatusOrSignal) {
    EXPECT_EQ(shell_exit_status(0), 0);
    EXPECT_EQ(shell_exit_status(7 << 8), 7);  // exited with 7
    EXPECT_EQ(shell_exit_status(SIGKILL), 128 + SIGKILL);
    EXPECT_EQ(shell_exit_status(SIGHUP | 0x80), 128 + SIGHUP);  // with a core dump
}

}  // namespace
}  // namespace cordon
