// cordonctl apparmor generate APP [-o FILE|-]: the app's AppArmor profile.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "app/app_loader.h"
#include "app/mount_profile_io.h"
#include "core/apparmor_profile.h"
#include "core/error.h"
#include "core/names.h"
#include "ctl/command.h"
#include "os/secure_fs.h"

namespace cordon::ctl {
namespace {

// APP, or APP -o FILE (FILE "-": standard output).
bool takes_app_and_output(const Operands& operands) {
    return operands.size() == 1 || (operands.size() == 3 && operands[1] == "-o");
}

// What the app's profile gives rules for: the desired mount profile, and
// what the app's namespace has mounted now (the current profile, without
// its writable mimics), so that a profile generated before `ns update`
// applies a change covers both sides of it (regenerate afterwards to drop
// what the update removed).
MountProfile mount_targets(const std::string& app) {
    MountProfile targets = read_desired_profile(app);
    for (MountEntry& e : read_current_profile_entries(app).entries)
        if (!e.is_synthetic()) targets.entries.push_back(std::move(e));
    return targets;
}

int apparmor_generate(const Operands& operands) {
    const std::string& app = operands[0];
    const std::string output = operands.size() == 3 ? operands[2] : "";
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
    std::filesystem::path target = output.empty() ? std::filesystem::path(kAppArmorDir) / app_profile_name(app)
                                                  : std::filesystem::path(output);
    std::string dir_path = target.has_parent_path() ? target.parent_path().string() : std::string(".");
    std::string name = target.filename().string();
    UniqueFd dir(open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir) throw_errno("open " + dir_path);
    write_file_atomically(dir.get(), name, profile, 0644, Durability::kDurable, dir_path + "/" + name);
    std::printf("%s: wrote %s/%s\n", app.c_str(), dir_path.c_str(), name.c_str());
    return 0;
}

constexpr Command kCommands[] = {
    {"apparmor", "generate", "APP [-o FILE|-]", "", takes_app_and_output, apparmor_generate, Scope::kCaller},
};

}  // namespace

std::span<const Command> apparmor_commands() { return kCommands; }

}  // namespace cordon::ctl
