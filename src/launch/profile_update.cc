#include "launch/profile_update.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <map>
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
    void create_at(int& parent, const std::string& parent_path, const std::string& name, const MountEntry& e,
                   TargetKind kind);
    void check_may_create(int parent, const std::string& parent_path, const std::string& name);
    void refuse_shared_target(const MountEntry& e);
    bool ours(int dir, const std::string& path);
    void forget(const MountEntry& e);

    std::string app_;
    int ns_dir_;
    UniqueFd root_;
    Mounter mounter_;
    std::map<std::string, HostSource> host_sources_;  // by target
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
        UniqueFd fd = open_beneath(root_.get(), e.target, O_PATH | O_DIRECTORY, e.target, true);
        if (fd) own_tmpfs_.insert(stat_fd(fd.get(), e.target).st_dev);
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
        char buf[4096];
        ssize_t n = readlinkat(parent.get(), name.c_str(), buf, sizeof buf);
        bool is_ours = n >= 0 && std::string(buf, static_cast<std::size_t>(n)) == e.symlink_target;
        if (is_ours && ours(parent.get(), parent_path))
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
    unmount_at(parent.get(), name.c_str(), MNT_DETACH, e.target);
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

void Updater::create_at(int& parent_fd, const std::string& parent_path, const std::string& name,
                        const MountEntry& e, TargetKind kind) {
    std::string path = (parent_path == "/" ? "" : parent_path) + "/" + name;
    for (int attempt = 0; attempt < 2; ++attempt) {
        check_may_create(parent_fd, parent_path, name);
        int rc;
        mode_t mode = e.mode.value_or(kind == TargetKind::kFile ? 0644 : 0755);
        if (kind == TargetKind::kSymlink) {
            rc = symlinkat(e.symlink_target.c_str(), parent_fd, name.c_str());
        } else if (kind == TargetKind::kFile) {
            int fd = openat(parent_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
            rc = fd < 0 ? -1 : 0;
            if (fd >= 0) close(fd);
        } else {
            rc = mkdirat(parent_fd, name.c_str(), mode);
        }
        if (rc == 0) {
            if (fchownat(parent_fd, name.c_str(), e.uid.value_or(0), e.gid.value_or(0), AT_SYMLINK_NOFOLLOW) != 0)
                throw_errno("set owner of " + path);
            if (kind != TargetKind::kSymlink && fchmodat(parent_fd, name.c_str(), mode, 0) != 0)
                throw_errno("set mode of " + path);
            debug("created %s", path.c_str());
            return;
        }
        if (errno != EROFS || attempt > 0) throw_errno("create " + path);
        // Read-only (the base): cover the parent with a writable mimic.
        std::string grand = parent_of(parent_path);
        UniqueFd gfd = open_beneath(root_.get(), grand, O_PATH | O_DIRECTORY, grand);
        MountEntry mimic = build_writable_mimic(mounter_, gfd.get(), name_of(parent_path), parent_path, e.target);
        log_.entries.push_back(mimic);
        UniqueFd top = open_beneath(root_.get(), parent_path, O_PATH | O_DIRECTORY, parent_path);
        own_tmpfs_.insert(stat_fd(top.get(), parent_path).st_dev);
        parent_fd = top.release();  // owned by the caller's UniqueFd via reset below
    }
}

// Opens dir (absolute) from the namespace root one component at a time,
// never following a symlink, creating what is missing.
UniqueFd Updater::walk_to_dir(const std::string& dir, const MountEntry& for_entry) {
    UniqueFd cur(fcntl(root_.get(), F_DUPFD_CLOEXEC, 0));
    if (!cur) throw_errno("duplicate the root fd");
    std::string so_far = "/";
    std::size_t pos = 1;
    while (pos < dir.size()) {
        std::size_t slash = dir.find('/', pos);
        std::string comp = dir.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        pos = slash == std::string::npos ? dir.size() : slash + 1;
        std::string next = (so_far == "/" ? "" : so_far) + "/" + comp;
        UniqueFd fd(openat(cur.get(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd && errno == ENOENT) {
            int raw = cur.get();
            create_at(raw, so_far, comp, for_entry, TargetKind::kDir);
            if (raw != cur.get()) cur.reset(raw);
            fd.reset(openat(cur.get(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        }
        if (!fd) {
            if (errno == ENOTDIR || errno == ELOOP)
                throw Error("use " + next, "it is a symlink or not a directory (not followed)");
            throw_errno("open " + next);
        }
        cur = std::move(fd);
        so_far = next;
    }
    return cur;
}

void Updater::make_non_mount(const MountEntry& e) {
    UniqueFd parent = walk_to_dir(parent_of(e.target), e);
    std::string name = name_of(e.target);
    struct stat st;
    if (fstatat(parent.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (e.kind == TargetKind::kEnsureDir && S_ISDIR(st.st_mode)) {
            if ((e.mode || e.uid || e.gid) && ours(parent.get(), parent_of(e.target))) {
                if (e.mode && fchmodat(parent.get(), name.c_str(), *e.mode, 0) != 0) throw_errno("set mode of " + e.target);
                if ((e.uid || e.gid) && fchownat(parent.get(), name.c_str(), e.uid.value_or(static_cast<uid_t>(-1)),
                                                 e.gid.value_or(static_cast<gid_t>(-1)), AT_SYMLINK_NOFOLLOW) != 0)
                    throw_errno("set owner of " + e.target);
            }
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
    int raw = parent.get();
    create_at(raw, parent_of(e.target), name, e, e.kind);
    if (raw != parent.get()) parent.reset(raw);
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

    UniqueFd parent = walk_to_dir(parent_of(e.target), e);
    std::string name = name_of(e.target);
    UniqueFd target(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!target && errno == ENOENT && !replacing) {
        int raw = parent.get();
        create_at(raw, parent_of(e.target), name, e, e.kind);
        if (raw != parent.get()) parent.reset(raw);
        target.reset(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    }
    if (!target) throw_errno("open mount point " + e.target);
    struct stat tst = stat_fd(target.get(), e.target);
    auto wrong_type = [&] {
        return S_ISLNK(tst.st_mode) || (e.kind == TargetKind::kFile ? !S_ISREG(tst.st_mode) : !S_ISDIR(tst.st_mode));
    };
    if (wrong_type() && !replacing && !S_ISLNK(tst.st_mode) && tst.st_uid == 0 && !is_mount_root(target.get()) &&
        ours(parent.get(), parent_of(e.target))) {
        // A mount point cordon made for an entry of the other kind (never
        // a symlink, never something the app's user made).
        remove_if_exists(parent.get(), name, S_ISDIR(tst.st_mode) ? AT_REMOVEDIR : 0, e.target);
        int raw = parent.get();
        create_at(raw, parent_of(e.target), name, e, e.kind);
        if (raw != parent.get()) parent.reset(raw);
        target.reset(openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!target) throw_errno("open mount point " + e.target);
        tst = stat_fd(target.get(), e.target);
    }
    if (wrong_type())
        throw Error("mount " + e.target, "the mount point is a symlink or of the wrong type (not followed)");

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
            if (!own_tmpfs_.count(stat_fd(parent.get(), parent_of(e.target)).st_dev))
                throw Error("mount " + e.target,
                            "something else is mounted there (" + describe_mount(*there) + "); leaving it alone");
        }
    }

    std::string what = e.source + " -> " + e.target;
    if (e.is_tmpfs()) {
        if (replacing) unmount_at(parent.get(), name.c_str(), MNT_DETACH, e.target);
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
