/* no-new-mount-api: runs a command with the new mount API switched off, as
 * on a kernel that predates it, so that a program's fallback to mount(2)
 * can be tested on a new kernel.
 *
 *   no-new-mount-api CMD [ARG...]
 *
 * Sets no_new_privs, installs a seccomp filter (raw BPF, no libseccomp)
 * under which open_tree, open_tree_attr, move_mount, fsopen, fsconfig,
 * fsmount, fspick and mount_setattr fail with ENOSYS, checks that each of
 * them now does, and execs CMD (searched in PATH).  The filter is inherited
 * by every child and across execve, so `no-new-mount-api cordonctl ns
 * update APP` runs cordon-update-ns without the new API.  Every other call
 * passes, mount(2) and umount2(2) included.
 *
 * x86_64 only (the build fails elsewhere).  These calls have the same number
 * on every architecture (they are newer than the unified numbering), so
 * the filter refuses them for x86_64, x32 (the number with bit 30 set) and
 * i386 callers alike; any other audit architecture passes untouched.
 *
 * Built static (gcc -static -O2).  Errors: a message on stderr, exit 127.
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
#error "no-new-mount-api is for x86_64"
#endif

#define X32_SYSCALL_BIT 0x40000000u

static const struct {
    const char *name;
    unsigned nr;
} blocked[] = {
    {"open_tree", 428},      {"move_mount", 429}, {"fsopen", 430},
    {"fsconfig", 431},       {"fsmount", 432},    {"fspick", 433},
    {"mount_setattr", 442},  {"open_tree_attr", 467},
};
#define N_BLOCKED (sizeof blocked / sizeof blocked[0])

static void die(const char *what) {
    fprintf(stderr, "no-new-mount-api: %s: %s\n", what, strerror(errno));
    exit(127);
}

static void install_filter(void) {
    /* 0: load arch; 1,2: x86_64 or i386 go on, others allowed; 3: load nr;
     * 4: clear the x32 bit; then one jeq per blocked call; allow; enosys. */
    struct sock_filter prog[5 + N_BLOCKED + 2];
    size_t n = 0, i;
    size_t allow = 5 + N_BLOCKED, enosys = allow + 1;

    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 0);
    prog[n].jt = (unsigned char)(3 - n - 1);
    n++;
    prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 0);
    prog[n].jt = (unsigned char)(3 - n - 1);
    prog[n].jf = (unsigned char)(allow - n - 1);
    n++;
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~X32_SYSCALL_BIT);
    for (i = 0; i < N_BLOCKED; i++) {
        prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, blocked[i].nr, 0, 0);
        prog[n].jt = (unsigned char)(enosys - n - 1);
        n++;
    }
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));

    struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("prctl(PR_SET_NO_NEW_PRIVS)");
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) die("seccomp(SECCOMP_SET_MODE_FILTER)");
}

/* Each blocked call, with arguments the kernel would refuse anyway (bad
 * fd, NULL pointers): it must now fail with ENOSYS. */
static void check_filter(void) {
    for (size_t i = 0; i < N_BLOCKED; i++) {
        errno = 0;
        long rc = syscall((long)blocked[i].nr, -1L, 0L, 0L, 0L, 0L, 0L);
        if (rc != -1 || errno != ENOSYS) {
            fprintf(stderr, "no-new-mount-api: the filter did not take: %s returned %ld (%s), not ENOSYS\n",
                    blocked[i].name, rc, strerror(errno));
            exit(127);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: no-new-mount-api CMD [ARG...]\n");
        return 127;
    }
    install_filter();
    check_filter();
    execvp(argv[1], argv + 1);
    fprintf(stderr, "no-new-mount-api: exec %s: %s\n", argv[1], strerror(errno));
    return 127;
}
