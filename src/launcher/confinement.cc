#include "launcher/confinement.h"

#include <linux/capability.h>

#include "core/apparmor_profile.h"
#include "core/debug.h"
#include "core/error.h"
#include "launcher/landlock_domain.h"
#include "launcher/seccomp_filter.h"
#include "os/apparmor.h"
#include "os/capabilities.h"
#include "os/landlock.h"
#include "os/seccomp_load.h"

namespace cordon {

namespace {

void load_filter(const SeccompBlob& blob) {
    // Allow program first, deny program last: for two errno results the
    // filter attached last wins, so a denied syscall reads EPERM, not the
    // allow program's ENOSYS.
    load_seccomp_program(blob.allow, "allow");
    load_seccomp_program(blob.deny, "deny");
}

// With AppArmor enabled, a setuid cordon run by a user must itself be
// confined by its profile (else a copy or hardlink of it elsewhere, or a
// missing profile, would run unconfined as root).
void check_own_label(const Caller& caller) {
    AppArmorLabel self = current_apparmor_label();
    if (!launcher_is_confined(self.label, self.mode) && !caller.is_root())
        throw Error("run", launcher_not_confined_reason(self.label, self.mode, CORDON_APPARMOR_PROFILE_DIR));
    debug("own AppArmor label: %s (%s)", self.label.c_str(), self.mode.c_str());
}

// seccomp(2) and landlock_restrict_self(2) both need no_new_privs or
// CAP_SYS_ADMIN; with an AppArmor transition pending it must be the
// capability.
bool needs_sys_admin_before_exec(const Confinement& c) {
    return !c.apparmor_profile.empty() && (c.seccomp || c.landlock.active());
}

}  // namespace

Confinement prepare_confinement(const App& app, const Caller& caller) {
    Confinement c;
    c.root_capabilities = app.config.root_capabilities;
    if (app.config.seccomp == Confine::kDefault)
        c.seccomp = load_current_seccomp(app.name);
    else
        debug("seccomp: unconfined (app config)");

    if (!apparmor_enabled()) {
        debug("AppArmor is not enabled on this machine: continuing without it");
    } else {
        check_own_label(caller);
        if (app.config.apparmor == Confine::kDefault)
            c.apparmor_profile = app_profile_name(app.name);
        else
            debug("AppArmor: unconfined (app config)");
    }

    // landlock = off asks the kernel nothing.
    bool landlock = app.config.landlock;
    c.landlock = plan_landlock(landlock ? landlock_abi() : 0, landlock, app.config.landlock_scope);
    for (const std::string& note : c.landlock.notes) debug("%s", note.c_str());
    return c;
}

CapMask held_until_exec(const Confinement& c) {
    return needs_sys_admin_before_exec(c) ? cap_bit(CAP_SYS_ADMIN) : 0;
}

void confine_before_drop(const Confinement& c) {
    if (c.apparmor_profile.empty()) return;
    change_profile_on_exec(c.apparmor_profile);
    debug("AppArmor profile on exec: %s", c.apparmor_profile.c_str());
}

void confine_before_exec(const Confinement& c) {
    if (c.apparmor_profile.empty()) {
        set_no_new_privs();
    } else if (needs_sys_admin_before_exec(c)) {
        // For good, not scoped: lowering it again would be a capset under
        // the filter. The exec empties the permitted set anyway.
        set_capabilities(read_process_capabilities().permitted, cap_bit(CAP_SYS_ADMIN), 0);
    }
    if (c.landlock.active()) enter_landlock_domain(c.landlock);
    if (c.seccomp) load_filter(*c.seccomp);
}

}  // namespace cordon
