#include "os/mounter.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/debug.h"
#include "core/error.h"
#include "core/mount_options.h"
#include "os/mount_ops.h"

namespace cordon {

namespace {

constexpr unsigned kMoveMountBeneath = 0x00000200;  // <linux/mount.h>, Linux 6.5
constexpr unsigned long kFlagMask = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
// The app's whole tree is nosuid (launcher/root_builder); what a profile adds
// is no exception.
constexpr unsigned long kAlways = MS_NOSUID;

// Before a tree is attached: its flags, and slave propagation. A clone of
// a host mount that is shared (a systemd host) would otherwise stay a peer
// of it, and mounts made below it in the app's namespace would appear on
// the host.
void prepare_tree(int tree, bool recursive, unsigned long flags, const std::string& what) {
    Recursive rec = recursive ? Recursive::kYes : Recursive::kNo;
    set_propagation(tree, MS_SLAVE, rec, what);
    if (std::uint64_t attr = mount_attr_from_flags(flags & kFlagMask)) set_mount_attrs(tree, attr, rec, what);
}

UniqueFd open_mount_point(int parent, const std::string& name, const std::string& what) {
    UniqueFd fd(openat(parent, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) throw_errno("open mount point " + what);
    return fd;
}

// Prepares the detached tree and moves it onto parent/name. Returns 0, or
// the errno of move_mount for the caller to judge (ENOSYS falls back to
// mount(2); EINVAL from a beneath move means the kernel cannot).
int attach_tree(int tree, int parent, const std::string& name, bool recursive, unsigned long flags,
                unsigned move_flags, const std::string& what) {
    prepare_tree(tree, recursive, flags, what);
    UniqueFd target = open_mount_point(parent, name, what);
    move_flags |= MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH;
    return move_mount(tree, "", target.get(), "", move_flags) == 0 ? 0 : errno;
}

// "/proc/self/fd/N"
std::string fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

}  // namespace

bool Mounter::fall_back_on(int err, const char* call) {
    if (err != ENOSYS) return false;
    if (!legacy_) debug("%s: not available (ENOSYS); using mount(2) from here on", call);
    legacy_ = true;
    return true;
}

UniqueFd Mounter::clone(int source, bool recursive, const std::string& what) {
    if (legacy_) return UniqueFd();
    unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    int tree = open_tree(source, "", flags);
    if (tree >= 0) return UniqueFd(tree);
    if (fall_back_on(errno, "open_tree")) return UniqueFd();
    throw_errno(std::string(recursive ? "rbind " : "bind ") + what);
}

void Mounter::legacy_remount_flags(int parent, const std::string& name, unsigned long flags, const std::string& what) {
    // Reopened by name: the lookup crosses into the mount just made.
    UniqueFd top = open_mount_point(parent, name, what);
    // MS_REMOUNT replaces the mount's flags: keep the ones it has (a bind of
    // the read-only base stays read-only) and add the wanted ones.
    struct statvfs sv;
    if (fstatvfs(top.get(), &sv) != 0) throw_errno("inspect " + what);
    unsigned long have = 0;
    if (sv.f_flag & ST_RDONLY) have |= MS_RDONLY;
    if (sv.f_flag & ST_NOSUID) have |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) have |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) have |= MS_NOEXEC;
    if (sv.f_flag & ST_NOATIME) have |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME) have |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME) have |= MS_RELATIME;
    unsigned long want = have | (flags & kFlagMask);
    if (want == have) return;
    if (mount(nullptr, fd_path(top.get()).c_str(), nullptr, MS_REMOUNT | MS_BIND | want, nullptr) != 0)
        throw_errno("remount " + what + " with flags " + std::to_string(want));
}

void Mounter::legacy_bind(int source, int parent, const std::string& name, bool recursive, unsigned long flags,
                          const std::string& what) {
    UniqueFd target = open_mount_point(parent, name, what);
    if (mount(fd_path(source).c_str(), fd_path(target.get()).c_str(), nullptr, MS_BIND | (recursive ? MS_REC : 0),
              nullptr) != 0)
        throw_errno("mount " + what);
    UniqueFd top = open_mount_point(parent, name, what);
    if (mount(nullptr, fd_path(top.get()).c_str(), nullptr, MS_SLAVE | (recursive ? MS_REC : 0), nullptr) != 0)
        throw_errno("make " + what + " slave");
    legacy_remount_flags(parent, name, flags, what);
    debug("mounted %s (mount(2))", what.c_str());
}

void Mounter::bind(UniqueFd tree, int source, int parent, const std::string& name, bool recursive,
                   unsigned long flags, const std::string& what) {
    flags |= kAlways;
    if (tree) {
        int err = attach_tree(tree.get(), parent, name, recursive, flags, 0, what);
        if (err == 0) {
            debug("mounted %s", what.c_str());
            return;
        }
        if (!fall_back_on(err, "move_mount")) throw SysError("mount " + what, err);
    }
    if (source < 0)
        throw Error("mount " + what, "the source is in another mount namespace: needs open_tree (Linux 5.2+)");
    legacy_bind(source, parent, name, recursive, flags, what);
}

void Mounter::tmpfs(int parent, const std::string& name,
                    const std::vector<std::pair<std::string, std::string>>& options, unsigned long flags,
                    const std::string& what, const BeforeAttach& before_attach) {
    flags |= kAlways;
    UniqueFd target = open_mount_point(parent, name, what);
    if (!legacy_) {
        std::vector<FsOption> opts;
        for (const auto& [k, v] : options) opts.push_back(FsOption{k, v});
        try {
            UniqueFd fs = new_filesystem("tmpfs", opts, mount_attr_from_flags(flags & kFlagMask), what);
            if (before_attach) before_attach(fs.get());
            attach_mount(fs.get(), target.get(), what);
            return;
        } catch (const SysError& e) {
            if (!fall_back_on(e.code(), "fsopen")) throw;
        }
    }
    std::string data;  // the same options, joined for mount(2)
    for (const auto& [k, v] : options) data += (data.empty() ? "" : ",") + k + (v.empty() ? "" : "=" + v);
    if (before_attach) before_attach(-1);
    if (mount("tmpfs", fd_path(target.get()).c_str(), "tmpfs", flags & kFlagMask, data.c_str()) != 0)
        throw_errno("mount tmpfs for " + what);
    debug("mounted tmpfs for %s (mount(2))", what.c_str());
}

void Mounter::replace(UniqueFd tree, int source, int parent, const std::string& name, bool recursive,
                      unsigned long flags, const std::string& what) {
    flags |= kAlways;
    if (tree) {
        int err = attach_tree(tree.get(), parent, name, recursive, flags, kMoveMountBeneath, what);
        if (err == 0) {
            debug("mounted %s beneath the old mount", what.c_str());
            unmount_at(parent, name.c_str(), MNT_DETACH, "the old mount at " + what);
            return;
        }
        if (err != EINVAL && !fall_back_on(err, "move_mount"))
            throw SysError("mount " + what + " beneath the old one", err);
        debug("cannot mount %s beneath the old mount (%s); unmounting it first", what.c_str(), std::strerror(err));
    }
    unmount_at(parent, name.c_str(), MNT_DETACH, "the old mount at " + what);
    bind(std::move(tree), source, parent, name, recursive, flags, what);
}

void Mounter::make_private(int fd, const std::string& what) {
    if (!legacy_) {
        mount_attr attr{};
        attr.propagation = MS_PRIVATE;
        if (mount_setattr(fd, "", AT_EMPTY_PATH, &attr, sizeof attr) == 0) return;
        if (!fall_back_on(errno, "mount_setattr")) throw_errno("make " + what + " private");
    }
    if (mount(nullptr, fd_path(fd).c_str(), nullptr, MS_PRIVATE, nullptr) != 0)
        throw_errno("make " + what + " private");
}

}  // namespace cordon
