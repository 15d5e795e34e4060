// cordonctl: the administrator's tool (not setuid).
//   cordonctl ns list           persisted namespaces, one per line
//   cordonctl ns discard APP    forget APP's persisted namespace
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "base/debug.h"
#include "base/error.h"
#include "launch/ns_store.h"
#include "plan/names.h"
#include "sys/nsfs.h"
#include "sys/secure_fs.h"

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: cordonctl ns list\n"
                 "       cordonctl ns discard APP\n");
    std::exit(kExitUsage);
}

void require_root() {
    if (getuid() != 0 || geteuid() != 0) throw cordon::Error("manage namespaces", "cordonctl must run as root");
}

int ns_list() {
    using namespace cordon;
    NsStore store = NsStore::open();
    for (const std::string& app : store.list()) {
        UniqueFd ns = store.open_namespace(app);
        if (!ns) continue;
        struct stat st = stat_fd(ns.get(), app + ".mnt");
        auto id = store.read_identity(app);
        std::printf("%s %s base=%s revision=%s\n", app.c_str(), ns_label(st.st_ino).c_str(),
                    id ? id->base.c_str() : "?", id ? std::to_string(id->revision).c_str() : "?");
    }
    return 0;
}

int ns_discard(const std::string& app) {
    using namespace cordon;
    validate_name("app", app);
    NsStore store = NsStore::open();
    FileLock lock = store.lock_app(app);
    store.discard(app);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    debug_init_from_env();
    if (argc < 3 || std::strcmp(argv[1], "ns") != 0) usage();
    try {
        require_root();
        if (std::strcmp(argv[2], "list") == 0 && argc == 3) return ns_list();
        if (std::strcmp(argv[2], "discard") == 0 && argc == 4) return ns_discard(argv[3]);
        usage();
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", format_error("cordonctl", e).c_str());
        return kExitError;
    }
}
