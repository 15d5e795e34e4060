/* syscall-probe: performs system calls with harmless, invalid arguments and
 * prints what the kernel (or a seccomp filter in front of it) answered.
 *
 *   syscall-probe NAME...      one line per NAME: "NAME: OK", "NAME: EPERM",
 *                              "NAME: ENOSYS", ... (the errno's name), or
 *                              "NAME: n/a" when this build's architecture
 *                              has no such call, or "NAME: killed by signal
 *                              N (SIGxxx)" when the probe died (SIGSYS: a
 *                              seccomp filter killed it)
 *   syscall-probe all          every probe, in the order of `list`
 *   syscall-probe list         the probe names
 *
 * Built static (gcc -static -O2), so that it runs in a busybox base; built
 * with -m32 it makes the i386 system calls (the numbers come from the libc
 * headers of the target).  Exit status 0, or 2 for an unknown NAME.
 *
 * The arguments are chosen so that, without a seccomp filter, the kernel
 * refuses every call with an error OTHER than EPERM even for root with all
 * capabilities (a bad pointer, bad flags, a bad fd, a wrong magic number),
 * and never does anything: that way "EPERM" can only come from a seccomp
 * filter when the probe runs as root with every capability, and running
 * the probe unconfined is safe.  Exceptions: unshare-newuser and
 * personality-change succeed without a filter (they only change the probe's
 * own child process), and for an unprivileged caller some calls check the
 * capability first and fail with EPERM anyway (pivot_root, move_mount,
 * fsopen, fsmount, fspick, swapoff, reboot, acct, finit_module,
 * delete_module, kexec_*, init_module).
 *
 * Each probe runs in a child process of its own (fork), so that one probe
 * changing the process (a new user namespace, a persona, a new session)
 * cannot affect the next, and a probe killed by a filter is reported.  If
 * fork itself fails (a policy without clone), the probe runs in-process.
 *
 * tiocsti*, tioclinux*: the ioctl goes to the slave of a fresh pseudo
 * terminal (from /dev/ptmx) that the child made its controlling terminal
 * (setsid + open), with a bad pointer as argument: without a filter the
 * kernel answers EFAULT (TIOCSTI, nothing is ever injected), EIO (TIOCSTI
 * when dev.tty.legacy_tiocsti is 0) or ENOTTY/EINVAL (TIOCLINUX is for
 * virtual consoles only); only a filter answers EPERM.  The -high variants
 * set bit 32 of the request (CVE-2019-7303: the kernel ignores the high
 * half of the request, a filter comparing all 64 bits would not match);
 * n/a in 32-bit builds.  If no pty can be made, fd 0 is used (noted on
 * stderr).
 *
 * x32-mount (64-bit build): mount by its x32 number (0x40000000 | 165):
 * EPERM from a filter covering x32, death by SIGSYS from a filter that
 * refuses unknown architectures, ENOSYS from a kernel without x32 and no
 * filter.  int80-* (64-bit build): i386 system calls through int $0x80
 * from 64-bit code, the compat entry point without a 32-bit binary:
 * int80-mount (i386 mount, 21), int80-getpid (20), int80-clone3 (435).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* x32 numbers carry __X32_SYSCALL_BIT. */
#if defined(__x86_64__) && defined(__ILP32__)
#define PROBE_X32_BIT 0x40000000L
#else
#define PROBE_X32_BIT 0L
#endif

/* The new mount API and clone3 have the same numbers on x86_64 and i386
 * (the unified table from 403 on); older headers lack them. */
#ifndef SYS_open_tree
#define SYS_open_tree (PROBE_X32_BIT + 428)
#endif
#ifndef SYS_move_mount
#define SYS_move_mount (PROBE_X32_BIT + 429)
#endif
#ifndef SYS_fsopen
#define SYS_fsopen (PROBE_X32_BIT + 430)
#endif
#ifndef SYS_fsconfig
#define SYS_fsconfig (PROBE_X32_BIT + 431)
#endif
#ifndef SYS_fsmount
#define SYS_fsmount (PROBE_X32_BIT + 432)
#endif
#ifndef SYS_fspick
#define SYS_fspick (PROBE_X32_BIT + 433)
#endif
#ifndef SYS_clone3
#define SYS_clone3 (PROBE_X32_BIT + 435)
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr (PROBE_X32_BIT + 442)
#endif

#ifndef TIOCSTI
#define TIOCSTI 0x5412
#endif
#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

#if defined(__x86_64__) && !defined(__ILP32__)
#define PROBE_LP64_X86 1
#else
#define PROBE_LP64_X86 0
#endif

/* A probe returns the system call's result (-1 with errno set on failure),
 * or PROBE_NA when this architecture has no such call. */
#define PROBE_NA (-1000L)

/* A path that does not exist and a pointer that is never mapped. */
#define NOWHERE "/nonexistent-cordon-syscall-probe"
#define BADPTR ((void *)1)

static long p_mount(void) { return syscall(SYS_mount, "none", NOWHERE, BADPTR, 0UL, NULL); }
static long p_umount2(void) { return syscall(SYS_umount2, NOWHERE, 0x80000000UL); }
static long p_pivot_root(void) { return syscall(SYS_pivot_root, BADPTR, BADPTR); }
static long p_move_mount(void) { return syscall(SYS_move_mount, -1, "", -1, "", 0x80000000UL); }
static long p_open_tree(void) { return syscall(SYS_open_tree, -1, "", 0x80000000UL); }
static long p_fsopen(void) { return syscall(SYS_fsopen, "tmpfs", 0x80000000UL); }
static long p_fsmount(void) { return syscall(SYS_fsmount, -1, 0x80000000UL, 0UL); }
static long p_fsconfig(void) { return syscall(SYS_fsconfig, -1, 0UL, NULL, NULL, 0UL); }
static long p_fspick(void) { return syscall(SYS_fspick, -1, "", 0x80000000UL); }
static long p_mount_setattr(void) { return syscall(SYS_mount_setattr, -1, "", 0x80000000UL, NULL, 0UL); }
static long p_setns(void) { return syscall(SYS_setns, -1, 0UL); }
static long p_unshare_newuser(void) { return syscall(SYS_unshare, (unsigned long)CLONE_NEWUSER); }

static long p_kexec_load(void) {
#ifdef SYS_kexec_load
    /* 1000 segments (the limit is 16) and no valid architecture flag. */
    return syscall(SYS_kexec_load, 0UL, 1000UL, NULL, 0xffff0000UL);
#else
    return PROBE_NA;
#endif
}
static long p_kexec_file_load(void) {
#ifdef SYS_kexec_file_load
    return syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, 0x80000000UL);
#else
    return PROBE_NA;
#endif
}
static long p_init_module(void) { return syscall(SYS_init_module, NULL, 0UL, ""); }
static long p_finit_module(void) { return syscall(SYS_finit_module, -1, "", 0x80000000UL); }
static long p_delete_module(void) {
    return syscall(SYS_delete_module, "cordon_probe_no_such_module", (unsigned long)O_NONBLOCK);
}
static long p_bpf(void) { return syscall(SYS_bpf, 0x7fffffffUL, NULL, 0UL); }
static long p_perf_event_open(void) { return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0x80000000UL); }
/* UFFD_USER_MODE_ONLY (1, allowed to anyone) plus an invalid flag (2). */
static long p_userfaultfd(void) { return syscall(SYS_userfaultfd, 1UL | 2UL); }
static long p_keyctl(void) { return syscall(SYS_keyctl, 0x7fffffffUL, 0UL, 0UL, 0UL, 0UL); }
/* A payload length over the 1 MiB limit. */
static long p_add_key(void) { return syscall(SYS_add_key, "user", "cordon-probe", NULL, 0x7fffffffUL, 0UL); }
static long p_request_key(void) { return syscall(SYS_request_key, BADPTR, "cordon-probe", NULL, 0UL); }
static long p_open_by_handle_at(void) { return syscall(SYS_open_by_handle_at, -1, NULL, (unsigned long)O_RDONLY); }
static long p_personality_change(void) {
    return syscall(SYS_personality, (unsigned long)(PER_LINUX | ADDR_NO_RANDOMIZE));
}
static long p_personality_query(void) { return syscall(SYS_personality, 0xffffffffUL); }
static long p_swapon(void) { return syscall(SYS_swapon, NOWHERE, 0x7fffffffUL); }
static long p_swapoff(void) { return syscall(SYS_swapoff, BADPTR); }
/* Wrong magic numbers: never reboots. */
static long p_reboot(void) { return syscall(SYS_reboot, 0UL, 0UL, 0UL, NULL); }
static long p_acct(void) { return syscall(SYS_acct, BADPTR); }
/* Quota type 255 (there are 3). */
static long p_quotactl(void) { return syscall(SYS_quotactl, 0xffUL, NOWHERE, 0UL, NULL); }
/* A NULL, zero-sized clone_args: EINVAL from the kernel. */
static long p_clone3(void) { return syscall(SYS_clone3, NULL, 0UL); }
static long p_getpid(void) { return syscall(SYS_getpid); }
static long p_getppid(void) { return syscall(SYS_getppid); }
static long p_getuid(void) {
#ifdef SYS_getuid32
    return syscall(SYS_getuid32);
#else
    return syscall(SYS_getuid);
#endif
}

/* The slave of a new pty, made the controlling terminal of this (child)
 * process; fd 0 if that cannot be done. */
static int tty_fd(void) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) {
        fprintf(stderr, "syscall-probe: note: no pty (/dev/ptmx: %s); using fd 0\n", strerror(errno));
        return 0;
    }
    int unlock = 0, n = -1;
    if (ioctl(master, TIOCSPTLCK, &unlock) != 0 || ioctl(master, TIOCGPTN, &n) != 0) {
        fprintf(stderr, "syscall-probe: note: cannot set up the pty (%s); using fd 0\n", strerror(errno));
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/dev/pts/%d", n);
    setsid(); /* a child: never a process group leader */
    int slave = open(path, O_RDWR | O_CLOEXEC);
    if (slave < 0) {
        fprintf(stderr, "syscall-probe: note: %s: %s; using fd 0\n", path, strerror(errno));
        return 0;
    }
    (void)ioctl(slave, TIOCSCTTY, 0); /* already it, normally */
    return slave;
}

static long tty_ioctl(unsigned long request) { return syscall(SYS_ioctl, tty_fd(), request, BADPTR); }
static long p_tiocsti(void) { return tty_ioctl(TIOCSTI); }
static long p_tioclinux(void) { return tty_ioctl(TIOCLINUX); }
static long p_tiocsti_high(void) {
#if PROBE_LP64_X86 || (defined(__LP64__) && !defined(__x86_64__))
    return tty_ioctl((unsigned long)TIOCSTI | (1UL << 32));
#else
    return PROBE_NA;
#endif
}
static long p_tioclinux_high(void) {
#if PROBE_LP64_X86 || (defined(__LP64__) && !defined(__x86_64__))
    return tty_ioctl((unsigned long)TIOCLINUX | (1UL << 32));
#else
    return PROBE_NA;
#endif
}

static long p_x32_mount(void) {
#if PROBE_LP64_X86
    return syscall(0x40000000L | 165, "none", NOWHERE, BADPTR, 0UL, NULL);
#else
    return PROBE_NA;
#endif
}

#if PROBE_LP64_X86
/* An i386 system call from 64-bit code.  The result is the 32-bit eax. */
static long int80(long nr, long a, long b, long c, long d, long e) {
    long ret;
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory", "cc", "r8", "r9", "r10", "r11");
    int r = (int)ret;
    if (r < 0 && r >= -4095) {
        errno = -r;
        return -1;
    }
    return r;
}
#endif
/* i386 numbers: mount 21 (type a bad pointer: EFAULT without a filter),
 * getpid 20, clone3 435 (NULL, 0: EINVAL without a filter). */
static long p_int80_mount(void) {
#if PROBE_LP64_X86
    return int80(21, 0, 0, 1, 0, 0);
#else
    return PROBE_NA;
#endif
}
static long p_int80_getpid(void) {
#if PROBE_LP64_X86
    return int80(20, 0, 0, 0, 0, 0);
#else
    return PROBE_NA;
#endif
}
static long p_int80_clone3(void) {
#if PROBE_LP64_X86
    return int80(435, 0, 0, 0, 0, 0);
#else
    return PROBE_NA;
#endif
}

struct probe {
    const char *name;
    long (*fn)(void);
};

static const struct probe probes[] = {
    {"mount", p_mount},
    {"umount2", p_umount2},
    {"pivot_root", p_pivot_root},
    {"move_mount", p_move_mount},
    {"open_tree", p_open_tree},
    {"fsopen", p_fsopen},
    {"fsmount", p_fsmount},
    {"fsconfig", p_fsconfig},
    {"fspick", p_fspick},
    {"mount_setattr", p_mount_setattr},
    {"setns", p_setns},
    {"unshare-newuser", p_unshare_newuser},
    {"kexec_load", p_kexec_load},
    {"kexec_file_load", p_kexec_file_load},
    {"init_module", p_init_module},
    {"finit_module", p_finit_module},
    {"delete_module", p_delete_module},
    {"bpf", p_bpf},
    {"perf_event_open", p_perf_event_open},
    {"userfaultfd", p_userfaultfd},
    {"keyctl", p_keyctl},
    {"add_key", p_add_key},
    {"request_key", p_request_key},
    {"open_by_handle_at", p_open_by_handle_at},
    {"personality-change", p_personality_change},
    {"personality-query", p_personality_query},
    {"swapon", p_swapon},
    {"swapoff", p_swapoff},
    {"reboot", p_reboot},
    {"acct", p_acct},
    {"quotactl", p_quotactl},
    {"clone3", p_clone3},
    {"getpid", p_getpid},
    {"getppid", p_getppid},
    {"getuid", p_getuid},
    {"tiocsti", p_tiocsti},
    {"tiocsti-high", p_tiocsti_high},
    {"tioclinux", p_tioclinux},
    {"tioclinux-high", p_tioclinux_high},
    {"x32-mount", p_x32_mount},
    {"int80-mount", p_int80_mount},
    {"int80-getpid", p_int80_getpid},
    {"int80-clone3", p_int80_clone3},
};
#define NPROBES (sizeof probes / sizeof probes[0])

static const char *errno_name(int e, char *buf, size_t size) {
    const char *name = strerrorname_np(e);
    if (name) return name;
    snprintf(buf, size, "errno %d", e);
    return buf;
}

/* Runs the probe and prints its line. */
static void run_here(const struct probe *p) {
    char buf[32];
    errno = 0;
    long r = p->fn();
    int e = errno;
    if (r == PROBE_NA)
        printf("%s: n/a\n", p->name);
    else if (r >= 0)
        printf("%s: OK\n", p->name);
    else
        printf("%s: %s\n", p->name, errno_name(e, buf, sizeof buf));
    fflush(stdout);
}

static void run(const struct probe *p) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        run_here(p);
        return;
    }
    if (pid == 0) {
        run_here(p);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            printf("%s: cannot wait for the probe: %s\n", p->name, strerror(errno));
            return;
        }
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *abbrev = sigabbrev_np(sig);
        printf("%s: killed by signal %d (SIG%s)\n", p->name, sig, abbrev ? abbrev : "?");
    } else if (WEXITSTATUS(status) != 0) {
        printf("%s: probe exited %d\n", p->name, WEXITSTATUS(status));
    }
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: syscall-probe NAME... | all | list\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "list") == 0) {
            for (size_t j = 0; j < NPROBES; j++) printf("%s\n", probes[j].name);
            continue;
        }
        if (strcmp(argv[i], "all") == 0) {
            for (size_t j = 0; j < NPROBES; j++) run(&probes[j]);
            continue;
        }
        size_t j;
        for (j = 0; j < NPROBES; j++) {
            if (strcmp(argv[i], probes[j].name) == 0) break;
        }
        if (j == NPROBES) {
            printf("%s: unknown probe\n", argv[i]);
            rc = 2;
            continue;
        }
        run(&probes[j]);
    }
    return rc;
}
