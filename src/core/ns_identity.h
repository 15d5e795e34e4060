// What a persisted namespace was built from: the base's name, the device
// and inode of the base directory (a new image mounted there, or a new
// directory, changes them), and the app's revision. Stored next to the
// namespace as APP.info and compared on every launch, so the warm path
// decides staleness from one small file and one stat, with no mountinfo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordon {

// How cordon builds a namespace. Raised whenever the construction changes
// (2: the tree is nosuid; 3: the current mount profile names the namespace
// it is the log of, and an untagged one is ignored), so namespaces an
// older cordon built are stale.
inline constexpr std::uint64_t kNamespaceLayout = 3;

struct NsIdentity {
    std::string base;
    std::uint64_t base_dev = 0;
    std::uint64_t base_ino = 0;
    std::uint64_t revision = 0;
    // proc = private (core/app_config): the namespace's /proc is its own
    // procfs instance. Written only when set, so a record of a namespace
    // with the host's /proc reads as before.
    bool private_proc = false;
    std::uint64_t layout = kNamespaceLayout;
    // Which namespace the record is about (app/ns_tag): "id-N" or
    // "random-HEX"; empty in what load_app computes (it is not compared) and
    // in records of an older cordon.
    std::string ns_tag;

    bool operator==(const NsIdentity&) const = default;
};

// "base=...\nbase-dev=...\nbase-ino=...\nrevision=...\nlayout=...\n",
// then "proc=private\n" when private_proc is set, then "namespace=TAG\n"
// when ns_tag is set.
std::string identity_to_text(const NsIdentity& id);

// Parses identity_to_text's output; nothing when the text is not exactly
// that (an unreadable record makes the namespace stale, never trusted).
std::optional<NsIdentity> identity_from_text(std::string_view text);

// "id-" and 1..20 digits, or "random-" and 32 lowercase hex digits.
bool is_namespace_tag(std::string_view tag);

// Why `recorded` does not describe a namespace for `wanted`, e.g.
// "revision 3 != 4"; empty when they match. The tags are not compared.
std::string identity_difference(const NsIdentity& recorded, const NsIdentity& wanted);

// Why a persisted namespace with this record (nothing: APP.info missing or
// unreadable) is stale for `wanted`: identity_difference, or "no identity
// record"; empty when it is current. The launcher rebuilds on it and
// cordonctl ns list shows it, so both say the same.
std::string staleness(const std::optional<NsIdentity>& recorded, const NsIdentity& wanted);

}  // namespace cordon
