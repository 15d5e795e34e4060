// Mounting onto fds with the new mount API, and with mount(2) where the
// kernel (or a seccomp filter) answers ENOSYS to it: the back end is chosen
// at run time, on the first ENOSYS, and stays chosen.
//
// mount(2) needs paths: it is given /proc/self/fd/N of fds opened without
// following symlinks, so it acts on exactly the objects the new API would.
// Every mount made through it is nosuid, like the rest of the app's tree.
//
// What only the new API can do:
//  - take a tree from another mount namespace (open_tree in the host's,
//    move_mount in the app's): no host source without it;
//  - mount beneath a busy mount (MOVE_MOUNT_BENEATH, Linux 6.5): without it
//    a replacement unmounts first, leaving a short window;
//  - read-only/nosuid/... on every submount of a recursive bind (mount(2)
//    remounts only the top).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "os/unique_fd.h"

namespace cordon {

class Mounter {
public:

    // A copy of the tree at source (recursive: with submounts), ready to be
    // attached; nothing (invalid fd) on the mount(2) back end, where the
    // source fd itself is bound at attach time.
    UniqueFd clone(int source, bool recursive, const std::string& what);

    // Mount points are named by a directory fd and an entry in it (opened
    // without following symlinks): mount(2) needs to reopen the target after
    // mounting to reach the new mount.
    //
    // Binds `tree` (from clone) or, on mount(2), `source` onto parent/name,
    // then applies flags (MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC).
    void bind(UniqueFd tree, int source, int parent, const std::string& name, bool recursive, unsigned long flags,
              const std::string& what);

    // Called just before the tmpfs is attached, with the fd of the new,
    // still detached mount (new API: its mount id is the one it will have
    // once attached), or -1 on the mount(2) back end, where it is made in
    // place. Callers write their log ahead there (update-ns/profile_update).
    using BeforeAttach = std::function<void(int detached_mount)>;

    // A tmpfs with `options` (key, value; value empty for a flag) onto
    // parent/name.
    void tmpfs(int parent, const std::string& name, const std::vector<std::pair<std::string, std::string>>& options,
               unsigned long flags, const std::string& what, const BeforeAttach& before_attach = {});

    // Puts `tree` (or `source`) at parent/name in place of what is mounted
    // there: beneath it first when the kernel can (no window), then the old
    // mount is detached.
    void replace(UniqueFd tree, int source, int parent, const std::string& name, bool recursive, unsigned long flags,
                 const std::string& what);

    // Private propagation for the mount whose root fd is.
    void make_private(int fd, const std::string& what);

private:
    bool fall_back_on(int err, const char* call);
    void legacy_bind(int source, int parent, const std::string& name, bool recursive, unsigned long flags,
                     const std::string& what);
    void legacy_remount_flags(int parent, const std::string& name, unsigned long flags, const std::string& what);

    bool legacy_ = false;
};

}  // namespace cordon
