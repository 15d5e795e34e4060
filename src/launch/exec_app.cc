#include "launch/exec_app.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "base/debug.h"
#include "base/error.h"
#include "sys/secure_fs.h"

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

Command prepare_command(char** argv, const std::vector<std::string>& env) {
    Command command{argv, {}};
    command.envp.reserve(env.size() + 1);
    for (const std::string& e : env) command.envp.push_back(const_cast<char*>(e.c_str()));
    command.envp.push_back(nullptr);
    debug("executing %s", argv[0]);
    return command;
}

void exec_command(const Command& command) {
    execvpe(command.argv[0], command.argv, command.envp.data());
    throw_errno(std::string("execute ") + command.argv[0]);
}

}  // namespace cordon
