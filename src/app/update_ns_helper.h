// Running cordon-update-ns: from the launcher while it builds a namespace,
// and from `cordonctl ns update`. It is started like every root helper,
// through os/root_helper (which says what it does and does not inherit,
// and why): from the host's mount namespace, with root's capabilities (it
// mounts). What is specific to it is here: its argv and the reading of
// what it printed.
//
// The helper holds the app's lock itself and dies with its parent (issue
// 8, class 3): it inherits the locked open file description (flock locks
// belong to it, so the lock stays held while the helper lives, even when
// its parent was killed), and it is killed (PR_SET_PDEATHSIG) when its
// parent dies. An exec that raises its capabilities clears that signal
// (os/root_helper.h), so it sets it again itself and checks that its
// parent, named by --parent-pid, is still the one that started it. So no
// helper outlives the launch or update that started it and goes on
// changing a namespace nobody owns any more.
#pragma once

#include <string>

#include "core/error.h"
#include "os/root_helper.h"
#include "os/unique_fd.h"

namespace cordon {

// $(libexecdir)/cordon/cordon-update-ns, verified.
UniqueFd open_update_ns_helper();

struct UpdateNsRequest {
    int helper = -1;  // open_update_ns_helper()
    std::string app;
    int host_ns = -1, app_ns = -1;  // namespace fds
    int lock_fd = -1;               // the app's lock, held (FileLock::fd)
    std::string ns_tag;             // app_ns's tag (app/ns_tag)
    bool quiet = false;             // no summary line on its stdout
};

// Runs the helper on the request's namespaces, passing it the namespace
// and lock fds, this process's pid and the tag. Waits for it.
RootHelperResult run_update_ns(const UpdateNsRequest& request);

// The helper could not apply an entry of the app's profile, and said so in
// the record core/entry_failure_record reads. Its Error, "cannot apply
// /etc/cordon/apps/APP.fstab:LINE (WHAT): REASON" (update-ns/
// profile_update.h), is the launcher's own: the user fixes that line,
// whichever program found it wrong.
class ProfileEntryFailed : public Error {
public:
    explicit ProfileEntryFailed(const Error& e) : Error(e) {}
};

// For the launcher: run_update_ns, the helper's debug lines forwarded to
// cordon's (core/debug), and unless it succeeded an Error carrying the
// helper's own error message: ProfileEntryFailed when the helper's record
// names an entry of the app's profile, else Error("apply the mount
// profile of APP", the helper's lines).
void apply_mount_profile_with_helper(const UpdateNsRequest& request);

}  // namespace cordon
