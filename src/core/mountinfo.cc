#include "core/mountinfo.h"

#include <libmount.h>

#include <charconv>
#include <cstdio>
#include <memory>

#include "core/error.h"

namespace cordon {

namespace {

using TablePtr = std::unique_ptr<libmnt_table, void (*)(libmnt_table*)>;
using IterPtr = std::unique_ptr<libmnt_iter, void (*)(libmnt_iter*)>;
using FilePtr = std::unique_ptr<FILE, int (*)(FILE*)>;

std::uint32_t group_number(std::string_view digits, std::string_view field) {
    std::uint32_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
        throw Error("read the propagation field \"" + std::string(field) + "\"", "not a peer group number");
    return n;
}

std::string text_of(const char* s) { return s ? s : ""; }

MountRecord record_of(libmnt_fs* fs) {
    MountRecord r;
    r.id = static_cast<std::uint32_t>(mnt_fs_get_id(fs));
    r.parent = static_cast<std::uint32_t>(mnt_fs_get_parent_id(fs));
    r.mountpoint = text_of(mnt_fs_get_target(fs));
    r.root = text_of(mnt_fs_get_root(fs));
    r.fstype = text_of(mnt_fs_get_fstype(fs));
    r.source = text_of(mnt_fs_get_source(fs));
    r.options = text_of(mnt_fs_get_options(fs));
    PropagationFields p = parse_propagation_fields(text_of(mnt_fs_get_optional_fields(fs)));
    r.peer_group = p.peer_group;
    r.master_group = p.master_group;
    r.unbindable = p.unbindable;
    return r;
}

}  // namespace

PropagationFields parse_propagation_fields(std::string_view fields) {
    PropagationFields out;
    while (!fields.empty()) {
        std::size_t end = fields.find(' ');
        std::string_view field = fields.substr(0, end);
        fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 1);
        if (field.starts_with("shared:"))
            out.peer_group = group_number(field.substr(7), field);
        else if (field.starts_with("master:"))
            out.master_group = group_number(field.substr(7), field);
        else if (field == "unbindable")
            out.unbindable = true;
    }
    return out;
}

MountTable parse_mountinfo(std::string_view text, const std::string& what) {
    // fmemopen: libmount parses streams, not strings; a memory stream is
    // no system call and keeps this pure.
    std::string copy(text);
    FilePtr stream(fmemopen(copy.data(), copy.size(), "r"), fclose);
    TablePtr table(mnt_new_table(), mnt_unref_table);
    if (!stream || !table) throw Error(what, "out of memory");
    if (copy.empty()) return {};
    if (mnt_table_parse_stream(table.get(), stream.get(), "mountinfo") != 0)
        throw Error(what, "libmount cannot parse it");
    IterPtr it(mnt_new_iter(MNT_ITER_FORWARD), mnt_free_iter);
    if (!it) throw Error(what, "out of memory");
    MountTable out;
    libmnt_fs* fs = nullptr;
    while (mnt_table_next_fs(table.get(), it.get(), &fs) == 0) {
        // A line libmount read as fstab (no ids) means the text was not mountinfo.
        if (!mnt_fs_is_kernel(fs) || mnt_fs_get_id(fs) <= 0)
            throw Error(what, "not a mountinfo table (a line without a mount id)");
        out.push_back(record_of(fs));
    }
    return out;
}

}  // namespace cordon
