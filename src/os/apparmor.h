// AppArmor through libapparmor (named apparmor_calls so it never shadows
// <sys/apparmor.h>), where the kernel has it. Built with
// --disable-apparmor, or on a kernel without it, everything reports
// "not enabled" and cordon runs without (saying so under CORDON_DEBUG).
#pragma once

#include <optional>
#include <string>

namespace cordon {

// Whether AppArmor confines processes on this machine. "Not available"
// (ENOSYS: not in the kernel; ECANCELED: disabled at boot; ENOENT: no
// securityfs) is false. Any other failure throws: a failed check must not
// turn confinement off (snap-confine CVE-2021-44730: a low RLIMIT_NOFILE
// made aa_is_enabled fail and the launcher skip its checks).
bool apparmor_enabled();

struct AppArmorLabel {
    std::string label;  // "unconfined", "cordon", ...
    std::string mode;   // "enforce", "complain", ... (empty when unconfined)
};

// The calling process's own label (aa_getcon).
AppArmorLabel current_apparmor_label();

// The kernel's list of loaded profiles, "NAME (MODE)" a line (securityfs
// apparmor/profiles, readable by root), or nothing when it cannot be read.
std::optional<std::string> loaded_apparmor_profiles();

// aa_change_onexec(profile): the next exec runs under that profile.
void change_profile_on_exec(const std::string& profile);

}  // namespace cordon
