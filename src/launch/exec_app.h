// The last steps of a launch, run after privileges are dropped: the
// caller's working directory, and exec.
#pragma once

#include <string>
#include <vector>

namespace cordon {

// The caller's cwd as a path, read before anything else (getcwd).
std::string caller_cwd();

// Re-opens `path` inside the namespace, as the caller, without following
// symlinks, and enters it; falls back to "/" when it does not exist there
// or is not accessible.
void enter_cwd(const std::string& path);

// The command as execvpe takes it, built (and logged) before the seccomp
// filter is loaded, so that only execve runs under it.
struct Command {
    char** argv;                // NULL-terminated, argv[0] is CMD
    std::vector<char*> envp;    // into the environment it was made from
};

// env is the caller's environment (sys/process_hygiene); it must outlive
// the Command.
Command prepare_command(char** argv, const std::vector<std::string>& env);

// execvpe: PATH is searched inside the namespace. Returns only by throwing.
[[noreturn]] void exec_command(const Command& command);

}  // namespace cordon
