#include "os/mount_ops.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>

#include "core/debug.h"
#include "core/error.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

const char* propagation_name(unsigned long type) {
    switch (type) {
        case MS_SHARED: return "shared";
        case MS_SLAVE: return "slave";
        case MS_PRIVATE: return "private";
        case MS_UNBINDABLE: return "unbindable";
    }
    return "?";
}

}  // namespace

UniqueFd clone_mount(int fd, bool recursive, const std::string& what) {
    unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    int tree = open_tree(fd, "", flags);
    if (tree < 0) throw_errno(std::string(recursive ? "rbind " : "bind ") + what);
    return UniqueFd(tree);
}

UniqueFd clone_path(const std::string& abs_path, bool recursive, bool missing_ok) {
    UniqueFd src = open_system_dir(abs_path, missing_ok);
    if (!src) return src;
    return clone_mount(src.get(), recursive, abs_path);
}

void attach_mount(int tree, int target, const std::string& what) {
    if (move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
        throw_errno("mount " + what);
    debug("mounted %s", what.c_str());
}

void set_propagation(int fd, unsigned long type, Recursive rec, const std::string& what) {
    mount_attr attr{};
    attr.propagation = type;
    unsigned flags = AT_EMPTY_PATH | (rec == Recursive::kYes ? AT_RECURSIVE : 0);
    if (mount_setattr(fd, "", flags, &attr, sizeof attr) != 0)
        throw_errno(std::string("make ") + what + " " + (rec == Recursive::kYes ? "r" : "") + propagation_name(type));
    debug("made %s %s%s", what.c_str(), rec == Recursive::kYes ? "r" : "", propagation_name(type));
}

void set_mount_attrs(int fd, std::uint64_t attr_set, Recursive rec, const std::string& what) {
    mount_attr attr{};
    attr.attr_set = attr_set;
    unsigned flags = AT_EMPTY_PATH | (rec == Recursive::kYes ? AT_RECURSIVE : 0);
    if (mount_setattr(fd, "", flags, &attr, sizeof attr) != 0) throw_errno("set mount attributes of " + what);
    debug("set attributes 0x%llx on %s", static_cast<unsigned long long>(attr_set), what.c_str());
}

UniqueFd new_filesystem(const char* fstype, std::span<const FsOption> options, std::uint64_t attrs,
                        const std::string& what) {
    UniqueFd fs(fsopen(fstype, FSOPEN_CLOEXEC));
    if (!fs) throw_errno(std::string("create ") + fstype + " for " + what);
    for (const FsOption& o : options) {
        std::string key(o.key), value(o.value);
        int rc = value.empty() ? fsconfig(fs.get(), FSCONFIG_SET_FLAG, key.c_str(), nullptr, 0)
                               : fsconfig(fs.get(), FSCONFIG_SET_STRING, key.c_str(), value.c_str(), 0);
        if (rc != 0) throw_errno("set " + std::string(fstype) + " option " + key + " for " + what);
    }
    if (fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
        throw_errno(std::string("create ") + fstype + " for " + what);
    int mnt = fsmount(fs.get(), FSMOUNT_CLOEXEC, static_cast<unsigned>(attrs));
    if (mnt < 0) throw_errno(std::string("mount ") + fstype + " for " + what);
    debug("created %s", fstype);
    return UniqueFd(mnt);
}

void unmount_at(int parentfd, const char* name, int flags, const std::string& what) {
    if (fchdir(parentfd) != 0) throw_errno("enter parent of " + what);
    if (umount2(name, flags | UMOUNT_NOFOLLOW) != 0) throw_errno("unmount " + what);
    debug("unmounted %s", what.c_str());
}

void detach_tree(int fd, const std::string& what) {
    // Private first: if any mount in the tree were still a peer of a host
    // mount, detaching it would propagate the unmount to the host and tear
    // down the host's own mount (the AppImage "mount table wipe" bug).
    set_propagation(fd, MS_PRIVATE, Recursive::kYes, what);
    if (fchdir(fd) != 0) throw_errno("enter " + what);
    // "." names the mount on top of the working directory, i.e. fd's mount.
    if (umount2(".", MNT_DETACH) != 0) throw_errno("detach " + what);
    if (chdir("/") != 0) throw_errno("enter /");
    debug("detached %s", what.c_str());
}

}  // namespace cordon
