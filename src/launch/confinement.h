// The confinement of the application, decided while cordon is privileged
// and applied at the very end of the launch: seccomp, no_new_privs,
// AppArmor, and the capabilities a root caller keeps.
//
// no_new_privs: set before exec, unless an AppArmor exec transition is
// pending: no_new_privs would make the kernel refuse that transition
// (snap-confine's reason for the same choice). Without no_new_privs loading
// a filter needs CAP_SYS_ADMIN, so on that path the filter is loaded while
// cordon still holds it, just before the privilege drop (the policy must
// then allow the drop's own syscalls, as the default template does). On
// the usual path the filter is the last thing loaded before exec.
#pragma once

#include <optional>
#include <string>

#include "launch/app_loader.h"
#include "plan/seccomp_blob.h"
#include "sys/credentials.h"

namespace cordon {

struct Confinement {
    std::optional<SeccompBlob> seccomp;  // nothing: `seccomp = unconfined`
    std::string apparmor_profile;        // empty: no exec transition
    CapMask root_capabilities = 0;       // for a root caller
};

// Privileged: reads the seccomp filter (having cordon-seccomp-compile
// compile it when missing or stale: launch/seccomp_filter), checks cordon's
// own AppArmor confinement and the app's profile. Call it with no lock
// held: a compile forks and execs a helper and waits for it.
Confinement prepare_confinement(const App& app, const Caller& caller);

// Privileged, before the drop: the AppArmor path (change_onexec, filter).
void confine_before_drop(const Confinement& c);

// Unprivileged, the last step before exec: no_new_privs and the filter,
// unless confine_before_drop did it.
void confine_before_exec(const Confinement& c);

}  // namespace cordon
