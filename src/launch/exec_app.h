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

// execvpe(argv[0], argv, env): PATH is searched inside the namespace; env
// is the caller's environment (sys/process_hygiene). Returns only by
// throwing.
[[noreturn]] void exec_command(char** argv, const std::vector<std::string>& env);

}  // namespace cordon
