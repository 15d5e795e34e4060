#include "os/cpu_affinity.h"

#include <sys/sysinfo.h>

namespace cordon {

AffinityGuard::AffinityGuard() { valid_ = sched_getaffinity(0, sizeof saved_, &saved_) == 0; }

AffinityGuard::~AffinityGuard() {
    if (valid_) sched_setaffinity(0, sizeof saved_, &saved_);
}

bool pin_to_cpu(int cpu) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(0, sizeof one, &one) == 0;
}

std::vector<int> usable_cpus() {
    std::vector<int> cpus;
    int n = get_nprocs_conf();
    for (int cpu = 0; cpu < n && cpu < CPU_SETSIZE; ++cpu) cpus.push_back(cpu);
    return cpus;
}

}  // namespace cordon
