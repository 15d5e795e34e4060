#include "launcher/exec_app.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/debug.h"
#include "core/error.h"
#include "os/secure_fs.h"

namespace cordon {

std::string caller_cwd() {
    char buf[PATH_MAX];
    if (getcwd(buf, sizeof buf) == nullptr) return "/";  // deleted or unreachable
    return buf;
}

void enter_cwd(const std::string& path) {
    try {
        UniqueFd dir = open_nofollow(path, O_PATH | O_DIRECTORY);
        if (fchdir(dir.get()) == 0) {
            debug("working directory: %s", path.c_str());
            return;
        }
    } catch (const Error& e) {
        debug("cannot re-enter %s (%s)", path.c_str(), e.reason().c_str());
    }
    if (chdir("/") != 0) throw_errno("enter /");
    debug("working directory: /");
}

namespace {

constexpr int kNotFound = 127;       // as a shell: command not found
constexpr int kNotExecutable = 126;  // as a shell: found, cannot execute

// What execvp searches when PATH is not set (glibc: confstr(_CS_PATH)).
constexpr const char* kDefaultPath = "/bin:/usr/bin";

// The lookup uses access(2), never stat or open: AppArmor mediates those
// (getattr, read) under cordon's own profile, which does not, and must
// not, let the launcher read the app's files. access checks as the caller
// (real ids, privileges dropped by now), walking the path as the exec will.
bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }
// A trailing '/' resolves only to a directory (or a symlink to one).
bool is_directory(const std::string& path) { return exists(path + "/"); }
bool may_execute(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

struct PathSearch {
    std::string executable;      // the first executable non-directory
    std::string not_executable;  // else the first non-directory found
};

// PATH's directories in order, an empty one meaning the working directory
// (as for execvp; written "./CMD", so that the result has a '/').
PathSearch search_path(const std::string& name, std::string_view path) {
    PathSearch found;
    for (std::size_t start = 0;;) {
        std::size_t colon = path.find(':', start);
        std::string_view dir = path.substr(start, colon == std::string_view::npos ? colon : colon - start);
        std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + name;
        if (exists(candidate) && !is_directory(candidate)) {
            if (may_execute(candidate)) {
                found.executable = candidate;
                return found;
            }
            if (found.not_executable.empty()) found.not_executable = candidate;
        }
        if (colon == std::string_view::npos) return found;
        start = colon + 1;
    }
}

std::string find_command(const std::string& what, const std::string& name) {
    if (name.find('/') != std::string::npos) {
        if (!exists(name) && (errno == ENOENT || errno == ENOTDIR))
            throw CommandNotRunnable(what, "no such file in the app's root", kNotFound);
        return name;  // whether it can run, the exec says
    }
    const char* env_path = std::getenv("PATH");
    std::string searched = std::string("PATH=") + (env_path ? env_path : kDefaultPath) +
                           (env_path ? "" : " (PATH is not set: execvp's default)");
    PathSearch found = search_path(name, env_path ? env_path : kDefaultPath);
    if (!found.executable.empty()) return found.executable;
    if (!found.not_executable.empty())
        throw CommandNotRunnable(
            what, "found " + found.not_executable + " in " + searched + ", but it is not executable", kNotExecutable);
    throw CommandNotRunnable(what, "command not found in " + searched, kNotFound);
}

}  // namespace

Command prepare_command(const std::string& app, char** argv, const std::vector<std::string>& env) {
    std::string what = std::string("run ") + argv[0] + " in app " + app;
    Command command{what, find_command(what, argv[0]), argv, {}};
    command.envp.reserve(env.size() + 1);
    for (const std::string& e : env) command.envp.push_back(const_cast<char*>(e.c_str()));
    command.envp.push_back(nullptr);
    debug("executing %s", command.path.c_str());
    return command;
}

void exec_command(const Command& command) {
    execvpe(command.path.c_str(), command.argv, command.envp.data());
    int err = errno;
    if (err == ENOENT)
        throw CommandNotRunnable(command.what,
                                 "found " + command.path +
                                     ", but its interpreter or dynamic loader is missing in the app's root",
                                 kNotFound);
    throw CommandNotRunnable(
        command.what, "found " + command.path + ", but it cannot be executed: " + std::strerror(err), kNotExecutable);
}

}  // namespace cordon
