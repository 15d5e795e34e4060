// The options field of a mount profile entry, read (apply_options) and
// written (options_string). Reading sets fields one option at a time and
// refuses what no single option may be (unknown, repeated, a bad value, a
// current-profile option in the desired profile); how the options combine
// is mount_profile_check.cc's.
#include <bit>
#include <set>
#include <string>

#include "core/error.h"
#include "core/fs_trust.h"  // octal_mode
#include "core/fstab_text.h"
#include "core/mount_options.h"
#include "core/mount_profile_rules.h"

namespace cordon::profile_rules {

namespace {

// One option of the field, as a handler sees it.
struct Option {
    const std::string& name;
    const std::optional<std::string>& value;
    const LineError& err;

    [[noreturn]] void fail(const std::string& reason) const { err.fail(reason); }
    void no_value() const {
        if (value) fail("option " + in_quotes(name) + " takes no value");
    }
    const std::string& need_value() const {
        if (!value || value->empty()) fail("option " + in_quotes(name) + " needs a value");
        return *value;
    }
};

void apply_bind(EntryDraft& e, const Option& o) {
    o.no_value();
    if (e.bind) o.fail("\"bind\" and \"rbind\" exclude each other");
    e.bind = true;
    e.recursive = o.name == "rbind";
}

void apply_source(EntryDraft& e, const Option& o) {
    if (o.need_value() != "ns") o.fail("x-cordon.source must be \"ns\", not " + in_quotes(*o.value));
    e.source_in_ns = true;
}

void apply_kind(EntryDraft& e, const Option& o) {
    const std::string& v = o.need_value();
    if (v == "file")
        e.kind = TargetKind::kFile;
    else if (v == "symlink")
        e.kind = TargetKind::kSymlink;
    else if (v == "ensure-dir")
        e.kind = TargetKind::kEnsureDir;
    else
        o.fail("x-cordon.kind must be file, symlink or ensure-dir, not " + in_quotes(v));
}

// Path values have a second level of \ooo (fstab_text.h).
void apply_symlink(EntryDraft& e, const Option& o) { e.symlink_target = decode_octal_escapes(o.need_value()); }

void apply_mode(EntryDraft& e, const Option& o) {
    auto m = parse_octal_mode(o.need_value());
    if (!m) o.fail("x-cordon.mode must be octal and at most 07777, not " + in_quotes(*o.value));
    e.owner.mode = *m;
}

void apply_id(EntryDraft& e, const Option& o) {
    auto n = parse_decimal(o.need_value(), kMaxId);
    if (!n) o.fail(o.name + " must be a decimal id below 4294967295, not " + in_quotes(*o.value));
    if (o.name == "x-cordon.uid")
        e.owner.uid = static_cast<uid_t>(*n);
    else
        e.owner.gid = static_cast<gid_t>(*n);
}

void apply_synthetic(EntryDraft& e, const Option& o) {
    o.no_value();
    e.synthetic = true;
}

void apply_needed_by(EntryDraft& e, const Option& o) { e.needed_by = decode_octal_escapes(o.need_value()); }

void apply_mount_id(EntryDraft& e, const Option& o) {
    auto n = parse_decimal(o.need_value(), UINT32_MAX);
    if (!n || *n == 0) o.fail(o.name + " must be a decimal mount id from 1 to 4294967295, not " + in_quotes(*o.value));
    (o.name == "x-cordon.over" ? e.log.over_id : e.log.mount_id) = static_cast<std::uint32_t>(*n);
}

void apply_pending(EntryDraft& e, const Option& o) {
    const std::string& v = o.need_value();
    if (v == "mount")
        e.log.pending = Pending::kMount;
    else if (v == "unmount")
        e.log.pending = Pending::kUnmount;
    else
        o.fail("x-cordon.pending must be mount or unmount, not " + in_quotes(v));
}

struct Handler {
    std::string_view name;
    bool current_only;  // bookkeeping of cordon-update-ns, never the admin's to write
    void (*apply)(EntryDraft&, const Option&);
};

constexpr Handler kHandlers[] = {
    {"bind", false, apply_bind},
    {"rbind", false, apply_bind},
    {"x-cordon.source", false, apply_source},
    {"x-cordon.kind", false, apply_kind},
    {"x-cordon.symlink", false, apply_symlink},
    {"x-cordon.mode", false, apply_mode},
    {"x-cordon.uid", false, apply_id},
    {"x-cordon.gid", false, apply_id},
    {"x-cordon.synthetic", true, apply_synthetic},
    {"x-cordon.needed-by", true, apply_needed_by},
    {"x-cordon.mount-id", true, apply_mount_id},
    {"x-cordon.over", true, apply_mount_id},
    {"x-cordon.pending", true, apply_pending},
};

const Handler* handler_of(std::string_view name) {
    for (const Handler& h : kHandlers)
        if (h.name == name) return &h;
    return nullptr;
}

// The per-mount flag an option names, by libmount's own table ("ro" ->
// MS_RDONLY), when it is one a profile may set; 0 otherwise. libmount's
// table, not a list here, so "ro" means what mount(8) means by it.
unsigned long flag_of(std::string_view name) {
    if (name.find_first_of("=.,") != std::string_view::npos) return 0;  // not a plain flag name
    unsigned long f = 0;
    try {
        f = parse_mount_options(name).flags;
    } catch (const Error&) {
        return 0;
    }
    return f != 0 && (f & kAllowedFlags) == f && std::has_single_bit(f) ? f : 0;
}

void apply_tmpfs_option(EntryDraft& e, const Option& o) {
    if (e.fstype != "tmpfs") o.fail("option " + in_quotes(o.name) + " is only for fstype tmpfs");
    if (auto problem = tmpfs_option_problem(o.name, o.value)) o.fail(*problem);
    if (!e.fs_options.empty()) e.fs_options += ',';
    e.fs_options += o.name + "=" + *o.value;
}

void apply_option(EntryDraft& e, const Option& o, ProfileRole role) {
    if (const Handler* h = handler_of(o.name)) {
        if (h->current_only && role != ProfileRole::kCurrent)
            o.fail(o.name + " is only allowed in the current profile");
        h->apply(e, o);
    } else if (unsigned long flag = flag_of(o.name)) {
        o.no_value();
        e.flags |= flag;
    } else if (is_tmpfs_option(o.name)) {
        apply_tmpfs_option(e, o);
    } else {
        o.fail("unknown option " + in_quotes(o.name));
    }
}

}  // namespace

void apply_options(EntryDraft& e, std::string_view optstr, ProfileRole role, const LineError& err) {
    // libmount's option splitter gives '"' a meaning (quoting) that the
    // profile's own escapes already cover; refusing it keeps one meaning.
    if (optstr.find('"') != std::string_view::npos)
        err.fail("options must not contain '\"' (write it as \\134042 inside a value)");
    auto items = split_option_items(optstr);
    if (!items) err.fail("malformed option list " + in_quotes(optstr));
    std::set<std::string> seen;
    e.fs_options.clear();
    for (const auto& [name, value] : *items) {
        if (!seen.insert(name).second) err.fail("option " + in_quotes(name) + " given twice");
        apply_option(e, Option{name, value, err}, role);
    }
}

std::string options_string(const EntryDraft& e) {
    std::vector<std::string> items;
    if (e.bind) items.emplace_back(e.recursive ? "rbind" : "bind");
    if (e.flags & MS_RDONLY) items.emplace_back("ro");
    if (e.flags & MS_NOSUID) items.emplace_back("nosuid");
    if (e.flags & MS_NODEV) items.emplace_back("nodev");
    if (e.flags & MS_NOEXEC) items.emplace_back("noexec");
    if (!e.fs_options.empty()) items.push_back(e.fs_options);
    if (e.source_in_ns) items.emplace_back("x-cordon.source=ns");
    if (e.kind != TargetKind::kDir) items.push_back(std::string("x-cordon.kind=") + kind_name(e.kind));
    if (e.kind == TargetKind::kSymlink) items.push_back("x-cordon.symlink=" + escape_option_value(e.symlink_target));
    if (e.owner.mode) items.push_back("x-cordon.mode=" + octal_mode(*e.owner.mode));
    if (e.owner.uid) items.push_back("x-cordon.uid=" + std::to_string(*e.owner.uid));
    if (e.owner.gid) items.push_back("x-cordon.gid=" + std::to_string(*e.owner.gid));
    if (e.synthetic) items.emplace_back("x-cordon.synthetic");
    if (!e.needed_by.empty()) items.push_back("x-cordon.needed-by=" + escape_option_value(e.needed_by));
    if (e.log.mount_id) items.push_back("x-cordon.mount-id=" + std::to_string(*e.log.mount_id));
    if (e.log.pending == Pending::kMount) items.emplace_back("x-cordon.pending=mount");
    if (e.log.pending == Pending::kUnmount) items.emplace_back("x-cordon.pending=unmount");
    if (e.log.over_id) items.push_back("x-cordon.over=" + std::to_string(*e.log.over_id));
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ',';
        out += item;
    }
    return out;
}

}  // namespace cordon::profile_rules
