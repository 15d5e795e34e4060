// What a run killed (or failed) between writing its log ahead and settling
// it left: entries marked pending, brought back to what the namespace
// holds before the plan is made from the log.
#include <fcntl.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/debug.h"
#include "core/error.h"
#include "os/mount_table.h"
#include "os/secure_fs.h"
#include "update-ns/updater.h"

namespace cordon {

// Each entry marked pending is brought back to what the namespace holds:
//  - A pending unmount whose mount (by id) is still there stays, its mark
//    cleared: the plan unmounts it again if it is still to go. Gone: it
//    leaves the log. Entries without an id (from a log of an older
//    cordon) stay: unmount() copes with a mount that is gone.
//  - A pending unmount followed by a pending mount at the same target is
//    a replacement cut short: the old mount is unmounted now (it was going
//    anyway), so that the new one, if it was made beneath it, is on top
//    and can be judged like any other.
//  - A pending mount: resolve_pending_mount.
// Returns whether the log changed.
bool Updater::resolve_pending() {
    bool unmounts = resolve_pending_unmounts();
    bool mounts = resolve_pending_mounts();
    return unmounts || mounts;
}

bool Updater::resolve_pending_unmounts() {
    std::vector<MountEntry>& log = log_.entries();
    bool changed = false;
    for (std::size_t i = log.size(); i-- > 0;) {
        if (log[i].pending() != Pending::kUnmount) continue;
        changed = true;
        MountEntry& e = log[i];
        bool replace_cut =
            std::any_of(log.begin() + static_cast<std::ptrdiff_t>(i) + 1, log.end(),
                        [&](const MountEntry& n) { return n.pending() == Pending::kMount && n.target == e.target; });
        if (replace_cut) {
            debug("%s: a replacement was cut short: finishing the unmount of the old mount", e.target.c_str());
            unmount(e);
        } else if (!e.mount_id() || ns_.find_mount(*e.mount_id(), false)) {
            debug("%s: a pending unmount did not happen: the entry stays", e.target.c_str());
            e.log()->clear_mark();
            continue;
        } else {
            debug("%s: a pending unmount happened: the entry goes", e.target.c_str());
        }
        log.erase(log.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return changed;
}

bool Updater::resolve_pending_mounts() {
    std::vector<MountEntry>& log = log_.entries();
    std::set<std::uint32_t> settled;
    for (const MountEntry& e : log)
        if (e.pending() == Pending::kNone && e.mount_id()) settled.insert(*e.mount_id());
    bool changed = false;
    for (std::size_t i = log.size(); i-- > 0;) {
        if (log[i].pending() != Pending::kMount) continue;
        changed = true;
        if (resolve_pending_mount(log[i], settled)) {
            log[i].log()->clear_mark();
        } else {
            log.erase(log.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    return changed;
}

// A pending mount leaves the log (returns false); the plan redoes it
// whole. Whether it was made: with the id written ahead (new mount API),
// resolve_pending_mount_by_id. Without (mount(2)): a mount at its target,
// on top, that is mounted on the mount the target was on when the mount
// was written ahead (x-cordon.over: so it is not what was there before),
// whose id no settled entry has, of the entry's kind (a tmpfs, or a bind
// whose root is the source's own inode). Such a mount is detached through
// the fd just checked (a mimic's bound-back originals go with it:
// MNT_DETACH; a bind not yet remounted read-only too). A mount failing any
// test is left alone: it may be one propagated from the host into a slave
// directory, or made by hand, and cannot be shown to be this entry's; the
// plan's mount then finds it in the way and says so.
bool Updater::resolve_pending_mount(const MountEntry& e, const std::set<std::uint32_t>& settled) {
    const MountLog& log = e.mounted()->log;
    if (log.mount_id) return resolve_pending_mount_by_id(e, settled);
    // A symlink on the way, or the like: nothing this entry made.
    UniqueFd fd = ns_.try_open(e.target, O_PATH);
    if (!fd || !is_mount_root(fd.get())) {
        debug("%s: a pending mount was not made", e.target.c_str());
        return false;
    }
    std::uint32_t id = mount_id_of(fd.get(), e.target);
    const MountPlace* place = ns_.find_mount(id, true);
    std::string why;
    if (settled.count(id))
        why = "it is another entry's";
    else if (!log.over_id || !place || place->parent_id != *log.over_id)
        why = "it is not mounted on what the target was on before";
    else
        why = why_not_entry_mount(e, fd.get(), true);
    if (!why.empty()) {
        debug("%s: leaving the mount there alone (%s): a pending mount was not made", e.target.c_str(), why.c_str());
        return false;
    }
    unmount_fd(fd.get(), e.target + " (a mount cut short, mount id " + std::to_string(id) + ")");
    ns_.drop_snapshot();
    return false;
}

// The mount with the id written ahead: not in the table, it was never
// attached (killed before, or gone since). In the table it must still be
// the entry's (ids are reused once a mount is gone): mounted on the
// recorded x-cordon.over mount, no settled entry's, of the entry's kind.
// Then it is detached where it is now, through an fd checked to be on it.
// One that cannot be reached (its directory moved where no path without
// symlinks leads) is kept as the entry's, mark cleared (returns true): it
// is cordon's, and forgetting it would leave it untracked.
bool Updater::resolve_pending_mount_by_id(const MountEntry& e, const std::set<std::uint32_t>& settled) {
    const MountLog& log = e.mounted()->log;
    const std::uint32_t id = *log.mount_id;
    const MountPlace* place = ns_.find_mount(id, true);
    if (!place) {
        debug("%s: a pending mount (id %u) was not made", e.target.c_str(), id);
        return false;
    }
    std::string path = place->path;
    if (settled.count(id) || !log.over_id || place->parent_id != *log.over_id) {
        debug("%s: the mount with id %u (at %s) is not this entry's: a pending mount was not made", e.target.c_str(),
              id, path.c_str());
        return false;
    }
    UniqueFd fd = ns_.open_mount(path, id);
    if (!fd) {
        debug("%s: a pending mount (id %u) was made but cannot be reached at %s: kept", e.target.c_str(), id,
              path.c_str());
        return true;
    }
    std::string why = why_not_entry_mount(e, fd.get(), true);
    if (!why.empty()) {
        debug("%s: the mount with id %u is %s: a pending mount was not made", e.target.c_str(), id, why.c_str());
        return false;
    }
    unmount_fd(fd.get(), e.target + " (a mount cut short, mount id " + std::to_string(id) + ", at " + path + ")");
    ns_.forget_mount(id);
    return false;
}

}  // namespace cordon
