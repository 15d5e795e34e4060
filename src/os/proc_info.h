// What /proc says of a process, for cordonctl ns ps: its real uid and its
// command line, read without following anything the process controls.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace cordon {

struct ProcessFacts {
    pid_t pid = 0;
    std::optional<uid_t> uid;  // real uid (the caller a launch kept)
    std::string cmdline;       // /proc/PID/cmdline, NUL-separated
    std::string comm;          // /proc/PID/comm without its newline
};

// Nothing when the process is gone.
std::optional<ProcessFacts> read_process(pid_t pid);

// The user name of uid (the host's passwd), or its digits.
std::string user_name(uid_t uid);

}  // namespace cordon
