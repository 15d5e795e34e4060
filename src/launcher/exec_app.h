// The last steps of a launch, run after privileges are dropped: the
// caller's working directory, and exec.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace cordon {

// The caller's cwd as a path, read before anything else (getcwd).
std::string caller_cwd();

// Re-opens `path` inside the namespace, as the caller, without following
// symlinks, and enters it; falls back to "/" when it does not exist there
// or is not accessible.
void enter_cwd(const std::string& path);

// The command, found before the seccomp filter is loaded, so that only
// execve runs under it.
struct Command {
    std::string what;           // "run CMD in app APP", for errors
    std::string path;           // CMD when it has a '/', else where PATH led
    char** argv;                // NULL-terminated, argv[0] is CMD
    std::vector<char*> envp;    // into the environment it was made from
};

// CMD cannot run, with the exit status a shell gives for it: 127 when it
// is not found, 126 when it is found but cannot be executed.
class CommandNotRunnable : public Error {
public:
    CommandNotRunnable(std::string action, std::string reason, int exit_status)
        : Error(std::move(action), std::move(reason)), exit_status_(exit_status) {}
    int exit_status() const { return exit_status_; }

private:
    int exit_status_;
};

// Finds CMD in the app's root, as the caller (privileges dropped, cwd
// entered): a CMD with a '/' must exist; otherwise the directories of
// PATH (the process's own, as execvp reads it; "/bin:/usr/bin", execvp's
// default, when unset) are searched in order, as a shell does: the first
// executable non-directory wins; a directory is skipped; a file found
// without one that is executable is "not executable" (126); nothing found
// is "command not found" (127). Throws CommandNotRunnable for either.
// env is the caller's environment (os/process_hygiene); it must outlive
// the Command.
Command prepare_command(const std::string& app, char** argv, const std::vector<std::string>& env);

// Executes the command found (execvpe on a path with a '/': no search, and
// a file without #! still runs through /bin/sh, as before). Returns only
// by throwing CommandNotRunnable: 127 when execve says ENOENT (a missing
// interpreter or dynamic loader), else 126, as bash does.
[[noreturn]] void exec_command(const Command& command);

}  // namespace cordon
