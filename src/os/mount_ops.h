// Mount primitives on file descriptors (the new mount API: open_tree,
// move_mount, mount_setattr, fsopen/fsmount). Sources and targets are fds
// that were opened without following symlinks, so no path string a user
// could swap is ever handed to the kernel. Each primitive logs itself under
// CORDON_DEBUG and throws Error on failure; none decides policy.
#pragma once

#include <cstdint>
#include <string>
#include <span>
#include <string_view>

#include "os/unique_fd.h"

namespace cordon {

// A detached copy of the mount at fd (recursive: with its submounts), as
// open_tree(OPEN_TREE_CLONE) returns it. The fd must belong to the calling
// process's current mount namespace.
UniqueFd clone_mount(int fd, bool recursive, const std::string& what);

// Same, for a path resolved from the process root (host paths such as /dev).
// Returns an invalid fd when the path does not exist and missing_ok.
UniqueFd clone_path(const std::string& abs_path, bool recursive, bool missing_ok);

// move_mount(tree -> target). tree then refers to the attached mount.
void attach_mount(int tree, int target, const std::string& what);

enum class Recursive { kNo, kYes };

// Propagation: MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE.
void set_propagation(int fd, unsigned long type, Recursive rec, const std::string& what);

// MOUNT_ATTR_* bits to set on the mount(s) at fd.
void set_mount_attrs(int fd, std::uint64_t attr_set, Recursive rec, const std::string& what);

// One fsconfig(2) parameter: a flag when value is empty.
struct FsOption {
    std::string_view key;
    std::string_view value;
};

// A new filesystem instance (fsopen + fsconfig + fsmount), not yet attached.
// attrs are MOUNT_ATTR_* for the new mount.
UniqueFd new_filesystem(const char* fstype, std::span<const FsOption> options, std::uint64_t attrs,
                        const std::string& what);

// umount2(name, flags|UMOUNT_NOFOLLOW) relative to parentfd ("unmountat").
// Changes the working directory to parentfd.
void unmount_at(int parentfd, const char* name, int flags, const std::string& what);

// Makes the mount at fd private (recursively) and detaches it whole.
// Changes the working directory.
void detach_tree(int fd, const std::string& what);

}  // namespace cordon
