#include "core/ns_overview.h"

#include <gtest/gtest.h>

#include <string>

namespace cordon {
namespace {

using namespace std::string_literals;

NsIdentity identity(std::uint64_t revision) {
    NsIdentity id;
    id.base = "demo";
    id.base_dev = 8;
    id.base_ino = 42;
    id.revision = revision;
    return id;
}

NsListFacts persisted(std::uint64_t recorded, std::uint64_t wanted) {
    NsListFacts f;
    f.app = "demo";
    f.ns = "mnt:[4026532551]";
    f.recorded = identity(recorded);
    f.wanted = identity(wanted);
    f.processes = 2;
    f.age_seconds = 90;
    return f;
}

TEST(NsListRow, CurrentWhenTheRecordMatchesTheConfig) {
    NsListRow r = ns_list_row(persisted(1, 1));
    EXPECT_EQ(r.freshness, NsFreshness::kCurrent);
    EXPECT_EQ(r.why, "");
    EXPECT_EQ(r.ns, "mnt:[4026532551]");
    EXPECT_EQ(r.base, "demo");
    EXPECT_EQ(r.revision, "1");
    EXPECT_EQ(r.processes, 2u);
    EXPECT_EQ(r.age_seconds, 90);
}

TEST(NsListRow, StaleSaysWhyAsTheLauncherDoes) {
    NsListRow r = ns_list_row(persisted(0, 1));
    EXPECT_EQ(r.freshness, NsFreshness::kStale);
    EXPECT_EQ(r.why, "revision 0 != 1");
    EXPECT_EQ(r.revision, "0");  // the namespace's, not the config's
}

TEST(NsListRow, UnreadableRecordIsStaleAndShowsQuestionMarks) {
    NsListFacts f = persisted(0, 0);
    f.recorded.reset();
    NsListRow r = ns_list_row(f);
    EXPECT_EQ(r.freshness, NsFreshness::kStale);
    EXPECT_EQ(r.why, "no identity record");
    EXPECT_EQ(r.base, "?");
    EXPECT_EQ(r.revision, "?");
}

TEST(NsListRow, RemovedAppIsStale) {
    NsListFacts f = persisted(0, 0);
    f.configured = false;
    f.wanted.reset();
    NsListRow r = ns_list_row(f);
    EXPECT_EQ(r.freshness, NsFreshness::kStale);
    EXPECT_EQ(r.why, "app no longer configured");
}

TEST(NsListRow, UnloadableConfigIsUnknownWithTheError) {
    NsListFacts f = persisted(0, 0);
    f.wanted.reset();
    f.load_problem = "cannot open base demo: missing";
    NsListRow r = ns_list_row(f);
    EXPECT_EQ(r.freshness, NsFreshness::kUnknown);
    EXPECT_EQ(r.why, "cannot open base demo: missing");
}

TEST(NsListRow, WithoutNamespaceEverythingIsADash) {
    NsListFacts f;
    f.app = "idle";
    f.processes = 3;  // ignored: nothing to be inside
    NsListRow r = ns_list_row(f);
    EXPECT_EQ(r.freshness, NsFreshness::kNone);
    EXPECT_EQ(r.ns, "-");
    EXPECT_EQ(r.base, "-");
    EXPECT_EQ(r.revision, "-");
    EXPECT_FALSE(r.processes);
    EXPECT_FALSE(r.age_seconds);
    EXPECT_EQ(freshness_word(r.freshness), "-");
}

TEST(FormatAge, TwoUnitsAtMost) {
    EXPECT_EQ(format_age(-5), "0s");
    EXPECT_EQ(format_age(0), "0s");
    EXPECT_EQ(format_age(59), "59s");
    EXPECT_EQ(format_age(60), "1m");
    EXPECT_EQ(format_age(3599), "59m");
    EXPECT_EQ(format_age(3600 + 5 * 60), "1h05m");
    EXPECT_EQ(format_age(2 * 86400 + 4 * 3600 + 59), "2d04h");
}

TEST(CommandFromProc, JoinsArguments) {
    EXPECT_EQ(command_from_proc("sleep\0" "1000\0"s, "sleep"), "sleep 1000");
    EXPECT_EQ(command_from_proc("sh\0-c\0\0"s, "sh"), "sh -c ");  // an empty argument stays one
}

TEST(CommandFromProc, NoCommandLineShowsComm) {
    EXPECT_EQ(command_from_proc("", "kworker/0:1"), "[kworker/0:1]");
}

TEST(CommandFromProc, ControlBytesAreEscaped) {
    EXPECT_EQ(command_from_proc("echo\0\x1b[2J\0"s, "echo"), "echo \\x1b[2J");
    EXPECT_EQ(command_from_proc("", "a\nb"), "[a\\x0ab]");
}

TEST(RealUidFromStatus, TakesTheFirstUid) {
    EXPECT_EQ(real_uid_from_status("Name:\tsleep\nUid:\t1000\t0\t0\t0\nGid:\t1000\n"), 1000u);
    EXPECT_EQ(real_uid_from_status("Name:\tx\nGid:\t1\n"), std::nullopt);
    EXPECT_EQ(real_uid_from_status("Name:\tx\nUid:\tabc\n"), std::nullopt);
}

}  // namespace
}  // namespace cordon
