#include "os/secure_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <vector>
#include <cstring>

#include "core/abs_path.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/fs_trust.h"
#include "os/random.h"

namespace cordon {

namespace {

// write_file_atomically's temp files: ".NAME." and this many hex digits.
constexpr std::size_t kTempNameRandomChars = 6;

long sys_openat2(int dirfd, const char* path, open_how* how) {
    return syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

}  // namespace

// Per-component walk for kernels without openat2: each component is opened
// O_PATH|O_NOFOLLOW, so a symlink anywhere fails with ELOOP/ENOTDIR; ".."
// is refused (EXDEV) so the walk cannot leave dirfd; "." is skipped.
int walk_nofollow_fallback(int dirfd, std::string_view rel, int flags) {
    std::vector<std::string_view> parts = path_components(rel);
    std::erase(parts, ".");
    if (std::find(parts.begin(), parts.end(), "..") != parts.end()) {
        errno = EXDEV;
        return -1;
    }
    if (parts.empty()) return fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    UniqueFd cur;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        bool last = k + 1 == parts.size();
        int f = last ? (flags | O_NOFOLLOW | O_CLOEXEC) : (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        UniqueFd next(openat(k == 0 ? dirfd : cur.get(), std::string(parts[k]).c_str(), f));
        if (!next) return -1;
        cur = std::move(next);
    }
    return cur.release();
}

struct stat stat_fd(int fd, const std::string& what) {
    struct stat st;
    if (fstat(fd, &st) != 0) throw_errno("inspect " + what);
    return st;
}

namespace {

// Throws UntrustedPath unless st is owned by uid 0 and not writable by
// group or others.
void require_root_owned(const struct stat& st, const std::string& what) {
    if (auto why = untrusted_reason(st.st_uid, st.st_mode)) throw UntrustedPath(what, *why, st.st_uid, st.st_mode);
}

}  // namespace

UniqueFd open_trusted(const std::string& abs_path, int flags) {
    if (abs_path.empty() || abs_path.front() != '/') throw Error("open " + abs_path, "not an absolute path");
    std::vector<std::string_view> parts = path_components(abs_path);
    if (has_dot_component(parts)) throw Error("open " + abs_path, "\".\" and \"..\" are not allowed");
    UniqueFd cur(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!cur) throw_errno("open /");
    require_root_owned(stat_fd(cur.get(), "/"), "/");
    std::string so_far;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        so_far.append("/").append(parts[k]);
        int f = k + 1 == parts.size() ? flags : (O_PATH | O_DIRECTORY);
        UniqueFd next(openat(cur.get(), std::string(parts[k]).c_str(), f | O_NOFOLLOW | O_CLOEXEC));
        if (!next) throw_errno("open " + so_far);
        require_root_owned(stat_fd(next.get(), so_far), so_far);
        cur = std::move(next);
    }
    return cur;
}

std::optional<std::string> read_trusted_file(const std::string& abs_path, std::size_t max, bool missing_ok,
                                             struct timespec* mtime) {
    UniqueFd fd;
    try {
        fd = open_trusted(abs_path, O_RDONLY);
    } catch (const SysError& e) {
        if (missing_ok && e.code() == ENOENT) return std::nullopt;
        throw;
    }
    struct stat st = stat_fd(fd.get(), abs_path);
    if (!S_ISREG(st.st_mode)) throw Error("read " + abs_path, "not a regular file");
    if (mtime) *mtime = st.st_mtim;
    return read_file(fd.get(), max, abs_path);
}

UniqueFd open_beneath(int dirfd, std::string_view rel, int flags, const std::string& display, bool missing_ok) {
    std::string path(rel);
    while (!path.empty() && path.front() == '/') path.erase(0, 1);
    if (path.empty()) path = ".";
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_NOFOLLOW | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = sys_openat2(dirfd, path.c_str(), &how);
    if (fd < 0 && errno == ENOSYS) fd = walk_nofollow_fallback(dirfd, path, flags);
    if (fd < 0) {
        if (missing_ok && errno == ENOENT) return UniqueFd();
        if (errno == ELOOP || errno == EXDEV)
            throw Error("open " + display, "a component is a symlink or leaves the tree");
        throw_errno("open " + display);
    }
    return UniqueFd(static_cast<int>(fd));
}

UniqueFd open_in_root(int rootfd, std::string_view path, int flags, const std::string& display, bool missing_ok) {
    std::string rel(path);
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
    long fd = sys_openat2(rootfd, rel.c_str(), &how);
    if (fd < 0 && errno == ENOSYS) return open_beneath(rootfd, path, flags, display, missing_ok);
    if (fd < 0) {
        if (missing_ok && errno == ENOENT) return UniqueFd();
        throw_errno("open " + display);
    }
    return UniqueFd(static_cast<int>(fd));
}

UniqueFd open_nofollow(const std::string& abs_path, int flags, bool missing_ok) {
    if (abs_path.empty() || abs_path.front() != '/') throw Error("open " + abs_path, "not an absolute path");
    UniqueFd root(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) throw_errno("open /");
    return open_beneath(root.get(), abs_path, flags, abs_path, missing_ok);
}

UniqueFd open_system_dir(const std::string& abs_path, bool missing_ok) {
    open_how how{};
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_NO_MAGICLINKS;
    long fd = sys_openat2(AT_FDCWD, abs_path.c_str(), &how);
    if (fd < 0 && errno == ENOSYS) fd = open(abs_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (missing_ok && errno == ENOENT) return UniqueFd();
        throw_errno("open " + abs_path);
    }
    UniqueFd dir(static_cast<int>(fd));
    if (stat_fd(dir.get(), abs_path).st_uid != 0) throw Error("trust " + abs_path, "not owned by root");
    return dir;
}

UniqueFd ensure_dir(int parentfd, const char* name, const DirSpec& spec, const std::string& display) {
    struct stat st;
    if (fstatat(parentfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) throw_errno("inspect " + display);
        // Created by us with exactly the owner and mode wanted (the umask
        // and the setuid caller's groups must not leak into it).
        auto slash = display.rfind('/');
        std::string parent_display = slash == 0 || slash == std::string::npos ? "/" : display.substr(0, slash);
        try {
            create_verified(parentfd, name, NewObject{NewKind::kDir, spec.mode & 07777, spec.uid, spec.gid, {}},
                            parent_display, display);
        } catch (const SysError& e) {
            if (e.code() != EEXIST) throw;  // made meanwhile: checked below like any existing one
        }
    }
    UniqueFd fd(openat(parentfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOTDIR || errno == ELOOP) throw Error("use " + display, "it exists and is not a directory");
        throw_errno("open " + display);
    }
    st = stat_fd(fd.get(), display);
    if (!S_ISDIR(st.st_mode)) throw Error("use " + display, "it exists and is not a directory");
    if (st.st_uid != spec.uid || st.st_gid != spec.gid)
        throw Error("use " + display, "unexpected owner " + std::to_string(st.st_uid) + ":" +
                                          std::to_string(st.st_gid) + " (want " + std::to_string(spec.uid) +
                                          ":" + std::to_string(spec.gid) + ")");
    if ((st.st_mode & 07777) != (spec.mode & 07777))
        throw Error("use " + display,
                    "unexpected mode " + octal_mode(st.st_mode) + " (want " + octal_mode(spec.mode) + ")");
    return fd;
}

void require_safe_parent(int parentfd, const std::string& parent_display, const std::string& path_display) {
    struct stat st = stat_fd(parentfd, parent_display);
    if (auto why = unsafe_parent_reason(st.st_uid, st.st_mode))
        throw Error("create " + path_display, parent_display + " is " + *why +
                                                  ": a name made there could be swapped for a symlink (make it "
                                                  "on the host, or in a directory only root can change)");
}

namespace {

// The name was taken over between the creation and the open: whoever did
// it keeps it; nothing is changed or removed by name.
[[noreturn]] void throw_replaced(const std::string& display, const std::string& why) {
    throw Error("create " + display, "what is there now is not what was created (" + why +
                                         "): someone else renamed entries in its directory; left as it is");
}

UniqueFd open_created(int parentfd, const std::string& name, int flags, const std::string& display) {
    UniqueFd fd(openat(parentfd, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
            throw_replaced(display, std::string("open: ") + std::strerror(errno));
        throw_errno("open " + display);
    }
    return fd;
}

}  // namespace

UniqueFd create_verified(int parentfd, const std::string& name, const NewObject& obj,
                         const std::string& parent_display, const std::string& display) {
    require_safe_parent(parentfd, parent_display, display);
    const dev_t parent_dev = stat_fd(parentfd, parent_display).st_dev;
    const uid_t creator = geteuid();
    // Created with no access for others; the final mode is set on the fd.
    mode_t created_mode = 0;
    UniqueFd fd;
    switch (obj.kind) {
        case NewKind::kDir:
            created_mode = 0700;
            if (mkdirat(parentfd, name.c_str(), created_mode) != 0) throw_errno("create " + display);
            fd = open_created(parentfd, name, O_RDONLY | O_DIRECTORY, display);
            break;
        case NewKind::kFile:
            // The fd of O_CREAT|O_EXCL is the new file itself.
            created_mode = 0600;
            fd.reset(openat(parentfd, name.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                            created_mode));
            if (!fd) throw_errno("create " + display);
            break;
        case NewKind::kSymlink:
            created_mode = 0777;
            if (symlinkat(obj.symlink_target.c_str(), parentfd, name.c_str()) != 0) throw_errno("create " + display);
            fd = open_created(parentfd, name, O_PATH, display);
            break;
    }
    struct stat st = stat_fd(fd.get(), display);
    if (auto why = not_fresh_reason(obj.kind, st, parent_dev, creator, created_mode)) throw_replaced(display, *why);
    if (obj.kind == NewKind::kSymlink) {
        std::optional<std::string> target = read_link_at(fd.get(), "");
        if (!target) throw_errno("read symlink " + display);
        if (*target != obj.symlink_target) throw_replaced(display, "another symlink");
        if (fchownat(fd.get(), "", obj.uid, obj.gid, AT_EMPTY_PATH) != 0) throw_errno("set owner of " + display);
        return fd;
    }
    // Owner first: chown clears set-id bits that the mode may ask for.
    if (fchown(fd.get(), obj.uid, obj.gid) != 0) throw_errno("set owner of " + display);
    if (fchmod(fd.get(), obj.mode & 07777) != 0) throw_errno("set mode of " + display);
    return fd;
}

void change_dir(int parentfd, const std::string& name, std::optional<mode_t> mode, std::optional<uid_t> uid,
                std::optional<gid_t> gid, const std::string& display) {
    UniqueFd fd(openat(parentfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOTDIR || errno == ELOOP)
            throw Error("change " + display, "it is a symlink or not a directory (not followed)");
        throw_errno("open " + display);
    }
    // Owner first: chown clears set-id bits that the mode may ask for.
    uid_t keep_uid = static_cast<uid_t>(-1);
    gid_t keep_gid = static_cast<gid_t>(-1);
    if ((uid || gid) && fchown(fd.get(), uid.value_or(keep_uid), gid.value_or(keep_gid)) != 0)
        throw_errno("set owner of " + display);
    if (mode && fchmod(fd.get(), *mode & 07777) != 0) throw_errno("set mode of " + display);
}

UniqueFd walk_dirs(int rootfd, const std::string& dir, const MakeMissingDir& make_missing) {
    std::vector<std::string_view> parts = path_components(dir);
    if (has_dot_component(parts)) throw Error("open " + dir, "\".\" and \"..\" are not allowed");
    UniqueFd cur(fcntl(rootfd, F_DUPFD_CLOEXEC, 0));
    if (!cur) throw_errno("duplicate the root fd");
    std::string so_far = "/";
    for (std::string_view part : parts) {
        const std::string comp(part);
        std::string next = (so_far == "/" ? "" : so_far) + "/" + comp;
        UniqueFd fd(openat(cur.get(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd && errno == ENOENT) fd = make_missing(cur, so_far, comp);
        if (!fd) {
            if (errno == ENOTDIR || errno == ELOOP)
                throw Error("use " + next, "it is a symlink or not a directory (not followed)");
            throw_errno("open " + next);
        }
        cur = std::move(fd);
        so_far = next;
    }
    return cur;
}

void unmount_fd(int fd, const std::string& what) {
    // Following the magic link lands on the fd's own mount and dentry (no
    // lookup by name that someone could redirect), which umount2 accepts
    // when it is the root of a mount of this namespace.
    std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (umount2(path.c_str(), MNT_DETACH) != 0) throw_errno("unmount " + what);
    debug("unmounted %s", what.c_str());
}

std::string make_temp_dir(int parentfd, const std::string& prefix, mode_t mode) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = prefix + random_chars(6, kAlphanumerics);
        if (mkdirat(parentfd, name.c_str(), mode) == 0) return name;
        if (errno != EEXIST) throw_errno("create " + prefix + "XXXXXX");
    }
    throw Error("create " + prefix + "XXXXXX", "too many name collisions");
}

std::string read_file(int fd, std::size_t max, const std::string& display) {
    std::string out;
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("read " + display);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > max) throw Error("read " + display, "larger than " + std::to_string(max) + " bytes");
    }
    return out;
}

void write_file_atomically(int dirfd, const std::string& name, std::string_view content, mode_t mode,
                           Durability durability, const std::string& display) {
    // A fresh temp name per writer (O_EXCL|O_NOFOLLOW), so concurrent
    // writers never remove or write through each other's temp file.
    UniqueFd fd;
    std::string tmp;
    for (int attempt = 0; attempt < 100 && !fd; ++attempt) {
        tmp = "." + name + "." + random_chars(kTempNameRandomChars, kHexDigits);
        fd.reset(openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
        if (!fd && errno != EEXIST) throw_errno("create " + display);
    }
    if (!fd) throw Error("create " + display, "too many temporary name collisions");
    try {
        if (fchown(fd.get(), 0, 0) != 0 || fchmod(fd.get(), mode) != 0) throw_errno("set owner of " + display);
        std::string_view rest = content;
        while (!rest.empty()) {
            ssize_t n = write(fd.get(), rest.data(), rest.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                throw_errno("write " + display);
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
        if (durability == Durability::kDurable && fsync(fd.get()) != 0) throw_errno("sync " + display);
        if (renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) != 0) throw_errno("rename " + display);
    } catch (...) {
        unlinkat(dirfd, tmp.c_str(), 0);
        throw;
    }
    if (durability == Durability::kDurable && fsync(dirfd) != 0 && errno != EINVAL)
        throw_errno("sync directory of " + display);
}

bool is_temp_name_of(std::string_view entry, std::string_view name) {
    if (entry.size() != name.size() + 2 + kTempNameRandomChars || entry[0] != '.' ||
        entry.substr(1, name.size()) != name || entry[name.size() + 1] != '.')
        return false;
    return entry.substr(name.size() + 2).find_first_not_of(kHexDigits) == std::string_view::npos;
}

std::vector<std::string> dir_entries(int dirfd, const std::string& display) {
    // readdir needs a real fd: "." reopened for reading (not O_PATH).
    UniqueFd dup(openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dup) throw_errno("open " + display);
    UniqueDir dir = dir_from_fd(std::move(dup));
    if (!dir) throw_errno("read " + display);
    std::vector<std::string> names;
    errno = 0;
    while (dirent* e = readdir(dir.get())) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
        errno = 0;
    }
    if (errno != 0) throw_errno("read " + display);
    return names;
}

std::size_t remove_temp_files_of(int dirfd, const std::string& name, const std::string& dir_display) {
    std::vector<std::string> stale;
    for (const std::string& entry : dir_entries(dirfd, dir_display))
        if (is_temp_name_of(entry, name)) stale.push_back(entry);
    for (const std::string& t : stale) {
        remove_if_exists(dirfd, t, 0, dir_display + "/" + t);
        debug("removed %s/%s (left by a writer that was killed)", dir_display.c_str(), t.c_str());
    }
    return stale.size();
}

std::optional<std::string> read_link_at(int dirfd, const std::string& name) {
    char buf[PATH_MAX];
    ssize_t n = readlinkat(dirfd, name.c_str(), buf, sizeof buf);
    if (n < 0) return std::nullopt;
    if (static_cast<std::size_t>(n) >= sizeof buf) {  // maybe cut short
        errno = ENAMETOOLONG;
        return std::nullopt;
    }
    return std::string(buf, static_cast<std::size_t>(n));
}

void remove_if_exists(int dirfd, const std::string& name, int flags, const std::string& display) {
    if (unlinkat(dirfd, name.c_str(), flags) != 0 && errno != ENOENT) throw_errno("remove " + display);
}

bool is_mount_root(int fd) {
    struct statx stx;
    if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx) != 0)
        throw_errno("inspect mount");
    if (!(stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)) throw Error("inspect mount", "kernel too old (< 5.8)");
    return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

}  // namespace cordon
