#include "os/capabilities.h"

#include <sys/capability.h>
#include <sys/prctl.h>

#include <cerrno>
#include <memory>
#include <type_traits>

#include "core/debug.h"
#include "core/error.h"

namespace cordon {

namespace {

// An owning libcap state (cap_get_proc, cap_init).
struct CapFree {
    void operator()(void* caps) const { cap_free(caps); }
};
using UniqueCaps = std::unique_ptr<std::remove_pointer_t<cap_t>, CapFree>;

unsigned cap_count() { return static_cast<unsigned>(cap_max_bits()); }

CapMask get_flag_mask(cap_t caps, cap_flag_t flag) {
    CapMask m = 0;
    for (unsigned c = 0; c < cap_count(); ++c) {
        cap_flag_value_t v = CAP_CLEAR;
        if (cap_get_flag(caps, static_cast<cap_value_t>(c), flag, &v) == 0 && v == CAP_SET) m |= cap_bit(c);
    }
    return m;
}

void set_flag_mask(cap_t caps, cap_flag_t flag, CapMask m) {
    for (unsigned c = 0; c < cap_count(); ++c) {
        cap_value_t v = static_cast<cap_value_t>(c);
        if (cap_set_flag(caps, flag, 1, &v, (m & cap_bit(c)) ? CAP_SET : CAP_CLEAR) != 0)
            throw_errno("prepare capability " + capability_name(c));
    }
}

// What cordon uses, and for what:
//   SYS_ADMIN   unshare, setns, mounts, pivot_root; seccomp without
//               no_new_privs (the AppArmor path)
//   SYS_CHROOT  setns into a mount namespace, pivot_root
//   SYS_PTRACE  reading other users' /proc/PID/ns/mnt (is a stale
//               namespace still in use?)
//   SETUID, SETGID  the drop to the caller's ids
//   SETPCAP     emptying (non-root) or cutting (root) the bounding set
CapMask launcher_capabilities() {
    return cap_bit(CAP_SYS_ADMIN) | cap_bit(CAP_SYS_CHROOT) | cap_bit(CAP_SYS_PTRACE) | cap_bit(CAP_SETUID) |
           cap_bit(CAP_SETGID) | cap_bit(CAP_SETPCAP);
}

// What cordon uses when the caller's bounding set allows it, and does
// without otherwise:
//   SYS_RESOURCE  raising a hard resource limit the caller lowered: for the
//                 privileged steps (process_hygiene: reset_resource_limits)
//                 and in a root helper's child (os/root_helper). Without
//                 it only soft limits are raised, and a launch whose hard
//                 limits are too low fails before it changes anything.
//                 Some containers have it in no bounding set.
CapMask launcher_optional_capabilities() { return cap_bit(CAP_SYS_RESOURCE); }

}  // namespace

CapabilitySets read_process_capabilities() {
    CapabilitySets s;
    UniqueCaps caps(cap_get_proc());
    if (!caps) throw_errno("read capabilities");
    s.permitted = get_flag_mask(caps.get(), CAP_PERMITTED);
    s.effective = get_flag_mask(caps.get(), CAP_EFFECTIVE);
    s.inheritable = get_flag_mask(caps.get(), CAP_INHERITABLE);
    return s;
}

CapabilitySets read_capabilities() {
    CapabilitySets s = read_process_capabilities();
    for (unsigned c = 0; c < cap_count(); ++c) {
        if (cap_get_bound(static_cast<cap_value_t>(c)) > 0) s.bounding |= cap_bit(c);
        if (cap_get_ambient(static_cast<cap_value_t>(c)) > 0) s.ambient |= cap_bit(c);
    }
    return s;
}

void set_capabilities(CapMask permitted, CapMask effective, CapMask inheritable) {
    UniqueCaps caps(cap_init());
    if (!caps) throw_errno("allocate capability state");
    set_flag_mask(caps.get(), CAP_PERMITTED, permitted);
    set_flag_mask(caps.get(), CAP_EFFECTIVE, effective);
    set_flag_mask(caps.get(), CAP_INHERITABLE, inheritable);
    if (cap_set_proc(caps.get()) != 0) throw_errno("set capabilities to " + capability_list(effective));
}

void limit_to_launcher_capabilities(CapMask also_keep) {
    CapMask need = launcher_capabilities();
    CapabilitySets now = read_process_capabilities();
    if ((now.permitted & need) != need)
        // Root (setuid) gets its permitted set from the bounding set:
        // someone limited that (systemd's CapabilityBoundingSet=).
        throw Error("start", "missing capabilities " + capability_list(need & ~now.permitted) +
                                 ": the caller's capability bounding set lacks them (from systemd: "
                                 "CapabilityBoundingSet= of the unit that starts cordon must keep " +
                                 capability_list(need) + ")");
    CapMask keep = need | ((also_keep | launcher_optional_capabilities()) & now.permitted);
    set_capabilities(keep, 0, 0);
    if (cap_reset_ambient() != 0 && errno != EINVAL) throw_errno("clear ambient capabilities");
    debug("capabilities limited to %s", capability_list(keep).c_str());
}

namespace {

void set_effective(CapMask effective) {
    UniqueCaps now(cap_get_proc());
    if (!now) throw_errno("read capabilities");
    set_flag_mask(now.get(), CAP_EFFECTIVE, effective);
    if (cap_set_proc(now.get()) != 0) throw_errno("set effective capabilities " + capability_list(effective));
}

}  // namespace

EffectiveCapabilities::EffectiveCapabilities(CapMask caps) : previous_(read_process_capabilities().effective) {
    set_effective(previous_ | caps);
}

EffectiveCapabilities::~EffectiveCapabilities() {
    // The permitted set may have shrunk meanwhile (the drop inside a
    // scope): never ask for more than it still holds.
    try {
        set_effective(previous_ & read_process_capabilities().permitted);
    } catch (const Error&) {
    }
}

void limit_bounding_set(CapMask keep) {
    for (unsigned c = 0; c < cap_count(); ++c) {
        if (keep & cap_bit(c)) continue;
        if (cap_drop_bound(static_cast<cap_value_t>(c)) != 0)
            throw_errno("drop " + capability_name(c) + " from the bounding set");
    }
}

}  // namespace cordon
