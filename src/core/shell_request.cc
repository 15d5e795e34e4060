#include "core/shell_request.h"

#include <sys/wait.h>

#include <charconv>

namespace cordon {

std::optional<ShellRequest> parse_shell_request(const std::vector<std::string>& operands) {
    ShellRequest request;
    bool have_app = false, have_user = false;
    for (std::size_t i = 0; i < operands.size(); ++i) {
        const std::string& word = operands[i];
        if (word == "-u") {
            if (have_user || i + 1 == operands.size() || operands[i + 1].empty()) return std::nullopt;
            request.user = operands[++i];
            have_user = true;
        } else if (word.empty() || word[0] == '-' || have_app) {
            return std::nullopt;
        } else {
            request.app = word;
            have_app = true;
        }
    }
    if (!have_app) return std::nullopt;
    return request;
}

std::optional<uid_t> numeric_uid(const std::string& user) {
    if (user.empty() || user.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    uid_t uid = 0;
    auto [end, err] = std::from_chars(user.data(), user.data() + user.size(), uid);
    // (uid_t)-1 is no user: setuid(-1) would mean "leave it unchanged".
    if (err != std::errc() || end != user.data() + user.size() || uid == static_cast<uid_t>(-1)) return std::nullopt;
    return uid;
}

std::vector<std::string> shell_environment(const ShellUser& user, const std::optional<std::string>& term) {
    std::vector<std::string> env = {
        "HOME=" + user.home,
        "USER=" + user.name,
        "LOGNAME=" + user.name,
        "SHELL=" + (user.shell.empty() ? std::string("/bin/sh") : user.shell),
        std::string("PATH=") + kShellPath,
    };
    if (term) env.push_back("TERM=" + *term);
    return env;
}

std::vector<std::string> shell_launcher_argv(const std::string& app) { return {"cordon", app, "--", "/bin/sh", "-i"}; }

int shell_exit_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 1;
}

}  // namespace cordon
