// Capabilities of the launcher itself: the exact set it needs, asserted at
// start; everything else dropped from its permitted set at once; each one
// raised into the effective set only around the code that uses it.
#pragma once

#include "core/capability_names.h"

namespace cordon {

// Asserts the permitted set holds what the launcher needs (SYS_ADMIN,
// SYS_CHROOT, SYS_PTRACE, SETUID, SETGID, SETPCAP; it does when the binary
// is setuid root; why each: capabilities.cc), then keeps as permitted
// exactly those plus SYS_RESOURCE and `also_keep` where it has them, none
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
