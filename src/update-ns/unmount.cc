// Mount execution, removal: an entry's mount is found by its recorded id
// wherever it is now, checked to be the entry's own, and detached through
// its fd; cordon's symlinks are removed only where nobody else can swap
// them.
#include <fcntl.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include <string>

#include "core/abs_path.h"
#include "core/debug.h"
#include "core/error.h"
#include "os/mount_table.h"
#include "os/secure_fs.h"
#include "update-ns/updater.h"

namespace cordon {

// Unmounts the mount entry e with write-ahead: the log is written with e
// marked pending-unmount first (killed after the unmount, it would still
// list a mount that is gone), and e leaves it after. When the unmount
// fails (refused, nothing unmounted), the mark goes again.
void Updater::unmount_logged(const MountEntry& e) {
    std::size_t index = log_.index_of(e);
    std::vector<MountEntry>& log = log_.entries();
    log[index].log()->pending = Pending::kUnmount;
    log_.record();
    try {
        unmount(log[index]);
    } catch (const Error&) {
        log[index].log()->clear_mark();
        throw;
    }
    log.erase(log.begin() + static_cast<std::ptrdiff_t>(index));
}

void Updater::unmount(const MountEntry& e) {
    if (!e.is_mount())
        remove_non_mount(e);
    else if (e.mount_id())
        unmount_by_id(e);
    else
        unmount_by_path(e);
}

void Updater::remove_non_mount(const MountEntry& e) {
    std::string parent_path(parent_of(e.target)), name(name_of(e.target));
    UniqueFd parent = open_beneath(ns_.root(), parent_path, O_PATH | O_DIRECTORY, parent_path, true);
    const Symlink* symlink = e.symlink();
    if (!parent || !symlink) return;  // directories are left in place
    // Removed only when it is still cordon's symlink (root's, same
    // target) in a directory where nobody else can swap it meanwhile.
    UniqueFd link(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    bool is_ours = false;
    if (link) {
        struct stat st = stat_fd(link.get(), e.target);
        std::optional<std::string> target =
            S_ISLNK(st.st_mode) && st.st_uid == 0 ? read_link_at(link.get(), "") : std::nullopt;
        is_ours = target && *target == symlink->dest;
    }
    if (is_ours && creator_.may_change_in(parent.get(), parent_path))
        remove_if_exists(parent.get(), name, 0, e.target);
    else
        debug("leaving %s in place (not cordon's to remove)", e.target.c_str());
}

// The entry's own mount, found by its id wherever it is now (the app's
// user may have renamed the directories above it), opened at that place
// beneath the namespace root without following symlinks, checked to be
// that very mount (STATX_MNT_ID) and of the entry's kind, and detached
// through the fd. A mount no longer in the namespace is gone: nothing to
// do, not an error. Returns false when it was gone.
bool Updater::unmount_by_id(const MountEntry& e) {
    const std::uint32_t id = *e.mount_id();
    const std::string label = e.target + " (mount id " + std::to_string(id) + ")";
    for (int attempt = 0;; ++attempt) {
        // A fresh table on the second try: the user may have renamed a
        // directory between the read and the open.
        const MountPlace* place = ns_.find_mount(id, attempt > 0);
        if (!place) {
            debug("%s is gone from the namespace: nothing to unmount", label.c_str());
            return false;
        }
        if (UniqueFd fd = ns_.open_mount(place->path, id)) {
            std::string why = why_not_entry_mount(e, fd.get(), false);
            if (!why.empty()) {
                // Mount ids are reused once a mount is gone: this one is
                // someone else's (ours was unmounted by hand).
                debug("%s: the mount with that id now is %s: the entry's own is gone", label.c_str(), why.c_str());
                return false;
            }
            unmount_fd(fd.get(), place->path == e.target ? label : label + ", now at " + place->path);
            ns_.forget_mount(id);
            return true;
        }
        if (attempt > 0)
            throw Error("unmount " + label,
                        "it is at " + place->path +
                            ", which cannot be reached without following a symlink, or is covered by another "
                            "mount; put the directories back, or discard the namespace");
    }
}

// Entries of an older cordon's log, without a mount id: the mount found at
// the target's path, if it is the entry's own.
void Updater::unmount_by_path(const MountEntry& e) {
    std::string parent_path(parent_of(e.target)), name(name_of(e.target));
    // A mount whose mount point cannot be reached any more (its directory
    // renamed, a symlink put in its path) is still mounted somewhere: the
    // log keeps it, and the update fails rather than forget it.
    UniqueFd parent = ns_.open(parent_path, O_PATH | O_DIRECTORY, parent_path);
    UniqueFd target(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!target) throw_errno("open mount point " + e.target + " to unmount it");
    if (!is_mount_root(target.get())) {
        debug("nothing is mounted at %s any more", e.target.c_str());
        return;
    }
    require_entry_mount(e, target.get());
    // Detached through the fd just checked, not by name: the name may be
    // in a directory of the app's user, who could swap it meanwhile.
    unmount_fd(target.get(), e.target);
}

// The mount whose root fd is must be e's own: a tmpfs for a tmpfs entry,
// the source's own directory or file (device and inode) for a bind, when
// the source can still be found (strict: a bind whose source cannot be
// found is not shown to be e's). Empty when it is, else why not.
std::string Updater::why_not_entry_mount(const MountEntry& e, int target, bool strict) {
    if (e.tmpfs()) {
        struct statfs sf;
        if (fstatfs(target, &sf) != 0) throw_errno("inspect the mount at " + e.target);
        return sf.f_type == TMPFS_MAGIC ? "" : "not a tmpfs";
    }
    if (!e.bind()) return "";
    std::optional<SourceId> want = source_id(e);
    if (!want) return strict ? "a bind of a source that cannot be found any more" : "";
    struct stat st = stat_fd(target, e.target);
    return st.st_dev == want->first && st.st_ino == want->second ? "" : "not a bind of " + e.bind()->source;
}

std::optional<SourceId> Updater::source_id(const MountEntry& e) {
    const Bind& b = *e.bind();
    if (!b.source_in_ns) return sources_.id(e);
    UniqueFd src = ns_.try_open(b.source, O_PATH);
    if (!src) return std::nullopt;
    struct stat st = stat_fd(src.get(), b.source);
    return SourceId{st.st_dev, st.st_ino};
}

// Entries of an older cordon's log (no mount id) are found by their path:
// in a directory of the app's user, the path may lead to another mount
// (their directories renamed or swapped): that one is left alone, and e
// stays in the log, since its mount is still somewhere.
void Updater::require_entry_mount(const MountEntry& e, int target) {
    std::string why = why_not_entry_mount(e, target, false);
    if (!why.empty()) {
        auto there = mount_at(target);
        throw Error("unmount " + e.target,
                    "what is mounted there is " + why + (there ? " (" + describe_mount(*there) + ")" : "") +
                        ": a directory above it was moved; put it back, or discard the namespace");
    }
}

}  // namespace cordon
