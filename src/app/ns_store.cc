#include "app/ns_store.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/names.h"
#include "core/paths.h"
#include "os/capabilities.h"
#include "os/mount_ops.h"
#include "os/mounter.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

constexpr unsigned kLockTimeoutSeconds = 30;
constexpr std::size_t kMaxInfoSize = 4096;

// Opens dirfd/name as a directory for reading (fsync and readdir need a
// real fd, not O_PATH).
UniqueFd reopen_dir(int dirfd, const std::string& display) {
    UniqueFd fd(openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) throw_errno("open " + display);
    return fd;
}

// Root-only: a user who could open APP.mnt (nsfs files are 0444 whatever
// the directory) could hold a discarded namespace and every mount in it
// alive for as long as they like; nothing but root needs ns/ or lock/.
constexpr DirSpec kPrivateState{0, 0, 0700};

// ns/ and lock/ were 0755 before: a root:root 0755 one (which only root can
// have made) is tightened through its fd, anything else is refused.
UniqueFd open_private_state_dir(int parent, const char* name, const std::string& display) {
    try {
        return ensure_dir(parent, name, kPrivateState, display);
    } catch (const Error&) {
        UniqueFd fd(openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd) throw;
        struct stat st = stat_fd(fd.get(), display);
        if (st.st_uid != 0 || st.st_gid != 0 || (st.st_mode & 07777) != 0755) throw;
        if (fchmod(fd.get(), kPrivateState.mode) != 0) throw_errno("restrict " + display + " to root");
        debug("restricted %s to root (mode 0700)", display.c_str());
        return ensure_dir(parent, name, kPrivateState, display);
    }
}

}  // namespace

NsStore NsStore::open(Setup setup) {
    UniqueFd run = open_trusted("/run", O_PATH | O_DIRECTORY);
    UniqueFd top = ensure_dir(run.get(), "cordon", DirSpec{0, 0, 0755}, paths::kRunDir);
    UniqueFd ns = open_private_state_dir(top.get(), "ns", paths::kNsDir);
    UniqueFd lock = open_private_state_dir(top.get(), "lock", paths::kLockDir);
    NsStore store;
    store.ns_dir_ = reopen_dir(ns.get(), paths::kNsDir);
    store.lock_dir_ = std::move(lock);
    if (setup == Setup::kMountPoint) store.make_mount_point();
    return store;
}

FileLock NsStore::lock_app(const std::string& app) const {
    const AppFile lock = app_files::lock(app);
    return FileLock::acquire(lock_dir_.get(), lock.name, kLockTimeoutSeconds, lock.path());
}

FileLock NsStore::lock_global() const {
    const AppFile lock = app_files::store_lock();
    return FileLock::acquire(lock_dir_.get(), lock.name, kLockTimeoutSeconds, lock.path());
}

void NsStore::sweep_temp_files(const std::string& app) const {
    for (const AppFile& file : {app_files::ns_record(app), app_files::current_profile(app)})
        remove_temp_files_of(ns_dir_.get(), file.name, paths::kNsDir);
}

void NsStore::make_mount_point() {
    // Once set up (the common case), it stays a mount point: check before
    // taking the global lock, and again under it (by path: another launch
    // may have mounted it meanwhile, and "." of the old fd would not see it).
    if (is_mount_root(ns_dir_.get())) return;
    EffectiveCapabilities raise(cap_bit(CAP_SYS_ADMIN));
    FileLock global = lock_global();
    UniqueFd current = open_nofollow(paths::kNsDir, O_RDONLY | O_DIRECTORY);
    if (!is_mount_root(current.get())) {
        // Mounter: cordonctl may run where the new mount API is refused.
        Mounter mounter;
        UniqueFd top = open_nofollow(paths::kRunDir, O_PATH | O_DIRECTORY);
        mounter.bind(mounter.clone(current.get(), false, paths::kNsDir), current.get(), top.get(), "ns", false, 0,
                     std::string(paths::kNsDir) + " (onto itself)");
        current = open_nofollow(paths::kNsDir, O_RDONLY | O_DIRECTORY);
        mounter.make_private(current.get(), paths::kNsDir);
    }
    // An fd opened before the bind names the directory *under* the mount:
    // a namespace file opened through it would be the bare mount point
    // file, and one mounted through it would land on the (shared) parent
    // and propagate. From here on, only the mount is used.
    ns_dir_ = std::move(current);
}

void NsStore::keep_private() {
    // Idempotent, and repairs a mount someone made shared since.
    set_propagation(ns_dir_.get(), MS_PRIVATE, Recursive::kNo, paths::kNsDir);
}

UniqueFd NsStore::open_namespace(const std::string& app) const {
    const AppFile ns = app_files::ns(app);
    UniqueFd fd(openat(ns_dir_.get(), ns.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return fd;
        throw_errno("open " + ns.path());
    }
    if (!is_nsfs(fd.get())) return UniqueFd();  // a leftover mount point file
    return fd;
}

std::optional<NsIdentity> NsStore::read_identity(const std::string& app) const {
    const AppFile record = app_files::ns_record(app);
    UniqueFd fd(openat(ns_dir_.get(), record.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT || errno == ELOOP) return std::nullopt;
        throw_errno("open " + record.path());
    }
    struct stat st = stat_fd(fd.get(), record.path());
    if (!S_ISREG(st.st_mode) || st.st_uid != 0) return std::nullopt;
    return identity_from_text(read_file(fd.get(), kMaxInfoSize, record.path()));
}

std::optional<std::string> NsStore::persisted_tag(const std::string& app, int ns) const {
    auto id = read_identity(app);
    if (id && !id->ns_tag.empty()) return id->ns_tag;
    if (auto nsid = mount_ns_id(ns)) return "id-" + std::to_string(*nsid);
    return std::nullopt;
}

void NsStore::write_identity(const std::string& app, const NsIdentity& id) const {
    // Volatile: the record lives exactly as long as the namespace beside it,
    // which does not survive a reboot; rename alone makes it atomic.
    const AppFile record = app_files::ns_record(app);
    write_file_atomically(ns_dir_.get(), record.name, identity_to_text(id), 0400, Durability::kVolatile,
                          record.path());
}

UniqueFd NsStore::create_mount_point(const std::string& app) const {
    const AppFile ns = app_files::ns(app);
    UniqueFd fd(openat(ns_dir_.get(), ns.name.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) throw_errno("create " + ns.path());
    struct stat st = stat_fd(fd.get(), ns.path());
    if (!S_ISREG(st.st_mode) || st.st_uid != 0 || is_nsfs(fd.get()))
        throw Error("use " + ns.path(), "not an empty root-owned file");
    return fd;
}

void NsStore::discard(const std::string& app) const {
    const AppFile ns = app_files::ns(app);
    // Detach every namespace stacked there; EINVAL means nothing is mounted.
    for (int i = 0; i < 16; ++i) {
        if (fchdir(ns_dir_.get()) != 0) throw_errno("enter " + std::string(paths::kNsDir));
        if (umount2(ns.name.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0) {
            if (errno == EINVAL || errno == ENOENT) break;
            throw_errno("unmount " + ns.path());
        }
        debug("detached %s", ns.path().c_str());
    }
    if (chdir("/") != 0) throw_errno("enter /");
    for (const AppFile& file : {ns, app_files::ns_record(app), app_files::current_profile(app)})
        remove_if_exists(ns_dir_.get(), file.name, 0, file.path());
    sweep_temp_files(app);
}

std::vector<std::string> NsStore::list() const {
    std::vector<std::string> apps;
    for (const std::string& n : dir_entries(ns_dir_.get(), paths::kNsDir)) {
        std::optional<std::string> app = app_files::app_of_ns_file(n);
        if (!app) continue;
        if (name_problem(*app)) continue;
        if (open_namespace(*app)) apps.push_back(*app);
    }
    std::sort(apps.begin(), apps.end());
    return apps;
}

}  // namespace cordon
