// cordon-update-ns [--quiet] --host-ns-fd N --app-ns-fd M --lock-fd L
//                  --parent-pid P --ns-tag TAG APP
//
// Applies APP's desired mount profile to its namespace (launch/
// profile_update). Run as root by cordon (while it builds a namespace) and
// by `cordonctl ns update` (app/update_ns_helper, through
// os/root_helper: stdin /dev/null, stdout and stderr memfds, N, M and L
// at 3, 4 and 5, nothing else of the caller's); the namespaces are handed
// over as fds (a multithreaded process could not setns: this one starts no
// thread). It holds APP's lock itself, through the locked open
// file description L it inherits, and dies with its parent P: it never
// outlives the launch or update that started it (issue 8, class 3).
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <cstring>
#include <sched.h>
#include <string>

#include "app/ns_store.h"
#include "app/ns_tag.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/entry_failure_record.h"
#include "core/error.h"
#include "core/names.h"
#include "core/paths.h"
#include "core/program.h"
#include "os/nsfs.h"
#include "os/process_hygiene.h"
#include "os/secure_fs.h"
#include "update-ns/profile_update.h"

namespace {

constexpr const char* kProgram = "cordon-update-ns";
using cordon::kExitError;
using cordon::kExitUsage;
constexpr unsigned long kNsGetNstype = 0xb703;  // NS_GET_NSTYPE

struct Args {
    int host_ns = -1;
    int app_ns = -1;
    int lock = -1;
    long parent = -1;
    std::string ns_tag;
    // Run by the launcher for a namespace it is building, which reports
    // the outcome itself: no summary line, and a failed change does not
    // say what the namespace holds (the launcher drops the namespace it was
    // building; its log goes here: forget_log).
    bool quiet = false;
    std::string app;
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: cordon-update-ns [--quiet] --host-ns-fd N --app-ns-fd M --lock-fd L --parent-pid P "
                 "--ns-tag TAG APP\n");
    std::exit(kExitUsage);
}

long parse_pid(const char* s) {
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 2) usage();
    return v;
}

int parse_fd(const char* s) {
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 3 || v > 1 << 20) usage();
    return static_cast<int>(v);
}

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--host-ns-fd" && i + 1 < argc)
            a.host_ns = parse_fd(argv[++i]);
        else if (arg == "--app-ns-fd" && i + 1 < argc)
            a.app_ns = parse_fd(argv[++i]);
        else if (arg == "--lock-fd" && i + 1 < argc)
            a.lock = parse_fd(argv[++i]);
        else if (arg == "--parent-pid" && i + 1 < argc)
            a.parent = parse_pid(argv[++i]);
        else if (arg == "--ns-tag" && i + 1 < argc)
            a.ns_tag = argv[++i];
        else if (arg == "--quiet")
            a.quiet = true;
        else if (!arg.empty() && arg[0] != '-' && a.app.empty())
            a.app = arg;
        else
            usage();
    }
    if (a.host_ns < 0 || a.app_ns < 0 || a.lock < 0 || a.parent < 0 || a.ns_tag.empty() || a.app.empty()) usage();
    return a;
}

void check_mount_ns_fd(int fd, const char* what) {
    if (!cordon::is_nsfs(fd) || ioctl(fd, kNsGetNstype) != CLONE_NEWNS)
        throw cordon::Error(std::string("use the ") + what + " namespace fd", "not a mount namespace");
}

// Dies with the process that started it. Started with root's capabilities
// (os/root_helper, HelperCapabilities::kAll), whose exec cleared the death
// signal its parent set (see os/root_helper.h): so it is set again here,
// first thing, and the parent may have died before: then this process has
// been reparented.
void die_with_parent(long parent) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) cordon::throw_errno("set the parent death signal");
    if (getppid() != static_cast<pid_t>(parent)) {
        std::fprintf(stderr, "cordon-update-ns: the process that started it is gone\n");
        std::exit(kExitError);
    }
}

// fd must be a lock on APP's lock file that this process holds: the same
// inode as /run/cordon/lock/APP.lock (not followed if a symlink), locked
// through fd (flock on the open file description that holds the lock
// succeeds), while a fresh open of the file cannot take it. The lock then
// stays held as long as this process keeps fd, whatever its parent does.
void check_lock_held(int fd, const std::string& app) {
    using namespace cordon;
    const std::string path = app_files::lock(app).path();
    UniqueFd fresh(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fresh) throw_errno("open " + path);
    struct stat held = stat_fd(fd, "the lock fd"), named = stat_fd(fresh.get(), path);
    if (!S_ISREG(named.st_mode) || named.st_uid != 0 || held.st_dev != named.st_dev || held.st_ino != named.st_ino)
        throw Error("use the lock fd", "it is not " + path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) throw_errno("hold " + path);
    if (flock(fresh.get(), LOCK_EX | LOCK_NB) == 0)
        throw Error("update the namespace of " + app,
                    "the app's lock is not held (run it through cordonctl ns update)");
}

// The current profile (the log this process writes) of a namespace the
// launcher was building and drops since this update failed: removed by
// its writer, under the app's lock it holds, with the temporary files of
// its writes, from the ns/ directory fd (whatever namespace the process
// is in by then). A log left by a helper killed outright names a
// namespace that is gone (ignored by every reader) until the next build
// or discard removes it.
void forget_log(const cordon::NsStore& store, const std::string& app) {
    using namespace cordon;
    const AppFile log = app_files::current_profile(app);
    try {
        remove_if_exists(store.ns_dir(), log.name, 0, log.path());
        remove_temp_files_of(store.ns_dir(), log.name, log.dir);
    } catch (const Error& e) {
        debug("cannot remove the log of the dropped namespace: %s", e.what());  // the update's error says why
    }
}

// For the launcher, which shows the failure as its own and discards the
// namespace (so the state of it is not said): the record on stdout
// (core/entry_failure_record). The line on stderr is still printed, for
// CORDON_DEBUG and for a reader of a failed launch's log.
void report_entry_failure(const cordon::Error& e) {
    std::string record = cordon::entry_failure_record(e);
    std::fwrite(record.data(), 1, record.size(), stdout);
    std::fflush(stdout);
}

cordon::UpdateCounts update(const Args& args, const cordon::NsStore& store) {
    try {
        return cordon::update_mount_profile(args.app, store.ns_dir(), args.app_ns);
    } catch (const std::exception&) {
        if (args.quiet) forget_log(store, args.app);
        throw;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    ensure_standard_fds();
    debug_init_from_env();
    Args args = parse(argc, argv);
    try {
        die_with_parent(args.parent);
        if (geteuid() != 0) throw Error("update mount namespaces", "cordon-update-ns must run as root");
        validate_name("app", args.app);
        check_mount_ns_fd(args.host_ns, "host");
        check_mount_ns_fd(args.app_ns, "app");
        enter_mount_ns(args.host_ns, "of the host");
        check_lock_held(args.lock, args.app);
        declare_namespace_tag(args.app_ns, args.ns_tag);
        NsStore store = NsStore::open(NsStore::Setup::kMountPoint);
        UpdateCounts n = update(args, store);
        if (!args.quiet)
            std::printf("%s: %zu kept, %zu unmounted, %zu replaced, %zu mounted\n", args.app.c_str(), n.kept,
                        n.unmounted, n.replaced, n.mounted);
        return 0;
    } catch (const ProfileApplyError& e) {
        if (!args.quiet) return print_failure(kProgram, Error(e.action(), e.reason() + "; " + e.namespace_state()));
        report_entry_failure(e);
        return print_failure(kProgram, e);
    } catch (const std::exception& e) {
        return report_failure(kProgram, e, "update the namespace of", args.app);
    }
}
