#include "app/mount_profile_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "app/ns_tag.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/paths.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

namespace cordon {

namespace {
constexpr std::size_t kMaxProfileSize = 4 * 1024 * 1024;
}  // namespace

MountProfile read_current_profile_entries(const std::string& app) {
    const std::string path = app_files::current_profile(app).path();
    auto text = read_trusted_file(path, kMaxProfileSize, true);
    if (!text) return {};
    return parse_mount_profile(*text, path, ProfileRole::kCurrent);
}

MountProfile read_desired_profile(const std::string& app) {
    const std::string path = app_files::desired_profile(app).path();
    auto text = read_trusted_file(path, kMaxProfileSize, true);  // nothing: the app has no APP.fstab
    if (!text) return {};
    return parse_mount_profile(*text, path, ProfileRole::kDesired);
}

namespace {

// The first line of a current profile: which namespace it is the log of
// (app/ns_tag). A comment, so the file stays an fstab.
const std::string kTagLine = "# cordon: namespace ";

std::string tag_in(const std::string& text) {
    if (text.compare(0, kTagLine.size(), kTagLine) != 0) return {};
    auto nl = text.find('\n');
    if (nl == std::string::npos) return {};
    return text.substr(kTagLine.size(), nl - kTagLine.size());
}

}  // namespace

MountProfile read_current_profile(int ns_dir, const std::string& app, int app_ns) {
    const AppFile file = app_files::current_profile(app);
    const std::string path = file.path();
    // Its only writer is cordon-update-ns under the app's lock, which the
    // caller holds: a temporary file of it is a killed writer's.
    remove_temp_files_of(ns_dir, file.name, paths::kNsDir);
    UniqueFd fd(openat(ns_dir, file.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return {};
        throw_errno("open " + path);
    }
    struct stat st = stat_fd(fd.get(), path);
    if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
        throw Error("trust " + path, "not a root-owned regular file");
    std::string text = read_file(fd.get(), kMaxProfileSize, path);
    // A log about another namespace (an orphaned helper's, one of a
    // namespace since rebuilt, or one without a tag) says nothing about
    // this one: as if there were none.
    std::string recorded = tag_in(text), wanted = namespace_tag_of(app_ns);
    if (recorded != wanted) {
        debug("ignoring %s: it is about namespace %s, not %s", path.c_str(),
              recorded.empty() ? "(none)" : recorded.c_str(), wanted.c_str());
        return {};
    }
    return parse_mount_profile(text, path, ProfileRole::kCurrent);
}

void write_current_profile(int ns_dir, const std::string& app, int app_ns, const MountProfile& profile) {
    const AppFile file = app_files::current_profile(app);
    write_file_atomically(ns_dir, file.name, kTagLine + namespace_tag_of(app_ns) + "\n" + format_mount_profile(profile),
                          0400, Durability::kVolatile, file.path());
}

}  // namespace cordon
