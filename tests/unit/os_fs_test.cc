// The os layer where it runs unprivileged (and as root alike): fd and
// directory ownership, secure_fs's walking and symlink reading in a temp
// dir, random names, the file lock, and the pure path helpers.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/fs_trust.h"
#include "os/file_lock.h"
#include "os/random.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

namespace cordon {
namespace {

bool fd_is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

// A fresh directory under TMPDIR, removed with everything in it.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/cordon-os-test.XXXXXX";
        path_ = mkdtemp(tmpl.data()) ? tmpl : "";
        fd_.reset(open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }
    ~TempDir() {
        if (path_.empty()) return;
        int rc = std::system(("rm -rf '" + path_ + "'").c_str());
        (void)rc;
    }
    const std::string& path() const { return path_; }
    int fd() const { return fd_.get(); }

private:
    std::string path_;
    UniqueFd fd_;
};

TEST(UniqueFd, ClosesOnResetAndDestruction) {
    int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(raw, 0);
    {
        UniqueFd fd(raw);
        EXPECT_TRUE(fd.valid());
        EXPECT_EQ(fd.get(), raw);
    }
    EXPECT_FALSE(fd_is_open(raw));
}

TEST(UniqueFd, MoveTransfersOwnershipAndReleaseGivesItUp) {
    UniqueFd a(open("/dev/null", O_RDONLY | O_CLOEXEC));
    int raw = a.get();
    UniqueFd b(std::move(a));
    EXPECT_FALSE(a.valid());
    EXPECT_EQ(b.get(), raw);
    UniqueFd c;
    c = std::move(b);
    EXPECT_EQ(c.get(), raw);
    int released = c.release();
    EXPECT_FALSE(c.valid());
    EXPECT_TRUE(fd_is_open(released));
    close(released);
}

TEST(UniqueDir, OwnsTheFdItReads) {
    TempDir t;
    int raw = open(t.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(raw, 0);
    {
        UniqueDir dir = dir_from_fd(UniqueFd(raw));
        ASSERT_TRUE(dir);
        EXPECT_EQ(dirfd(dir.get()), raw);
    }
    EXPECT_FALSE(fd_is_open(raw));
}

TEST(UniqueDir, FailureClosesTheFdAndKeepsErrno) {
    int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(raw, 0);
    UniqueDir dir = dir_from_fd(UniqueFd(raw));
    EXPECT_FALSE(dir);
    EXPECT_EQ(errno, ENOTDIR);
    EXPECT_FALSE(fd_is_open(raw));
}

TEST(ReadLinkAt, ReadsTargetsByNameAndThroughAnOpathFd) {
    TempDir t;
    ASSERT_EQ(symlinkat("some/where", t.fd(), "l"), 0);
    EXPECT_EQ(read_link_at(t.fd(), "l"), "some/where");
    UniqueFd link(openat(t.fd(), "l", O_PATH | O_NOFOLLOW | O_CLOEXEC));
    ASSERT_TRUE(link);
    EXPECT_EQ(read_link_at(link.get(), ""), "some/where");
    EXPECT_EQ(read_link_at(AT_FDCWD, t.path() + "/l"), "some/where");
}

TEST(ReadLinkAt, NothingForAMissingNameOrANonSymlink) {
    TempDir t;
    EXPECT_EQ(read_link_at(t.fd(), "missing"), std::nullopt);
    EXPECT_EQ(errno, ENOENT);
    ASSERT_EQ(mkdirat(t.fd(), "d", 0700), 0);
    EXPECT_EQ(read_link_at(t.fd(), "d"), std::nullopt);
    EXPECT_EQ(errno, EINVAL);
}

TEST(DirEntries, ListsNamesWithoutDotsAndRemovesTempFiles) {
    TempDir t;
    ASSERT_EQ(mkdirat(t.fd(), "sub", 0700), 0);
    UniqueFd f(openat(t.fd(), "file", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    ASSERT_TRUE(f);
    ASSERT_EQ(symlinkat("/nowhere", t.fd(), "dangling"), 0);
    UniqueFd opath(open(t.path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    auto names = dir_entries(opath.get(), t.path());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"dangling", "file", "sub"}));
}

TEST(OpenBeneath, FollowsNoSymlinkAndDoesNotLeave) {
    TempDir t;
    ASSERT_EQ(mkdirat(t.fd(), "a", 0700), 0);
    UniqueFd a(openat(t.fd(), "a", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_EQ(mkdirat(a.get(), "b", 0700), 0);
    ASSERT_EQ(symlinkat("b", a.get(), "to-b"), 0);
    ASSERT_EQ(symlinkat("/etc", a.get(), "to-etc"), 0);
    UniqueFd b = open_beneath(t.fd(), "a/b", O_PATH | O_DIRECTORY, "a/b");
    EXPECT_TRUE(b);
    EXPECT_THROW(open_beneath(t.fd(), "a/to-b", O_PATH | O_DIRECTORY, "a/to-b"), Error);
    EXPECT_THROW(open_beneath(t.fd(), "a/to-etc/passwd", O_PATH, "a/to-etc/passwd"), Error);
    EXPECT_THROW(open_beneath(t.fd(), "a/../../etc", O_PATH | O_DIRECTORY, "a/../../etc"), Error);
}

// The walk used where openat2 is missing: "a/." is "a" (it once returned
// the start directory), ".." fails with EXDEV, a symlink is not followed.
TEST(WalkNofollowFallback, TrailingDotNamesTheDirectory) {
    TempDir t;
    ASSERT_EQ(mkdirat(t.fd(), "a", 0700), 0);
    ASSERT_EQ(symlinkat("a", t.fd(), "to-a"), 0);
    struct stat want = stat_fd(UniqueFd(openat(t.fd(), "a", O_PATH | O_CLOEXEC)).get(), "a");
    UniqueFd got(walk_nofollow_fallback(t.fd(), "a/.", O_PATH | O_DIRECTORY));
    ASSERT_TRUE(got);
    struct stat st = stat_fd(got.get(), "a/.");
    EXPECT_EQ(st.st_ino, want.st_ino);
    errno = 0;
    EXPECT_EQ(walk_nofollow_fallback(t.fd(), "a/..", O_PATH), -1);
    EXPECT_EQ(errno, EXDEV);
    EXPECT_EQ(walk_nofollow_fallback(t.fd(), "to-a/.", O_PATH | O_DIRECTORY), -1);
}

TEST(MakeTempDir, FreshNamesWithThePrefix) {
    TempDir t;
    std::string a = make_temp_dir(t.fd(), "x.", 0700);
    std::string b = make_temp_dir(t.fd(), "x.", 0700);
    EXPECT_NE(a, b);
    ASSERT_EQ(a.size(), 8u);
    EXPECT_EQ(a.substr(0, 2), "x.");
    struct stat st;
    ASSERT_EQ(fstatat(t.fd(), a.c_str(), &st, AT_SYMLINK_NOFOLLOW), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST(TempNames, WhatWriteFileAtomicallyLeavesIsRecognised) {
    EXPECT_TRUE(is_temp_name_of(".app.info.0a9f3c", "app.info"));
    EXPECT_FALSE(is_temp_name_of(".app.info.0a9f3", "app.info"));
    EXPECT_FALSE(is_temp_name_of(".app.info.0a9f3G", "app.info"));
    EXPECT_FALSE(is_temp_name_of("app.info.0a9f3c", "app.info"));
    EXPECT_FALSE(is_temp_name_of(".other.0a9f3c", "app.info"));
    EXPECT_TRUE(is_temp_name_of("." + std::string("app.info.") + random_chars(6, kHexDigits), "app.info"));
}

// The lock file must be root's: as root the lock is taken, and a held
// one times out with the signal action and mask restored; as another
// user the file it created is refused (the test runs both ways).
TEST(FileLock, LocksTimesOutAndRestoresSignals) {
    TempDir t;
    if (geteuid() != 0) {
        EXPECT_THROW(FileLock::acquire(t.fd(), "l.lock", 1, "l.lock"), Error);
        return;
    }
    FileLock held = FileLock::acquire(t.fd(), "l.lock", 1, "l.lock");
    ASSERT_GE(held.fd(), 0);
    struct sigaction before {};
    ASSERT_EQ(sigaction(SIGALRM, nullptr, &before), 0);
    sigset_t mask_before, mask_after;
    sigprocmask(SIG_SETMASK, nullptr, &mask_before);
    // A second open file description of the same file: flock conflicts.
    EXPECT_THROW(FileLock::acquire(t.fd(), "l.lock", 1, "l.lock"), Error);
    struct sigaction after {};
    ASSERT_EQ(sigaction(SIGALRM, nullptr, &after), 0);
    EXPECT_EQ(after.sa_handler, before.sa_handler);
    sigprocmask(SIG_SETMASK, nullptr, &mask_after);
    EXPECT_EQ(sigismember(&mask_after, SIGALRM), sigismember(&mask_before, SIGALRM));
    held.release();
    FileLock again = FileLock::acquire(t.fd(), "l.lock", 1, "l.lock");
    EXPECT_GE(again.fd(), 0);
}

TEST(RandomChars, LengthAndAlphabet) {
    std::string s = random_chars(200, kHexDigits);
    EXPECT_EQ(s.size(), 200u);
    EXPECT_EQ(s.find_first_not_of(kHexDigits), std::string::npos);
    EXPECT_EQ(random_chars(0, kAlphanumerics), "");
    EXPECT_EQ(random_chars(5, "z"), "zzzzz");
    EXPECT_NE(random_chars(32, kAlphanumerics), random_chars(32, kAlphanumerics));
}

}  // namespace
}  // namespace cordon
