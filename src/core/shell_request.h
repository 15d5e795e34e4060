// cordonctl ns shell APP [-u USER]: the pure part of the command. Its
// operands, what the shell is given (argv of the launcher, environment)
// and how its end becomes cordonctl's exit status (ctl/ns_shell.cc does
// the rest).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace cordon {

struct ShellRequest {
    std::string app;
    std::string user = "root";  // a name or a uid, as given after -u
};

// APP with an optional `-u USER` before or after it; nothing else (no
// other option, no second APP, no -u without USER or twice).
std::optional<ShellRequest> parse_shell_request(const std::vector<std::string>& operands);

// The uid a USER of digits names (getpwuid_r then finds its entry), or
// nothing for a name.
std::optional<uid_t> numeric_uid(const std::string& user);

// The user the shell runs as, from the passwd entry.
struct ShellUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;
    std::string home;
    std::string shell;  // pw_shell; may be empty
};

// The fixed PATH of the shell: what a login gives, not the admin's.
inline constexpr const char* kShellPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// A clean environment, as a login would set it: HOME, USER, LOGNAME,
// SHELL (/bin/sh when the entry names none), PATH (kShellPath), and TERM
// when the admin's is set (the terminal is the same kind: the relay
// passes bytes through). Nothing else of the admin's.
std::vector<std::string> shell_environment(const ShellUser& user, const std::optional<std::string>& term);

// The launcher's argv: the base's /bin/sh, interactive (-i also when its
// stdin is not a terminal, so a piped script sees a shell as a person
// would).
std::vector<std::string> shell_launcher_argv(const std::string& app);

// cordonctl's exit status for a wait status: the shell's exit status, or
// 128 + the signal that killed it, as a shell reports it.
int shell_exit_status(int wait_status);

}  // namespace cordon
