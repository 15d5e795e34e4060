#include "core/fs_trust.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

TEST(UnsafeParentReason, RootOwnedNotWritableByOthersIsSafe) {
    EXPECT_EQ(unsafe_parent_reason(0, S_IFDIR | 0755), std::nullopt);
    EXPECT_EQ(unsafe_parent_reason(0, S_IFDIR | 0700), std::nullopt);
}

TEST(UnsafeParentReason, StickyWorldWritableRootDirIsSafe) {
    // The app's private /tmp: others create names, but cannot rename root's.
    EXPECT_EQ(unsafe_parent_reason(0, S_IFDIR | 01777), std::nullopt);
    EXPECT_EQ(unsafe_parent_reason(0, S_IFDIR | 01775), std::nullopt);
}

TEST(UnsafeParentReason, UserOwnedIsRefused) {
    // A directory the app's user made in /tmp: its owner renames anything in it.
    auto why = unsafe_parent_reason(1000, S_IFDIR | 0755);
    ASSERT_TRUE(why);
    EXPECT_EQ(*why, "owned by uid 1000, not root");
    EXPECT_TRUE(unsafe_parent_reason(1000, S_IFDIR | 01777));
}

TEST(UnsafeParentReason, WritableByOthersWithoutStickyIsRefused) {
    auto why = unsafe_parent_reason(0, S_IFDIR | 0777);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("0777"), std::string::npos) << *why;
    EXPECT_TRUE(unsafe_parent_reason(0, S_IFDIR | 0775));
    EXPECT_TRUE(unsafe_parent_reason(0, S_IFDIR | 0757));
}

struct stat make_stat(mode_t mode, uid_t uid, dev_t dev, nlink_t nlink) {
    struct stat st {};
    st.st_mode = mode;
    st.st_uid = uid;
    st.st_dev = dev;
    st.st_nlink = nlink;
    return st;
}

TEST(NotFreshReason, AcceptsWhatWasJustCreated) {
    EXPECT_EQ(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 0700, 0, 7, 2), 7, 0, 0700), std::nullopt);
    // A umask only removes bits; btrfs counts one link per directory.
    EXPECT_EQ(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 0500, 0, 7, 1), 7, 0, 0700), std::nullopt);
    // A set-group-id parent passes its bit on.
    EXPECT_EQ(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 02700, 0, 7, 2), 7, 0, 0700), std::nullopt);
    EXPECT_EQ(not_fresh_reason(NewKind::kFile, make_stat(S_IFREG | 0600, 0, 7, 1), 7, 0, 0600), std::nullopt);
    EXPECT_EQ(not_fresh_reason(NewKind::kSymlink, make_stat(S_IFLNK | 0777, 0, 7, 1), 7, 0, 0777), std::nullopt);
    // On overlayfs, files and symlinks show their layer's device.
    EXPECT_EQ(not_fresh_reason(NewKind::kFile, make_stat(S_IFREG | 0600, 0, 9, 1), 7, 0, 0600), std::nullopt);
    EXPECT_EQ(not_fresh_reason(NewKind::kSymlink, make_stat(S_IFLNK | 0777, 0, 9, 1), 7, 0, 0777), std::nullopt);
}

TEST(NotFreshReason, RefusesAnotherType) {
    // The name became a symlink (or something else) after the creation.
    EXPECT_TRUE(not_fresh_reason(NewKind::kDir, make_stat(S_IFLNK | 0777, 0, 7, 1), 7, 0, 0700));
    EXPECT_TRUE(not_fresh_reason(NewKind::kFile, make_stat(S_IFDIR | 0700, 0, 7, 2), 7, 0, 0600));
    EXPECT_TRUE(not_fresh_reason(NewKind::kSymlink, make_stat(S_IFREG | 0600, 0, 7, 1), 7, 0, 0777));
}

TEST(NotFreshReason, RefusesSomeoneElsesOrAnOlderObject) {
    // The user's own directory swapped in.
    EXPECT_TRUE(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 0700, 1000, 7, 2), 7, 0, 0700));
    // Another filesystem (a mount point, or renamed in from elsewhere).
    EXPECT_TRUE(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 0700, 0, 8, 2), 7, 0, 0700));
    // Root's, but with bits the creation did not give it: an older one.
    EXPECT_TRUE(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 0755, 0, 7, 2), 7, 0, 0700));
    // With subdirectories already.
    EXPECT_TRUE(not_fresh_reason(NewKind::kDir, make_stat(S_IFDIR | 0700, 0, 7, 3), 7, 0, 0700));
    // A hard link to a file elsewhere.
    EXPECT_TRUE(not_fresh_reason(NewKind::kFile, make_stat(S_IFREG | 0600, 0, 7, 2), 7, 0, 0600));
}

}  // namespace
}  // namespace cordon

TEST(OctalMode, FourDigitsWithSpecialBits) {
    EXPECT_EQ(cordon::octal_mode(0755), "0755");
    EXPECT_EQ(cordon::octal_mode(S_IFDIR | 01777), "1777");
    EXPECT_EQ(cordon::octal_mode(0), "0000");
    EXPECT_EQ(cordon::octal_mode(04711), "4711");
}
