// cordon-update-ns's engine: brings a live app namespace from its current
// mount profile to the desired one (core/mount_plan), without touching the
// host.
//
// The process starts in the host's namespace: it reads both profiles,
// plans, and clones every host source there (open_tree): the app's
// namespace has no view of the host's root. Then it enters the app's
// namespace, once, never to come back (with a log left pending by a killed
// run, it takes the host sources of every entry, since the plan is only
// known once that log is resolved in the app's namespace:
// update-ns/host_sources.h), and performs the plan on file descriptors
// walked from the namespace root without following symlinks, and finally
// records the new current profile. What was applied before a failure is
// recorded too.
//
// Crash consistency: the current profile is a write-ahead log. Before each
// mount (entry, replacement, writable mimic) the log is written with the
// entry marked pending (and the id of the mount it goes on top of); before
// each unmount, with the entry marked pending-unmount. After the change
// the entry gets the id of its mount (statx STATX_MNT_ID) or leaves the
// log. A run killed at any point leaves a log whose marked entries the
// next run resolves against the live table before planning: what a
// pending mount made is undone when it can be shown to be its own (and
// redone by the plan), a pending unmount stays only while its mount does.
// Mounts are removed by their recorded id wherever they are now (the
// app's user may have renamed the directories above them), through an fd
// checked to be on that mount.
//
// Before mounting, the live table decides whether a mount is already there:
// the same source (device and inode of the mounted root) means done (a bind
// made by hand is adopted); something else there is reported and left alone.
// Mount points are created only where that cannot reach the host: on a
// tmpfs the profile itself mounted, in the app's private /tmp, or, where
// the directory is read-only (the base), in a writable mimic.
//
// A change that fails is reported as the failure of its entry, by its line
// in the desired profile (core/mount_plan's change_failure), and nothing
// after it is attempted.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "core/error.h"

namespace cordon {

// A change of the plan failed: the error names the entry (change_failure),
// and namespace_state() says what the namespace holds now, as a sentence
// fragment ("the namespace was not changed", ...). The state is separate:
// only cordonctl's user is left with that namespace (the launcher discards
// the one it was building, and says so itself).
class ProfileApplyError : public Error {
public:
    ProfileApplyError(const Error& failure, std::string namespace_state)
        : Error(failure.action(), failure.reason()), namespace_state_(std::move(namespace_state)) {}
    const std::string& namespace_state() const { return namespace_state_; }

private:
    std::string namespace_state_;
};

struct UpdateCounts {
    std::size_t kept = 0, unmounted = 0, replaced = 0, mounted = 0;
};

// Called in the host's namespace, which it leaves once, for app_ns (a
// namespace fd), and returns inside. ns_dir: /run/cordon/ns of the host
// (NsStore::ns_dir). The caller holds the app's lock. Throws
// ProfileApplyError when a change of the plan fails, Error for everything
// else (a profile that cannot be read or parsed, ...).
UpdateCounts update_mount_profile(const std::string& app, int ns_dir, int app_ns);

}  // namespace cordon
