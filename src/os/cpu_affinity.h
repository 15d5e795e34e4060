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

// Online CPUs this process may be moved to (its cpuset), in order.
std::vector<int> usable_cpus();

// Pins the process to cpu; false if the cpuset does not allow it.
bool pin_to_cpu(int cpu);

}  // namespace cordon
