// Moving the process between CPUs, for the namespace-id workaround of
// launcher/ns_create (ids are handed out from per-CPU batches on Linux 6.18).
#pragma once

#include <sched.h>

#include <vector>

namespace cordon {

// Remembers the affinity mask at construction and restores it when
// destroyed, so the application runs with the caller's mask.
class AffinityGuard {
public:
    AffinityGuard();
    ~AffinityGuard();
    AffinityGuard(const AffinityGuard&) = delete;
    AffinityGuard& operator=(const AffinityGuard&) = delete;

private:
    cpu_set_t saved_;
    bool valid_ = false;
};

// Every configured CPU, 0 to get_nprocs_conf() - 1, in order: the
// candidates for pin_to_cpu, which refuses the ones that are offline or
// outside the process's cpuset. Not filtered by the current affinity mask
// on purpose: launcher/ns_create asks again after pinning the process to
// one CPU, and must still get all of them.
std::vector<int> usable_cpus();

// Pins the process to cpu; false if the kernel refuses it (offline, or
// outside the cpuset).
bool pin_to_cpu(int cpu);

}  // namespace cordon
