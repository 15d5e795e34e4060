// Which mount of a namespace each applied mount profile entry made, so
// `cordonctl ns show` can mark it. Pure.
#pragma once

#include <cstddef>
#include <map>

#include "core/mount_profile.h"
#include "core/mountinfo.h"

namespace cordon {

// Table index -> the line of the current profile (the log) whose entry made
// that mount. An entry with x-cordon.mount-id marks the mount of that id
// (ids are unique among live mounts, and update-ns records them because a
// path can be renamed from under a mount); one without (a log older than
// the option) marks the topmost mount at its target. Entries that make no
// mount (symlink, ensure-dir) mark nothing.
std::map<std::size_t, unsigned> profile_lines_by_mount(const MountTable& table, const MountProfile& profile);

// How many of the profile's entries are mounts (for the mount budget).
std::size_t profile_mount_count(const MountProfile& profile);

}  // namespace cordon
