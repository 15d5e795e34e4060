#include "app/app_loader.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "core/app_files.h"
#include "core/error.h"
#include "core/names.h"
#include "core/paths.h"
#include "os/secure_fs.h"

namespace cordon {

std::string base_path(const std::string& base) { return std::string(paths::kBasesDir) + "/" + base; }

namespace {

constexpr std::size_t kMaxConfigSize = 64 * 1024;

// Whether the path exists, reached through root-owned directories only.
bool exists_trusted(const std::string& path) {
    try {
        open_trusted(path, O_PATH);
        return true;
    } catch (const SysError& e) {
        if (e.code() == ENOENT) return false;
        throw;
    }
}

}  // namespace

std::string read_app_config_text(const std::string& name) {
    return *read_trusted_file(app_files::config(name).path(), kMaxConfigSize, false);
}

// A missing base is the admin's to make or to fix where APP.conf names it.
UniqueFd open_base_dir(const AppConfig& config) {
    try {
        return open_trusted(base_path(config.base), O_PATH | O_DIRECTORY);
    } catch (const SysError& e) {
        if (e.code() != ENOENT) throw;
        throw Error("open base " + config.base + " (" + config.base_where + ")",
                    "there is no " + base_path(config.base) + ": make the base there (docs/bases.md) or fix that line");
    }
}

// A user's directory at or above the payload would let that user choose
// what root runs there: it and every directory above it must be root's
// and not writable by group or others, walked without following symlinks.
UniqueFd open_payload_dir(const AppConfig& config) {
    const std::string& path = *config.payload;
    std::string action = "open payload " + path + " (" + config.payload_where + ")";
    try {
        return open_trusted(path, O_PATH | O_DIRECTORY);
    } catch (const SysError& e) {
        throw Error(action, e.action() + ": " + e.reason());
    } catch (const UntrustedPath& e) {
        throw UntrustedPath(action,
                            e.path() + " is " + e.reason() +
                                ": a payload and the directories above it must be root's and not writable by "
                                "group or others (chown root:, chmod go-w)",
                            e);
    } catch (const Error& e) {
        throw Error(action, e.reason());
    }
}

UniqueFd open_table_mount_point(int root, std::string_view path, const std::string& display) {
    try {
        return open_in_root(root, path, O_PATH | O_DIRECTORY, display, true);
    } catch (const SysError& e) {
        if (e.code() != EXDEV) throw;
        return open_beneath(root, path, O_PATH | O_DIRECTORY, display, true);
    }
}

App load_app(const std::string& name) {
    validate_name("app", name);
    App app;
    app.name = name;

    app.config = parse_app_config(read_app_config_text(name), app_files::config(name).path());

    UniqueFd base = open_base_dir(app.config);
    struct stat st = stat_fd(base.get(), base_path(app.config.base));
    app.has_mount_profile = exists_trusted(app_files::desired_profile(name).path());
    app.identity =
        NsIdentity{app.config.base, static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                   app.config.revision, app.config.proc == ProcView::kPrivate};
    return app;
}

bool app_is_configured(const std::string& name) {
    validate_name("app", name);
    try {
        return exists_trusted(app_files::config(name).path());
    } catch (const Error&) {
        return true;  // there, but unreadable or not root's: what reads it says why
    }
}

std::vector<std::string> configured_apps() {
    UniqueFd dir;
    try {
        dir = open_trusted(paths::kAppsDir, O_RDONLY | O_DIRECTORY);
    } catch (const SysError& e) {
        if (e.code() == ENOENT) return {};
        throw;
    }
    constexpr std::string_view kSuffix = ".conf";
    std::vector<std::string> apps;
    for (const std::string& entry : dir_entries(dir.get(), paths::kAppsDir)) {
        if (entry.size() <= kSuffix.size() || !entry.ends_with(kSuffix)) continue;
        std::string app = entry.substr(0, entry.size() - kSuffix.size());
        if (!name_problem(app)) apps.push_back(app);
    }
    std::sort(apps.begin(), apps.end());
    return apps;
}

}  // namespace cordon
