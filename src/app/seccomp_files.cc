#include "app/seccomp_files.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "core/app_files.h"
#include "core/error.h"
#include "core/paths.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"

namespace cordon {

SeccompPolicyFile read_seccomp_policy_file(const std::string& app) {
    SeccompPolicyFile file;
    file.path = app_files::seccomp_source(app).path();
    file.text = read_trusted_file(file.path, kMaxPolicySize, true, &file.mtime);
    if (!file.text) file.mtime = {};
    return file;
}

std::optional<StoredSeccompBlob> read_stored_seccomp_blob(const std::string& app) {
    std::string path = app_files::seccomp_filter(app).path();
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
