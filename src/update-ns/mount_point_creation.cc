#include "update-ns/mount_point_creation.h"

#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <linux/magic.h>

#include <cerrno>
#include <optional>

#include "core/abs_path.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/fs_trust.h"
#include "core/host_table.h"
#include "core/mount_options.h"
#include "os/mount_table.h"
#include "update-ns/mimic.h"

namespace cordon {

NewObject new_object_for(const MountEntry& e) {
    NewObject obj;
    const bool file = e.targets_file();
    const Owner owner = e.owner() ? *e.owner() : Owner{};
    obj.kind = e.symlink() ? NewKind::kSymlink : file ? NewKind::kFile : NewKind::kDir;
    obj.mode = owner.mode.value_or(file ? 0644 : 0755);
    obj.uid = owner.uid.value_or(0);
    obj.gid = owner.gid.value_or(0);
    if (const Symlink* s = e.symlink()) obj.symlink_target = s->dest;
    return obj;
}

void refuse_shared_target(const MountEntry& e) {
    for (const HostMount& m : host_table())
        if (m.propagation == Propagation::kShared && path_is_within(e.target, m.path))
            throw Error("mount " + e.target, std::string(m.path) + " is shared with the host");
}

void MountPointCreator::remember_own_tmpfs(const MountProfile& log) {
    for (const MountEntry& e : log.entries) {
        if (!e.tmpfs()) continue;
        const std::optional<std::uint32_t> id = e.mount_id();
        // Only a tmpfs mounted there counts: the path of an entry in a
        // directory of the app's user may lead elsewhere by now. An entry
        // with a mount id is looked for where that mount is now.
        const MountPlace* place = id ? ns_.find_mount(*id, false) : nullptr;
        if (id && !place) continue;  // gone
        const std::string& path = place ? place->path : e.target;
        // A symlink on the way now: not known to be ours.
        UniqueFd fd = ns_.try_open(path, O_PATH | O_DIRECTORY);
        struct statfs sf;
        if (fd && is_mount_root(fd.get()) && (!id || mount_id_of(fd.get(), path) == *id) &&
            fstatfs(fd.get(), &sf) == 0 && sf.f_type == TMPFS_MAGIC)
            own_tmpfs_.insert(stat_fd(fd.get(), path).st_dev);
    }
}

bool MountPointCreator::on_own_tmpfs(int dir, const std::string& path) const {
    return own_tmpfs_.count(stat_fd(dir, path).st_dev) != 0;
}

// Directories cordon may change: on a tmpfs this profile mounted (a mimic
// or an entry), or in the app's private /tmp. Everything else writable
// inside is the host's.
bool MountPointCreator::ours(int dir, const std::string& path) const {
    return on_own_tmpfs(dir, path) || path_is_within(path, "/tmp");
}

// Entries of a directory of ours that root may change or remove by name:
// only where nobody else can rename them (core/fs_trust.h). In a
// directory the app's user made (or any other they can write without the
// sticky bit), a name checked a moment ago may already be their symlink.
bool MountPointCreator::may_change_in(int dir, const std::string& path) const {
    if (!ours(dir, path)) return false;
    struct stat st = stat_fd(dir, path);
    if (auto why = unsafe_parent_reason(st.st_uid, st.st_mode)) {
        debug("%s is %s: leaving its entries alone", path.c_str(), why->c_str());
        return false;
    }
    return true;
}

void MountPointCreator::check_may_create(int parent, const std::string& parent_path, const std::string& name) const {
    struct statvfs sv;
    if (fstatvfs(parent, &sv) != 0) throw_errno("inspect " + parent_path);
    if (sv.f_flag & ST_RDONLY) return;  // creation fails with EROFS: a mimic is built
    if (ours(parent, parent_path)) return;
    throw Error("create " + (parent_path == "/" ? "" : parent_path) + "/" + name,
                parent_path + " is the host's: create it on the host first");
}

// Opens dir (absolute) from the namespace root one component at a time,
// never following a symlink, creating what is missing: root's
// directories, 0755 (the entry's mode and owner are for its target only,
// and a directory of the user's would refuse everything below it).
UniqueFd MountPointCreator::walk_to_dir(const std::string& dir, const MountEntry& for_entry) {
    return ns_.walk_to_dir(dir, [&](UniqueFd& parent, const std::string& parent_path, const std::string& name) {
        return create_at(parent, parent_path, name, for_entry, NewObject{NewKind::kDir, 0755, 0, 0, {}});
    });
}

// Creates parent/name as obj (create_verified: owner and mode set on the
// fd of exactly what was made, never by name; refused in a directory
// someone else can rename entries in). Where the parent is read-only (the
// base), covers it with a writable mimic first; parent then becomes the
// mimic's top. Returns the new object's fd.
UniqueFd MountPointCreator::create_at(UniqueFd& parent, const std::string& parent_path, const std::string& name,
                                      const MountEntry& e, const NewObject& obj) {
    std::string path = (parent_path == "/" ? "" : parent_path) + "/" + name;
    for (int attempt = 0;; ++attempt) {
        check_may_create(parent.get(), parent_path, name);
        try {
            UniqueFd fd = create_verified(parent.get(), name, obj, parent_path, path);
            debug("created %s", path.c_str());
            return fd;
        } catch (const SysError& err) {
            if (err.code() != EROFS || attempt > 0) throw;
        }
        cover_with_mimic(parent, parent_path, e);
    }
}

// Read-only (the base): the parent is covered with a writable mimic,
// written ahead like any mount, and parent becomes the mimic's top.
void MountPointCreator::cover_with_mimic(UniqueFd& parent, const std::string& parent_path, const MountEntry& e) {
    std::string grand(parent_of(parent_path));
    UniqueFd gfd = ns_.open(grand, O_PATH | O_DIRECTORY, grand);
    std::optional<std::size_t> index;
    std::uint32_t over = mount_id_of(parent.get(), parent_path);
    build_writable_mimic(mounter_, gfd.get(), std::string(name_of(parent_path)), parent_path, e.target,
                         [&](const MountEntry& mimic, int detached) {
                             std::optional<std::uint32_t> id;
                             if (detached >= 0) id = mount_id_of(detached, parent_path);
                             index = log_.begin_mount(mimic, over, id);
                         });
    log_.settle_mount(*index, gfd.get(), std::string(name_of(parent_path)));
    parent = ns_.open(parent_path, O_PATH | O_DIRECTORY, parent_path);
    own_tmpfs_.insert(stat_fd(parent.get(), parent_path).st_dev);
}

}  // namespace cordon
