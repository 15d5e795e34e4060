// The launcher's Landlock step: the app's process enters a domain of its
// own just before its seccomp filter is loaded (launcher/confinement).
// What it handles comes from core/landlock_policy.
#pragma once

#include "core/landlock_policy.h"

namespace cordon {

// After the privilege drop, inside the app's root, with no_new_privs set
// or CAP_SYS_ADMIN effective: a ruleset handling policy.handled_fs and
// policy.scoped, every handled right granted beneath the app's "/", the
// caller's fds 0-2 re-openable by path (below), then
// landlock_restrict_self. Throws on any failure of those calls.
void enter_landlock_domain(const LandlockPolicy& policy);

}  // namespace cordon
