// Mount profile entries: their equality, the conversion from
// and to the draft a line spells, and writing. Reading is
// mount_profile_parse.cc; the options field mount_profile_options.cc; the
// rules of an entry mount_profile_check.cc.
#include "core/mount_profile.h"

#include <type_traits>

#include "core/error.h"
#include "core/fstab_text.h"
#include "core/mount_profile_rules.h"

namespace cordon {

bool MountEntry::same_as(const MountEntry& o) const {
    if (target != o.target || needed_by != o.needed_by || what.index() != o.what.index()) return false;
    return std::visit(
        [&](const auto& mine) {
            using T = std::decay_t<decltype(mine)>;
            const T& theirs = std::get<T>(o.what);
            if constexpr (std::is_same_v<T, Mounted>)
                return mine.how == theirs.how;  // not the log
            else
                return mine == theirs;
        },
        what);
}

namespace profile_rules {

namespace {

Mounted mounted_of(EntryDraft& d) {
    if (d.is_tmpfs()) return {Tmpfs{std::move(d.source), d.flags, std::move(d.fs_options), d.owner}, d.log};
    BindShape shape = d.kind == TargetKind::kFile ? BindShape::kFile
                      : d.recursive              ? BindShape::kTree
                                                 : BindShape::kDir;
    return {Bind{std::move(d.source), d.source_in_ns, shape, d.flags, d.owner}, d.log};
}

// The fields of a mount's draft, from its entry.
void fill_mount(EntryDraft& d, const Mounted& m) {
    d.log = m.log;
    d.flags = m.flags();
    d.owner = m.owner();
    d.source = m.source();
    if (const auto* t = std::get_if<Tmpfs>(&m.how)) {
        d.fstype = "tmpfs";
        d.fs_options = t->fs_options;
        return;
    }
    const Bind& b = std::get<Bind>(m.how);
    d.fstype = "none";
    d.bind = true;
    d.recursive = b.recursive();
    d.source_in_ns = b.source_in_ns;
    if (b.shape == BindShape::kFile) d.kind = TargetKind::kFile;
}

}  // namespace

TargetKind kind_of(const MountEntry& e) {
    if (e.targets_file()) return TargetKind::kFile;
    if (e.symlink()) return TargetKind::kSymlink;
    return e.is_mount() ? TargetKind::kDir : TargetKind::kEnsureDir;
}

MountEntry entry_of(EntryDraft&& d) {
    MountEntry e{std::move(d.target), EnsureDir{d.owner}, std::nullopt, d.line};
    if (d.synthetic) e.needed_by = std::move(d.needed_by);
    if (d.kind == TargetKind::kSymlink)
        e.what = Symlink{std::move(d.symlink_target)};
    else if (d.is_mount())
        e.what = mounted_of(d);
    return e;
}

EntryDraft draft_of(const MountEntry& e) {
    EntryDraft d;
    d.target = e.target;
    d.kind = kind_of(e);
    d.synthetic = e.is_synthetic();
    d.needed_by = e.needed_by.value_or("");
    d.line = e.line;
    if (const Mounted* m = e.mounted()) {
        fill_mount(d, *m);
        return d;
    }
    d.source = d.fstype = "none";
    if (const Symlink* s = e.symlink()) d.symlink_target = s->dest;
    if (const Owner* o = e.owner()) d.owner = *o;
    return d;
}

}  // namespace profile_rules

std::string format_mount_profile(const MountProfile& profile) {
    std::string out;
    for (const MountEntry& entry : profile.entries) {
        profile_rules::EntryDraft e = profile_rules::draft_of(entry);
        // The current profile is read back by the next update: an entry it
        // would refuse must not be written in the first place.
        if (auto problem = profile_rules::entry_problem(e, ProfileRole::kCurrent))
            throw Error("format mount profile entry " + in_quotes(e.target), *problem);
        out += mangle_field(e.source, true);
        out += ' ';
        out += mangle_field(e.target, false);
        out += ' ';
        out += mangle_field(e.fstype, false);
        std::string options = profile_rules::options_string(e);
        if (!options.empty()) {
            out += ' ';
            out += mangle_field(options, false);
        }
        out += '\n';
    }
    return out;
}

}  // namespace cordon
