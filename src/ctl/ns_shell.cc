// cordonctl ns shell APP [-u USER]: an interactive shell in APP's
// namespace, as USER (root by default), confined exactly as the app is:
// it is the installed launcher that runs it (`cordon APP -- /bin/sh -i`),
// started as USER the way a login would start it (os/spawn_as_user). From
// a terminal (any of fds 0-2) the shell gets a new pty, never the
// admin's terminal (os/pty_relay).
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/names.h"
#include "core/shell_request.h"
#include "ctl/command.h"
#include "ctl/installed_launcher.h"
#include "ctl/ns_inspect.h"
#include "os/passwd.h"
#include "os/process_hygiene.h"
#include "os/pty_relay.h"
#include "os/spawn_as_user.h"

namespace cordon::ctl {

bool fits_ns_shell(const Operands& operands) { return parse_shell_request(operands).has_value(); }

namespace {

ShellUser resolve_user(const ShellRequest& request) {
    std::optional<ShellUser> user = find_user(request.user);
    if (!user)
        throw Error("start a shell in the namespace of " + request.app + " as " + request.user,
                    "no such user (getent passwd " + request.user + " finds nothing)");
    return *user;
}

std::optional<std::string> admin_term() {
    const char* term = std::getenv("TERM");
    if (!term) return std::nullopt;
    return std::string(term);
}

// The launcher's command line, environment and user (its fd and the
// terminal are the caller's to add).
SpawnAsUser spawn_request(const ShellRequest& request, const ShellUser& user) {
    SpawnAsUser spawn;
    spawn.argv = shell_launcher_argv(request.app);
    spawn.envp = shell_environment(user, admin_term());
    spawn.user = user.name;
    spawn.uid = user.uid;
    spawn.gid = user.gid;
    return spawn;
}

}  // namespace

int ns_shell(const Operands& operands) {
    ShellRequest request = *parse_shell_request(operands);
    validate_name("app", request.app);
    // cordonctl's own errors, before anything is started.
    require_configured(request.app, "start a shell in the namespace of " + request.app);
    SpawnAsUser spawn = spawn_request(request, resolve_user(request));
    UniqueFd launcher = open_verified_launcher();
    spawn.program = launcher.get();
    ensure_standard_fds();
    const StdTerminals terminals = StdTerminals::of_this_process();
    std::optional<Pty> pty;
    if (terminals.any()) {
        pty = open_pty_like(terminals.model());
        spawn.terminal = pty->slave.get();
        spawn.terminals = terminals;
    }
    RelaySignals signals;
    pid_t pid = spawn_as_user(spawn);
    if (!pty) return shell_exit_status(relay_until_exit(pid, signals, std::nullopt));
    pty->slave.reset();  // the master reads end of file (EIO) once the shell's copies are gone
    int status;
    {
        std::optional<RawTerminal> raw;
        if (terminals.fd[0]) raw.emplace(0);
        status = relay_until_exit(pid, signals, PtyEnds{pty->master.get(), terminals});
    }
    return shell_exit_status(status);
}

}  // namespace cordon::ctl
