#include "launch/mount_profile_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.h"
#include "base/paths.h"
#include "base/unique_fd.h"
#include "sys/secure_fs.h"

namespace cordon {

namespace {
constexpr std::size_t kMaxProfileSize = 4 * 1024 * 1024;
std::string current_path(const std::string& app) { return std::string(paths::kNsDir) + "/" + app + ".fstab"; }
}  // namespace

std::string desired_profile_path(const std::string& app) { return std::string(paths::kAppsDir) + "/" + app + ".fstab"; }

std::optional<std::string> read_desired_profile_text(const std::string& app) {
    return read_trusted_file(desired_profile_path(app), kMaxProfileSize, true);
}

MountProfile read_desired_profile(const std::string& app) {
    auto text = read_desired_profile_text(app);
    if (!text) return {};
    return parse_mount_profile(*text, desired_profile_path(app), ProfileRole::kDesired);
}

MountProfile read_current_profile(int ns_dir, const std::string& app) {
    std::string name = app + ".fstab";
    UniqueFd fd(openat(ns_dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return {};
        throw_errno("open " + current_path(app));
    }
    struct stat st = stat_fd(fd.get(), current_path(app));
    if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
        throw Error("trust " + current_path(app), "not a root-owned regular file");
    return parse_mount_profile(read_file(fd.get(), kMaxProfileSize, current_path(app)), current_path(app),
                               ProfileRole::kCurrent);
}

void write_current_profile(int ns_dir, const std::string& app, const MountProfile& profile) {
    write_file_atomically(ns_dir, app + ".fstab", format_mount_profile(profile), 0644, Durability::kDurable,
                          current_path(app));
}

}  // namespace cordon
