#include "core/init_ns_choice.h"

namespace cordon {

namespace {
std::string label(const NsFileId& id) { return "mnt:[" + std::to_string(id.ino) + "]"; }
}  // namespace

InitNsDecision decide_init_namespace(const NsFileId& own, const std::optional<NsFileId>& init,
                                     const std::string& unreadable_reason) {
    if (!init)
        return {InitNsMove::kStay, "cannot read pid 1's mount namespace (/proc/1/ns/mnt: " + unreadable_reason +
                                       "); staying in the caller's, " + label(own)};
    if (*init == own) return {InitNsMove::kStay, "in pid 1's mount namespace " + label(own)};
    // The caller's working directory is a path of the namespace it leaves
    // (under PrivateTmp=, its /tmp is the unit's): it is looked up again by
    // path inside the app's namespace, like any caller's (launcher/exec_app).
    return {InitNsMove::kJoin, "the caller's mount namespace " + label(own) + " is not pid 1's " + label(*init) +
                                   " (a systemd unit's own?): joining pid 1's; the working directory is looked "
                                   "up by path in the app's namespace"};
}

}  // namespace cordon
