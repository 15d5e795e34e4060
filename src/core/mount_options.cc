#include "core/mount_options.h"

#include <libmount.h>
#include <sys/mount.h>

#include <cstdlib>
#include <memory>

#include "core/error.h"

namespace cordon {

namespace {

struct FreeDeleter {
    void operator()(char* p) const { std::free(p); }
};
using CString = std::unique_ptr<char, FreeDeleter>;

const libmnt_optmap* linux_map() { return mnt_get_builtin_optmap(MNT_LINUX_MAP); }

[[noreturn]] void bad_options(std::string_view optstr, const std::string& reason) {
    throw Error("parse mount options \"" + std::string(optstr.substr(0, 200)) + "\"", reason);
}

}  // namespace

ParsedOptions parse_mount_options(std::string_view optstr_view) {
    std::string optstr(optstr_view);
    if (optstr.find('\0') != std::string::npos) bad_options(optstr_view, "contains a NUL byte");
    char* user = nullptr;
    char* vfs = nullptr;
    char* fs = nullptr;
    if (mnt_split_optstr(optstr.c_str(), &user, &vfs, &fs, 0, 0) != 0)
        bad_options(optstr_view, "libmount cannot split it");
    CString u(user), v(vfs), f(fs);
    if (user != nullptr && *user != '\0')
        bad_options(optstr_view, std::string("userspace options are not supported here: ") + user);

    ParsedOptions out;
    if (vfs != nullptr && mnt_optstr_get_flags(vfs, &out.flags, linux_map()) != 0)
        bad_options(optstr_view, "libmount cannot convert the flags");
    if (fs != nullptr) out.fs_options = fs;
    return out;
}

std::optional<std::vector<OptionItem>> split_option_items(std::string_view optstr) {
    std::string buf(optstr);
    std::vector<OptionItem> out;
    char* cursor = buf.data();
    for (;;) {
        char *name = nullptr, *value = nullptr;
        size_t namesz = 0, valuesz = 0;
        int rc = mnt_optstr_next_option(&cursor, &name, &namesz, &value, &valuesz);
        if (rc == 1) break;
        if (rc < 0) return std::nullopt;
        out.emplace_back(std::string(name, namesz),
                         value ? std::optional<std::string>(std::string(value, valuesz)) : std::nullopt);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> split_options(std::string_view optstr_view) {
    auto items = split_option_items(optstr_view);
    if (!items) bad_options(optstr_view, "malformed option list");
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [name, value] : *items) out.emplace_back(std::move(name), value.value_or(""));
    return out;
}

}  // namespace cordon
