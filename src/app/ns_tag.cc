#include "app/ns_tag.h"

#include <sys/stat.h>

#include <optional>

#include "core/error.h"
#include "core/ns_identity.h"
#include "os/nsfs.h"
#include "os/random.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

struct Declared {
    dev_t dev;
    ino_t ino;
    std::string tag;
};
std::optional<Declared> g_declared;

std::optional<std::string> kernel_tag(int nsfd) {
    if (auto id = mount_ns_id(nsfd)) return "id-" + std::to_string(*id);
    return std::nullopt;
}

void check_namespace_tag(int nsfd, const std::string& tag) {
    if (!is_namespace_tag(tag)) throw Error("use namespace tag \"" + tag + "\"", "malformed");
    auto kernel = kernel_tag(nsfd);
    if (kernel && *kernel != tag)
        throw Error("use namespace tag " + tag, "the namespace given is " + *kernel);
}

}  // namespace

std::string new_namespace_tag(int nsfd) {
    if (auto tag = kernel_tag(nsfd)) return *tag;
    return "random-" + random_chars(32, kHexDigits);  // 128 bits
}

void declare_namespace_tag(int nsfd, const std::string& tag) {
    check_namespace_tag(nsfd, tag);
    struct stat st = stat_fd(nsfd, "the namespace fd");
    g_declared = Declared{st.st_dev, st.st_ino, tag};
}

std::string namespace_tag_of(int nsfd) {
    struct stat st = stat_fd(nsfd, "the namespace fd");
    if (!g_declared || g_declared->dev != st.st_dev || g_declared->ino != st.st_ino)
        throw Error("identify the namespace", "no tag was declared for it");
    return g_declared->tag;
}

}  // namespace cordon
