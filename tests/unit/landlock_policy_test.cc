#include "core/landlock_policy.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace cordon {
namespace {

constexpr std::uint64_t kAbi1 = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
                                LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                                LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
                                LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
                                LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                                LANDLOCK_ACCESS_FS_MAKE_SYM;
constexpr std::uint64_t kAbi2 = kAbi1 | LANDLOCK_ACCESS_FS_REFER;
constexpr std::uint64_t kAbi3 = kAbi2 | LANDLOCK_ACCESS_FS_TRUNCATE;
constexpr std::uint64_t kAbi5 = kAbi3 | LANDLOCK_ACCESS_FS_IOCTL_DEV;
constexpr std::uint64_t kBothScopes = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;

// The uapi values the fallback definitions must match (a newer header
// defines them itself; either way they are the kernel's numbers).
TEST(LandlockPolicy, LaterAbiConstantsAreTheKernels) {
    EXPECT_EQ(LANDLOCK_ACCESS_FS_TRUNCATE, 1ULL << 14);
    EXPECT_EQ(LANDLOCK_ACCESS_FS_IOCTL_DEV, 1ULL << 15);
    EXPECT_EQ(LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET, 1ULL << 0);
    EXPECT_EQ(LANDLOCK_SCOPE_SIGNAL, 1ULL << 1);
}

TEST(LandlockPolicy, FilesystemRightsPerAbi) {
    EXPECT_EQ(landlock_fs_rights(-1), 0u);
    EXPECT_EQ(landlock_fs_rights(0), 0u);
    EXPECT_EQ(landlock_fs_rights(1), kAbi1);
    EXPECT_EQ(landlock_fs_rights(2), kAbi2);
    EXPECT_EQ(landlock_fs_rights(3), kAbi3);
    EXPECT_EQ(landlock_fs_rights(4), kAbi3);  // ABI 4 added network rights only
    EXPECT_EQ(landlock_fs_rights(5), kAbi5);
    EXPECT_EQ(landlock_fs_rights(6), kAbi5);
    EXPECT_EQ(landlock_fs_rights(7), kAbi5);
    // A later ABI: only the rights cordon knows (a right it does not know
    // would be handled and never granted).
    EXPECT_EQ(landlock_fs_rights(8), kAbi5);
    EXPECT_EQ(landlock_fs_rights(42), kAbi5);
}

TEST(LandlockPolicy, ScopeBitsFromAbi6) {
    for (int abi = 0; abi < 6; ++abi) {
        SCOPED_TRACE(abi);
        EXPECT_EQ(landlock_scope_bits(LandlockScope::kAll, abi), 0u);
        EXPECT_EQ(landlock_scope_bits(LandlockScope::kAbstractSockets, abi), 0u);
    }
    for (int abi : {6, 7, 8}) {
        SCOPED_TRACE(abi);
        EXPECT_EQ(landlock_scope_bits(LandlockScope::kNone, abi), 0u);
        EXPECT_EQ(landlock_scope_bits(LandlockScope::kAbstractSockets, abi), LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
        EXPECT_EQ(landlock_scope_bits(LandlockScope::kSignals, abi), LANDLOCK_SCOPE_SIGNAL);
        EXPECT_EQ(landlock_scope_bits(LandlockScope::kAll, abi), kBothScopes);
    }
}

bool notes_contain(const LandlockPolicy& p, const std::string& part) {
    for (const std::string& n : p.notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

TEST(LandlockPolicy, NoLandlockInTheKernel) {
    LandlockPolicy p = plan_landlock(0, true, LandlockScope::kAll);
    EXPECT_FALSE(p.active());
    EXPECT_EQ(p.handled_fs, 0u);
    EXPECT_EQ(p.scoped, 0u);
    EXPECT_TRUE(notes_contain(p, "Landlock: not available on this kernel")) << p.notes[0];
    EXPECT_TRUE(notes_contain(p, "Landlock scope all: not enforced"));
}

// ABI 1 lacks REFER: a domain there refuses every cross-directory rename
// and link, so there is no domain at all, and the debug line says why.
TEST(LandlockPolicy, Abi1IsSkipped) {
    LandlockPolicy p = plan_landlock(1, true, LandlockScope::kNone);
    EXPECT_FALSE(p.active());
    ASSERT_EQ(p.notes.size(), 1u);
    EXPECT_EQ(p.notes[0],
              "Landlock ABI 1: not enforced (before ABI 2, 5.19, a Landlock domain refuses every rename and link "
              "across directories)");
    EXPECT_FALSE(plan_landlock(1, true, LandlockScope::kAll).active());
}

TEST(LandlockPolicy, FilesystemLayerFromAbi2) {
    const std::uint64_t want[] = {0, 0, kAbi2, kAbi3, kAbi3, kAbi5, kAbi5, kAbi5, kAbi5};
    for (int abi = 2; abi <= 8; ++abi) {
        SCOPED_TRACE(abi);
        LandlockPolicy p = plan_landlock(abi, true, LandlockScope::kNone);
        EXPECT_TRUE(p.active());
        EXPECT_EQ(p.handled_fs, want[abi]);
        EXPECT_EQ(p.scoped, 0u);
        ASSERT_EQ(p.notes.size(), 1u);
        EXPECT_EQ(p.notes[0], "Landlock ABI " + std::to_string(abi) +
                                  ": the app's filesystem is its root only; host processes are out of reach "
                                  "(/proc/PID/root, cwd, fd, environ, mem)");
    }
}

TEST(LandlockPolicy, ScopeBeforeAbi6IsAcceptedAndReportedNotEnforced) {
    for (int abi = 2; abi < 6; ++abi) {
        SCOPED_TRACE(abi);
        LandlockPolicy p = plan_landlock(abi, true, LandlockScope::kAbstractSockets);
        EXPECT_EQ(p.handled_fs, landlock_fs_rights(abi));
        EXPECT_EQ(p.scoped, 0u);
        ASSERT_EQ(p.notes.size(), 2u);
        EXPECT_EQ(p.notes[1], "Landlock scope abstract-sockets: not enforced (needs Landlock ABI 6, Linux 6.12)");
    }
}

TEST(LandlockPolicy, ScopeFromAbi6) {
    for (int abi : {6, 7, 8}) {
        SCOPED_TRACE(abi);
        LandlockPolicy s = plan_landlock(abi, true, LandlockScope::kSignals);
        EXPECT_EQ(s.handled_fs, kAbi5);
        EXPECT_EQ(s.scoped, LANDLOCK_SCOPE_SIGNAL);
        ASSERT_EQ(s.notes.size(), 2u);
        EXPECT_EQ(s.notes[1], "Landlock scope signals: enforced");
        EXPECT_EQ(plan_landlock(abi, true, LandlockScope::kAll).scoped, kBothScopes);
        EXPECT_EQ(plan_landlock(abi, true, LandlockScope::kAbstractSockets).scoped,
                  LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
        EXPECT_EQ(plan_landlock(abi, true, LandlockScope::kNone).scoped, 0u);
    }
}

TEST(LandlockPolicy, OffMeansNoDomainOnEveryAbi) {
    for (int abi = 0; abi <= 8; ++abi) {
        SCOPED_TRACE(abi);
        LandlockPolicy p = plan_landlock(abi, false, LandlockScope::kAll);
        EXPECT_FALSE(p.active());
        ASSERT_EQ(p.notes.size(), 2u);
        EXPECT_EQ(p.notes[0], "Landlock: off (app config)");
        EXPECT_EQ(p.notes[1], "Landlock scope all: not enforced (landlock = off)");
        EXPECT_EQ(plan_landlock(abi, false, LandlockScope::kNone).notes.size(), 1u);
    }
}

TEST(LandlockPolicy, ScopeNames) {
    EXPECT_STREQ(landlock_scope_name(LandlockScope::kNone), "none");
    EXPECT_STREQ(landlock_scope_name(LandlockScope::kAbstractSockets), "abstract-sockets");
    EXPECT_STREQ(landlock_scope_name(LandlockScope::kSignals), "signals");
    EXPECT_STREQ(landlock_scope_name(LandlockScope::kAll), "all");
}

// The caller's fds 0-2: nothing beyond how each was opened.
TEST(LandlockPolicy, InheritedFileRightsFollowTheOpenMode) {
    const std::uint64_t r = LANDLOCK_ACCESS_FS_READ_FILE, w = LANDLOCK_ACCESS_FS_WRITE_FILE,
                        t = LANDLOCK_ACCESS_FS_TRUNCATE, io = LANDLOCK_ACCESS_FS_IOCTL_DEV;
    EXPECT_EQ(landlock_inherited_file_rights(O_RDONLY, false, kAbi5), r);
    EXPECT_EQ(landlock_inherited_file_rights(O_WRONLY | O_APPEND, false, kAbi5), w | t);
    EXPECT_EQ(landlock_inherited_file_rights(O_RDWR, false, kAbi5), r | w | t);
    EXPECT_EQ(landlock_inherited_file_rights(O_RDONLY, true, kAbi5), r | io);
    EXPECT_EQ(landlock_inherited_file_rights(O_WRONLY, true, kAbi5), w | io);
    EXPECT_EQ(landlock_inherited_file_rights(O_RDWR, true, kAbi5), r | w | io);
    // Never EXECUTE, never a directory right.
    EXPECT_EQ(landlock_inherited_file_rights(O_RDWR, false, kAbi5) & ~(r | w | t), 0u);
    // O_PATH reads as O_RDONLY in the access mode: still nothing.
    EXPECT_EQ(landlock_inherited_file_rights(O_PATH, false, kAbi5), 0u);
    EXPECT_EQ(landlock_inherited_file_rights(O_PATH, true, kAbi5), 0u);
    // O_ACCMODE 3 (no read, no write) gets nothing.
    EXPECT_EQ(landlock_inherited_file_rights(O_ACCMODE, true, kAbi5), 0u);
    // Only rights the ruleset handles (the kernel refuses any other).
    EXPECT_EQ(landlock_inherited_file_rights(O_RDWR, false, kAbi2), r | w);
    EXPECT_EQ(landlock_inherited_file_rights(O_RDWR, true, kAbi3), r | w);
    EXPECT_EQ(landlock_inherited_file_rights(O_WRONLY, false, kAbi3), w | t);
}

}  // namespace
}  // namespace cordon
