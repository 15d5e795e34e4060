#include "ctl/installed_launcher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "core/error.h"
#include "os/secure_fs.h"

namespace cordon::ctl {

const std::string& installed_launcher_path() {
    static const std::string path = std::string(CORDON_BINDIR) + "/cordon";
    return path;
}

std::optional<InstalledLauncher> open_installed_launcher() {
    const std::string& path = installed_launcher_path();
    // A symlink as the last component is opened itself (O_PATH|O_NOFOLLOW):
    // it is then reported, not followed.
    UniqueFd fd = open_nofollow(path, O_PATH, true);
    if (!fd) return std::nullopt;
    struct stat st = stat_fd(fd.get(), path);
    struct statvfs sv;
    if (fstatvfs(fd.get(), &sv) != 0) throw_errno("inspect the mount of " + path);
    InstalledLauncher launcher{std::move(fd), {}};
    launcher.facts.exe = path;
    launcher.facts.nosuid_mount = sv.f_flag & ST_NOSUID;
    launcher.facts.owner = st.st_uid;
    launcher.facts.mode = st.st_mode;
    return launcher;
}

UniqueFd open_verified_launcher() {
    const std::string& path = installed_launcher_path();
    std::optional<InstalledLauncher> launcher = open_installed_launcher();
    if (!launcher) throw Error("run " + path, "not installed: there is no " + path + " (reinstall cordon)");
    if (auto problem = installed_launcher_problem(launcher->facts)) throw Error("run " + path, *problem);
    return std::move(launcher->fd);
}

}  // namespace cordon::ctl
