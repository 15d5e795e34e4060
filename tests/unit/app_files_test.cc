// The per-app file names, and the shell library that mirrors them
// (scripts/lib/app-files.sh, used by spread, bench and demo): a name
// changed on one side only would make the tests look at files cordon no
// longer writes.
#include "core/app_files.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace cordon {
namespace {

TEST(AppFiles, NamesEachFileInItsFixedDirectory) {
    EXPECT_EQ(app_files::config("web").path(), "/etc/cordon/apps/web.conf");
    EXPECT_EQ(app_files::seccomp_source("web").path(), "/etc/cordon/apps/web.seccomp");
    EXPECT_EQ(app_files::desired_profile("web").path(), "/etc/cordon/apps/web.fstab");
    EXPECT_EQ(app_files::seccomp_filter("web").path(), "/var/lib/cordon/seccomp/web.bpf");
    EXPECT_EQ(app_files::ns("web").path(), "/run/cordon/ns/web.mnt");
    EXPECT_EQ(app_files::ns_record("web").path(), "/run/cordon/ns/web.info");
    EXPECT_EQ(app_files::current_profile("web").path(), "/run/cordon/ns/web.fstab");
    EXPECT_EQ(app_files::lock("web").path(), "/run/cordon/lock/web.lock");
    EXPECT_EQ(app_files::private_dir("web").path(), "/tmp/cordon-private/web");
    EXPECT_EQ(app_files::store_lock().path(), "/run/cordon/lock/.lock");
}

TEST(AppFiles, LeafNameIsWhatFdRelativeOpensUse) {
    AppFile ns = app_files::ns("web");
    EXPECT_STREQ(ns.dir, "/run/cordon/ns");
    EXPECT_EQ(ns.name, "web.mnt");
}

TEST(AppFiles, AppOfNsFileTakesOnlyMntFiles) {
    EXPECT_EQ(app_files::app_of_ns_file("web.mnt"), "web");
    EXPECT_EQ(app_files::app_of_ns_file("web.info"), std::nullopt);
    EXPECT_EQ(app_files::app_of_ns_file("web.fstab"), std::nullopt);
    EXPECT_EQ(app_files::app_of_ns_file(".mnt"), std::nullopt);
    EXPECT_EQ(app_files::app_of_ns_file("mnt"), std::nullopt);
}

// Runs `app_FN_path APP` from the shell library and returns its output.
std::string shell_path(const std::string& fn, const std::string& app) {
    const std::string cmd = "sh -euc '. \"$0\"; app_" + fn + "_path \"$1\"' " CORDON_SRCDIR
                            "/scripts/lib/app-files.sh " + app;
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    if (!p) return "(popen failed)";
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, p.get())) out += buf;
    return out;
}

TEST(AppFiles, ShellLibraryAgrees) {
    const std::string app = "web-2";
    const struct {
        const char* shell;
        AppFile file;
    } pairs[] = {
        {"conf", app_files::config(app)},           {"seccomp", app_files::seccomp_source(app)},
        {"fstab", app_files::desired_profile(app)}, {"bpf", app_files::seccomp_filter(app)},
        {"mnt", app_files::ns(app)},                {"info", app_files::ns_record(app)},
        {"current_fstab", app_files::current_profile(app)}, {"lock", app_files::lock(app)},
        {"private", app_files::private_dir(app)},
    };
    for (const auto& p : pairs) EXPECT_EQ(shell_path(p.shell, app), p.file.path() + "\n") << p.shell;
}

}  // namespace
}  // namespace cordon
