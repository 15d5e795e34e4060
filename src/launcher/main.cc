// cordon APP -- CMD [ARG...]
//
// Runs CMD as the calling user inside APP's persistent mount namespace.
// main() is the list of the steps of one launch; each step is a file of
// src/launcher, built on src/app (the app's files and stored namespace),
// src/os (kernel primitives) and src/core (pure logic).
#include <cstdio>
#include <exception>
#include <optional>
#include <cstring>
#include <string>
#include <vector>

#include "app/app_loader.h"
#include "app/ns_store.h"
#include "core/caller_filter.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/program.h"
#include "launcher/app_namespace.h"
#include "launcher/confinement.h"
#include "launcher/exec_app.h"
#include "os/credentials.h"
#include "os/init_namespace.h"
#include "os/process_hygiene.h"
#include "os/seccomp_load.h"

namespace {

using cordon::kExitError;
using cordon::kExitUsage;

struct CommandLine {
    std::string app;
    char** command;  // NULL-terminated, argv[0] is CMD
};

constexpr const char* kUsage = "usage: cordon APP -- CMD [ARG...]\n";

[[noreturn]] void usage(const char* problem) {
    cordon::debug_release();  // not privileged yet: nothing to hold back
    std::fprintf(stderr, "cordon: %s\n%s", problem, kUsage);
    std::exit(kExitUsage);
}

// --help and --version, each only as the sole argument: they print and
// exit, and nothing else on a command line is an option. Nothing has been
// done as root yet.
void answer_help_or_version(int argc, char** argv) {
    if (argc != 2) return;
    if (std::strcmp(argv[1], "--help") == 0) {
        std::printf("%s"
                    "Runs CMD as the calling user inside APP's own persistent mount namespace,\n"
                    "configured by the administrator in /etc/cordon/apps/APP.conf.\n"
                    "cordon has no other options; root manages apps with cordonctl.\n",
                    kUsage);
        std::exit(0);
    }
    if (std::strcmp(argv[1], "--version") == 0) {
        std::printf("cordon %s\n", PACKAGE_VERSION);
        std::exit(0);
    }
}

// No options at all: nothing on the command line may change paths or
// policy, and anything before "--" other than APP is a mistake.
CommandLine parse_command_line(int argc, char** argv) {
    answer_help_or_version(argc, argv);
    if (argc < 2) usage("missing APP");
    if (argv[1][0] == '-') usage("options are not supported (--help and --version only alone)");
    if (argc < 3 || std::strcmp(argv[2], "--") != 0) usage("expected \"--\" after APP");
    if (argc < 4) usage("missing CMD");
    return CommandLine{argv[1], argv + 3};
}

// Reports a failure: every lock is released by now (they are locals of
// the launch), so the debug output held back and the error may go to the
// caller's stderr; the process first becomes the caller's again, so that
// the caller can kill it if that write blocks. An EPERM under a filter of
// the caller's names the systemd options that make one.
int fail(const std::optional<cordon::Caller>& caller, const cordon::Error& e, bool under_caller_filter,
         int exit_status = kExitError) {
    if (caller) cordon::give_up_root_to_exit(*caller);
    cordon::debug_release();
    const auto* sys = dynamic_cast<const cordon::SysError*>(&e);
    std::string hint = cordon::caller_filter_hint({sys ? sys->code() : 0, under_caller_filter});
    std::fprintf(stderr, "%s%s\n", cordon::format_error("cordon", e).c_str(), hint.c_str());
    return exit_status;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    ensure_standard_fds();
    // Nothing goes to the caller's fds while cordon is privileged: debug
    // lines are held back until the drop (core/debug).
    debug_init_from_env(DebugOutput::kHeld);
    CommandLine cmd = parse_command_line(argc, argv);
    bool under_caller_filter = runs_under_seccomp_filter();
    std::optional<Caller> caller;
    try {
        make_undumpable();
        caller = capture_caller();
        SignalState signals = capture_signal_state();
        block_all_signals();
        assume_root_identity(*caller);
        ResourceLimits limits = reset_resource_limits();
        std::vector<std::string> environment = read_caller_environment();
        std::string cwd = caller_cwd();
        join_init_mount_namespace();

        App app = load_app(cmd.app);
        Confinement confinement = prepare_confinement(app, *caller);
        NsStore store = NsStore::open(NsStore::Setup::kMountPoint);
        FileLock lock = store.lock_app(app.name);
        enter_app_namespace(store, app, lock);
        lock.release();
        restore_resource_limits(limits);

        confine_before_drop(confinement);
        drop_privileges(*caller, confinement.root_capabilities, held_until_exec(confinement));
        debug_release();
        enter_cwd(cwd);
        restore_signal_state(signals);
        Command command = prepare_command(app.name, cmd.command, environment);
        confine_before_exec(confinement);
        exec_command(command);
    } catch (const CommandNotRunnable& e) {
        return fail(caller, e, under_caller_filter, e.exit_status());  // 127 or 126, as a shell
    } catch (const std::exception& e) {
        return on_failure(e, "launch", cmd.app,
                          [&](const Error& error) { return fail(caller, error, under_caller_filter); });
    }
}
