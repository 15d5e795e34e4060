// The host sources of bind entries, taken in the host's namespace before
// the process enters the app's (which has no view of the host's root, and
// where a host mount could not be cloned): for what goes, the device and
// inode of the source (what its mount's root must be); for what comes, a
// detached copy (open_tree) to move in.
//
// Taken for the plan when the log has nothing pending. With something
// pending the plan is only known once the log is resolved inside the
// app's namespace: then they are taken for every entry of both profiles,
// so the process never goes back to the host's namespace. Either way a
// failure is kept and thrown by claim(), for the change that needs it, in
// the plan's order: exactly what taking them for the plan would throw.
#pragma once

#include <sys/stat.h>

#include <exception>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/mount_plan.h"
#include "core/mount_profile.h"
#include "os/mounter.h"
#include "os/unique_fd.h"

namespace cordon {

using SourceId = std::pair<dev_t, ino_t>;

struct HostSource {
    UniqueFd tree;  // detached copy (new API); invalid on the mount(2) back end
    struct stat st;
};

class HostSources {
public:
    explicit HostSources(Mounter& mounter) : mounter_(mounter) {}

    // In the host's namespace. Old: entries that go (unmounted, replaced,
    // or pending); new: entries that come.
    void take(const std::vector<const MountEntry*>& old, const std::vector<const MountEntry*>& fresh);
    // Throws the first failure the plan's changes meet (change_failure),
    // old sources first, then new ones; then the new sources' ids count.
    void claim(const std::vector<ProfileChange>& plan, const std::string& desired_file);

    // The device and inode of e's host source, if it was found.
    std::optional<SourceId> id(const MountEntry& e) const;
    HostSource& source_for(const MountEntry& e) { return fresh_.at(key(e)).source; }

private:
    using Key = std::pair<std::string, std::string>;  // target, source
    struct Taken {
        HostSource source;
        std::exception_ptr failure;
    };
    static Key key(const MountEntry& e) { return {e.target, e.bind()->source}; }  // binds only
    void take_old(const MountEntry& e);
    void take_new(const MountEntry& e);

    Mounter& mounter_;
    std::map<Key, std::exception_ptr> old_failures_;
    std::map<Key, Taken> fresh_;
    std::map<Key, SourceId> ids_;
};

// The entries a change removes (unmount, replace) and brings (mount,
// replace), or nothing.
const MountEntry* old_entry_of(const ProfileChange& c);
const MountEntry* new_entry_of(const ProfileChange& c);

}  // namespace cordon
