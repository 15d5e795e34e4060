#include "launcher/private_dirs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>  // renameat2

#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/fs_trust.h"
#include "core/paths.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

constexpr const char* kTopName = "cordon-private";
constexpr mode_t kTopMode = 0700;
// How often a launch swaps a squatted name out before it gives up: each
// round needs the squatter to win a fresh race against a root process.
constexpr int kReplaceRounds = 3;

// /tmp itself is world-writable; it is usable because it is root's and
// sticky: nobody else can rename or remove root's entries in it.
UniqueFd open_host_tmp() {
    UniqueFd tmp = open_nofollow("/tmp", O_PATH | O_DIRECTORY);
    struct stat st = stat_fd(tmp.get(), "/tmp");
    if (st.st_uid != 0 || ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)))
        throw Error("trust /tmp", "not root-owned, or world-writable without the sticky bit");
    return tmp;
}

enum class TopState { kGood, kMissing, kSquatted };

// What is at /tmp/cordon-private. A root-owned object of the wrong kind or
// mode can only be an admin's doing: that is an error with the fix, never
// something cordon changes.
TopState inspect_top(int tmp, UniqueFd* good) {
    struct stat st;
    if (fstatat(tmp, kTopName, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return TopState::kMissing;
        throw_errno("inspect " + std::string(paths::kPrivateDir));
    }
    if (st.st_uid != 0) return TopState::kSquatted;
    if (!S_ISDIR(st.st_mode) || (st.st_mode & 07777) != kTopMode || st.st_gid != 0)
        throw Error("use " + std::string(paths::kPrivateDir),
                    "it is root's but not a root:root directory of mode 0700 (it is " +
                        (S_ISDIR(st.st_mode) ? "group " + std::to_string(st.st_gid) + ", mode " + octal_mode(st.st_mode)
                                             : std::string("not a directory")) +
                        "); as root, remove it (rm -r " + paths::kPrivateDir +
                        ") once no app uses it, and launch again");
    UniqueFd fd(openat(tmp, kTopName, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return TopState::kMissing;  // removed meanwhile
        throw_errno("open " + std::string(paths::kPrivateDir));
    }
    struct stat again = stat_fd(fd.get(), paths::kPrivateDir);
    if (again.st_dev != st.st_dev || again.st_ino != st.st_ino) return TopState::kMissing;  // replaced: look again
    *good = std::move(fd);
    return TopState::kGood;
}

// A fresh root 0700 directory under a random name in /tmp, verified by fd.
std::string make_fresh_top(int tmp, UniqueFd* fd) {
    std::string name = make_temp_dir(tmp, std::string(kTopName) + ".", kTopMode);
    UniqueFd dir(openat(tmp, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) throw_errno("open /tmp/" + name);
    // Made by us (root), in a sticky root-owned /tmp that nobody else may
    // rename entries of: still checked, as everything taken by name.
    struct stat st = stat_fd(dir.get(), "/tmp/" + name);
    if (st.st_uid != 0 || (st.st_mode & 07777) != kTopMode)
        throw Error("create /tmp/" + name, "it is not the root 0700 directory just made");
    *fd = std::move(dir);
    return name;
}

// Puts a fresh directory in place of whatever a user put at the name, in
// one atomic exchange: there is no moment at which the name is free for the
// user to take again. The squatter's object keeps living under the fresh
// name (renamed, never opened, changed or removed by root).
void replace_squatted_top(int tmp) {
    UniqueFd fresh;
    std::string name = make_fresh_top(tmp, &fresh);
    if (renameat2(tmp, name.c_str(), tmp, kTopName, RENAME_EXCHANGE) != 0) {
        int err = errno;
        unlinkat(tmp, name.c_str(), AT_REMOVEDIR);  // ours, still empty
        if (err == ENOENT) return;                  // the squatter left: look again
        errno = err;
        throw_errno("replace " + std::string(paths::kPrivateDir) + " (created by another user)");
    }
    debug("%s was not root's (made by a user?): swapped it out to /tmp/%s", paths::kPrivateDir, name.c_str());
}

UniqueFd create_top(int tmp) {
    if (mkdirat(tmp, kTopName, kTopMode) != 0) {
        if (errno == EEXIST) return UniqueFd();  // someone was faster: look again
        throw_errno("create " + std::string(paths::kPrivateDir));
    }
    UniqueFd fd;
    if (inspect_top(tmp, &fd) != TopState::kGood) return UniqueFd();
    // The umask is 0 while privileged, so the mode is exact.
    debug("created %s", paths::kPrivateDir);
    return fd;
}

UniqueFd open_private_top(const NsStore& store) {
    UniqueFd tmp = open_host_tmp();
    for (int round = 0; round < 2 * kReplaceRounds; ++round) {
        UniqueFd top;
        switch (inspect_top(tmp.get(), &top)) {
            case TopState::kGood:
                return top;
            case TopState::kMissing:
                top = create_top(tmp.get());
                if (top) return top;
                break;
            case TopState::kSquatted: {
                FileLock global = store.lock_global();
                // Under the lock, another launch may have replaced it already.
                if (inspect_top(tmp.get(), &top) == TopState::kSquatted) replace_squatted_top(tmp.get());
                break;
            }
        }
    }
    throw Error("use " + std::string(paths::kPrivateDir),
                "another user keeps re-creating it; as root, find and stop them, then launch again");
}

}  // namespace

PrivateDirs open_private_dirs(const NsStore& store, const std::string& app) {
    UniqueFd top = open_private_top(store);
    const std::string app_dir = app_files::private_dir(app).path();
    UniqueFd appfd = ensure_dir(top.get(), app.c_str(), DirSpec{0, 0, 0700}, app_dir);
    PrivateDirs d;
    d.app_tmp = ensure_dir(appfd.get(), "tmp", DirSpec{0, 0, 01777}, app_dir + "/tmp");
    d.scratch = ensure_dir(appfd.get(), "rootfs", DirSpec{0, 0, 0700}, app_dir + "/rootfs");
    return d;
}

}  // namespace cordon
