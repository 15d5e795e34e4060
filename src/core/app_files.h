// Every file cordon keeps for one app, named in one place.
//
// These names are an on-disk contract: the launcher, cordon-update-ns,
// cordonctl, the package's maintainer scripts and the test library
// (scripts/lib/app-files.sh, checked against this file by a unit test) all
// find an app's state by them. Each is a leaf name in one of the fixed
// directories of core/paths.h, because root opens them relative to a
// verified directory fd, never by a path a caller could redirect.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon {

// One per-app file: its directory (a fixed path) and its name in it.
struct AppFile {
    const char* dir;
    std::string name;

    // dir/name, for messages (and for the few opens that walk a whole
    // trusted path).
    std::string path() const;
};

namespace app_files {

AppFile config(std::string_view app);           // /etc/cordon/apps/APP.conf
AppFile seccomp_source(std::string_view app);   // /etc/cordon/apps/APP.seccomp
AppFile desired_profile(std::string_view app);  // /etc/cordon/apps/APP.fstab
AppFile seccomp_filter(std::string_view app);   // /var/lib/cordon/seccomp/APP.bpf
AppFile ns(std::string_view app);               // /run/cordon/ns/APP.mnt
AppFile ns_record(std::string_view app);        // /run/cordon/ns/APP.info
AppFile current_profile(std::string_view app);  // /run/cordon/ns/APP.fstab
AppFile lock(std::string_view app);             // /run/cordon/lock/APP.lock
AppFile private_dir(std::string_view app);      // /tmp/cordon-private/APP

// The lock every namespace build and discard takes: /run/cordon/lock/.lock
// (a name no app can have, see core/names).
AppFile store_lock();

// The app a file of the namespace directory persists (NAME.mnt -> NAME),
// or nothing for any other name.
std::optional<std::string> app_of_ns_file(std::string_view name);

}  // namespace app_files
}  // namespace cordon
