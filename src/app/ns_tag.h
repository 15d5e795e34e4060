// Which mount namespace a record describes (issue 8, class 3).
//
// The current mount profile /run/cordon/ns/APP.fstab is a log of what
// cordon-update-ns applied to one namespace. A record about a namespace
// that is gone must never be taken for one about its successor: an
// orphaned helper that finished after the namespace was rebuilt made the
// new build trust its log and skip a tmpfs that hid a host directory.
//
// The nsfs inode number does not tell namespaces apart: the kernel hands
// a freed number to the next namespace at once. So every namespace cordon
// builds gets a tag that is never reused:
//   "id-N"       N the kernel's 64-bit namespace id (NS_GET_ID, 6.18+, or
//                NS_GET_MNTNS_ID, 6.8+), never reused while the system runs;
//   "random-HEX" 128 random bits where the kernel has neither (Debian 12's
//                6.1). A random token rather than "inode + something":
//                nothing the kernel shows of a namespace on 6.1 (inode
//                number, mount ids, nsfs inode times) is both stable and
//                unique, while 128 random bits never collide in practice.
// The builder makes the tag, passes it to cordon-update-ns and records it
// in APP.info next to the namespace (so `cordonctl ns update` finds it);
// the helper records it in APP.fstab and ignores a log whose tag differs.
#pragma once

#include <string>

namespace cordon {

// A fresh tag for the namespace behind nsfd (just created).
std::string new_namespace_tag(int nsfd);

// cordon-update-ns: from now on, namespace_tag_of(nsfd) is tag. Throws
// unless tag can name the namespace behind nsfd: well-formed, and "id-N"
// with the namespace's own id where the kernel has ids.
void declare_namespace_tag(int nsfd, const std::string& tag);

// The tag declared for the namespace behind nsfd (the same nsfs inode: the
// declaring process keeps its fd open, so the inode cannot be another
// namespace's meanwhile). Throws when none was declared for it.
std::string namespace_tag_of(int nsfd);

}  // namespace cordon
