// Writable mimics: making a read-only directory (of the base) writable
// inside the app's namespace without changing it, so a mount point can be
// created in it. A tmpfs goes over the directory, with the directory's
// mode and owner, and every original entry comes back: directories and
// files bound from the original (taken as detached trees / fds *before*
// the tmpfs covers them), symlinks recreated with the same target and
// owner. Other kinds of entries (devices, fifos, sockets) are left out.
//
// Nothing is staged anywhere: the originals are held by file descriptors,
// never parked in a directory (snapd parked them under the app's /tmp,
// which the app's user and tmpfiles cleaners control: CVE-2026-3888).
#pragma once

#include <functional>
#include <string>

#include "core/mount_profile.h"
#include "os/mounter.h"

namespace cordon {

// Covers parent/name (the directory `path`) with its mimic and returns the
// synthetic entry that records it (tmpfs at path, needed by needed_by).
// Undone by detaching the tmpfs: the bound-back entries go with it.
// before_mount(entry, detached_mount) runs once the originals are held
// and just before the tmpfs goes on (detached_mount: as
// Mounter::BeforeAttach): the caller writes its log ahead there, so that
// a mimic cut short (killed with only some originals bound back) is known
// to be cordon's, and is detached whole by the next run.
MountEntry build_writable_mimic(Mounter& mounter, int parent, const std::string& name, const std::string& path,
                                const std::string& needed_by,
                                const std::function<void(const MountEntry&, int detached_mount)>& before_mount);

}  // namespace cordon
