// The mountinfo text of a mount namespace: cordonctl's own (the host's,
// once it joined pid 1's) and an app's, read without entering it.
#pragma once

#include <string>

namespace cordon {

// /proc/self/mountinfo of this process.
std::string own_mountinfo();

// The mountinfo of the namespace nsfd, as a process at its root sees it.
// A forked child enters it (setns, which also makes the namespace's root
// its root), opens its own mountinfo through the /proc of this namespace
// (opened before: nothing of the app's namespace is looked up by path),
// copies it into a memfd and exits; this process never changes namespace.
// So it needs no process inside, and nothing runs there but the copy.
// `what` names the namespace in errors ("the namespace of APP").
std::string mountinfo_of_namespace(int nsfd, const std::string& what);

}  // namespace cordon
