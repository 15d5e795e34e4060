// The confinement of the application, decided while cordon is privileged
// and applied at the very end of the launch: seccomp, no_new_privs,
// AppArmor, Landlock, and the capabilities a root caller keeps.
//
// no_new_privs: set before exec, unless an AppArmor exec transition is
// pending: no_new_privs would make the kernel refuse that transition
// (snap-confine's reason for the same choice). Without no_new_privs loading
// a filter needs CAP_SYS_ADMIN, so on that path the drop keeps it in the
// permitted set (held_until_exec) and the exec takes it away; so does
// landlock_restrict_self, which has the same rule (Landlock without
// no_new_privs needs CAP_SYS_ADMIN as well). On both paths the Landlock
// domain is entered right before the filter, and the filter is the last
// thing loaded, and execve the only call cordon
// makes under it: an app's policy need not allow anything of the launcher
// (the Debian 12 guest found a minimal policy failing the drop's capget
// when the filter came first).
#pragma once

#include <optional>
#include <string>

#include "app/app_loader.h"
#include "core/landlock_policy.h"
#include "core/seccomp_blob.h"
#include "os/credentials.h"

namespace cordon {

struct Confinement {
    std::optional<SeccompBlob> seccomp;  // nothing: `seccomp = unconfined`
    std::string apparmor_profile;        // empty: no exec transition
    CapMask root_capabilities = 0;       // for a root caller
    LandlockPolicy landlock;             // inactive: no domain
};

// Privileged: reads the seccomp filter (having cordon-seccomp-compile
// compile it when missing or stale: launcher/seccomp_filter), checks cordon's
// own AppArmor confinement and the app's profile, asks the kernel for its
// Landlock ABI (core/landlock_policy decides what to enforce). Call it with no lock
// held: a compile forks and execs a helper and waits for it.
Confinement prepare_confinement(const App& app, const Caller& caller);

// What the privilege drop must leave permitted until the exec:
// CAP_SYS_ADMIN when a filter is to be loaded, or a Landlock domain
// entered, without no_new_privs.
CapMask held_until_exec(const Confinement& c);

// Privileged, before the drop: the AppArmor exec transition (change_onexec
// writes the process's own attr file, which root does reliably).
void confine_before_drop(const Confinement& c);

// The last step before exec, after the drop: no_new_privs (or, on the
// AppArmor path, CAP_SYS_ADMIN raised from the held set), then the
// Landlock domain (launcher/landlock_domain), then the filter.
void confine_before_exec(const Confinement& c);

}  // namespace cordon
