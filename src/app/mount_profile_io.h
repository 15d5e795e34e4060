// Reading and writing mount profiles: the desired one from
// /etc/cordon/apps/APP.fstab (through a root-owned path, like APP.conf),
// the current one (the log of what was applied) as /run/cordon/ns/APP.fstab.
#pragma once

#include <optional>
#include <string>

#include "core/mount_profile.h"

namespace cordon {

MountProfile read_desired_profile(const std::string& app);  // empty when none

// The entries of the current profile, whichever namespace it is the log
// of (no tag check, no cleanup: for reading only, without the app's lock);
// empty when there is none.
MountProfile read_current_profile_entries(const std::string& app);

// ns_dir: the fd of /run/cordon/ns (NsStore::ns_dir); app_ns: the
// namespace the profile is about, whose tag was declared
// (app/ns_tag). The file's first line names the namespace it is the
// log of; one about another namespace (or about none) reads as empty.
// Temporary files of it that a killed writer left are removed (the caller
// holds the app's lock, as every writer does).
MountProfile read_current_profile(int ns_dir, const std::string& app, int app_ns);

// Atomically: temp file, rename. No fsync: /run is a tmpfs, and the
// namespace the log describes does not outlive a reboot either; this is
// written before and after every mount change (the write-ahead log of
// update-ns/profile_update.cc), so it must be cheap. Tagged with app_ns's tag.
void write_current_profile(int ns_dir, const std::string& app, int app_ns, const MountProfile& profile);

}  // namespace cordon
