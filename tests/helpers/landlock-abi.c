/* landlock-abi: prints the running kernel's Landlock ABI version, 0 when
 * the kernel has none (not built, or not in the boot's lsm=), so that a
 * task can tell which outcome is right without asking cordon.
 *
 *   landlock-abi
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

int main(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) {
        if (errno != ENOSYS && errno != EOPNOTSUPP) {
            fprintf(stderr, "landlock-abi: %s\n", strerror(errno));
            return 1;
        }
        abi = 0;
    }
    printf("%ld\n", abi);
    return 0;
}
