#include "app/seccomp_files.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "core/error.h"
#include "core/paths.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

namespace cordon {

std::string seccomp_policy_path(const std::string& app) { return std::string(paths::kAppsDir) + "/" + app + ".seccomp"; }

std::string seccomp_blob_path(const std::string& app) { return std::string(paths::kSeccompDir) + "/" + app + ".bpf"; }

SeccompPolicyFile read_seccomp_policy_file(const std::string& app) {
    SeccompPolicyFile file;
    file.path = seccomp_policy_path(app);
    file.text = read_trusted_file(file.path, kMaxPolicySize, true, &file.mtime);
    if (!file.text) file.mtime = {};
    return file;
}

std::optional<StoredSeccompBlob> read_stored_seccomp_blob(const std::string& app) {
    std::string path = seccomp_blob_path(app);
    UniqueFd fd;
    try {
        fd = open_trusted(path, O_RDONLY);
    } catch (const SysError& e) {
        if (e.code() == ENOENT) return std::nullopt;
        throw;
    }
    struct stat st = stat_fd(fd.get(), path);
    if (!S_ISREG(st.st_mode)) throw Error("load seccomp filter " + path, "not a regular file");
    return StoredSeccompBlob{decode_seccomp_blob(read_file(fd.get(), kMaxBlobSize, path), path), st.st_mtim};
}

}  // namespace cordon
