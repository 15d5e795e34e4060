/* deny-syscall: runs a command under a seccomp filter that refuses some
 * system calls with EPERM, as a systemd unit's SystemCallFilter= (with
 * SystemCallErrorNumber=EPERM) or RestrictNamespaces= does.
 *
 *   deny-syscall NAME[,NAME...] CMD [ARG...]
 *
 * NAMEs: unshare, setns, mount, open_tree, move_mount, fsopen, pivot_root
 * (x86_64 numbers; other architectures pass untouched).  Run as root it
 * needs no no_new_privs (CAP_SYS_ADMIN), so a setuid program still runs as
 * root under it; run by a user it sets no_new_privs first.  Execs CMD
 * (searched in PATH).  Errors: a message on stderr, exit 127.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "deny-syscall is for x86_64"
#endif

static const struct {
    const char *name;
    unsigned nr;
} known[] = {
    {"unshare", 272}, {"setns", 308},      {"mount", 165},      {"open_tree", 428},
    {"move_mount", 429}, {"fsopen", 430}, {"pivot_root", 155},
};
#define N_KNOWN (sizeof known / sizeof known[0])

static void die(const char *what) {
    fprintf(stderr, "deny-syscall: %s: %s\n", what, strerror(errno));
    exit(127);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: deny-syscall NAME[,NAME...] CMD [ARG...]\n");
        return 127;
    }
    unsigned nrs[N_KNOWN];
    size_t count = 0;
    char *list = strdup(argv[1]);
    for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
        size_t i;
        for (i = 0; i < N_KNOWN && strcmp(known[i].name, name) != 0; i++) {
        }
        if (i == N_KNOWN || count == N_KNOWN) {
            fprintf(stderr, "deny-syscall: unknown or repeated name %s\n", name);
            return 127;
        }
        nrs[count++] = known[i].nr;
    }
    /* 0: arch; 1: not x86_64 -> allow; 2: nr; one jeq per call; allow; eperm. */
    struct sock_filter prog[3 + N_KNOWN + 2];
    size_t n = 0, allow = 3 + count, eperm = allow + 1;
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 0);
    prog[n].jf = (unsigned char)(allow - n - 1);
    n++;
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (size_t i = 0; i < count; i++) {
        prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nrs[i], 0, 0);
        prog[n].jt = (unsigned char)(eperm - n - 1);
        n++;
    }
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
    struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
    if (geteuid() != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("set no_new_privs");
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) die("load the filter");
    execvp(argv[2], argv + 2);
    die(argv[2]);
}
