// Creation policy: where cordon-update-ns may create a missing mount
// point, ensure-dir or symlink, and how. Only where that cannot reach the
// host: on a tmpfs the profile itself mounted (an entry or a writable
// mimic), or in the app's private /tmp; where the directory is read-only
// (the base), in a writable mimic built over it (update-ns/mimic.h).
// Everything is made with create_verified (os/secure_fs.h): owner and
// mode set on the fd of exactly what was made, never by name.
#pragma once

#include <sys/types.h>

#include <set>
#include <string>

#include "core/mount_profile.h"
#include "os/mounter.h"
#include "os/secure_fs.h"
#include "update-ns/ns_view.h"
#include "update-ns/profile_log.h"

namespace cordon {

// The object a profile entry makes at its target: a mount point (root's,
// the entry's x-cordon.mode/uid/gid), an ensure-dir, or a symlink.
NewObject new_object_for(const MountEntry& e);

// Mount points inside a bidirectional entry (/media, ...) would show up on
// the host: refused.
void refuse_shared_target(const MountEntry& e);

class MountPointCreator {
public:
    MountPointCreator(NsView& ns, Mounter& mounter, ProfileLog& log) : ns_(ns), mounter_(mounter), log_(log) {}

    // The tmpfs mounts of the log that are still there: cordon's own.
    void remember_own_tmpfs(const MountProfile& log);
    void add_own_tmpfs(dev_t dev) { own_tmpfs_.insert(dev); }
    bool on_own_tmpfs(int dir, const std::string& path) const;

    // Directories cordon may change (see .cc), and those whose entries it
    // may also change or remove by name.
    bool ours(int dir, const std::string& path) const;
    bool may_change_in(int dir, const std::string& path) const;

    // dir (absolute) walked from the namespace root, creating what is
    // missing for for_entry (root's directories, 0755).
    UniqueFd walk_to_dir(const std::string& dir, const MountEntry& for_entry);
    // Creates parent/name as obj; parent may be replaced by a mimic's top.
    UniqueFd create_at(UniqueFd& parent, const std::string& parent_path, const std::string& name,
                       const MountEntry& e, const NewObject& obj);

private:
    void check_may_create(int parent, const std::string& parent_path, const std::string& name) const;
    void cover_with_mimic(UniqueFd& parent, const std::string& parent_path, const MountEntry& e);

    NsView& ns_;
    Mounter& mounter_;
    ProfileLog& log_;
    std::set<dev_t> own_tmpfs_;  // filesystems this profile mounted
};

}  // namespace cordon
