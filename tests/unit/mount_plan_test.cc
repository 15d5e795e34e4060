#include "core/mount_plan.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"

namespace cordon {
namespace {

using Action = ProfileChange::Action;
using Lines = std::vector<std::string>;

MountEntry bind(std::string source, std::string target, BindShape shape = BindShape::kDir) {
    Bind b;
    b.source = std::move(source);
    b.shape = shape;
    return MountEntry{std::move(target), Mounted{std::move(b), {}}};
}

MountEntry rbind(std::string source, std::string target) {
    return bind(std::move(source), std::move(target), BindShape::kTree);
}

MountEntry file_bind(std::string source, std::string target) {
    return bind(std::move(source), std::move(target), BindShape::kFile);
}

MountEntry tmpfs(std::string target, std::string fs_options = "") {
    Tmpfs t;
    t.fs_options = std::move(fs_options);
    return MountEntry{std::move(target), Mounted{std::move(t), {}}};
}

MountEntry symlink(std::string target, std::string dest) {
    return MountEntry{std::move(target), Symlink{std::move(dest)}};
}

MountEntry ensure_dir(std::string target, mode_t mode) {
    return MountEntry{std::move(target), EnsureDir{Owner{mode, {}, {}}}};
}

MountEntry synthetic(MountEntry e, std::string needed_by) {
    e.needed_by = std::move(needed_by);
    return e;
}

// The bind of a bind entry, to change it.
Bind& bind_of(MountEntry& e) { return std::get<Bind>(e.mounted()->how); }

// A writable mimic at dir, as cordon-update-ns records it: the tmpfs, then
// what it bound back or recreated (dirs rbind, files bind, symlinks).
std::vector<MountEntry> mimic(const std::string& dir, const std::string& needed_by) {
    return {
        synthetic(tmpfs(dir, "mode=0755"), needed_by),
        synthetic(rbind(dir + "/lib", dir + "/lib"), needed_by),
        synthetic(file_bind(dir + "/file", dir + "/file"), needed_by),
        synthetic(symlink(dir + "/link", "lib"), needed_by),
    };
}

MountProfile profile(std::vector<MountEntry> entries) {
    MountProfile p;
    p.entries = std::move(entries);
    return p;
}

MountProfile operator+(MountProfile a, const std::vector<MountEntry>& more) {
    a.entries.insert(a.entries.end(), more.begin(), more.end());
    return a;
}

Lines describe(const std::vector<ProfileChange>& plan) {
    Lines out;
    for (const auto& c : plan) out.push_back(describe_change(c));
    return out;
}

// What the executor writes as the new current profile: kept entries in
// their old order, then what it did, in order (unmounts leave no line).
MountProfile applied(const MountProfile& cur, const std::vector<ProfileChange>& plan) {
    MountProfile out;
    for (const auto& c : plan)
        if (c.action == Action::kKeep) out.entries.push_back(c.entry);
    for (const auto& c : plan)
        if (c.action == Action::kReplace || c.action == Action::kMount) out.entries.push_back(c.entry);
    (void)cur;
    return out;
}

// Plans, checks the plan reaches the desired profile (as a set) and that
// planning again from the result changes nothing; returns the description.
Lines plan_and_check(const MountProfile& cur, const MountProfile& des) {
    auto plan = plan_profile_update(cur, des);
    MountProfile after = applied(cur, plan);
    // Everything desired is there exactly once, nothing else but kept synthetic entries.
    for (const auto& d : des.entries) {
        int n = 0;
        for (const auto& a : after.entries) n += a.same_as(d);
        EXPECT_EQ(n, 1) << "desired " << d.target << " appears " << n << " times";
    }
    for (const auto& a : after.entries) {
        if (a.is_synthetic()) continue;
        bool wanted = false;
        for (const auto& d : des.entries) wanted = wanted || a.same_as(d);
        EXPECT_TRUE(wanted) << "left over " << a.target;
    }
    // Kept entries come first in log order, then unmounts and replacements
    // in reverse log order, then mounts: check the phases.
    int phase = 0;
    for (const auto& c : plan) {
        int p = c.action == Action::kKeep ? 0 : c.action == Action::kMount ? 2 : 1;
        EXPECT_GE(p, phase) << describe_change(c) << " out of phase";
        phase = p;
        if (c.action == Action::kReplace) {
            EXPECT_TRUE(c.entry.is_mount());
            EXPECT_TRUE(c.replaced.is_mount());
            EXPECT_EQ(c.entry.target, c.replaced.target);
        }
    }
    // Idempotence: the second update keeps everything.
    auto again = plan_profile_update(after, des);
    for (const auto& c : again) EXPECT_EQ(c.action, Action::kKeep) << "second update: " << describe_change(c);
    EXPECT_EQ(again.size(), after.entries.size());
    return describe(plan);
}

// ---------------------------------------------------------------------------

TEST(PlanProfileUpdate, NothingToNothing) { EXPECT_TRUE(plan_profile_update({}, {}).empty()); }

TEST(PlanProfileUpdate, IdenticalProfilesKeepEverythingInLogOrder) {
    MountProfile p = profile({bind("/srv/b", "/b"), tmpfs("/a", "size=1m"), rbind("/srv/a", "/a/x"),
                              symlink("/l", "/b"), ensure_dir("/e", 0755), file_bind("/etc/hosts", "/h")});
    auto plan = plan_profile_update(p, p);
    EXPECT_EQ(describe(plan), (Lines{"keep /b", "keep /a", "keep /a/x", "keep /l", "keep /e", "keep /h"}));
    for (std::size_t i = 0; i < plan.size(); ++i) EXPECT_TRUE(plan[i].entry.same_as(p.entries[i]));
    plan_and_check(p, p);
}

TEST(PlanProfileUpdate, LineNumbersDoNotMatter) {
    MountProfile a = profile({bind("/s", "/t")});
    MountProfile b = a;
    b.entries[0].line = 7;
    EXPECT_EQ(describe(plan_profile_update(a, b)), (Lines{"keep /t"}));
}

// The current profile's bookkeeping (mount ids) does not make an entry
// differ from the desired one, and the changes carry it to the executor,
// which unmounts and replaces by mount id.
TEST(PlanProfileUpdate, MountIdsDoNotMatterAndAreCarriedToTheChanges) {
    MountProfile cur = profile({bind("/s/a", "/a"), tmpfs("/t"), bind("/s/c", "/c")});
    cur.entries[0].log()->mount_id = 101;
    cur.entries[1].log()->mount_id = 102;
    cur.entries[2].log()->mount_id = 103;
    MountProfile des = profile({bind("/s/a", "/a"), bind("/s/c2", "/c")});
    auto plan = plan_profile_update(cur, des);
    EXPECT_EQ(describe(plan), (Lines{"keep /a", "replace /c", "unmount /t"}));
    EXPECT_EQ(plan[0].entry.mount_id(), 101u);
    EXPECT_EQ(plan[1].replaced.mount_id(), 103u);
    EXPECT_FALSE(plan[1].entry.mount_id());
    EXPECT_EQ(plan[2].entry.mount_id(), 102u);
}

TEST(PlanProfileUpdate, AddToEmpty) {
    MountProfile des = profile({bind("/s/c", "/a/b/c"), tmpfs("/a"), bind("/s/b", "/a/b"), symlink("/l", "x")});
    EXPECT_EQ(plan_and_check({}, des), (Lines{"mount /a", "mount /a/b", "mount /a/b/c", "mount /l"}));
}

TEST(PlanProfileUpdate, AddEntry) {
    MountProfile cur = profile({bind("/s/a", "/a")});
    MountProfile des = profile({bind("/s/a", "/a"), bind("/s/b", "/b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /a", "mount /b"}));
}

TEST(PlanProfileUpdate, AddChildOfKeptParent) {
    MountProfile cur = profile({tmpfs("/a")});
    MountProfile des = profile({tmpfs("/a"), bind("/s", "/a/b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /a", "mount /a/b"}));
}

TEST(PlanProfileUpdate, RemoveEntry) {
    MountProfile cur = profile({bind("/s/a", "/a"), bind("/s/b", "/b")});
    MountProfile des = profile({bind("/s/b", "/b")});
    auto plan = plan_profile_update(cur, des);
    EXPECT_EQ(describe(plan), (Lines{"keep /b", "unmount /a"}));
    EXPECT_TRUE(plan[1].entry.same_as(cur.entries[0]));
    plan_and_check(cur, des);
}

TEST(PlanProfileUpdate, RemoveEverythingChildrenFirstInReverseLogOrder) {
    MountProfile cur = profile({tmpfs("/a"), bind("/s/x", "/x"), bind("/s/b", "/a/b"), bind("/s/c", "/a/b/c"),
                                symlink("/a/l", "b"), ensure_dir("/a/d", 0700)});
    EXPECT_EQ(plan_and_check(cur, {}),
              (Lines{"unmount /a/d", "unmount /a/l", "unmount /a/b/c", "unmount /a/b", "unmount /x", "unmount /a"}));
}

TEST(PlanProfileUpdate, ChangeEntryIsReplacedBeneath) {
    MountProfile cur = profile({bind("/s/a", "/a"), bind("/s/b", "/b")});
    MountEntry changed = bind("/s/a2", "/a");
    MountProfile des = profile({changed, bind("/s/b", "/b")});
    auto plan = plan_profile_update(cur, des);
    EXPECT_EQ(describe(plan), (Lines{"keep /b", "replace /a"}));
    EXPECT_EQ(plan[1].action, Action::kReplace);
    EXPECT_TRUE(plan[1].entry.same_as(changed));
    EXPECT_TRUE(plan[1].replaced.same_as(cur.entries[0]));
    plan_and_check(cur, des);
}

TEST(PlanProfileUpdate, EveryFieldChangeReplaces) {
    MountEntry base = bind("/s", "/t");
    std::vector<MountEntry> variants;
    for (int i = 0; i < 6; ++i) variants.push_back(base);
    bind_of(variants[0]).flags = MS_RDONLY;
    bind_of(variants[1]).shape = BindShape::kTree;
    bind_of(variants[2]).source_in_ns = true;
    bind_of(variants[3]).owner.mode = 0700;
    bind_of(variants[4]).owner.uid = 5;
    variants[5] = tmpfs("/t");
    for (const auto& v : variants)
        EXPECT_EQ(plan_and_check(profile({base}), profile({v})), (Lines{"replace /t"})) << v.mounted()->source();
}

TEST(PlanProfileUpdate, ChangeBelowKeptParentIsReplaced) {
    MountProfile cur = profile({tmpfs("/a"), bind("/s/b", "/a/b"), bind("/s/c", "/a/c")});
    MountProfile des = profile({tmpfs("/a"), bind("/s/b2", "/a/b"), bind("/s/c", "/a/c")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /a", "keep /a/c", "replace /a/b"}));
}

TEST(PlanProfileUpdate, ChangeOfParentRebuildsChildren) {
    MountProfile cur = profile({bind("/s/a", "/a"), bind("/s/b", "/a/b"), bind("/s/c", "/a/b/c"), bind("/s/x", "/x"),
                                bind("/s/ab", "/a-b")});
    MountProfile des = profile({bind("/s/a2", "/a"), bind("/s/b", "/a/b"), bind("/s/c", "/a/b/c"), bind("/s/x", "/x"),
                                bind("/s/ab", "/a-b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /x", "keep /a-b", "unmount /a/b/c", "unmount /a/b", "replace /a",
                                               "mount /a/b", "mount /a/b/c"}));
}

TEST(PlanProfileUpdate, ChangeOfParentAndChildReplacesOnlyTheParent) {
    MountProfile cur = profile({bind("/s/a", "/a"), bind("/s/b", "/a/b")});
    MountProfile des = profile({bind("/s/a2", "/a"), bind("/s/b2", "/a/b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /a/b", "replace /a", "mount /a/b"}));
}

TEST(PlanProfileUpdate, RemovedParentRebuildsKeptChild) {
    MountProfile cur = profile({bind("/s/a", "/a"), bind("/s/b", "/a/b")});
    MountProfile des = profile({bind("/s/b", "/a/b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /a/b", "unmount /a", "mount /a/b"}));
}

TEST(PlanProfileUpdate, NewParentWouldHideAKeptChild) {
    MountProfile cur = profile({bind("/s/b", "/a/b")});
    MountProfile des = profile({bind("/s/a", "/a"), bind("/s/b", "/a/b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /a/b", "mount /a", "mount /a/b"}));
}

TEST(PlanProfileUpdate, ChildMountedBeforeItsParentSurvivesTheParentsRemoval) {
    // A log where /a/b precedes /a: /a/b lies under /a's mount and shows
    // again when /a goes.
    MountProfile cur = profile({bind("/s/b", "/a/b"), bind("/s/a", "/a")});
    MountProfile des = profile({bind("/s/b", "/a/b")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /a/b", "unmount /a"}));
    // ... and is rebuilt, without beneath-replacement of /a, when /a changes.
    MountProfile des2 = profile({bind("/s/b", "/a/b"), bind("/s/a2", "/a")});
    EXPECT_EQ(plan_and_check(cur, des2), (Lines{"unmount /a", "unmount /a/b", "mount /a", "mount /a/b"}));
}

TEST(PlanProfileUpdate, MountOrderIsParentsFirstWithSlashBeforeOtherBytes) {
    MountProfile des = profile({bind("/s", "/a-b"), bind("/s", "/a/b/c"), bind("/s", "/b"), bind("/s", "/a.b"),
                                bind("/s", "/a/b"), bind("/s", "/a"), bind("/s", "/a/b-c"), bind("/s", "/a/b/c/d"),
                                bind("/s", "/A"), bind("/s", "/a/a")});
    EXPECT_EQ(plan_and_check({}, des), (Lines{"mount /A", "mount /a", "mount /a/a", "mount /a/b", "mount /a/b/c",
                                              "mount /a/b/c/d", "mount /a/b-c", "mount /a-b", "mount /a.b",
                                              "mount /b"}));
}

TEST(PlanProfileUpdate, SiblingWithCommonPrefixIsNotAChild) {
    MountProfile cur = profile({bind("/s/a", "/a"), bind("/s/ab", "/a-b"), bind("/s/abc", "/ab")});
    MountProfile des = profile({bind("/s/a2", "/a"), bind("/s/ab", "/a-b"), bind("/s/abc", "/ab")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /a-b", "keep /ab", "replace /a"}));
    MountProfile des2 = profile({bind("/s/ab", "/a-b"), bind("/s/abc", "/ab")});
    EXPECT_EQ(plan_and_check(cur, des2), (Lines{"keep /a-b", "keep /ab", "unmount /a"}));
}

// ---------------------------------------------------------------------------
// Writable mimics

TEST(PlanProfileUpdate, MimicIsKeptWithTheEntryThatNeededIt) {
    MountProfile cur = profile(mimic("/usr/share", "/usr/share/app")) + std::vector{bind("/srv/app", "/usr/share/app")};
    MountProfile des = profile({bind("/srv/app", "/usr/share/app")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /usr/share", "keep /usr/share/lib", "keep /usr/share/file",
                                               "keep /usr/share/link", "keep /usr/share/app"}));
}

TEST(PlanProfileUpdate, MimicIsKeptWhileAKeptEntryIsBelowIt) {
    MountProfile cur = profile(mimic("/usr/share", "/usr/share/app")) +
                       std::vector{bind("/srv/app", "/usr/share/app"), bind("/srv/other", "/usr/share/other")};
    MountProfile des = profile({bind("/srv/other", "/usr/share/other")});
    EXPECT_EQ(plan_and_check(cur, des),
              (Lines{"keep /usr/share", "keep /usr/share/lib", "keep /usr/share/file", "keep /usr/share/link",
                     "keep /usr/share/other", "unmount /usr/share/app"}));
}

TEST(PlanProfileUpdate, MimicGoesAfterTheLastEntryBelowIt) {
    MountProfile cur = profile({bind("/srv/x", "/x")}) + mimic("/usr/share", "/usr/share/app") +
                       std::vector{bind("/srv/app", "/usr/share/app")};
    MountProfile des = profile({bind("/srv/x", "/x")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /x", "unmount /usr/share/app", "unmount /usr/share/link",
                                               "unmount /usr/share/file", "unmount /usr/share/lib",
                                               "unmount /usr/share"}));
}

TEST(PlanProfileUpdate, ChangedEntryBelowAMimicIsReplacedOnIt) {
    MountProfile cur = profile(mimic("/usr/share", "/usr/share/app")) + std::vector{bind("/srv/app", "/usr/share/app")};
    MountProfile des = profile({bind("/srv/app2", "/usr/share/app")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /usr/share", "keep /usr/share/lib", "keep /usr/share/file",
                                               "keep /usr/share/link", "replace /usr/share/app"}));
}

TEST(PlanProfileUpdate, MimicServesANewEntryWhenTheOldOneGoes) {
    MountProfile cur = profile(mimic("/usr/share", "/usr/share/app")) + std::vector{bind("/srv/app", "/usr/share/app")};
    MountProfile des = profile({bind("/srv/new", "/usr/share/new")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /usr/share", "keep /usr/share/lib", "keep /usr/share/file",
                                               "keep /usr/share/link", "unmount /usr/share/app",
                                               "mount /usr/share/new"}));
}

TEST(PlanProfileUpdate, DesiredMountAtTheMimicDirReplacesTheMimic) {
    MountProfile cur = profile(mimic("/usr/share", "/usr/share/app")) + std::vector{bind("/srv/app", "/usr/share/app")};
    MountProfile des = profile({bind("/srv/share", "/usr/share"), bind("/srv/app", "/usr/share/app")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /usr/share/app", "unmount /usr/share/link",
                                               "unmount /usr/share/file", "unmount /usr/share/lib",
                                               "replace /usr/share", "mount /usr/share/app"}));
}

TEST(PlanProfileUpdate, DesiredEntryAtABoundBackPathTakesItsPlace) {
    MountProfile cur = profile(mimic("/usr/share", "/usr/share/app")) + std::vector{bind("/srv/app", "/usr/share/app")};
    MountProfile des = profile({bind("/srv/app", "/usr/share/app"), bind("/srv/lib", "/usr/share/lib")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /usr/share", "keep /usr/share/file", "keep /usr/share/link",
                                               "keep /usr/share/app", "replace /usr/share/lib"}));
    // A symlink the mimic recreated is removed and created anew.
    MountProfile des2 = profile({bind("/srv/app", "/usr/share/app"), symlink("/usr/share/link", "lib")});
    EXPECT_EQ(plan_and_check(cur, des2), (Lines{"keep /usr/share", "keep /usr/share/lib", "keep /usr/share/file",
                                                "keep /usr/share/app", "unmount /usr/share/link",
                                                "mount /usr/share/link"}));
}

TEST(PlanProfileUpdate, MimicOverAKeptMountAtTheSameTarget) {
    // A mimic built over a profile mount (its content read-only): the mimic
    // stacks on the same target and stays with it.
    MountProfile cur = profile({bind("/srv/ro", "/opt/ro"), synthetic(tmpfs("/opt/ro"), "/opt/ro/new"),
                                synthetic(rbind("/opt/ro/sub", "/opt/ro/sub"), "/opt/ro/new"),
                                bind("/srv/new", "/opt/ro/new")});
    MountProfile des = profile({bind("/srv/ro", "/opt/ro"), bind("/srv/new", "/opt/ro/new")});
    EXPECT_EQ(plan_and_check(cur, des),
              (Lines{"keep /opt/ro", "keep /opt/ro", "keep /opt/ro/sub", "keep /opt/ro/new"}));
    // Dropping the entry below drops the mimic (top of the stack) only.
    MountProfile des2 = profile({bind("/srv/ro", "/opt/ro")});
    EXPECT_EQ(plan_and_check(cur, des2),
              (Lines{"keep /opt/ro", "unmount /opt/ro/new", "unmount /opt/ro/sub", "unmount /opt/ro"}));
    // Changing the mount under the mimic rebuilds everything on it.
    MountProfile des3 = profile({bind("/srv/ro2", "/opt/ro"), bind("/srv/new", "/opt/ro/new")});
    EXPECT_EQ(plan_and_check(cur, des3), (Lines{"unmount /opt/ro/new", "unmount /opt/ro/sub", "unmount /opt/ro",
                                                "replace /opt/ro", "mount /opt/ro/new"}));
}

TEST(PlanProfileUpdate, MimicBuiltOverAnEarlierEntryGoesWithIt) {
    // /ro/x was mounted (its mount point is in the base), then /ro/new
    // needed a mimic of /ro, which covers /ro/x's mount: to undo /ro/x the
    // mimic must go first, and comes back for /ro/new.
    MountProfile cur = profile({bind("/srv/x", "/ro/x"), synthetic(tmpfs("/ro", "mode=0755"), "/ro/new"),
                                bind("/srv/new", "/ro/new")});
    MountProfile des = profile({bind("/srv/new", "/ro/new")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /ro/new", "unmount /ro", "unmount /ro/x", "mount /ro/new"}));
    // Removing /ro/new instead leaves /ro/x alone, and the mimic with it
    // (a desired entry is below it).
    MountProfile des2 = profile({bind("/srv/x", "/ro/x")});
    EXPECT_EQ(plan_and_check(cur, des2), (Lines{"keep /ro/x", "keep /ro", "unmount /ro/new"}));
}

TEST(PlanProfileUpdate, ParentMountedAfterItsChildCoversIt) {
    MountProfile cur = profile({bind("/s/b", "/a/b"), bind("/s/a", "/a")});
    MountProfile des = profile({bind("/s/a", "/a")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /a", "unmount /a/b", "mount /a"}));
}

TEST(PlanProfileUpdate, MimicBelowAChangedMountIsRebuilt) {
    MountProfile cur = profile({bind("/srv/opt", "/opt")}) + mimic("/opt/share", "/opt/share/app") +
                       std::vector{bind("/srv/app", "/opt/share/app")};
    MountProfile des = profile({bind("/srv/opt2", "/opt"), bind("/srv/app", "/opt/share/app")});
    EXPECT_EQ(plan_and_check(cur, des),
              (Lines{"unmount /opt/share/app", "unmount /opt/share/link", "unmount /opt/share/file",
                     "unmount /opt/share/lib", "unmount /opt/share", "replace /opt", "mount /opt/share/app"}));
}

// ---------------------------------------------------------------------------
// Stacks, kinds and entries that are not mounts

TEST(PlanProfileUpdate, StackAtOneTarget) {
    MountEntry x = bind("/srv/x", "/a");
    MountEntry y = bind("/srv/y", "/a");
    MountProfile cur = profile({x, y});
    // Keep the lower one: unmount the top one.
    EXPECT_EQ(plan_and_check(cur, profile({x})), (Lines{"keep /a", "unmount /a"}));
    // Keep the upper one: it sits on a mount that goes, so both go and it
    // comes back beneath the lower one once the upper one is gone.
    auto plan = plan_profile_update(cur, profile({y}));
    EXPECT_EQ(describe(plan), (Lines{"unmount /a", "replace /a"}));
    EXPECT_TRUE(plan[0].entry.same_as(y));
    EXPECT_TRUE(plan[1].replaced.same_as(x));
    EXPECT_TRUE(plan[1].entry.same_as(y));
    plan_and_check(cur, profile({y}));
    // The same entry twice: the first is kept.
    auto twice = plan_profile_update(profile({x, x}), profile({x}));
    EXPECT_EQ(describe(twice), (Lines{"keep /a", "unmount /a"}));
}

TEST(PlanProfileUpdate, KindChangeIsNotReplacedBeneath) {
    MountProfile cur = profile({bind("/srv/d", "/t")});
    MountProfile des = profile({file_bind("/srv/f", "/t")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /t", "mount /t"}));
    EXPECT_EQ(plan_and_check(des, cur), (Lines{"unmount /t", "mount /t"}));
    // file to file is.
    EXPECT_EQ(plan_and_check(des, profile({file_bind("/srv/f2", "/t")})), (Lines{"replace /t"}));
}

TEST(PlanProfileUpdate, SymlinksFollowKeepUnmountMount) {
    MountProfile cur = profile({symlink("/l1", "a"), symlink("/l2", "b")});
    MountProfile des = profile({symlink("/l1", "a"), symlink("/l2", "c"), symlink("/l3", "d")});
    auto plan = plan_profile_update(cur, des);
    EXPECT_EQ(describe(plan), (Lines{"keep /l1", "unmount /l2", "mount /l2", "mount /l3"}));
    EXPECT_EQ(plan[1].entry.symlink()->dest, "b");
    EXPECT_EQ(plan[2].entry.symlink()->dest, "c");
    plan_and_check(cur, des);
    EXPECT_EQ(plan_and_check(cur, {}), (Lines{"unmount /l2", "unmount /l1"}));
}

TEST(PlanProfileUpdate, EnsureDirFollowsKeepUnmountMountAndDoesNotRebuildBelow) {
    MountProfile cur = profile({ensure_dir("/var/lib/app", 0755), bind("/srv/data", "/var/lib/app/data")});
    MountProfile des = profile({ensure_dir("/var/lib/app", 0700), bind("/srv/data", "/var/lib/app/data")});
    EXPECT_EQ(plan_and_check(cur, des),
              (Lines{"keep /var/lib/app/data", "unmount /var/lib/app", "mount /var/lib/app"}));
    EXPECT_EQ(plan_and_check(cur, profile({ensure_dir("/var/lib/app", 0755)})),
              (Lines{"keep /var/lib/app", "unmount /var/lib/app/data"}));
}

TEST(PlanProfileUpdate, NonMountsBelowAChangedMountAreRebuilt) {
    MountProfile cur = profile({tmpfs("/opt"), symlink("/opt/l", "x"), ensure_dir("/opt/d", 0755)});
    MountProfile des = profile({tmpfs("/opt", "size=1m"), symlink("/opt/l", "x"), ensure_dir("/opt/d", 0755)});
    EXPECT_EQ(plan_and_check(cur, des),
              (Lines{"unmount /opt/d", "unmount /opt/l", "replace /opt", "mount /opt/d", "mount /opt/l"}));
}

TEST(PlanProfileUpdate, MountReplacingANonMountIsUnmountAndMount) {
    MountProfile cur = profile({ensure_dir("/t", 0755)});
    MountProfile des = profile({tmpfs("/t")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"unmount /t", "mount /t"}));
}

TEST(PlanProfileUpdate, MixedUpdate) {
    MountProfile cur = profile({bind("/srv/a", "/a"), bind("/srv/b", "/b"), tmpfs("/c"), bind("/srv/cd", "/c/d"),
                                symlink("/e", "x"), bind("/srv/f", "/f")});
    MountProfile des = profile({bind("/srv/f", "/f"), bind("/srv/new", "/c/new"), tmpfs("/c"), symlink("/e", "y"),
                                bind("/srv/b2", "/b"), bind("/srv/a", "/a")});
    EXPECT_EQ(plan_and_check(cur, des), (Lines{"keep /a", "keep /c", "keep /f", "unmount /e", "unmount /c/d",
                                               "replace /b", "mount /c/new", "mount /e"}));
}

TEST(PlanProfileUpdate, DuplicateDesiredTargetsThrow) {
    EXPECT_THROW(plan_profile_update({}, profile({bind("/s", "/t"), tmpfs("/t")})), Error);
}

// ---------------------------------------------------------------------------
// Random sequences of updates, executed on a model of the mount table

// The live mounts and non-mount entries, in the order they were made (a
// later mount at the same target or above hides an earlier entry), with
// the executor's recording rules. Directories below /ro are read-only: a
// mount whose parent is /ro or /ro/sub gets a writable mimic there first,
// recorded as a synthetic tmpfs, as cordon-update-ns does.
class Model {
public:
    // Runs the plan, checking each step is possible on the model; returns
    // the new current profile (kept entries, then what was done).
    MountProfile execute(const MountProfile& cur, const std::vector<ProfileChange>& plan) {
        MountProfile log;
        for (const auto& c : plan)
            if (c.action == Action::kKeep) log.entries.push_back(c.entry);
        for (const auto& c : plan) {
            SCOPED_TRACE(describe_change(c));
            switch (c.action) {
                case Action::kKeep:
                    EXPECT_TRUE(contains(c.entry));
                    break;
                case Action::kUnmount:
                    remove(c.entry);
                    break;
                case Action::kReplace: {
                    std::size_t i = top_at(c.replaced);
                    if (i < live_.size()) live_[i] = c.entry;
                    log.entries.push_back(c.entry);
                    break;
                }
                case Action::kMount:
                    if (c.entry.is_mount()) {
                        std::string parent = c.entry.target.substr(0, c.entry.target.rfind('/'));
                        if ((parent == "/ro" || parent == "/ro/sub") && !visible_tmpfs_at(parent)) {
                            MountEntry mimic = synthetic(tmpfs(parent, "mode=0755"), c.entry.target);
                            live_.push_back(mimic);
                            log.entries.push_back(mimic);
                        }
                    }
                    live_.push_back(c.entry);
                    log.entries.push_back(c.entry);
                    break;
            }
        }
        (void)cur;
        return log;
    }

    // Every desired entry is live once and visible; nothing else but
    // synthetic entries is live.
    void expect_state(const MountProfile& des) const {
        for (const auto& d : des.entries) {
            int n = 0;
            for (std::size_t i = 0; i < live_.size(); ++i) {
                if (!live_[i].same_as(d)) continue;
                ++n;
                EXPECT_FALSE(hidden(i, false)) << d.target << " is hidden";
            }
            EXPECT_EQ(n, 1) << d.target;
        }
        for (const auto& e : live_) {
            bool wanted = e.is_synthetic();
            for (const auto& d : des.entries) wanted = wanted || e.same_as(d);
            EXPECT_TRUE(wanted) << "left over: " << e.target;
        }
    }

    std::size_t size() const { return live_.size(); }

private:
    // Covered by a later mount at or above it. A writable mimic (synthetic)
    // does not hide what it covers from the app (it binds it back), but the
    // executor cannot reach through it to undo it.
    bool hidden(std::size_t k, bool mimic_hides = true) const {
        for (std::size_t j = k + 1; j < live_.size(); ++j)
            if (live_[j].is_mount() && (mimic_hides || !live_[j].is_synthetic()) &&
                path_is_within(live_[k].target, live_[j].target))
                return true;
        return false;
    }
    bool contains(const MountEntry& e) const {
        for (const auto& l : live_)
            if (l.same_as(e)) return true;
        return false;
    }
    bool visible_tmpfs_at(const std::string& dir) const {
        for (std::size_t i = 0; i < live_.size(); ++i)
            if (live_[i].target == dir && live_[i].tmpfs() && !hidden(i)) return true;
        return false;
    }
    // The visible entry at e's target, which must be e with nothing
    // mounted on or below it later; live_.size() when there is none.
    std::size_t top_at(const MountEntry& e) const {
        for (std::size_t i = live_.size(); i-- > 0;) {
            if (live_[i].target != e.target || (e.is_mount() && !live_[i].is_mount())) continue;
            if (e.is_mount() != live_[i].is_mount()) continue;
            EXPECT_TRUE(live_[i].same_as(e)) << "the visible entry at " << e.target << " is another one";
            EXPECT_FALSE(hidden(i)) << e.target << " is covered";
            for (std::size_t j = i + 1; j < live_.size() && e.is_mount(); ++j)
                EXPECT_FALSE(path_is_within(live_[j].target, e.target))
                    << live_[j].target << " (" << describe_entry(live_[j]) << ") is still there";
            return i;
        }
        ADD_FAILURE() << "nothing at " << e.target;
        return live_.size();
    }
    void remove(const MountEntry& e) {
        std::size_t i = top_at(e);
        if (i < live_.size()) live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
    }

    std::vector<MountEntry> live_;
};

MountProfile random_profile(std::mt19937& rng) {
    // Targets that may hold a mount, and leaf targets (nothing below them
    // in the pool) that may hold a symlink or a file too.
    static const char* dirs[] = {"/a", "/a/b", "/a/b/c", "/a-b", "/ro/x", "/ro/y", "/ro/sub/z", "/ro/sub", "/e"};
    static const char* leaves[] = {"/l", "/ro/l", "/ro/sub/l", "/a/b/l"};
    MountProfile p;
    for (const char* t : dirs) {
        switch (rng() % 6) {
            case 0: p.entries.push_back(bind("/s1", t)); break;
            case 1: p.entries.push_back(rbind("/s2", t)); break;
            case 2: p.entries.push_back(tmpfs(t)); break;
            case 3: p.entries.push_back(ensure_dir(t, rng() % 2 ? 0755 : 0700)); break;
            default: break;  // absent
        }
    }
    for (const char* t : leaves) {
        switch (rng() % 4) {
            case 0: p.entries.push_back(symlink(t, rng() % 2 ? "x" : "y")); break;
            case 1: p.entries.push_back(file_bind(rng() % 2 ? "/f1" : "/f2", t)); break;
            default: break;
        }
    }
    std::shuffle(p.entries.begin(), p.entries.end(), rng);
    return p;
}

TEST(PlanProfileUpdate, RandomUpdateSequencesReachTheDesiredStateAndAreIdempotent) {
    std::mt19937 rng(20240611);
    for (int run = 0; run < 300; ++run) {
        Model model;
        MountProfile cur;
        for (int step = 0; step < 6; ++step) {
            MountProfile des = step == 5 ? MountProfile{} : random_profile(rng);
            SCOPED_TRACE("run " + std::to_string(run) + " step " + std::to_string(step));
            auto plan = plan_profile_update(cur, des);
            cur = model.execute(cur, plan);
            model.expect_state(des);
            EXPECT_EQ(cur.entries.size(), model.size()) << "the log is the live state";
            // The log round-trips through its text form.
            MountProfile reread = parse_mount_profile(format_mount_profile(cur), "/run/cordon/ns/x.fstab",
                                                      ProfileRole::kCurrent);
            ASSERT_EQ(reread.entries.size(), cur.entries.size());
            for (const auto& c : plan_profile_update(reread, des))
                ASSERT_EQ(c.action, Action::kKeep) << "second update: " << describe_change(c);
            if (::testing::Test::HasFailure()) return;
        }
        EXPECT_EQ(model.size(), 0u) << "the empty profile leaves nothing";
    }
}

TEST(DescribeChange, Strings) {
    ProfileChange c{Action::kKeep, bind("/s", "/t"), {}};
    EXPECT_EQ(describe_change(c), "keep /t");
    c.action = Action::kUnmount;
    EXPECT_EQ(describe_change(c), "unmount /t");
    c.action = Action::kReplace;
    EXPECT_EQ(describe_change(c), "replace /t");
    c.action = Action::kMount;
    EXPECT_EQ(describe_change(c), "mount /t");
}

// ---------------------------------------------------------------------------
// change_failure: a failed change names its entry by the line of the
// desired profile, as parsed (comments and blank lines counted).

const std::string kDesiredFile = "/etc/cordon/apps/x.fstab";

const ProfileChange& change_at(const std::vector<ProfileChange>& plan, const std::string& target) {
    auto it = std::find_if(plan.begin(), plan.end(), [&](const ProfileChange& c) { return c.entry.target == target; });
    if (it == plan.end()) throw std::runtime_error("no change at " + target);
    return *it;
}

std::string failure_message(const ProfileChange& c, const Error& cause) {
    return format_error("cordon-update-ns", change_failure(c, kDesiredFile, cause));
}

TEST(ChangeFailure, NamesTheLineOfTheDesiredProfileCountingCommentsAndBlankLines) {
    MountProfile desired = parse_mount_profile("# fonts from the host\n"
                                               "\n"
                                               "/srv/a /a none bind 0 0\n"
                                               "  # an indented comment\n"
                                               "\ttmpfs /b tmpfs size=64k 0 0\n"
                                               "\r\n"
                                               "/srv/missing /c none bind,ro 0 0\n",
                                               kDesiredFile, ProfileRole::kDesired);
    std::vector<ProfileChange> plan = plan_profile_update({}, desired);
    Error cause("open /srv/missing on the host", "it does not exist (create it, or correct the line)");
    EXPECT_EQ(failure_message(change_at(plan, "/c"), cause),
              "cordon-update-ns: cannot apply /etc/cordon/apps/x.fstab:7 (/srv/missing on /c): cannot open "
              "/srv/missing on the host: it does not exist (create it, or correct the line)");
    Error refused("mount tmpfs -> /b", "Invalid argument");
    Error e = change_failure(change_at(plan, "/b"), kDesiredFile, refused);
    EXPECT_EQ(e.action(), "apply /etc/cordon/apps/x.fstab:5 (tmpfs on /b)");
    EXPECT_EQ(e.reason(), "cannot mount tmpfs -> /b: Invalid argument");
    EXPECT_EQ(change_failure(change_at(plan, "/a"), kDesiredFile, refused).action(),
              "apply /etc/cordon/apps/x.fstab:3 (/srv/a on /a)");
}

TEST(ChangeFailure, AReplacementNamesTheDesiredLineNotTheLogs) {
    MountProfile current = parse_mount_profile("# cordon: namespace id-1\n/srv/old /a none bind 0 0\n",
                                               "/run/cordon/ns/x.fstab", ProfileRole::kCurrent);
    MountProfile desired =
        parse_mount_profile("# new\n# source\n\n/srv/new /a none bind 0 0\n", kDesiredFile, ProfileRole::kDesired);
    std::vector<ProfileChange> plan = plan_profile_update(current, desired);
    const ProfileChange& c = change_at(plan, "/a");
    ASSERT_EQ(c.action, Action::kReplace);
    EXPECT_EQ(change_failure(c, kDesiredFile, Error("replace /a", "busy")).action(),
              "apply /etc/cordon/apps/x.fstab:4 (/srv/new on /a)");
}

TEST(ChangeFailure, ARemovalNamesTheEntryNoLongerInTheFile) {
    MountProfile current = parse_mount_profile(
        "# cordon: namespace id-1\n"
        "/srv/a /opt/a none bind 0 0\n"
        "tmpfs /opt tmpfs x-cordon.synthetic,x-cordon.needed-by=/opt/a\n",
        "/run/cordon/ns/x.fstab", ProfileRole::kCurrent);
    std::vector<ProfileChange> plan = plan_profile_update(current, {});
    ASSERT_EQ(plan.size(), 2u);
    Error cause("unmount /opt/a", "Device or resource busy");
    EXPECT_EQ(failure_message(change_at(plan, "/opt/a"), cause),
              "cordon-update-ns: cannot apply /etc/cordon/apps/x.fstab (remove /srv/a on /opt/a, no longer in it): "
              "cannot unmount /opt/a: Device or resource busy");
    EXPECT_EQ(change_failure(change_at(plan, "/opt"), kDesiredFile, cause).action(),
              "apply /etc/cordon/apps/x.fstab (remove the writable mimic at /opt, no longer needed)");
}

TEST(DescribeEntry, EachKind) {
    EXPECT_EQ(describe_entry(bind("/srv/a", "/a")), "/srv/a on /a");
    EXPECT_EQ(describe_entry(file_bind("/srv/f", "/f")), "/srv/f on /f");
    EXPECT_EQ(describe_entry(tmpfs("/t")), "tmpfs on /t");
    EXPECT_EQ(describe_entry(symlink("/l", "../x")), "symlink /l -> ../x");
    EXPECT_EQ(describe_entry(ensure_dir("/d", 0755)), "directory /d");
}

}  // namespace
}  // namespace cordon
