// Mount execution: an entry of the plan made in the app's namespace. Its
// source is found (a host source taken before, or one inside the
// namespace), its mount point opened or created (mount_point_creation.h),
// a mount already there adopted or refused, and the mount written ahead to
// the log, made on the mount point's fd, and settled.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string>

#include "core/abs_path.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/mount_options.h"
#include "os/mount_table.h"
#include "os/secure_fs.h"
#include "update-ns/updater.h"

namespace cordon {

struct Updater::Source {
    UniqueFd ns;               // a bind's source inside the namespace
    HostSource* host = nullptr;  // a bind's host source
};

struct Updater::MountPoint {
    std::string parent_path, name;
    UniqueFd parent, target;
    struct stat st;
};

namespace {

bool wrong_type(const struct stat& st, const MountEntry& e) {
    return S_ISLNK(st.st_mode) || (e.targets_file() ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode));
}

MountEntry marked_unmount(const MountEntry& e) {
    MountEntry marked = e;
    marked.log()->pending = Pending::kUnmount;
    return marked;
}

}  // namespace

// A replacement where the old mount is at its target: beneath it (mount).
// Where the user moved the old mount away, or it is gone, there is nothing
// to go beneath: the old one is unmounted wherever it is, and the new one
// mounted like a new entry.
void Updater::replace(const MountEntry& e, const MountEntry& old) {
    if (old.mount_id() && !ns_.open_mount(e.target, *old.mount_id())) {
        debug("%s: the old mount is not at its target: unmounting it, then mounting the new one", e.target.c_str());
        unmount_logged(old);
        mount(e, nullptr);
        return;
    }
    mount(e, &old);
}

// Each kind its own way: a bind's source is found, then it is cloned onto
// its mount point; a tmpfs is made with its options; a symlink or a
// directory is created (make_non_mount).
void Updater::mount(const MountEntry& e, const MountEntry* replacing) {
    refuse_shared_target(e);
    if (const Mounted* m = e.mounted())
        std::visit([&](const auto& how) { mount_as(e, how, replacing); }, m->how);
    else
        make_non_mount(e);
}

void Updater::mount_as(const MountEntry& e, const Bind& b, const MountEntry* replacing) {
    Source src = open_source(e, b);
    MountPoint mp = open_mount_point(e, replacing);
    std::optional<std::uint32_t> over = prepare_mount(mp, e, &src, replacing);
    if (!over) return;
    log_.settle_mount(attach_bind(mp, e, b, src, *over, replacing), mp.parent.get(), mp.name);
}

void Updater::mount_as(const MountEntry& e, const Tmpfs& t, const MountEntry* replacing) {
    MountPoint mp = open_mount_point(e, replacing);
    std::optional<std::uint32_t> over = prepare_mount(mp, e, nullptr, replacing);
    if (!over) return;
    log_.settle_mount(attach_tmpfs(mp, e, t, *over, replacing), mp.parent.get(), mp.name);
}

// What is at the mount point already: the replaced mount, checked; or a
// mount adopted (nullopt: nothing left to do) or refused. Then the mount
// is written ahead: returns the id of the mount it goes on.
std::optional<std::uint32_t> Updater::prepare_mount(const MountPoint& mp, const MountEntry& e, const Source* src,
                                                    const MountEntry* replacing) {
    if (replacing && is_mount_root(mp.target.get()))
        check_replaced_is_there(mp, e, *replacing);
    else if (!replacing && adopt_or_refuse(mp, e, src))
        return std::nullopt;
    return write_ahead_over(mp, e, replacing);
}

void Updater::make_non_mount(const MountEntry& e) {
    std::string parent_path(parent_of(e.target));
    UniqueFd parent = creator_.walk_to_dir(parent_path, e);
    std::string name(name_of(e.target));
    if (!already_there(e, parent.get(), parent_path, name))
        creator_.create_at(parent, parent_path, name, e, new_object_for(e));
    log_.add(e);
}

// An ensure-dir or symlink entry whose object is there already: true (an
// ensure-dir's mode and owner set); nothing there: false; anything else
// there is refused.
bool Updater::already_there(const MountEntry& e, int parent, const std::string& parent_path, const std::string& name) {
    struct stat st;
    if (fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
    if (const auto* dir = std::get_if<EnsureDir>(&e.what); dir && S_ISDIR(st.st_mode)) {
        // Changed through an fd opened O_DIRECTORY|O_NOFOLLOW: if the
        // name is a symlink by now, it is refused, never followed.
        const Owner& o = dir->owner;
        if (o.any() && creator_.may_change_in(parent, parent_path))
            change_dir(parent, name, o.mode, o.uid, o.gid, e.target);
        return true;
    }
    if (const Symlink* link = e.symlink(); link && S_ISLNK(st.st_mode)) {
        std::optional<std::string> target = read_link_at(parent, name);
        if (target && *target == link->dest) return true;
    }
    throw Error("create " + e.target, "something else is already there");
}

// A bind's source: inside the namespace, opened now beneath its root;
// from the host, taken before (host_sources.h).
Updater::Source Updater::open_source(const MountEntry& e, const Bind& b) {
    Source src;
    if (b.source_in_ns)
        src.ns = ns_.open(b.source, O_PATH | (b.shape == BindShape::kFile ? 0 : O_DIRECTORY),
                          b.source + " (in the namespace)");
    else
        src.host = &sources_.source_for(e);
    return src;
}

Updater::MountPoint Updater::open_mount_point(const MountEntry& e, const MountEntry* replacing) {
    MountPoint mp;
    mp.parent_path = std::string(parent_of(e.target));
    mp.parent = creator_.walk_to_dir(mp.parent_path, e);
    mp.name = std::string(name_of(e.target));
    mp.target.reset(openat(mp.parent.get(), mp.name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!mp.target && errno == ENOENT && !replacing)
        mp.target = creator_.create_at(mp.parent, mp.parent_path, mp.name, e, new_object_for(e));
    if (!mp.target) throw_errno("open mount point " + e.target);
    mp.st = stat_fd(mp.target.get(), e.target);
    if (!replacing) fix_mount_point_type(mp, e);
    if (wrong_type(mp.st, e))
        throw Error("mount " + e.target, "the mount point is a symlink or of the wrong type (not followed)");
    return mp;
}

void Updater::fix_mount_point_type(MountPoint& mp, const MountEntry& e) {
    if (!wrong_type(mp.st, e) || S_ISLNK(mp.st.st_mode) || mp.st.st_uid != 0 || is_mount_root(mp.target.get()) ||
        !creator_.may_change_in(mp.parent.get(), mp.parent_path))
        return;
    // A mount point cordon made for an entry of the other kind (never
    // a symlink, never something the app's user made), in a directory
    // where nobody else can rename it: the name is still that object.
    remove_if_exists(mp.parent.get(), mp.name, S_ISDIR(mp.st.st_mode) ? AT_REMOVEDIR : 0, e.target);
    mp.target = creator_.create_at(mp.parent, mp.parent_path, mp.name, e, new_object_for(e));
    mp.st = stat_fd(mp.target.get(), e.target);
}

// replace() found the old mount here; the walk just now went by path
// again. Once checked here it stays: a mount point cannot be renamed, so
// parent/name keeps leading to it (Mounter::replace).
void Updater::check_replaced_is_there(const MountPoint& mp, const MountEntry& e, const MountEntry& replacing) {
    if (replacing.mount_id() && mount_id_of(mp.target.get(), e.target) != *replacing.mount_id())
        throw Error("replace " + e.target, "the old mount was moved away meanwhile; try again");
    require_entry_mount(replacing, mp.target.get());
}

// A mount already at the target: a bind's own source (src; mounted by
// hand?) is adopted (true); anything else is refused, except in a mimic.
bool Updater::adopt_or_refuse(const MountPoint& mp, const MountEntry& e, const Source* src) {
    auto there = mount_at(mp.target.get());
    if (!there) return false;
    if (src) {
        struct stat sst = src->host ? src->host->st : stat_fd(src->ns.get(), e.bind()->source);
        if (sst.st_dev == mp.st.st_dev && sst.st_ino == mp.st.st_ino) {
            debug("%s is already mounted there (by hand?): adopting it", e.target.c_str());
            MountEntry adopted = e;
            adopted.log()->mount_id = mount_id_of(mp.target.get(), e.target);
            log_.add(std::move(adopted));
            return true;
        }
    }
    // In a mimic, the mounts at its names are the originals bound
    // back: the entry goes on top of one of them.
    if (!creator_.on_own_tmpfs(mp.parent.get(), mp.parent_path))
        throw Error("mount " + e.target, "something else is mounted there (" + describe_mount(*there) +
                                             "); leaving it alone");
    return false;
}

// Write-ahead: the log says this mount may be there before it can be,
// and what it goes on top of (a replacement goes beneath the old mount,
// onto the one below it, which parent is on), so a run killed from here
// on leaves a log the next run can resolve (resolve_pending). With the
// new mount API the new mount exists, detached, before it is attached:
// its id is known and written ahead too (attach_*), so it is found by id,
// wherever the user moved the directory under it meanwhile. Returns the
// id of the mount it goes on; a replaced entry is marked pending-unmount.
std::uint32_t Updater::write_ahead_over(const MountPoint& mp, const MountEntry& e, const MountEntry* replacing) {
    std::uint32_t over = mount_id_of(mp.target.get(), e.target);
    if (!replacing) return over;
    const std::optional<std::uint32_t> old_id = replacing->mount_id();
    const MountPlace* old = old_id ? ns_.find_mount(*old_id, false) : nullptr;
    over = old ? old->parent_id : mount_id_of(mp.parent.get(), mp.parent_path);
    log_.entries()[log_.index_of(*replacing)].log()->pending = Pending::kUnmount;
    return over;
}

std::size_t Updater::attach_tmpfs(const MountPoint& mp, const MountEntry& e, const Tmpfs& t, std::uint32_t over,
                                  const MountEntry* replacing) {
    if (replacing) {
        // No tmpfs goes beneath another: the old one goes first
        // (written ahead), then the new one is mounted.
        log_.record();
        unmount_fd(mp.target.get(), e.target);
        log_.forget(marked_unmount(*replacing));
    }
    std::optional<std::size_t> index;
    mounter_.tmpfs(mp.parent.get(), mp.name, split_options(t.fs_options), t.flags, t.source_word + " -> " + e.target,
                   [&](int detached) {
                       std::optional<std::uint32_t> id;
                       if (detached >= 0) {
                           id = mount_id_of(detached, e.target);
                           creator_.add_own_tmpfs(stat_fd(detached, e.target).st_dev);
                       }
                       index = log_.begin_mount(e, over, id);
                   });
    if (!index) throw Error("mount " + e.target, "the tmpfs was mounted unlogged (internal error)");
    UniqueFd top(openat(mp.parent.get(), mp.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (top) creator_.add_own_tmpfs(stat_fd(top.get(), e.target).st_dev);
    return *index;
}

std::size_t Updater::attach_bind(const MountPoint& mp, const MountEntry& e, const Bind& b, Source& src,
                                 std::uint32_t over, const MountEntry* replacing) {
    std::string what = b.source + " -> " + e.target;
    UniqueFd tree = src.host ? std::move(src.host->tree) : mounter_.clone(src.ns.get(), b.recursive(), b.source);
    int legacy_source = src.host ? -1 : src.ns.get();
    std::size_t index =
        log_.begin_mount(e, over, tree ? std::optional(mount_id_of(tree.get(), e.target)) : std::nullopt);
    if (!replacing) {
        mounter_.bind(std::move(tree), legacy_source, mp.parent.get(), mp.name, b.recursive(), b.flags, what);
        return index;
    }
    mounter_.replace(std::move(tree), legacy_source, mp.parent.get(), mp.name, b.recursive(), b.flags, what);
    log_.forget(marked_unmount(*replacing));
    return index - 1;  // the replaced entry came before the new one
}

}  // namespace cordon
