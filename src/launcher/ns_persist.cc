#include "launcher/ns_persist.h"

#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "os/mount_ops.h"
#include "os/nsfs.h"

namespace cordon {

void persist_namespace(const NsStore& store, const App& app, const std::string& ns_tag, int host_ns, int ns) {
    UniqueFd ns_file = clone_mount(ns, false, "namespace file of " + app.name);
    enter_mount_ns(host_ns, "of the caller");
    NsIdentity record = app.identity;
    record.ns_tag = ns_tag;
    store.write_identity(app.name, record);
    debug("recorded identity of %s", app.name.c_str());
    UniqueFd mount_point = store.create_mount_point(app.name);
    attach_mount(ns_file.get(), mount_point.get(), "namespace of " + app.name + " -> " + app_files::ns(app.name).name);
    enter_mount_ns(ns, "of " + app.name);
    debug("persisted namespace of %s", app.name.c_str());
}

}  // namespace cordon
