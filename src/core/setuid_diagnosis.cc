#include "core/setuid_diagnosis.h"

#include <sys/stat.h>

#include "core/fs_trust.h"

namespace cordon {

std::string setuid_problem(const SetuidFacts& f) {
    // In the order the kernel applies them at exec: no_new_privs and nosuid
    // make it ignore a setuid bit that is there.
    if (f.no_new_privs)
        return "no_new_privs is set for this process, so the kernel ignores the setuid bit of " + f.exe +
               " (from systemd: NoNewPrivileges=yes, or an option that implies it for a unit with User=, such "
               "as RestrictSUIDSGID=, SystemCallFilter=, PrivateDevices= or ProtectKernelTunables=; "
               "remove it from the unit that starts cordon)";
    if (f.nosuid_mount)
        return f.exe + " is on a filesystem mounted nosuid, so the kernel ignores its setuid bit "
                       "(run the installed cordon from a mount without nosuid)";
    if (f.owner != 0 || !(f.mode & S_ISUID))
        return f.exe + " is not setuid root (owner uid " + std::to_string(f.owner) + ", mode " +
               octal_mode(f.mode) + "); as root: chown root:root " + f.exe + " && chmod 4755 " + f.exe +
               " (or reinstall cordon)";
    return f.exe + " is setuid root, yet the effective uid is " + std::to_string(f.euid) +
           " (is it traced, or run in a user namespace?)";
}

std::optional<std::string> installed_launcher_problem(const SetuidFacts& file) {
    if (!S_ISREG(file.mode))
        return file.exe + " is not a regular file (a symlink there is not followed: reinstall cordon)";
    if (!file.nosuid_mount && file.owner == 0 && (file.mode & S_ISUID)) return std::nullopt;
    // About the file: a no_new_privs of the process looking at it (doctor
    // under systemd) says nothing of how users run it.
    SetuidFacts about_file = file;
    about_file.no_new_privs = false;
    return setuid_problem(about_file);
}

}  // namespace cordon
