#include "update-ns/ns_view.h"

#include <fcntl.h>

#include "core/error.h"

namespace cordon {

void NsView::open_root(const std::string& app) {
    root_.reset(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_) throw_errno("open / of " + app);
}

UniqueFd NsView::try_open(const std::string& path, int flags) const {
    try {
        return open_beneath(root_.get(), path, flags, path, true);
    } catch (const Error&) {
        return UniqueFd();  // a symlink on the way now, or the like
    }
}

UniqueFd NsView::open(const std::string& path, int flags, const std::string& display) const {
    return open_beneath(root_.get(), path, flags, display);
}

UniqueFd NsView::walk_to_dir(const std::string& dir, const MakeMissingDir& make_missing) const {
    return walk_dirs(root_.get(), dir, make_missing);
}

UniqueFd NsView::open_mount(const std::string& path, std::uint32_t id) const {
    UniqueFd fd = try_open(path, O_PATH);
    if (fd && is_mount_root(fd.get()) && mount_id_of(fd.get(), path) == id) return fd;
    return UniqueFd();
}

// A snapshot of the table read once and kept (reading
// /proc/self/mountinfo for every entry made removing 200 entries 7 times
// slower), read again when the id is not in it or when fresh. A place
// found may be stale (the mount gone since, its id reused): every caller
// that acts on it checks the mount it opens by its id.
const MountPlace* NsView::find_mount(std::uint32_t id, bool fresh) {
    for (bool reread = fresh || !mounts_;; reread = true) {
        if (reread) mounts_ = mount_places_by_id();
        auto it = mounts_->find(id);
        if (it != mounts_->end()) return &it->second;
        if (reread) return nullptr;
    }
}

void NsView::forget_mount(std::uint32_t id) {
    if (mounts_) mounts_->erase(id);
}

}  // namespace cordon
