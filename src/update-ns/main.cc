// cordon-update-ns [--quiet] --host-ns-fd N --app-ns-fd M APP
//
// Applies APP's desired mount profile to its namespace (launch/
// profile_update). Run as root by cordon (while it builds a namespace) and
// by `cordonctl ns update`, both holding APP's lock; the namespaces are
// handed over as fds (a multithreaded process could not setns: this one
// starts no thread).
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <cstring>
#include <sched.h>
#include <string>

#include "base/debug.h"
#include "base/error.h"
#include "base/paths.h"
#include "launch/ns_store.h"
#include "launch/profile_update.h"
#include "plan/names.h"
#include "sys/nsfs.h"
#include "sys/process_hygiene.h"

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr unsigned long kNsGetNstype = 0xb703;  // NS_GET_NSTYPE

struct Args {
    int host_ns = -1;
    int app_ns = -1;
    bool quiet = false;  // run by the launcher: its stdout is the app's
    std::string app;
};

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: cordon-update-ns [--quiet] --host-ns-fd N --app-ns-fd M APP\n");
    std::exit(kExitUsage);
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
        else if (arg == "--quiet")
            a.quiet = true;
        else if (!arg.empty() && arg[0] != '-' && a.app.empty())
            a.app = arg;
        else
            usage();
    }
    if (a.host_ns < 0 || a.app_ns < 0 || a.app.empty()) usage();
    return a;
}

void check_mount_ns_fd(int fd, const char* what) {
    if (!cordon::is_nsfs(fd) || ioctl(fd, kNsGetNstype) != CLONE_NEWNS)
        throw cordon::Error(std::string("use the ") + what + " namespace fd", "not a mount namespace");
}

// The caller must hold APP's lock: taking it without waiting has to fail.
void check_lock_held(const std::string& app) {
    std::string path = std::string(cordon::paths::kLockDir) + "/" + app + ".lock";
    cordon::UniqueFd fd(open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) cordon::throw_errno("open " + path);
    if (flock(fd.get(), LOCK_EX | LOCK_NB) == 0)
        throw cordon::Error("update the namespace of " + app,
                            "the app's lock is not held (run it through cordonctl ns update)");
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    ensure_standard_fds();
    debug_init_from_env();
    Args args = parse(argc, argv);
    try {
        if (geteuid() != 0) throw Error("update mount namespaces", "cordon-update-ns must run as root");
        validate_name("app", args.app);
        check_mount_ns_fd(args.host_ns, "host");
        check_mount_ns_fd(args.app_ns, "app");
        enter_mount_ns(args.host_ns, "of the host");
        check_lock_held(args.app);
        NsStore store = NsStore::open(NsStore::Setup::kMountPoint);
        UpdateCounts n = update_mount_profile(args.app, store.ns_dir(), args.host_ns, args.app_ns);
        if (!args.quiet)
            std::printf("%s: %zu kept, %zu unmounted, %zu replaced, %zu mounted\n", args.app.c_str(), n.kept, n.unmounted,
                    n.replaced, n.mounted);
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", format_error("cordon-update-ns", e).c_str());
        return kExitError;
    } catch (const std::exception& e) {
        // Not an Error: a bug or an exhausted resource (std::bad_alloc).
        std::fprintf(stderr, "%s\n", format_error("cordon-update-ns", Error("update the namespace of " + args.app, e.what())).c_str());
        return kExitError;
    }
}
