// Capabilities of the launcher itself: the exact set it needs, asserted at
// start; everything else dropped from its permitted set at once; each one
// raised into the effective set only around the code that uses it.
#pragma once

#include "core/capability_names.h"

namespace cordon {

// What cordon uses, and for what:
//   SYS_ADMIN   unshare, setns, mounts, pivot_root; seccomp without
//               no_new_privs (the AppArmor path)
//   SYS_CHROOT  setns into a mount namespace, pivot_root
//   SYS_PTRACE  reading other users' /proc/PID/ns/mnt (is a stale
//               namespace still in use?)
//   SETUID, SETGID  the drop to the caller's ids
//   SETPCAP     emptying (non-root) or cutting (root) the bounding set
CapMask launcher_capabilities();

// What cordon uses when the caller's bounding set allows it, and does
// without otherwise:
//   SYS_RESOURCE  raising a hard resource limit the caller lowered: for the
//                 privileged steps (process_hygiene: reset_resource_limits)
//                 and in a root helper's child (os/root_helper). Without
//                 it only soft limits are raised, and a launch whose hard
//                 limits are too low fails before it changes anything.
//                 Some containers have it in no bounding set.
CapMask launcher_optional_capabilities();

// Asserts the permitted set holds launcher_capabilities() (it does when the
// binary is setuid root), then keeps as permitted exactly those plus
// those of launcher_optional_capabilities() and `also_keep` it has, none
// effective or inheritable, and clears the ambient set.
// (A root caller's application may keep capabilities cordon itself does
// not use; they are cut to the app's set at the drop. no_new_privs means
// exec cannot give back what the permitted set lost.)
void limit_to_launcher_capabilities(CapMask also_keep);

// Adds caps to the effective set for its lifetime, then puts back the
// effective set it found (so scopes nest, and a process that had them all,
// like cordonctl run by root, keeps them).
class EffectiveCapabilities {
public:
    explicit EffectiveCapabilities(CapMask caps);
    ~EffectiveCapabilities();
    EffectiveCapabilities(const EffectiveCapabilities&) = delete;
    EffectiveCapabilities& operator=(const EffectiveCapabilities&) = delete;

private:
    CapMask previous_;
};

// Sets effective (and permitted to at most permitted) exactly.
void set_capabilities(CapMask permitted, CapMask effective, CapMask inheritable);

// Drops every capability not in keep from the bounding set.
void limit_bounding_set(CapMask keep);

// Reads the sets of the calling process.
struct CapabilitySets {
    CapMask permitted = 0, effective = 0, inheritable = 0, bounding = 0, ambient = 0;
};
CapabilitySets read_capabilities();

// Only permitted, effective and inheritable (one capget; the bounding and
// ambient sets take a prctl per capability, which scopes that merely raise
// and lower effective capabilities have no use for).
CapabilitySets read_process_capabilities();

}  // namespace cordon
