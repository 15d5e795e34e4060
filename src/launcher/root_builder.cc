#include "launcher/root_builder.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <vector>

#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/host_table.h"
#include "core/paths.h"
#include "os/mount_ops.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

// Private devpts (newinstance,ptmxmode=0666,mode=0620,gid=5): the app gets
// its own pty instance, not the host's. Fixed data, so the launcher needs no
// option-string parser (and does not load libmount) for it.
constexpr FsOption kDevptsOptions[] = {{"newinstance", ""}, {"ptmxmode", "0666"}, {"mode", "0620"}, {"gid", "5"}};

// proc = private: a procfs instance of its own over the host's /proc.
// hidepid=invisible lists only the processes the reader may ptrace-read;
// the launch's Landlock domain (launcher/confinement) refuses that for
// every process outside it, so an app sees its own processes only (other
// users' processes are hidden even without Landlock). Not subset=pid:
// /proc/meminfo, /proc/sys and the like stay, for ps, free and friends.
constexpr FsOption kPrivateProcOptions[] = {{"hidepid", "invisible"}};
constexpr std::uint64_t kPrivateProcAttrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;

// What covers a masked host path: nothing in it, and nothing can be put
// in it.
constexpr FsOption kMaskOptions[] = {{"mode", "0755"}, {"nr_inodes", "1"}};
constexpr std::uint64_t kMaskAttrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;

std::string str(std::string_view s) { return std::string(s); }

// Host directory of a table entry, created (root, 0755) when the entry asks
// for it. Entries are absolute one- or two-level paths without symlinks.
void create_host_dir(const HostMount& m) {
    UniqueFd root = open_trusted("/", O_PATH | O_DIRECTORY);
    std::string name = str(m.path.substr(1));
    if (name.find('/') != std::string::npos) throw Error("create " + str(m.path), "only top-level dirs are created");
    ensure_dir(root.get(), name.c_str(), DirSpec{0, 0, 0755}, str(m.path));
}

// Step 1: clones of the bidirectional entries, taken while this namespace's
// mounts are still peers of the host's.
std::map<std::string_view, UniqueFd> clone_bidirectional_sources() {
    std::map<std::string_view, UniqueFd> clones;
    for (const HostMount& m : host_table()) {
        if (m.propagation != Propagation::kShared) continue;
        if (m.presence == Presence::kCreateOnHost) create_host_dir(m);
        UniqueFd tree = clone_path(str(m.path), true, m.presence != Presence::kRequired);
        if (tree) clones.emplace(m.path, std::move(tree));
    }
    return clones;
}

// Step 2. Clones of a slave mount are slaves of the same master (and clones
// of a private one are private), so every rbind taken after this is rslave
// without a mount_setattr of its own.
void make_namespace_slave() {
    UniqueFd root(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) throw_errno("open /");
    set_propagation(root.get(), MS_SLAVE, Recursive::kYes, "/ (this namespace)");
}

// Step 3. Returns the scratch mount.
UniqueFd bind_scratch_unbindable(const App& app, int scratch) {
    const std::string path = app_files::private_dir(app.name).path() + "/rootfs";
    UniqueFd self = clone_mount(scratch, false, path);
    set_propagation(self.get(), MS_UNBINDABLE, Recursive::kNo, path);
    attach_mount(self.get(), scratch, path + " (onto itself)");
    return self;
}

// Step 4a. Returns the new root.
UniqueFd bind_base(const App& app, int scratch) {
    std::string path = base_path(app.config.base);
    // load_app verified the whole path is root's; reopened in this namespace
    // (mounts of another namespace cannot be cloned), it must be the very
    // same directory.
    UniqueFd base = open_nofollow(path, O_PATH | O_DIRECTORY);
    struct stat st = stat_fd(base.get(), path);
    if (st.st_dev != app.identity.base_dev || st.st_ino != app.identity.base_ino)
        throw Error("use base " + path, "it changed while cordon was starting");
    UniqueFd tree = clone_mount(base.get(), true, path);  // rslave: see step 2
    set_mount_attrs(tree.get(), MOUNT_ATTR_RDONLY, Recursive::kYes, path);
    attach_mount(tree.get(), scratch, path + " -> scratch root");
    return tree;
}

UniqueFd open_target(int root, std::string_view path, int flags, bool missing_ok) {
    return open_beneath(root, path, flags, "mount point " + str(path) + " in the new root", missing_ok);
}

// A mount point of the host table in the new root, found as
// app/app_loader open_table_mount_point says: the base's own symlinks
// resolved inside the new root, never through a mount bound over it so
// far (the host's /var/tmp and /home are the users', and a symlink of the
// base into them must not let a user choose where root mounts). A
// required one that is missing is the base's to provide: the error says
// what to create.
UniqueFd open_table_target(int root, const App& app, std::string_view path, bool optional) {
    UniqueFd target = open_table_mount_point(root, path, "mount point " + str(path) + " in base " + app.config.base);
    if (!target && !optional)
        throw Error("use base " + app.config.base, "it has no " + str(path) +
                                                       " to mount the host's on: create the directory " +
                                                       base_path(app.config.base) + str(path));
    return target;
}

// Step 4b: the host table, in order.
void bind_host_table(int root, const App& app, std::map<std::string_view, UniqueFd>& bidirectional) {
    for (const HostMount& m : host_table()) {
        bool optional = m.presence == Presence::kOptional;  // on the host
        UniqueFd tree;
        if (m.propagation == Propagation::kShared) {
            auto it = bidirectional.find(m.path);
            if (it != bidirectional.end()) tree = std::move(it->second);
        } else {
            tree = clone_path(str(m.path), true, optional);  // rslave: see step 2
        }
        if (!tree) {
            debug("skipped %.*s: not on the host", static_cast<int>(m.path.size()), m.path.data());
            continue;
        }
        UniqueFd target = open_table_target(root, app, m.path, !base_needs_mount_point(m));
        if (!target) {
            debug("skipped %.*s: no mount point in the base", static_cast<int>(m.path.size()), m.path.data());
            continue;
        }
        attach_mount(tree.get(), target.get(),
                     str(m.path) + (m.propagation == Propagation::kShared ? " (bidirectional)" : " (rslave)"));
    }
}

// The copy of /run brought /run/cordon/ns along: detach it, so the app's
// namespace holds no view of the persisted namespaces (and never pins one).
void hide_namespace_dir(int root) {
    UniqueFd ns = open_target(root, "/run/cordon/ns", O_PATH | O_DIRECTORY, true);
    if (!ns || !is_mount_root(ns.get())) return;
    UniqueFd parent = open_target(root, "/run/cordon", O_PATH | O_DIRECTORY, false);
    unmount_at(parent.get(), "ns", MNT_DETACH, "/run/cordon/ns in the new root");
}

// Host endpoints the table brought in that the app must not reach
// (core/host_table: masked_host_paths).
void mask_host_endpoints(int root) {
    for (std::string_view path : masked_host_paths()) {
        UniqueFd target = open_target(root, path, O_PATH | O_DIRECTORY, true);
        if (!target) {
            debug("%s: not on this host, nothing to mask", str(path).c_str());
            continue;
        }
        UniqueFd empty = new_filesystem("tmpfs", kMaskOptions, kMaskAttrs, "mask for " + str(path));
        attach_mount(empty.get(), target.get(), "empty tmpfs -> " + str(path) + " (masked)");
    }
}

// The app's private /tmp, mounted from the fd that was verified, never by
// a path a user could swap. Private: nothing mounted there goes anywhere.
void mount_private_tmp(int root, int app_tmp) {
    UniqueFd tree = clone_mount(app_tmp, false, "private /tmp");
    set_propagation(tree.get(), MS_PRIVATE, Recursive::kNo, "private /tmp");
    UniqueFd target = open_target(root, "/tmp", O_PATH | O_DIRECTORY, false);
    attach_mount(tree.get(), target.get(), "private tmp -> /tmp");
}

void mount_devpts(int root) {
    UniqueFd pts = new_filesystem("devpts", kDevptsOptions, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, "/dev/pts");
    UniqueFd pts_target = open_target(root, "/dev/pts", O_PATH | O_DIRECTORY, false);
    attach_mount(pts.get(), pts_target.get(), "devpts -> /dev/pts");

    UniqueFd ptmx = open_target(root, "/dev/pts/ptmx", O_PATH, false);
    UniqueFd ptmx_tree = clone_mount(ptmx.get(), false, "/dev/pts/ptmx");
    UniqueFd ptmx_target = open_target(root, "/dev/ptmx", O_PATH, false);
    attach_mount(ptmx_tree.get(), ptmx_target.get(), "/dev/pts/ptmx -> /dev/ptmx");
}

// Stacked on the host's /proc the table bound there, which nothing in the
// app can reach any more (it cannot unmount).
void mount_private_proc(int root, const App& app) {
    if (app.config.proc != ProcView::kPrivate) return;
    UniqueFd proc = new_filesystem("proc", kPrivateProcOptions, kPrivateProcAttrs, "private /proc");
    UniqueFd target = open_target(root, "/proc", O_PATH | O_DIRECTORY, false);
    attach_mount(proc.get(), target.get(), "procfs (hidepid=invisible) -> /proc");
}

void mount_payload(int root, const App& app) {
    if (!app.config.payload) return;
    const std::string& path = *app.config.payload;
    UniqueFd src = open_payload_dir(app.config);
    UniqueFd tree = clone_mount(src.get(), true, "payload " + path);  // rslave: see step 2
    set_mount_attrs(tree.get(), MOUNT_ATTR_RDONLY, Recursive::kYes, "payload");
    UniqueFd target = open_target(root, paths::kPayloadTarget, O_PATH | O_DIRECTORY, false);
    attach_mount(tree.get(), target.get(), "payload " + path + " -> /app (read-only)");
}

// The namespace's own copies, recursively: a setuid or file-capability
// binary anywhere inside cannot gain privileges. The host's mounts keep
// their flags (mount attributes are per mount).
void make_tree_nosuid(int root) { set_mount_attrs(root, MOUNT_ATTR_NOSUID, Recursive::kYes, "the new root (nosuid)"); }

// Step 5.
void pivot_into(int root) {
    UniqueFd old_root(open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!old_root) throw_errno("open /");
    // pivot_root(2) refuses when the current root is shared.
    set_propagation(old_root.get(), MS_PRIVATE, Recursive::kNo, "old root");
    if (fchdir(root) != 0) throw_errno("enter the new root");
    // pivot_root(".", "."): the old root ends up stacked on the new one.
    if (syscall(SYS_pivot_root, ".", ".") != 0) throw_errno("pivot_root into the new root");
    debug("pivoted into the new root");
    detach_tree(old_root.get(), "old root");
}

}  // namespace

void build_root(const App& app, const BuildDirs& dirs) {
    auto bidirectional = clone_bidirectional_sources();
    make_namespace_slave();
    UniqueFd scratch = bind_scratch_unbindable(app, dirs.scratch);
    UniqueFd root = bind_base(app, scratch.get());
    bind_host_table(root.get(), app, bidirectional);
    hide_namespace_dir(root.get());
    mask_host_endpoints(root.get());
    mount_private_tmp(root.get(), dirs.app_tmp);
    mount_devpts(root.get());
    mount_private_proc(root.get(), app);
    mount_payload(root.get(), app);
    make_tree_nosuid(root.get());
    pivot_into(root.get());
}

}  // namespace cordon
