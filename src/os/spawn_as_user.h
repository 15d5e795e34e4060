// Starting a program as another user from root (cordonctl ns shell): a
// process that keeps nothing of root's but what it is given.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "os/pty_relay.h"

namespace cordon {

struct SpawnAsUser {
    int program = -1;  // an O_PATH|O_CLOEXEC fd of the program, run with execveat
    std::vector<std::string> argv;
    std::vector<std::string> envp;  // the whole environment
    std::string user;               // for initgroups
    uid_t uid = 0;
    gid_t gid = 0;
    // A pty slave: the child's controlling terminal, and each of its fds
    // 0-2 that `terminals` marks (the others are cordonctl's). -1: the
    // child keeps cordonctl's 0-2 (none of them a terminal), in a session
    // of its own.
    int terminal = -1;
    StdTerminals terminals;
};

// Forks a child that takes the terminal (or a new session), becomes the
// user (initgroups, setgid, setuid, in that order, each checked, then
// checked that root cannot be regained), gets default signal dispositions
// and an empty mask, umask 022, "/" as working directory, fds 0-2 only
// (every other one closed at the exec), and execs the program with
// exactly argv and envp. Returns its pid once the exec succeeded; throws
// Error with the child's reason when a step failed (the child reaped).
pid_t spawn_as_user(const SpawnAsUser& request);

}  // namespace cordon
