// Whether a launch moves into pid 1's mount namespace before it touches
// /run/cordon.
//
// An app's namespace is persisted by a bind mount on /run/cordon/ns/APP.mnt,
// and a bind mount lives in one mount namespace. A caller started by a
// systemd unit with PrivateTmp=, ProtectSystem=, ProtectHome=, ... runs in
// the unit's own mount namespace: a namespace persisted there is invisible
// to every other launch and to `cordonctl ns list`, and the next launch from
// a login shell builds a second one. So every launch works in pid 1's
// mount namespace (the init namespace, which systemd's units are copies
// of), where it can read /proc/1/ns/mnt.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace cordon {

// A namespace file's identity (fstat of an nsfs fd). Linux 6.1 has no
// NS_GET_ID ioctl; device and inode name a namespace for as long as it lives.
struct NsFileId {
    dev_t dev = 0;
    ino_t ino = 0;
    bool operator==(const NsFileId&) const = default;
};

enum class InitNsMove {
    kStay,  // already in pid 1's namespace, or pid 1's cannot be read
    kJoin,  // setns into pid 1's namespace
};

struct InitNsDecision {
    InitNsMove move;
    std::string debug_line;  // what was decided and why, for CORDON_DEBUG
};

// own: the caller's namespace; init: pid 1's, or nothing when
// /proc/1/ns/mnt cannot be opened (unreadable_reason says why: some
// virtual machines and containers deny it even to root). Staying when pid
// 1's is unreadable keeps cordon working there, as before.
InitNsDecision decide_init_namespace(const NsFileId& own, const std::optional<NsFileId>& init,
                                     const std::string& unreadable_reason);

}  // namespace cordon
