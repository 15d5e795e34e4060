#include "os/apparmor.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdlib>

#include "core/error.h"
#include "os/secure_fs.h"

#ifdef HAVE_APPARMOR
#include <sys/apparmor.h>
#endif

namespace cordon {

#ifdef HAVE_APPARMOR

bool apparmor_enabled() {
    errno = 0;
    if (aa_is_enabled() == 1) return true;
    int err = errno;
    if (err == ENOSYS || err == ECANCELED || err == ENOENT) return false;
    throw SysError("check whether AppArmor is enabled", err);
}

AppArmorLabel current_apparmor_label() {
    char* con = nullptr;
    char* mode = nullptr;
    if (aa_getcon(&con, &mode) < 0) throw_errno("read own AppArmor label");
    AppArmorLabel l{con ? con : "", mode ? mode : ""};
    std::free(con);  // mode points into the same allocation
    return l;
}

void change_profile_on_exec(const std::string& profile) {
    if (aa_change_onexec(profile.c_str()) != 0) throw_errno("change AppArmor profile to " + profile);
}

#else  // built with --disable-apparmor

bool apparmor_enabled() { return false; }

AppArmorLabel current_apparmor_label() { return {"unconfined", ""}; }

void change_profile_on_exec(const std::string& profile) {
    throw Error("change AppArmor profile to " + profile, "cordon was built without AppArmor support");
}

#endif

std::optional<std::string> loaded_apparmor_profiles() {
    const std::string path = "/sys/kernel/security/apparmor/profiles";
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return std::nullopt;
    return read_file(fd.get(), 16 * 1024 * 1024, path);
}

}  // namespace cordon
