#include "os/passwd.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "core/error.h"

namespace cordon {

namespace {

// getpwnam_r or getpwuid_r with a buffer grown until the entry fits.
template <typename Lookup>
std::optional<ShellUser> lookup(const std::string& user, Lookup&& call) {
    std::vector<char> buf(4096);
    for (;;) {
        struct passwd pw, *found = nullptr;
        int err = call(&pw, buf.data(), buf.size(), &found);
        if (err == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        // ENOENT, ESRCH, EBADF, EPERM: "not found", as several NSS modules say it.
        if (err != 0 && err != ENOENT && err != ESRCH && err != EBADF && err != EPERM)
            throw SysError("look up the user " + user, err);
        if (!found) return std::nullopt;
        return ShellUser{found->pw_uid, found->pw_gid, found->pw_name, found->pw_dir,
                         found->pw_shell ? found->pw_shell : ""};
    }
}

}  // namespace

std::optional<ShellUser> find_user(const std::string& user) {
    auto by_name = lookup(user, [&](struct passwd* pw, char* buf, size_t size, struct passwd** found) {
        return getpwnam_r(user.c_str(), pw, buf, size, found);
    });
    if (by_name) return by_name;
    std::optional<uid_t> uid = numeric_uid(user);
    if (!uid) return std::nullopt;
    return lookup(user, [&](struct passwd* pw, char* buf, size_t size, struct passwd** found) {
        return getpwuid_r(*uid, pw, buf, size, found);
    });
}

}  // namespace cordon
