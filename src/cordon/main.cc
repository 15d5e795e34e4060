// cordon APP -- CMD [ARG...]
//
// Runs CMD as the calling user inside APP's persistent mount namespace.
// main() is the list of the steps of one launch; each step lives in
// src/launch (what to do) over src/sys (kernel primitives) and src/plan
// (pure logic).
#include <cstdio>
#include <exception>
#include <cstring>
#include <string>
#include <vector>

#include "base/debug.h"
#include "base/error.h"
#include "launch/app_loader.h"
#include "launch/app_namespace.h"
#include "launch/confinement.h"
#include "launch/exec_app.h"
#include "launch/ns_store.h"
#include "sys/credentials.h"
#include "sys/process_hygiene.h"

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

struct CommandLine {
    std::string app;
    char** command;  // NULL-terminated, argv[0] is CMD
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr, "cordon: %s\nusage: cordon APP -- CMD [ARG...]\n", problem);
    std::exit(kExitUsage);
}

// No options at all: nothing on the command line may change paths or
// policy, and anything before "--" other than APP is a mistake.
CommandLine parse_command_line(int argc, char** argv) {
    if (argc < 2) usage("missing APP");
    if (argv[1][0] == '-') usage("options are not supported");
    if (argc < 3 || std::strcmp(argv[2], "--") != 0) usage("expected \"--\" after APP");
    if (argc < 4) usage("missing CMD");
    return CommandLine{argv[1], argv + 3};
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    ensure_standard_fds();
    debug_init_from_env();
    CommandLine cmd = parse_command_line(argc, argv);
    try {
        make_undumpable();
        Caller caller = capture_caller();
        SignalState signals = capture_signal_state();
        std::vector<std::string> environment = read_caller_environment();
        std::string cwd = caller_cwd();
        assume_root_identity(caller);

        App app = load_app(cmd.app);
        Confinement confinement = prepare_confinement(app, caller);
        NsStore store = NsStore::open(NsStore::Setup::kMountPoint);
        FileLock lock = store.lock_app(app.name);
        enter_app_namespace(store, app);
        lock.release();

        confine_before_drop(confinement);
        drop_privileges(caller, confinement.root_capabilities);
        enter_cwd(cwd);
        restore_signal_state(signals);
        confine_before_exec(confinement);
        exec_command(cmd.command, environment);
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", format_error("cordon", e).c_str());
        return kExitError;
    } catch (const std::exception& e) {
        // Not an Error: a bug or an exhausted resource (std::bad_alloc).
        std::fprintf(stderr, "%s\n", format_error("cordon", Error("launch " + cmd.app, e.what())).c_str());
        return kExitError;
    }
}
