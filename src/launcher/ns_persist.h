// Persisting a freshly built namespace as /run/cordon/ns/APP.mnt.
#pragma once

#include "app/app_loader.h"
#include "app/ns_store.h"

namespace cordon {

// Called from inside the new namespace `ns`: clones its nsfs file
// (open_tree), steps back into host_ns, records APP.info atomically, mounts
// the clone onto APP.mnt, and returns into `ns`. No helper process is needed:
// open_tree + move_mount do from the host namespace what snap-confine forks
// a helper for. On failure the caller's NamespaceBuild removes APP.mnt and
// APP.info again.
// ns_tag: the namespace's tag (app/ns_tag), recorded in APP.info.
void persist_namespace(const NsStore& store, const App& app, const std::string& ns_tag, int host_ns, int ns);

}  // namespace cordon
