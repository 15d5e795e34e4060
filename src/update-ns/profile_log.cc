#include "update-ns/profile_log.h"

#include <fcntl.h>

#include <algorithm>

#include "app/mount_profile_io.h"
#include "core/error.h"
#include "os/mount_table.h"
#include "os/secure_fs.h"

namespace cordon {

void ProfileLog::read() { log_ = read_current_profile(ns_dir_, app_, app_ns_); }

void ProfileLog::record() { write_current_profile(ns_dir_, app_, app_ns_, log_); }

bool ProfileLog::has_pending() const {
    return std::any_of(log_.entries.begin(), log_.entries.end(),
                       [](const MountEntry& e) { return e.pending() != Pending::kNone; });
}

std::size_t ProfileLog::index_of(const MountEntry& e) const {
    for (std::size_t i = log_.entries.size(); i-- > 0;) {
        const MountEntry& l = log_.entries[i];
        if (l.same_as(e) && l.mount_id() == e.mount_id()) return i;
    }
    throw Error("update the current profile", "entry " + e.target + " is not in it (internal error)");
}

void ProfileLog::forget(const MountEntry& e) {
    log_.entries.erase(log_.entries.begin() + static_cast<std::ptrdiff_t>(index_of(e)));
}

// Write-ahead of a mount: e joins the log marked pending, with the id of
// the mount its target is on now (`over`: the new mount goes on top of
// it, or for a replacement on the mount below the old one) and, when it
// is known already (new mount API: the detached mount's), the id the new
// mount will have; the log is written before anything is attached.
// Returns e's index in the log.
std::size_t ProfileLog::begin_mount(const MountEntry& e, std::uint32_t over, std::optional<std::uint32_t> id) {
    MountEntry pending = e;
    *pending.log() = {id, Pending::kMount, over};
    log_.entries.push_back(std::move(pending));
    record();
    return log_.entries.size() - 1;
}

// After the mount: the entry has the id written ahead, or (mount(2)) gets
// the id of the mount now at parent/name (reopened by name: the lookup
// crosses into the new mount; a mount point cannot be renamed once it is
// one, but the directory may have been moved just before), and loses its
// mark.
// Written with the next change, or at the end: until then the log still
// says pending, which the next run resolves the same way.
void ProfileLog::settle_mount(std::size_t index, int parent, const std::string& name) {
    MountEntry& e = log_.entries[index];
    MountLog& log = *e.log();
    if (!log.mount_id) {
        UniqueFd top(openat(parent, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!top) throw_errno("open the new mount at " + e.target);
        if (!is_mount_root(top.get()))
            throw Error("mount " + e.target, "no mount there after mounting: was its directory moved meanwhile?");
        log.mount_id = mount_id_of(top.get(), e.target);
    }
    log.clear_mark();
}

}  // namespace cordon
