// Mount profile entries compared and written. Reading is
// mount_profile_parse.cc; the options field mount_profile_options.cc; the
// rules of an entry mount_profile_check.cc.
#include "core/mount_profile.h"

#include "core/error.h"
#include "core/fstab_text.h"
#include "core/mount_profile_rules.h"

namespace cordon {

bool MountEntry::same_as(const MountEntry& o) const {
    return source == o.source && target == o.target && fstype == o.fstype && bind == o.bind &&
           recursive == o.recursive && source_in_ns == o.source_in_ns && kind == o.kind &&
           symlink_target == o.symlink_target && mode == o.mode && uid == o.uid && gid == o.gid &&
           flags == o.flags && fs_options == o.fs_options && synthetic == o.synthetic && needed_by == o.needed_by;
}

std::string format_mount_profile(const MountProfile& profile) {
    std::string out;
    for (const MountEntry& e : profile.entries) {
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
