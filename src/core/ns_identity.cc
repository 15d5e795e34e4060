#include "core/ns_identity.h"

#include <charconv>

#include "core/names.h"

namespace cordon {

namespace {

bool parse_u64(std::string_view v, std::uint64_t* out) {
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
    return !v.empty() && ec == std::errc() && ptr == v.data() + v.size();
}

// Takes "KEY=value\n" off the front of text.
bool take_field(std::string_view& text, std::string_view key, std::string_view* value) {
    if (text.substr(0, key.size()) != key || text.substr(key.size(), 1) != "=") return false;
    text.remove_prefix(key.size() + 1);
    auto nl = text.find('\n');
    if (nl == std::string_view::npos) return false;
    *value = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    return true;
}

}  // namespace

std::string identity_to_text(const NsIdentity& id) {
    return "base=" + id.base + "\nbase-dev=" + std::to_string(id.base_dev) +
           "\nbase-ino=" + std::to_string(id.base_ino) + "\nrevision=" + std::to_string(id.revision) +
           "\nlayout=" + std::to_string(id.layout) + "\n" + (id.private_proc ? "proc=private\n" : "") +
           (id.ns_tag.empty() ? "" : "namespace=" + id.ns_tag + "\n");
}

bool is_namespace_tag(std::string_view tag) {
    auto all_of = [](std::string_view s, auto pred) {
        for (char c : s)
            if (!pred(c)) return false;
        return true;
    };
    if (tag.substr(0, 3) == "id-") {
        std::string_view digits = tag.substr(3);
        return !digits.empty() && digits.size() <= 20 && all_of(digits, [](char c) { return c >= '0' && c <= '9'; });
    }
    if (tag.substr(0, 7) == "random-") {
        std::string_view hex = tag.substr(7);
        return hex.size() == 32 &&
               all_of(hex, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    }
    return false;
}

std::optional<NsIdentity> identity_from_text(std::string_view text) {
    NsIdentity id;
    std::string_view base, dev, ino, rev, layout;
    if (!take_field(text, "base", &base) || !take_field(text, "base-dev", &dev) ||
        !take_field(text, "base-ino", &ino) || !take_field(text, "revision", &rev) ||
        !take_field(text, "layout", &layout))
        return std::nullopt;
    std::string_view proc, tag;
    if (take_field(text, "proc", &proc)) {
        if (proc != "private") return std::nullopt;
        id.private_proc = true;
    }
    if (!text.empty() && (!take_field(text, "namespace", &tag) || !is_namespace_tag(tag) || !text.empty()))
        return std::nullopt;
    id.ns_tag = std::string(tag);
    if (name_problem(base)) return std::nullopt;
    id.base = std::string(base);
    if (!parse_u64(dev, &id.base_dev) || !parse_u64(ino, &id.base_ino) || !parse_u64(rev, &id.revision) ||
        !parse_u64(layout, &id.layout))
        return std::nullopt;
    return id;
}

std::string identity_difference(const NsIdentity& recorded, const NsIdentity& wanted) {
    if (recorded.layout != wanted.layout)
        return "built by another cordon (layout " + std::to_string(recorded.layout) + " != " +
               std::to_string(wanted.layout) + ")";
    if (recorded.base != wanted.base) return "base " + recorded.base + " != " + wanted.base;
    if (recorded.base_dev != wanted.base_dev || recorded.base_ino != wanted.base_ino)
        return "base directory changed (dev:ino " + std::to_string(recorded.base_dev) + ":" +
               std::to_string(recorded.base_ino) + " != " + std::to_string(wanted.base_dev) + ":" +
               std::to_string(wanted.base_ino) + ")";
    if (recorded.revision != wanted.revision)
        return "revision " + std::to_string(recorded.revision) + " != " + std::to_string(wanted.revision);
    if (recorded.private_proc != wanted.private_proc)
        return std::string("proc ") + (recorded.private_proc ? "private != host" : "host != private");
    return {};
}

std::string staleness(const std::optional<NsIdentity>& recorded, const NsIdentity& wanted) {
    return recorded ? identity_difference(*recorded, wanted) : "no identity record";
}

}  // namespace cordon
