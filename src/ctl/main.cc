// cordonctl: the administrator's tool (not setuid).
//   cordonctl ns list                  persisted namespaces, one per line
//   cordonctl ns discard APP           forget APP's persisted namespace
//   cordonctl ns update APP            apply APP's mount profile to its live
//                                      namespace (cordon-update-ns)
//   cordonctl seccomp compile APP      (re)compile APP's seccomp filter
//   cordonctl apparmor generate APP [-o FILE|-]
//                                      write APP's AppArmor profile
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <cstring>
#include <string>

#include "app/app_loader.h"
#include "app/mount_profile_io.h"
#include "app/ns_store.h"
#include "app/seccomp_files.h"
#include "app/update_ns_helper.h"
#include "core/app_files.h"
#include "core/apparmor_profile.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/names.h"
#include "os/init_namespace.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"
#include "seccomp/compiler.h"

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage =
    "usage: cordonctl ns list\n"
    "       cordonctl ns discard APP\n"
    "       cordonctl ns update APP\n"
    "       cordonctl seccomp compile APP\n"
    "       cordonctl apparmor generate APP [-o FILE|-]\n"
    "       cordonctl help | --help | --version\n";

constexpr const char* kNsUsage =
    "usage: cordonctl ns list             the persisted namespaces, one a line\n"
    "       cordonctl ns discard APP      forget APP's namespace (processes in it keep it\n"
    "                                     until they exit; the next launch builds a new one)\n"
    "       cordonctl ns update APP       apply APP's mount profile (APP.fstab) to its live\n"
    "                                     namespace\n";

[[noreturn]] void usage_error(const std::string& problem) {
    std::fprintf(stderr, "cordonctl: %s\n", problem.c_str());
    std::fputs(kUsage, stderr);
    std::exit(kExitUsage);
}

[[noreturn]] void print_and_exit(const char* text) {
    std::fputs(text, stdout);
    std::exit(0);
}

// help, --help, --version and `ns --help`: answered before anything else,
// as any user.
void answer_help_or_version(int argc, char** argv) {
    if (argc < 2) usage_error("missing command");
    std::string first = argv[1];
    if (argc == 2 && (first == "help" || first == "--help")) print_and_exit(kUsage);
    if (argc == 2 && first == "--version") {
        std::printf("cordonctl %s\n", PACKAGE_VERSION);
        std::exit(0);
    }
    if (argc == 3 && first == "ns" && std::strcmp(argv[2], "--help") == 0) print_and_exit(kNsUsage);
}

// The number of words each command takes (apparmor generate: also with
// -o FILE), checked before the root check so that every caller gets the
// same usage error.
bool arguments_fit(const std::string& group, const std::string& verb, int argc, char** argv) {
    if (group == "ns" && verb == "list") return argc == 3;
    if (group == "apparmor" && verb == "generate") return argc == 4 || (argc == 6 && std::strcmp(argv[4], "-o") == 0);
    return argc == 4;
}

bool is_known_command(const std::string& group, const std::string& verb) {
    return (group == "ns" && (verb == "list" || verb == "discard" || verb == "update")) ||
           (group == "seccomp" && verb == "compile") || (group == "apparmor" && verb == "generate");
}

// The words of the command line that name the command ("ns update"), for
// an unknown one.
std::string command_words(int argc, char** argv) {
    std::string words = argv[1];
    if (argc > 2 && argv[2][0] != '-' && (words == "ns" || words == "seccomp" || words == "apparmor"))
        words += std::string(" ") + argv[2];
    return words;
}

// APP as ns update, seccomp compile and apparmor generate take it:
// configured; anything else is a typo that must not write anything. (ns
// discard also takes an app that is only persisted: see ns_discard.)
void require_configured(const std::string& app, const std::string& action) {
    if (!cordon::app_is_configured(app))
        throw cordon::Error(action, "no such app: there is no " + cordon::app_files::config(app).path());
}

void require_root(const std::string& command) {
    if (getuid() != 0 || geteuid() != 0) throw cordon::Error("run \"" + command + "\"", "cordonctl must run as root");
}

int ns_list() {
    using namespace cordon;
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    for (const std::string& app : store.list()) {
        UniqueFd ns = store.open_namespace(app);
        if (!ns) continue;
        struct stat st = stat_fd(ns.get(), app_files::ns(app).path());
        auto id = store.read_identity(app);
        std::printf("%s %s base=%s revision=%s\n", app.c_str(), ns_label(st.st_ino).c_str(),
                    id ? id->base.c_str() : "?", id ? std::to_string(id->revision).c_str() : "?");
    }
    return 0;
}

int ns_discard(const std::string& app) {
    using namespace cordon;
    validate_name("app", app);
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    // A namespace whose app was removed from /etc/cordon/apps is still
    // the admin's to discard. Checked before the lock, whose file a typo
    // must not leave behind.
    if (!store.open_namespace(app) && !app_is_configured(app))
        throw Error("discard the namespace of " + app,
                    "no such app: there is no " + app_files::config(app).path() + " and no persisted namespace");
    FileLock lock = store.lock_app(app);
    UniqueFd ns = store.open_namespace(app);
    if (!ns) {
        std::printf("%s: no persisted namespace\n", app.c_str());
        return 0;
    }
    struct stat st = stat_fd(ns.get(), app_files::ns(app).path());
    store.discard(app);
    // Detached, the namespace lives on in every process still inside it.
    if (mount_ns_in_use(st.st_dev, st.st_ino))
        std::printf("%s: discarded %s; processes still inside keep it until they exit, "
                    "and the next launch builds a new one\n",
                    app.c_str(), ns_label(st.st_ino).c_str());
    else
        std::printf("%s: discarded %s\n", app.c_str(), ns_label(st.st_ino).c_str());
    return 0;
}

// The tag of APP's persisted namespace (app/ns_tag), from APP.info; a
// record without one (an older cordon's) is usable only where the kernel
// has namespace ids.
std::string persisted_ns_tag(const cordon::NsStore& store, const std::string& app, int ns) {
    using namespace cordon;
    auto id = store.read_identity(app);
    if (id && !id->ns_tag.empty()) return id->ns_tag;
    if (auto nsid = mount_ns_id(ns)) return "id-" + std::to_string(*nsid);
    throw Error("update the namespace of " + app,
                "its record names no namespace (built by an older cordon): discard it (cordonctl ns discard " + app +
                    ") and launch the app again");
}

int ns_update(const std::string& app) {
    using namespace cordon;
    require_configured(app, "update the namespace of " + app);
    RootHelperResult result;
    {
        NsStore store = NsStore::open(NsStore::Setup::kNone);
        FileLock lock = store.lock_app(app);
        UniqueFd ns = store.open_namespace(app);
        if (!ns) {
            std::printf("%s: no namespace to update\n", app.c_str());
            return 0;
        }
        UniqueFd helper = open_update_ns_helper();
        UniqueFd host = open_own_mount_ns();
        result = run_update_ns(UpdateNsRequest{helper.get(), app, host.get(), ns.get(), lock.fd(),
                                               persisted_ns_tag(store, app, ns.get()), false});
    }
    // What the helper printed, once the lock is released.
    std::fputs(result.out.c_str(), stdout);
    std::fflush(stdout);
    std::fputs(result.err.c_str(), stderr);
    if (!result.succeeded())
        throw Error("apply the mount profile of " + app, "cordon-update-ns failed (" + result.how_it_ended() + ")");
    return 0;
}

int seccomp_compile(const std::string& app) {
    using namespace cordon;
    require_configured(app, "compile the seccomp filter of " + app);
    auto start = std::chrono::steady_clock::now();
    SeccompSource source = read_seccomp_source(app);
    CompiledSeccomp compiled = compile_seccomp(source);
    store_seccomp_blob(app, compiled.blob);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: compiled %s (%zu rules) into %s: %zu + %zu instructions in %.1f ms\n", app.c_str(),
                source.filename.c_str(), compiled.rules, app_files::seccomp_filter(app).path().c_str(), compiled.blob.allow.size(),
                compiled.blob.deny.size(), ms);
    return 0;
}

// What the app's profile gives rules for: the desired mount profile, and
// what the app's namespace has mounted now (the current profile, without
// its writable mimics), so that a profile generated before `ns update`
// applies a change covers both sides of it (regenerate afterwards to drop
// what the update removed).
cordon::MountProfile mount_targets(const std::string& app) {
    using namespace cordon;
    MountProfile targets = read_desired_profile(app);
    for (MountEntry& e : read_current_profile_entries(app).entries)
        if (!e.synthetic) targets.entries.push_back(std::move(e));
    return targets;
}

int apparmor_generate(const std::string& app, const std::string& output) {
    using namespace cordon;
    validate_name("app", app);
    require_configured(app, "generate the AppArmor profile of " + app);
    App loaded = load_app(app);
    std::string tmpl_path = std::string(CORDON_PKGDATADIR) + "/apparmor/cordon-app.template";
    UniqueFd tmpl = open_trusted(tmpl_path, O_RDONLY);
    std::string profile =
        render_app_profile(read_file(tmpl.get(), 1024 * 1024, tmpl_path), loaded.name, loaded.config.base,
                           loaded.config.payload, mount_target_rules(mount_targets(loaded.name)));
    if (output == "-") {
        std::fputs(profile.c_str(), stdout);
        return 0;
    }
    std::filesystem::path target = output.empty() ? std::filesystem::path("/etc/apparmor.d") / app_profile_name(app)
                                                  : std::filesystem::path(output);
    std::string dir_path = target.has_parent_path() ? target.parent_path().string() : std::string(".");
    std::string name = target.filename().string();
    UniqueFd dir(open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir) throw_errno("open " + dir_path);
    write_file_atomically(dir.get(), name, profile, 0644, Durability::kDurable, dir_path + "/" + name);
    std::printf("%s: wrote %s/%s\n", app.c_str(), dir_path.c_str(), name.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cordon;
    debug_init_from_env();
    answer_help_or_version(argc, argv);
    std::string group = argv[1], verb = argc > 2 ? argv[2] : "";
    if (!is_known_command(group, verb)) usage_error("unknown command \"" + command_words(argc, argv) + "\"");
    if (!arguments_fit(group, verb, argc, argv)) usage_error("wrong arguments for \"" + group + " " + verb + "\"");
    try {
        require_root(group + " " + verb);
        // The namespaces are persisted in pid 1's mount namespace: an admin
        // running cordonctl from a unit with its own (PrivateTmp=, ...) must
        // see and change those (os/init_namespace). Only the ns
        // commands: the others take paths the caller names (-o FILE).
        if (group == "ns") join_init_mount_namespace();
        if (group == "ns" && verb == "list") return ns_list();
        if (group == "ns" && verb == "discard") return ns_discard(argv[3]);
        if (group == "ns" && verb == "update") return ns_update(argv[3]);
        if (group == "seccomp" && verb == "compile") return seccomp_compile(argv[3]);
        return apparmor_generate(argv[3], argc == 6 ? argv[5] : "");
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", format_error("cordonctl", e).c_str());
        return kExitError;
    } catch (const std::exception& e) {
        // Not an Error: a bug or an exhausted resource (std::bad_alloc).
        std::fprintf(stderr, "%s\n", format_error("cordonctl", Error(std::string("run ") + argv[1] + " " + argv[2], e.what())).c_str());
        return kExitError;
    }
}
