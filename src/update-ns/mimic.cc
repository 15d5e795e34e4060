#include "update-ns/mimic.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/debug.h"
#include "core/error.h"
#include "core/fs_trust.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

struct Original {
    std::string name;
    struct stat st;
    std::string link_target;  // symlinks
    UniqueFd fd;              // O_PATH fd of dirs and files (mount(2) source)
    UniqueFd tree;            // detached copy (new API)
};

std::vector<Original> take_originals(Mounter& mounter, int dir, const std::string& path) {
    std::vector<Original> out;
    for (const std::string& n : dir_entries(dir, path)) {
        Original o;
        o.name = n;
        if (fstatat(dir, n.c_str(), &o.st, AT_SYMLINK_NOFOLLOW) != 0) throw_errno("inspect " + path + "/" + n);
        if (S_ISLNK(o.st.st_mode)) {
            std::optional<std::string> target = read_link_at(dir, n);
            if (!target) throw_errno("read symlink " + path + "/" + n);
            o.link_target = std::move(*target);
        } else if (S_ISDIR(o.st.st_mode) || S_ISREG(o.st.st_mode)) {
            o.fd.reset(openat(dir, n.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
            if (!o.fd) throw_errno("open " + path + "/" + n);
            o.tree = mounter.clone(o.fd.get(), S_ISDIR(o.st.st_mode), path + "/" + n);
        } else {
            debug("mimic of %s leaves out %s (not a directory, file or symlink)", path.c_str(), n.c_str());
            continue;
        }
        out.push_back(std::move(o));
    }
    return out;
}

// Only root can rename entries of the mimic (its directory passed
// require_safe_parent), and every entry is still made with
// create_verified: owner and mode set on the fd of what was created.
void restore_original(Mounter& mounter, int dir, Original& o, const std::string& path) {
    std::string full = path + "/" + o.name;
    if (S_ISLNK(o.st.st_mode)) {
        create_verified(dir, o.name, NewObject{NewKind::kSymlink, 0, o.st.st_uid, o.st.st_gid, o.link_target}, path,
                        full);
        return;
    }
    // A root-only placeholder: the bind brings the original's own inode
    // (mode, owner) back on top of it.
    bool is_dir = S_ISDIR(o.st.st_mode);
    create_verified(dir, o.name, NewObject{is_dir ? NewKind::kDir : NewKind::kFile, is_dir ? 0700u : 0600u, 0, 0, {}},
                    path, full);
    mounter.bind(std::move(o.tree), o.fd.get(), dir, o.name, is_dir, 0, full + " (mimic)");
}

}  // namespace

MountEntry build_writable_mimic(Mounter& mounter, int parent, const std::string& name, const std::string& path,
                                const std::string& needed_by,
                                const std::function<void(const MountEntry&, int detached_mount)>& before_mount) {
    if (path == "/") throw Error("create " + needed_by, "the base's root directory is read-only (add it to the base)");
    UniqueFd dir(openat(parent, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) throw_errno("open " + path);
    struct stat st = stat_fd(dir.get(), path);
    // The mimic has the directory's owner and mode: were others able to
    // rename entries in it, the entries put back (and the mount point made
    // in it next) could be swapped while root makes them.
    require_safe_parent(dir.get(), path, needed_by);
    std::vector<Original> originals = take_originals(mounter, dir.get(), path);

    std::vector<std::pair<std::string, std::string>> opts = {
        {"mode", octal_mode(st.st_mode)}, {"uid", std::to_string(st.st_uid)}, {"gid", std::to_string(st.st_gid)}};
    Tmpfs tmpfs;
    tmpfs.fs_options = "mode=" + opts[0].second + ",uid=" + opts[1].second + ",gid=" + opts[2].second;
    MountEntry e{path, Mounted{std::move(tmpfs), {}}, needed_by};
    mounter.tmpfs(parent, name, opts, 0, path + " (writable mimic)",
                  [&](int detached_mount) { before_mount(e, detached_mount); });

    UniqueFd top(openat(parent, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!top) throw_errno("open the mimic at " + path);
    for (Original& o : originals) restore_original(mounter, top.get(), o, path);
    debug("built a writable mimic of %s (%zu entries) for %s", path.c_str(), originals.size(), needed_by.c_str());
    return e;
}

}  // namespace cordon
