#include "core/app_files.h"

#include "core/paths.h"

namespace cordon {

std::string AppFile::path() const { return std::string(dir) + "/" + name; }

namespace app_files {
namespace {

constexpr std::string_view kNsSuffix = ".mnt";

AppFile file(const char* dir, std::string_view app, std::string_view suffix) {
    return AppFile{dir, std::string(app) + std::string(suffix)};
}

}  // namespace

AppFile config(std::string_view app) { return file(paths::kAppsDir, app, ".conf"); }
AppFile seccomp_source(std::string_view app) { return file(paths::kAppsDir, app, ".seccomp"); }
AppFile desired_profile(std::string_view app) { return file(paths::kAppsDir, app, ".fstab"); }
AppFile seccomp_filter(std::string_view app) { return file(paths::kSeccompDir, app, ".bpf"); }
AppFile ns(std::string_view app) { return file(paths::kNsDir, app, kNsSuffix); }
AppFile ns_record(std::string_view app) { return file(paths::kNsDir, app, ".info"); }
AppFile current_profile(std::string_view app) { return file(paths::kNsDir, app, ".fstab"); }
AppFile lock(std::string_view app) { return file(paths::kLockDir, app, ".lock"); }
AppFile private_dir(std::string_view app) { return file(paths::kPrivateDir, app, ""); }
AppFile store_lock() { return AppFile{paths::kLockDir, ".lock"}; }

std::optional<std::string> app_of_ns_file(std::string_view name) {
    if (name.size() <= kNsSuffix.size() || !name.ends_with(kNsSuffix)) return std::nullopt;
    return std::string(name.substr(0, name.size() - kNsSuffix.size()));
}

}  // namespace app_files
}  // namespace cordon
