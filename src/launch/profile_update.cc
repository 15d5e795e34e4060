#include "launch/profile_update.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "base/debug.h"
#include "base/error.h"
#include "launch/mimic.h"
#include "launch/mount_profile_io.h"
#include "plan/host_table.h"
#include "plan/mount_options.h"
#include "plan/mount_plan.h"
#include "sys/mount_ops.h"
#include "sys/mount_table.h"
#include "sys/mounter.h"
#include "sys/nsfs.h"
#include "sys/secure_fs.h"

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
    void take_host_sources(const std::vector<ProfileChange>& plan);
    void remember_own_tmpfs(const MountProfile& log);
    void perform(const ProfileChange& c);
    void unmount(const MountEntry& e);
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
    void require_entry_mount(const MountEntry& e, int target);

    std::string app_;
    int ns_dir_;
    UniqueFd root_;
    Mounter mounter_;
    std::map<std::string, HostSource> host_sources_;  // by target
    // Device and inode of the host sources of entries to unmount or
    // replace (by target): what their mounts' roots must be.
    std::map<std::string, std::pair<dev_t, ino_t>> old_host_sources_;
    std::set<dev_t> own_tmpfs_;                       // filesystems this profile mounted
    MountProfile log_;                                // the new current profile
    UpdateCounts counts_;
};

UpdateCounts Updater::run(int host_ns, int app_ns) {
    enter_mount_ns(host_ns, "of the host");
    MountProfile desired = read_desired_profile(app_);
    MountProfile current = read_current_profile(ns_dir_, app_, app_ns);
    std::vector<ProfileChange> plan = plan_profile_update(current, desired);
    take_host_sources(plan);

    enter_mount_ns(app_ns, "of " + app_);
    root_.reset(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_) throw_errno("open / of " + app_);
    // The log starts as what is there: entries leave it when they are
    // unmounted and join it when they are mounted, so after a failure it
    // still says exactly what the namespace holds.
    log_ = current;
    remember_own_tmpfs(log_);

    try {
        for (const ProfileChange& c : plan) perform(c);
    } catch (const Error&) {
        try {
            write_current_profile(ns_dir_, app_, app_ns, log_);
        } catch (const Error& e) {
            debug("cannot record the current profile after the failure: %s", e.what());
        }
        throw;
    }
    write_current_profile(ns_dir_, app_, app_ns, log_);
    return counts_;
}

void Updater::take_host_sources(const std::vector<ProfileChange>& plan) {
    for (const ProfileChange& c : plan) {
        const MountEntry* old = c.action == ProfileChange::Action::kUnmount   ? &c.entry
                                : c.action == ProfileChange::Action::kReplace ? &c.replaced
                                                                              : nullptr;
        if (old && old->bind && !old->source_in_ns) {
            UniqueFd src = open_nofollow(old->source, O_PATH, true);
            if (src) {
                struct stat st = stat_fd(src.get(), old->source);
                old_host_sources_[old->target] = {st.st_dev, st.st_ino};
            }
        }
    }
    for (const ProfileChange& c : plan) {
        const MountEntry& e = c.entry;
        bool mounts = c.action == ProfileChange::Action::kMount || c.action == ProfileChange::Action::kReplace;
        if (!mounts || !e.bind || e.source_in_ns) continue;
        int type = e.kind == TargetKind::kFile ? 0 : O_DIRECTORY;
        UniqueFd src = open_nofollow(e.source, O_PATH | type);
        HostSource hs;
        hs.st = stat_fd(src.get(), e.source);
        if (e.kind == TargetKind::kFile ? !S_ISREG(hs.st.st_mode) : !S_ISDIR(hs.st.st_mode))
            throw Error("bind " + e.source, e.kind == TargetKind::kFile ? "not a regular file" : "not a directory");
        hs.tree = mounter_.clone(src.get(), e.recursive, e.source);
        host_sources_[e.target] = std::move(hs);
    }
}

void Updater::remember_own_tmpfs(const MountProfile& log) {
    for (const MountEntry& e : log.entries) {
        if (!e.is_tmpfs()) continue;
        // Only a tmpfs mounted there counts: the path of an entry in a
        // directory of the app's user may lead elsewhere by now.
        UniqueFd fd = open_beneath(root_.get(), e.target, O_PATH | O_DIRECTORY, e.target, true);
        struct statfs sf;
        if (fd && is_mount_root(fd.get()) && fstatfs(fd.get(), &sf) == 0 && sf.f_type == TMPFS_MAGIC)
            own_tmpfs_.insert(stat_fd(fd.get(), e.target).st_dev);
    }
}

// Removes the last log entry that is e (the one on top at its target).
void Updater::forget(const MountEntry& e) {
    for (auto it = log_.entries.rbegin(); it != log_.entries.rend(); ++it) {
        if (it->same_as(e)) {
            log_.entries.erase(std::next(it).base());
            return;
        }
    }
}

// Directories cordon may change: on a tmpfs this profile mounted (a mimic
// or an entry), or in the app's private /tmp. Everything else writable
// inside is the host's.
bool Updater::ours(int dir, const std::string& path) {
    return own_tmpfs_.count(stat_fd(dir, path).st_dev) != 0 || path_is_within(path, "/tmp");
}

// Entries of a directory of ours that root may change or remove by name:
// only where nobody else can rename them (plan/fs_trust.h). In a
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
            unmount(c.entry);
            forget(c.entry);
            ++counts_.unmounted;
            return;
        case ProfileChange::Action::kReplace:
            mount(c.entry, &c.replaced);
            forget(c.replaced);
            ++counts_.replaced;
            return;
        case ProfileChange::Action::kMount:
            mount(c.entry, nullptr);
            ++counts_.mounted;
            return;
    }
}

void Updater::unmount(const MountEntry& e) {
    std::string parent_path = parent_of(e.target), name = name_of(e.target);
    if (!e.is_mount()) {
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

// The mount whose root fd is must be e's own: a tmpfs for a tmpfs entry,
// the source's own directory or file (device and inode) for a bind, when
// the source can still be found. In a directory of the app's user, the
// path may lead to another mount (their directories renamed or swapped):
// that one is left alone, and e stays in the log, since its mount is still
// somewhere.
void Updater::require_entry_mount(const MountEntry& e, int target) {
    std::string why;
    if (e.is_tmpfs()) {
        struct statfs sf;
        if (fstatfs(target, &sf) != 0) throw_errno("inspect the mount at " + e.target);
        if (sf.f_type != TMPFS_MAGIC) why = "not a tmpfs";
    } else if (e.bind) {
        std::optional<std::pair<dev_t, ino_t>> want;
        if (e.source_in_ns) {
            UniqueFd src = open_beneath(root_.get(), e.source, O_PATH, e.source + " (in the namespace)", true);
            if (src) {
                struct stat st = stat_fd(src.get(), e.source);
                want = {st.st_dev, st.st_ino};
            }
        } else if (auto it = old_host_sources_.find(e.target); it != old_host_sources_.end()) {
            want = it->second;
        }
        struct stat st = stat_fd(target, e.target);
        if (want && (st.st_dev != want->first || st.st_ino != want->second)) why = "not a bind of " + e.source;
    }
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
        MountEntry mimic = build_writable_mimic(mounter_, gfd.get(), name_of(parent_path), parent_path, e.target);
        log_.entries.push_back(mimic);
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
    if (replacing && is_mount_root(target.get())) require_entry_mount(*replacing, target.get());

    if (!replacing) {
        if (auto there = mount_at(target.get())) {
            bool same = false;
            if (e.bind) {
                struct stat sst = host ? host->st : stat_fd(ns_source.get(), e.source);
                same = sst.st_dev == tst.st_dev && sst.st_ino == tst.st_ino;
            }
            if (same) {
                debug("%s is already mounted there (by hand?): adopting it", e.target.c_str());
                log_.entries.push_back(e);
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
    if (e.is_tmpfs()) {
        if (replacing) unmount_fd(target.get(), e.target);
        mounter_.tmpfs(parent.get(), name, split_options(e.fs_options), e.flags, what);
        UniqueFd top(openat(parent.get(), name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (top) own_tmpfs_.insert(stat_fd(top.get(), e.target).st_dev);
    } else {
        UniqueFd tree = host ? std::move(host->tree) : mounter_.clone(ns_source.get(), e.recursive, e.source);
        int legacy_source = host ? -1 : ns_source.get();
        if (replacing)
            mounter_.replace(std::move(tree), legacy_source, parent.get(), name, e.recursive, e.flags, what);
        else
            mounter_.bind(std::move(tree), legacy_source, parent.get(), name, e.recursive, e.flags, what);
    }
    log_.entries.push_back(e);
}

}  // namespace

UpdateCounts update_mount_profile(const std::string& app, int ns_dir, int host_ns, int app_ns) {
    Updater u(app, ns_dir);
    return u.run(host_ns, app_ns);
}

}  // namespace cordon
