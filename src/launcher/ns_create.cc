#include "launcher/ns_create.h"

#include <sched.h>

#include <optional>
#include <vector>

#include "core/debug.h"
#include "core/error.h"
#include "os/cpu_affinity.h"
#include "os/nsfs.h"

namespace cordon {

namespace {

// Sweeps over all CPUs; one sweep suffices in practice (each CPU's batch is
// either newer than the caller's id, or becomes so after the batch is used
// up, which can take thousands of namespaces: not worth it).
constexpr int kSweeps = 2;

UniqueFd unshare_here() {
    if (unshare(CLONE_NEWNS) != 0) throw_errno("create mount namespace");
    return open_own_mount_ns();
}

bool newer(std::optional<std::uint64_t> id, std::uint64_t than) { return !id || *id > than; }

// The CPU that just handed out an old id would do so again: try it last.
std::vector<int> cpus_other_first(int current) {
    std::vector<int> order;
    for (int cpu : usable_cpus())
        if (cpu != current) order.push_back(cpu);
    if (current >= 0) order.push_back(current);
    return order;
}

}  // namespace

UniqueFd unshare_newer_than(int host_ns) {
    std::optional<std::uint64_t> host_id = mount_ns_id(host_ns);
    UniqueFd ns = unshare_here();
    if (!host_id) return ns;  // kernels before 6.8 allocate ids in order
    std::optional<std::uint64_t> id = mount_ns_id(ns.get());
    if (newer(id, *host_id)) return ns;

    AffinityGuard restore_affinity;
    for (int sweep = 0; sweep < kSweeps; ++sweep) {
        for (int cpu : cpus_other_first(sched_getcpu())) {
            debug("namespace id %llu is not newer than the caller's %llu; retrying on cpu %d",
                  static_cast<unsigned long long>(id.value_or(0)), static_cast<unsigned long long>(*host_id), cpu);
            if (!pin_to_cpu(cpu)) continue;
            enter_mount_ns(host_ns, "of the caller");
            ns = unshare_here();
            id = mount_ns_id(ns.get());
            if (newer(id, *host_id)) return ns;
        }
    }
    enter_mount_ns(host_ns, "of the caller");
    throw Error("create a mount namespace newer than the caller's (id " + std::to_string(*host_id) + ")",
                "every CPU tried hands out older ids (Linux 6.18 per-CPU namespace ids)");
}

}  // namespace cordon
