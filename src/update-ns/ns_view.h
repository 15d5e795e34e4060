// Target resolution inside the app's namespace: its root, opened once the
// process is in it, and every path below it opened from that root without
// following a symlink (os/secure_fs: open_beneath, and walk_dirs, the one
// component walker, for walks that create what is missing); mounts found
// by id in a snapshot of the table.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "os/mount_table.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

namespace cordon {

class NsView {
public:
    // Opens "/" of the namespace this process is in now (the app's).
    void open_root(const std::string& app);
    int root() const { return root_.get(); }

    // path (absolute) opened beneath the root, symlinks never followed:
    // invalid when missing, or when a symlink (or the like) is on the way.
    UniqueFd try_open(const std::string& path, int flags) const;
    // The same, but throws when it cannot be opened (missing included).
    UniqueFd open(const std::string& path, int flags, const std::string& display) const;
    // dir opened one component at a time (walk_dirs), make_missing making
    // what is missing.
    UniqueFd walk_to_dir(const std::string& dir, const MakeMissingDir& make_missing) const;

    // The root of the mount with that id at path, opened beneath the root:
    // invalid unless the fd is on that very mount (its STATX_MNT_ID) and
    // is its root.
    UniqueFd open_mount(const std::string& path, std::uint32_t id) const;

    // The mount with that id, from a snapshot of the table (see .cc).
    const MountPlace* find_mount(std::uint32_t id, bool fresh);
    void forget_mount(std::uint32_t id);  // detached by this process
    void drop_snapshot() { mounts_.reset(); }

private:
    UniqueFd root_;
    std::optional<std::map<std::uint32_t, MountPlace>> mounts_;  // by mount id
};

}  // namespace cordon
