/* ptrace-attach: tries to attach to a process with ptrace(PTRACE_ATTACH)
 * and prints "ptrace PID: OK" (then detaches) or "ptrace PID: ERRNO-NAME".
 * Exit status 0 when it could tell, 2 on a usage error.
 *
 *   ptrace-attach PID
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    char *end;
    long pid = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc != 2 || *end || pid <= 0) {
        fprintf(stderr, "usage: ptrace-attach PID\n");
        return 2;
    }
    if (ptrace(PTRACE_ATTACH, (pid_t)pid, NULL, NULL) != 0) {
        const char *name = strerrorname_np(errno);
        printf("ptrace %ld: %s\n", pid, name ? name : strerror(errno));
        return 0;
    }
    int status;
    (void)waitpid((pid_t)pid, &status, __WALL);
    (void)ptrace(PTRACE_DETACH, (pid_t)pid, NULL, NULL);
    printf("ptrace %ld: OK\n", pid);
    return 0;
}
