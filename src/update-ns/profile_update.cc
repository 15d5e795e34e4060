#include "update-ns/profile_update.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "app/mount_profile_io.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/host_table.h"
#include "core/mount_options.h"
#include "core/mount_plan.h"
#include "core/paths.h"
#include "os/mount_ops.h"
#include "os/mount_table.h"
#include "os/mounter.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"
#include "update-ns/mimic.h"

namespace cordon {

namespace {

std::string parent_of(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}
std::string name_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// A source taken in the host's namespace, before entering the app's.
struct HostSource {
    UniqueFd tree;  // detached copy (new API); invalid on the mount(2) back end
    struct stat st;
};

class Updater {
public:
    Updater(const std::string& app, int ns_dir) : app_(app), ns_dir_(ns_dir) {}

    UpdateCounts run(int host_ns, int app_ns);

private:
    using SourceId = std::pair<dev_t, ino_t>;
    void take_host_sources(const std::vector<ProfileChange>& plan);
    void take_old_source(const ProfileChange& c);
    void take_new_source(const ProfileChange& c);
    std::string settle_after_failure(const MountProfile& before);
    void take_pending_sources();
    std::optional<SourceId> source_id(const MountEntry& e);
    void remember_own_tmpfs(const MountProfile& log);
    bool resolve_pending();
    bool resolve_pending_mount(const MountEntry& e, const std::set<std::uint32_t>& settled);
    bool resolve_pending_mount_by_id(const MountEntry& e, const std::set<std::uint32_t>& settled);
    const MountPlace* find_mount(std::uint32_t id, bool fresh);
    void record();
    std::size_t index_in_log(const MountEntry& e);
    std::size_t begin_mount(const MountEntry& e, std::uint32_t over, std::optional<std::uint32_t> id);
    void settle_mount(std::size_t index, int parent, const std::string& name);
    void perform(const ProfileChange& c);
    void unmount_logged(const MountEntry& e);
    void unmount(const MountEntry& e);
    bool unmount_by_id(const MountEntry& e);
    void unmount_by_path(const MountEntry& e);
    void replace(const MountEntry& e, const MountEntry& old);
    void mount(const MountEntry& e, const MountEntry* replacing);
    void make_non_mount(const MountEntry& e);
    UniqueFd walk_to_dir(const std::string& dir, const MountEntry& for_entry);
    UniqueFd create_at(UniqueFd& parent, const std::string& parent_path, const std::string& name,
                       const MountEntry& e, const NewObject& obj);
    void check_may_create(int parent, const std::string& parent_path, const std::string& name);
    bool may_change_in(int dir, const std::string& path);
    void refuse_shared_target(const MountEntry& e);
    bool ours(int dir, const std::string& path);
    void forget(const MountEntry& e);
    std::string why_not_entry_mount(const MountEntry& e, int target, bool strict);
    void require_entry_mount(const MountEntry& e, int target);

    std::string app_;
    int ns_dir_;
    int app_ns_ = -1;
    std::optional<std::map<std::uint32_t, MountPlace>> mounts_;  // snapshot of the table, by mount id
    UniqueFd root_;
    Mounter mounter_;
    std::map<std::string, HostSource> host_sources_;  // by target
    // Device and inode of the host sources of entries to unmount, replace,
    // mount or resolve (by target and source): what their mounts' roots
    // must be.
    std::map<std::pair<std::string, std::string>, SourceId> host_source_ids_;
    std::set<dev_t> own_tmpfs_;                       // filesystems this profile mounted
    MountProfile log_;                                // the new current profile
    UpdateCounts counts_;
};

UpdateCounts Updater::run(int host_ns, int app_ns) {
    app_ns_ = app_ns;
    enter_mount_ns(host_ns, "of the host");
    MountProfile desired = read_desired_profile(app_);
    log_ = read_current_profile(ns_dir_, app_, app_ns);
    bool pending = std::any_of(log_.entries.begin(), log_.entries.end(),
                               [](const MountEntry& e) { return e.pending != MountEntry::Pending::kNone; });
    if (pending) {
        // A run was killed (or failed) in the middle of a change: find out
        // what happened in the namespace before planning from the log.
        take_pending_sources();
        enter_mount_ns(app_ns, "of " + app_);
        root_.reset(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!root_) throw_errno("open / of " + app_);
        if (resolve_pending()) record();
        enter_mount_ns(host_ns, "of the host");
    }
    std::vector<ProfileChange> plan = plan_profile_update(log_, desired);
    try {
        take_host_sources(plan);
    } catch (const Error& failure) {
        throw ProfileApplyError(failure, "the namespace was not changed");  // nothing of the plan was done yet
    }

    enter_mount_ns(app_ns, "of " + app_);
    root_.reset(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_) throw_errno("open / of " + app_);
    // The log starts as what is there: entries leave it when they are
    // unmounted and join it when they are mounted, and every change that
    // mounts or unmounts is written to it ahead, marked pending (see
    // resolve_pending), so after a failure, and even after a SIGKILL at
    // any point, it still says what the namespace may hold.
    remember_own_tmpfs(log_);

    const MountProfile before = log_;
    for (const ProfileChange& c : plan) {
        try {
            perform(c);
        } catch (const Error& cause) {
            Error failure = change_failure(c, app_files::desired_profile(app_).path(), cause);
            throw ProfileApplyError(failure, settle_after_failure(before));
        }
    }
    record();
    return counts_;
}

// After a failed change: what it did half-way (a bind made but not
// remounted read-only, a mimic with some originals bound back) is undone
// now, as a killed run's would be by the next one, so the log says exactly
// what the namespace holds, and it is written. Returns what that is, for
// the error: unchanged (the log is what it was before the plan), or partly
// updated: the changes before the failed one (and a mimic it built) stay
// (no rollback: the next update goes on from there).
std::string Updater::settle_after_failure(const MountProfile& before) {
    try {
        resolve_pending();
        record();
    } catch (const Error& e) {
        debug("cannot record the current profile after the failure: %s", e.what());
        return "the namespace may be partly updated, and what it holds could not be recorded (the next update "
               "finds out)";
    }
    auto same = [](const MountEntry& a, const MountEntry& b) { return a.same_as(b) && a.mount_id == b.mount_id; };
    if (std::equal(before.entries.begin(), before.entries.end(), log_.entries.begin(), log_.entries.end(), same))
        return "the namespace was not changed";
    return "the namespace was partly updated: " + app_files::current_profile(app_).path() + " lists what it holds now";
}

void Updater::record() { write_current_profile(ns_dir_, app_, app_ns_, log_); }

// Each change's host source, opened in the host's namespace: first the
// sources of what goes (to tell their mounts), then those of what comes
// (cloned). A failure is that change's (change_failure).
void Updater::take_host_sources(const std::vector<ProfileChange>& plan) {
    auto for_each_change = [&](void (Updater::*take)(const ProfileChange&)) {
        for (const ProfileChange& c : plan) {
            try {
                (this->*take)(c);
            } catch (const Error& cause) {
                throw change_failure(c, app_files::desired_profile(app_).path(), cause);
            }
        }
    };
    for_each_change(&Updater::take_old_source);
    for_each_change(&Updater::take_new_source);
}

void Updater::take_old_source(const ProfileChange& c) {
    const MountEntry* old = c.action == ProfileChange::Action::kUnmount   ? &c.entry
                            : c.action == ProfileChange::Action::kReplace ? &c.replaced
                                                                          : nullptr;
    if (!old || !old->bind || old->source_in_ns) return;
    UniqueFd src = open_nofollow(old->source, O_PATH, true);
    if (!src) return;
    struct stat st = stat_fd(src.get(), old->source);
    host_source_ids_[{old->target, old->source}] = {st.st_dev, st.st_ino};
}

void Updater::take_new_source(const ProfileChange& c) {
    const MountEntry& e = c.entry;
    bool mounts = c.action == ProfileChange::Action::kMount || c.action == ProfileChange::Action::kReplace;
    if (!mounts || !e.bind || e.source_in_ns) return;
    int type = e.kind == TargetKind::kFile ? 0 : O_DIRECTORY;
    UniqueFd src = open_nofollow(e.source, O_PATH | type, true);
    if (!src) throw Error("open " + e.source + " on the host", "it does not exist (create it, or correct the line)");
    HostSource hs;
    hs.st = stat_fd(src.get(), e.source);
    if (e.kind == TargetKind::kFile ? !S_ISREG(hs.st.st_mode) : !S_ISDIR(hs.st.st_mode))
        throw Error("bind " + e.source, e.kind == TargetKind::kFile ? "not a regular file" : "not a directory");
    hs.tree = mounter_.clone(src.get(), e.recursive, e.source);
    host_source_ids_[{e.target, e.source}] = {hs.st.st_dev, hs.st.st_ino};  // to tell its mount
    host_sources_[e.target] = std::move(hs);
}

// The host sources of pending binds, in the host's namespace (the app's
// has no view of them): what their mounts' roots would be.
void Updater::take_pending_sources() {
    for (const MountEntry& e : log_.entries) {
        if (e.pending == MountEntry::Pending::kNone || !e.bind || e.source_in_ns) continue;
        UniqueFd src;
        try {
            src = open_nofollow(e.source, O_PATH, true);
        } catch (const Error&) {
            // A symlink on its path now: not shown to be its source.
        }
        if (!src) continue;
        struct stat st = stat_fd(src.get(), e.source);
        host_source_ids_[{e.target, e.source}] = {st.st_dev, st.st_ino};
    }
}

void Updater::remember_own_tmpfs(const MountProfile& log) {
    for (const MountEntry& e : log.entries) {
        if (!e.is_tmpfs()) continue;
        // Only a tmpfs mounted there counts: the path of an entry in a
        // directory of the app's user may lead elsewhere by now. An entry
        // with a mount id is looked for where that mount is now.
        const MountPlace* place = e.mount_id ? find_mount(*e.mount_id, false) : nullptr;
        if (e.mount_id && !place) continue;  // gone
        const std::string& path = place ? place->path : e.target;
        UniqueFd fd;
        try {
            fd = open_beneath(root_.get(), path, O_PATH | O_DIRECTORY, path, true);
        } catch (const Error&) {
            continue;  // a symlink on the way now: not known to be ours
        }
        struct statfs sf;
        if (fd && is_mount_root(fd.get()) && (!e.mount_id || mount_id_of(fd.get(), path) == *e.mount_id) &&
            fstatfs(fd.get(), &sf) == 0 && sf.f_type == TMPFS_MAGIC)
            own_tmpfs_.insert(stat_fd(fd.get(), path).st_dev);
    }
}

// The index of the last log entry that is e (same entry, same mount):
// the one on top at its target.
std::size_t Updater::index_in_log(const MountEntry& e) {
    for (std::size_t i = log_.entries.size(); i-- > 0;) {
        const MountEntry& l = log_.entries[i];
        if (l.same_as(e) && l.mount_id == e.mount_id) return i;
    }
    throw Error("update the current profile", "entry " + e.target + " is not in it (internal error)");
}

void Updater::forget(const MountEntry& e) { log_.entries.erase(log_.entries.begin() + index_in_log(e)); }

// Write-ahead of a mount: e joins the log marked pending, with the id of
// the mount its target is on now (`over`: the new mount goes on top of
// it, or for a replacement on the mount below the old one) and, when it
// is known already (new mount API: the detached mount's), the id the new
// mount will have; the log is written before anything is attached.
// Returns e's index in the log.
std::size_t Updater::begin_mount(const MountEntry& e, std::uint32_t over, std::optional<std::uint32_t> id) {
    MountEntry pending = e;
    pending.mount_id = id;
    pending.pending = MountEntry::Pending::kMount;
    pending.over_id = over;
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
void Updater::settle_mount(std::size_t index, int parent, const std::string& name) {
    MountEntry& e = log_.entries[index];
    if (!e.mount_id) {
        UniqueFd top(openat(parent, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!top) throw_errno("open the new mount at " + e.target);
        if (!is_mount_root(top.get()))
            throw Error("mount " + e.target, "no mount there after mounting: was its directory moved meanwhile?");
        e.mount_id = mount_id_of(top.get(), e.target);
    }
    e.pending = MountEntry::Pending::kNone;
    e.over_id.reset();
}

// The mount with that id, from a snapshot of the table read once and
// kept (reading /proc/self/mountinfo for every entry made removing 200
// entries 7 times slower), read again when the id is not in it or when
// fresh. A place found may be stale (the mount gone since, its id reused):
// every caller that acts on it checks the mount it opens by its id.
const MountPlace* Updater::find_mount(std::uint32_t id, bool fresh) {
    for (bool reread = fresh || !mounts_;; reread = true) {
        if (reread) mounts_ = mount_places_by_id();
        auto it = mounts_->find(id);
        if (it != mounts_->end()) return &it->second;
        if (reread) return nullptr;
    }
}

// A run killed (or failed) between writing its log ahead and settling it
// left entries marked pending. Each is brought back to what the
// namespace holds before the plan is made from the log:
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
    using P = MountEntry::Pending;
    std::vector<MountEntry>& log = log_.entries;
    bool changed = false;
    for (std::size_t i = log.size(); i-- > 0;) {
        if (log[i].pending != P::kUnmount) continue;
        changed = true;
        MountEntry& e = log[i];
        bool replace_cut =
            std::any_of(log.begin() + static_cast<std::ptrdiff_t>(i) + 1, log.end(),
                        [&](const MountEntry& n) { return n.pending == P::kMount && n.target == e.target; });
        if (replace_cut) {
            debug("%s: a replacement was cut short: finishing the unmount of the old mount", e.target.c_str());
            unmount(e);
        } else if (!e.mount_id || find_mount(*e.mount_id, false)) {
            debug("%s: a pending unmount did not happen: the entry stays", e.target.c_str());
            e.pending = P::kNone;
            continue;
        } else {
            debug("%s: a pending unmount happened: the entry goes", e.target.c_str());
        }
        log.erase(log.begin() + static_cast<std::ptrdiff_t>(i));
    }
    std::set<std::uint32_t> settled;
    for (const MountEntry& e : log)
        if (e.pending == P::kNone && e.mount_id) settled.insert(*e.mount_id);
    for (std::size_t i = log.size(); i-- > 0;) {
        if (log[i].pending != P::kMount) continue;
        changed = true;
        if (resolve_pending_mount(log[i], settled)) {
            log[i].pending = P::kNone;
            log[i].over_id.reset();
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
    if (e.mount_id) return resolve_pending_mount_by_id(e, settled);
    UniqueFd fd;
    try {
        fd = open_beneath(root_.get(), e.target, O_PATH, e.target, true);
    } catch (const Error&) {
        // A symlink on the way, or the like: nothing this entry made.
    }
    if (!fd || !is_mount_root(fd.get())) {
        debug("%s: a pending mount was not made", e.target.c_str());
        return false;
    }
    std::uint32_t id = mount_id_of(fd.get(), e.target);
    const MountPlace* place = find_mount(id, true);
    std::string why;
    if (settled.count(id))
        why = "it is another entry's";
    else if (!e.over_id || !place || place->parent_id != *e.over_id)
        why = "it is not mounted on what the target was on before";
    else
        why = why_not_entry_mount(e, fd.get(), true);
    if (!why.empty()) {
        debug("%s: leaving the mount there alone (%s): a pending mount was not made", e.target.c_str(), why.c_str());
        return false;
    }
    unmount_fd(fd.get(), e.target + " (a mount cut short, mount id " + std::to_string(id) + ")");
    mounts_.reset();
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
    const std::uint32_t id = *e.mount_id;
    const MountPlace* place = find_mount(id, true);
    if (!place) {
        debug("%s: a pending mount (id %u) was not made", e.target.c_str(), id);
        return false;
    }
    std::string path = place->path;
    if (settled.count(id) || !e.over_id || place->parent_id != *e.over_id) {
        debug("%s: the mount with id %u (at %s) is not this entry's: a pending mount was not made", e.target.c_str(),
              id, path.c_str());
        return false;
    }
    UniqueFd fd;
    try {
        fd = open_beneath(root_.get(), path, O_PATH, path, true);
    } catch (const Error&) {
    }
    if (!fd || !is_mount_root(fd.get()) || mount_id_of(fd.get(), path) != id) {
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
    mounts_->erase(id);
    return false;
}

// Directories cordon may change: on a tmpfs this profile mounted (a mimic
// or an entry), or in the app's private /tmp. Everything else writable
// inside is the host's.
bool Updater::ours(int dir, const std::string& path) {
    return own_tmpfs_.count(stat_fd(dir, path).st_dev) != 0 || path_is_within(path, "/tmp");
}

// Entries of a directory of ours that root may change or remove by name:
// only where nobody else can rename them (core/fs_trust.h). In a
// directory the app's user made (or any other they can write without the
// sticky bit), a name checked a moment ago may already be their symlink.
bool Updater::may_change_in(int dir, const std::string& path) {
    if (!ours(dir, path)) return false;
    struct stat st = stat_fd(dir, path);
    if (auto why = unsafe_parent_reason(st.st_uid, st.st_mode)) {
        debug("%s is %s: leaving its entries alone", path.c_str(), why->c_str());
        return false;
    }
    return true;
}

// The object a profile entry makes at its target: a mount point (root's,
// the entry's x-cordon.mode/uid/gid), an ensure-dir, or a symlink.
NewObject new_object_for(const MountEntry& e) {
    NewObject obj;
    obj.kind = e.kind == TargetKind::kSymlink ? NewKind::kSymlink
               : e.kind == TargetKind::kFile  ? NewKind::kFile
                                              : NewKind::kDir;
    obj.mode = e.mode.value_or(e.kind == TargetKind::kFile ? 0644 : 0755);
    obj.uid = e.uid.value_or(0);
    obj.gid = e.gid.value_or(0);
    obj.symlink_target = e.symlink_target;
    return obj;
}

void Updater::perform(const ProfileChange& c) {
    debug("%s", describe_change(c).c_str());
    switch (c.action) {
        case ProfileChange::Action::kKeep:
            ++counts_.kept;
            return;
        case ProfileChange::Action::kUnmount:
            if (c.entry.is_mount()) {
                unmount_logged(c.entry);
            } else {
                unmount(c.entry);
                forget(c.entry);
            }
            ++counts_.unmounted;
            return;
        case ProfileChange::Action::kReplace:
            replace(c.entry, c.replaced);
            ++counts_.replaced;
            return;
        case ProfileChange::Action::kMount:
            mount(c.entry, nullptr);
            ++counts_.mounted;
            return;
    }
}

// Unmounts the mount entry e with write-ahead: the log is written with e
// marked pending-unmount first (killed after the unmount, it would still
// list a mount that is gone), and e leaves it after. When the unmount
// fails (refused, nothing unmounted), the mark goes again.
void Updater::unmount_logged(const MountEntry& e) {
    std::size_t index = index_in_log(e);
    log_.entries[index].pending = MountEntry::Pending::kUnmount;
    record();
    try {
        unmount(log_.entries[index]);
    } catch (const Error&) {
        log_.entries[index].pending = MountEntry::Pending::kNone;
        throw;
    }
    log_.entries.erase(log_.entries.begin() + static_cast<std::ptrdiff_t>(index));
}

void Updater::unmount(const MountEntry& e) {
    if (!e.is_mount()) {
        std::string parent_path = parent_of(e.target), name = name_of(e.target);
        UniqueFd parent = open_beneath(root_.get(), parent_path, O_PATH | O_DIRECTORY, parent_path, true);
        if (!parent || e.kind == TargetKind::kEnsureDir) return;  // directories are left in place
        // Removed only when it is still cordon's symlink (root's, same
        // target) in a directory where nobody else can swap it meanwhile.
        UniqueFd link(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        bool is_ours = false;
        if (link) {
            struct stat st = stat_fd(link.get(), e.target);
            char buf[4096];
            ssize_t n = S_ISLNK(st.st_mode) && st.st_uid == 0 ? readlinkat(link.get(), "", buf, sizeof buf) : -1;
            is_ours = n >= 0 && std::string(buf, static_cast<std::size_t>(n)) == e.symlink_target;
        }
        if (is_ours && may_change_in(parent.get(), parent_path))
            remove_if_exists(parent.get(), name, 0, e.target);
        else
            debug("leaving %s in place (not cordon's to remove)", e.target.c_str());
        return;
    }
    if (e.mount_id)
        unmount_by_id(e);
    else
        unmount_by_path(e);
}

// The entry's own mount, found by its id wherever it is now (the app's
// user may have renamed the directories above it), opened at that place
// beneath the namespace root without following symlinks, checked to be
// that very mount (STATX_MNT_ID) and of the entry's kind, and detached
// through the fd. A mount no longer in the namespace is gone: nothing to
// do, not an error. Returns false when it was gone.
bool Updater::unmount_by_id(const MountEntry& e) {
    const std::uint32_t id = *e.mount_id;
    const std::string label = e.target + " (mount id " + std::to_string(id) + ")";
    for (int attempt = 0;; ++attempt) {
        // A fresh table on the second try: the user may have renamed a
        // directory between the read and the open.
        const MountPlace* place = find_mount(id, attempt > 0);
        if (!place) {
            debug("%s is gone from the namespace: nothing to unmount", label.c_str());
            return false;
        }
        UniqueFd fd;
        try {
            fd = open_beneath(root_.get(), place->path, O_PATH, place->path, true);
        } catch (const Error&) {
            // A symlink on its path now: read the table again.
        }
        if (fd && is_mount_root(fd.get()) && mount_id_of(fd.get(), place->path) == id) {
            std::string why = why_not_entry_mount(e, fd.get(), false);
            if (!why.empty()) {
                // Mount ids are reused once a mount is gone: this one is
                // someone else's (ours was unmounted by hand).
                debug("%s: the mount with that id now is %s: the entry's own is gone", label.c_str(), why.c_str());
                return false;
            }
            std::string where = place->path == e.target ? label : label + ", now at " + place->path;
            unmount_fd(fd.get(), where);
            mounts_->erase(id);
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
    std::string parent_path = parent_of(e.target), name = name_of(e.target);
    // A mount whose mount point cannot be reached any more (its directory
    // renamed, a symlink put in its path) is still mounted somewhere: the
    // log keeps it, and the update fails rather than forget it.
    UniqueFd parent = open_beneath(root_.get(), parent_path, O_PATH | O_DIRECTORY, parent_path);
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

// A replacement where the old mount is at its target: beneath it (mount).
// Where the user moved the old mount away, or it is gone, there is nothing
// to go beneath: the old one is unmounted wherever it is, and the new one
// mounted like a new entry.
void Updater::replace(const MountEntry& e, const MountEntry& old) {
    if (old.mount_id) {
        bool at_target = false;
        try {
            UniqueFd fd = open_beneath(root_.get(), e.target, O_PATH, e.target, true);
            at_target = fd && is_mount_root(fd.get()) && mount_id_of(fd.get(), e.target) == *old.mount_id;
        } catch (const Error&) {
        }
        if (!at_target) {
            debug("%s: the old mount is not at its target: unmounting it, then mounting the new one", e.target.c_str());
            unmount_logged(old);
            mount(e, nullptr);
            return;
        }
    }
    mount(e, &old);
}

// The mount whose root fd is must be e's own: a tmpfs for a tmpfs entry,
// the source's own directory or file (device and inode) for a bind, when
// the source can still be found (strict: a bind whose source cannot be
// found is not shown to be e's). Empty when it is, else why not.
std::string Updater::why_not_entry_mount(const MountEntry& e, int target, bool strict) {
    if (e.is_tmpfs()) {
        struct statfs sf;
        if (fstatfs(target, &sf) != 0) throw_errno("inspect the mount at " + e.target);
        return sf.f_type == TMPFS_MAGIC ? "" : "not a tmpfs";
    }
    if (!e.bind) return "";
    std::optional<SourceId> want = source_id(e);
    if (!want) return strict ? "a bind of a source that cannot be found any more" : "";
    struct stat st = stat_fd(target, e.target);
    return st.st_dev == want->first && st.st_ino == want->second ? "" : "not a bind of " + e.source;
}

std::optional<Updater::SourceId> Updater::source_id(const MountEntry& e) {
    if (e.source_in_ns) {
        UniqueFd src;
        try {
            src = open_beneath(root_.get(), e.source, O_PATH, e.source + " (in the namespace)", true);
        } catch (const Error&) {
        }
        if (!src) return std::nullopt;
        struct stat st = stat_fd(src.get(), e.source);
        return SourceId{st.st_dev, st.st_ino};
    }
    auto it = host_source_ids_.find({e.target, e.source});
    if (it == host_source_ids_.end()) return std::nullopt;
    return it->second;
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

// Mount points inside a bidirectional entry (/media, ...) would show up on
// the host: refused.
void Updater::refuse_shared_target(const MountEntry& e) {
    for (const HostMount& m : host_table())
        if (m.propagation == Propagation::kShared && path_is_within(e.target, m.path))
            throw Error("mount " + e.target, std::string(m.path) + " is shared with the host");
}

void Updater::check_may_create(int parent, const std::string& parent_path, const std::string& name) {
    struct statvfs sv;
    if (fstatvfs(parent, &sv) != 0) throw_errno("inspect " + parent_path);
    if (sv.f_flag & ST_RDONLY) return;  // creation fails with EROFS: a mimic is built
    if (ours(parent, parent_path)) return;
    throw Error("create " + (parent_path == "/" ? "" : parent_path) + "/" + name,
                parent_path + " is the host's: create it on the host first");
}

// Creates parent/name as obj (create_verified: owner and mode set on the
// fd of exactly what was made, never by name; refused in a directory
// someone else can rename entries in). Where the parent is read-only (the
// base), covers it with a writable mimic first; parent then becomes the
// mimic's top. Returns the new object's fd.
UniqueFd Updater::create_at(UniqueFd& parent, const std::string& parent_path, const std::string& name,
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
        // Read-only (the base): cover the parent with a writable mimic.
        std::string grand = parent_of(parent_path);
        UniqueFd gfd = open_beneath(root_.get(), grand, O_PATH | O_DIRECTORY, grand);
        std::optional<std::size_t> index;
        std::uint32_t over = mount_id_of(parent.get(), parent_path);
        build_writable_mimic(mounter_, gfd.get(), name_of(parent_path), parent_path, e.target,
                             [&](const MountEntry& mimic, int detached) {
                                 std::optional<std::uint32_t> id;
                                 if (detached >= 0) id = mount_id_of(detached, parent_path);
                                 index = begin_mount(mimic, over, id);
                             });
        settle_mount(*index, gfd.get(), name_of(parent_path));
        parent = open_beneath(root_.get(), parent_path, O_PATH | O_DIRECTORY, parent_path);
        own_tmpfs_.insert(stat_fd(parent.get(), parent_path).st_dev);
    }
}

// Opens dir (absolute) from the namespace root one component at a time,
// never following a symlink, creating what is missing: root's
// directories, 0755 (the entry's mode and owner are for its target only,
// and a directory of the user's would refuse everything below it).
UniqueFd Updater::walk_to_dir(const std::string& dir, const MountEntry& for_entry) {
    return walk_dirs(root_.get(), dir, [&](UniqueFd& parent, const std::string& parent_path, const std::string& name) {
        return create_at(parent, parent_path, name, for_entry, NewObject{NewKind::kDir, 0755, 0, 0, {}});
    });
}

void Updater::make_non_mount(const MountEntry& e) {
    std::string parent_path = parent_of(e.target);
    UniqueFd parent = walk_to_dir(parent_path, e);
    std::string name = name_of(e.target);
    struct stat st;
    if (fstatat(parent.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (e.kind == TargetKind::kEnsureDir && S_ISDIR(st.st_mode)) {
            // Changed through an fd opened O_DIRECTORY|O_NOFOLLOW: if the
            // name is a symlink by now, it is refused, never followed.
            if ((e.mode || e.uid || e.gid) && may_change_in(parent.get(), parent_path))
                change_dir(parent.get(), name, e.mode, e.uid, e.gid, e.target);
            log_.entries.push_back(e);
            return;
        }
        if (e.kind == TargetKind::kSymlink && S_ISLNK(st.st_mode)) {
            char buf[4096];
            ssize_t n = readlinkat(parent.get(), name.c_str(), buf, sizeof buf);
            if (n >= 0 && std::string(buf, static_cast<std::size_t>(n)) == e.symlink_target) {
                log_.entries.push_back(e);
                return;
            }
        }
        throw Error("create " + e.target, "something else is already there");
    }
    create_at(parent, parent_path, name, e, new_object_for(e));
    log_.entries.push_back(e);
}

void Updater::mount(const MountEntry& e, const MountEntry* replacing) {
    refuse_shared_target(e);
    if (!e.is_mount()) {
        make_non_mount(e);
        return;
    }
    // The source, for binds inside the namespace.
    UniqueFd ns_source;
    HostSource* host = nullptr;
    if (e.bind && e.source_in_ns) {
        ns_source = open_beneath(root_.get(), e.source, O_PATH | (e.kind == TargetKind::kFile ? 0 : O_DIRECTORY),
                                 e.source + " (in the namespace)");
    } else if (e.bind) {
        host = &host_sources_.at(e.target);
    }

    std::string parent_path = parent_of(e.target);
    UniqueFd parent = walk_to_dir(parent_path, e);
    std::string name = name_of(e.target);
    UniqueFd target(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!target && errno == ENOENT && !replacing) target = create_at(parent, parent_path, name, e, new_object_for(e));
    if (!target) throw_errno("open mount point " + e.target);
    struct stat tst = stat_fd(target.get(), e.target);
    auto wrong_type = [&] {
        return S_ISLNK(tst.st_mode) || (e.kind == TargetKind::kFile ? !S_ISREG(tst.st_mode) : !S_ISDIR(tst.st_mode));
    };
    if (wrong_type() && !replacing && !S_ISLNK(tst.st_mode) && tst.st_uid == 0 && !is_mount_root(target.get()) &&
        may_change_in(parent.get(), parent_path)) {
        // A mount point cordon made for an entry of the other kind (never
        // a symlink, never something the app's user made), in a directory
        // where nobody else can rename it: the name is still that object.
        remove_if_exists(parent.get(), name, S_ISDIR(tst.st_mode) ? AT_REMOVEDIR : 0, e.target);
        target = create_at(parent, parent_path, name, e, new_object_for(e));
        tst = stat_fd(target.get(), e.target);
    }
    if (wrong_type())
        throw Error("mount " + e.target, "the mount point is a symlink or of the wrong type (not followed)");
    if (replacing && is_mount_root(target.get())) {
        // replace() found the old mount here; the walk just now went by
        // path again. Once checked here it stays: a mount point cannot be
        // renamed, so parent/name keeps leading to it (Mounter::replace).
        if (replacing->mount_id && mount_id_of(target.get(), e.target) != *replacing->mount_id)
            throw Error("replace " + e.target, "the old mount was moved away meanwhile; try again");
        require_entry_mount(*replacing, target.get());
    }

    if (!replacing) {
        if (auto there = mount_at(target.get())) {
            bool same = false;
            if (e.bind) {
                struct stat sst = host ? host->st : stat_fd(ns_source.get(), e.source);
                same = sst.st_dev == tst.st_dev && sst.st_ino == tst.st_ino;
            }
            if (same) {
                debug("%s is already mounted there (by hand?): adopting it", e.target.c_str());
                MountEntry adopted = e;
                adopted.mount_id = mount_id_of(target.get(), e.target);
                log_.entries.push_back(std::move(adopted));
                return;
            }
            // In a mimic, the mounts at its names are the originals bound
            // back: the entry goes on top of one of them.
            if (!own_tmpfs_.count(stat_fd(parent.get(), parent_path).st_dev))
                throw Error("mount " + e.target,
                            "something else is mounted there (" + describe_mount(*there) + "); leaving it alone");
        }
    }

    std::string what = e.source + " -> " + e.target;
    // Write-ahead: the log says this mount may be there before it can be,
    // and what it goes on top of (a replacement goes beneath the old
    // mount, onto the one below it, which parent is on), so a run killed
    // from here on leaves a log the next run can resolve (resolve_pending).
    // With the new mount API the new mount exists, detached, before it is
    // attached: its id is known and written ahead too, so it is found by
    // id, wherever the user moved the directory under it meanwhile.
    std::uint32_t over = mount_id_of(target.get(), e.target);
    if (replacing) {
        const MountPlace* old = replacing->mount_id ? find_mount(*replacing->mount_id, false) : nullptr;
        over = old ? old->parent_id : mount_id_of(parent.get(), parent_path);
        log_.entries[index_in_log(*replacing)].pending = MountEntry::Pending::kUnmount;
    }
    MountEntry replaced_marked;
    if (replacing) {
        replaced_marked = *replacing;
        replaced_marked.pending = MountEntry::Pending::kUnmount;
    }
    std::optional<std::size_t> index;
    if (e.is_tmpfs()) {
        if (replacing) {
            // No tmpfs goes beneath another: the old one goes first
            // (written ahead), then the new one is mounted.
            record();
            unmount_fd(target.get(), e.target);
            forget(replaced_marked);
        }
        mounter_.tmpfs(parent.get(), name, split_options(e.fs_options), e.flags, what, [&](int detached) {
            std::optional<std::uint32_t> id;
            if (detached >= 0) {
                id = mount_id_of(detached, e.target);
                own_tmpfs_.insert(stat_fd(detached, e.target).st_dev);
            }
            index = begin_mount(e, over, id);
        });
        if (!index) throw Error("mount " + e.target, "the tmpfs was mounted unlogged (internal error)");
        UniqueFd top(openat(parent.get(), name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (top) own_tmpfs_.insert(stat_fd(top.get(), e.target).st_dev);
    } else {
        UniqueFd tree = host ? std::move(host->tree) : mounter_.clone(ns_source.get(), e.recursive, e.source);
        int legacy_source = host ? -1 : ns_source.get();
        index = begin_mount(e, over, tree ? std::optional(mount_id_of(tree.get(), e.target)) : std::nullopt);
        if (replacing)
            mounter_.replace(std::move(tree), legacy_source, parent.get(), name, e.recursive, e.flags, what);
        else
            mounter_.bind(std::move(tree), legacy_source, parent.get(), name, e.recursive, e.flags, what);
        if (replacing) {
            forget(replaced_marked);
            --*index;  // the replaced entry came before the new one
        }
    }
    settle_mount(*index, parent.get(), name);
}

}  // namespace

UpdateCounts update_mount_profile(const std::string& app, int ns_dir, int host_ns, int app_ns) {
    Updater u(app, ns_dir);
    return u.run(host_ns, app_ns);
}

}  // namespace cordon
