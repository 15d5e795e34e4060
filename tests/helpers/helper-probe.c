/* helper-probe: stands in for one of cordon's root helpers (bind-mounted
 * over it in a spread task's own mount namespace), writes what it
 * inherited to REPORT, then execs REAL with the same arguments so the
 * launch goes on as usual.
 *
 *   built with -DREPORT='"/path"' -DREAL='"/path"'
 *
 * The report, one fact a line:
 *   ids RUID EUID SUID RGID EGID SGID NGROUPS
 *   env NAME=VALUE                  (each variable)
 *   fd N TARGET                     (each open fd but the one listing them)
 *   rlimit NAME SOFT HARD           (-1: unlimited)
 *   sigblk HEX / sigign HEX         (from /proc/self/status)
 *   capprm HEX / capeff HEX         (likewise)
 *   pdeathsig N
 *   cwd PATH
 *   umask OOO
 *   session SID PGID PID            (a session leader: all three equal)
 *   mntns TARGET                    (readlink /proc/self/ns/mnt)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void limit(FILE *out, const char *name, int resource) {
    struct rlimit r;
    if (getrlimit(resource, &r) != 0) return;
    fprintf(out, "rlimit %s %lld %lld\n", name, r.rlim_cur == RLIM_INFINITY ? -1LL : (long long)r.rlim_cur,
            r.rlim_max == RLIM_INFINITY ? -1LL : (long long)r.rlim_max);
}

static void status_field(FILE *out, const char *field, const char *label) {
    FILE *st = fopen("/proc/self/status", "r");
    char line[256];
    size_t n = strlen(field);
    if (!st) return;
    while (fgets(line, sizeof line, st)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            char *v = line + n + 1;
            v += strspn(v, " \t");
            fprintf(out, "%s %s", label, v);
        }
    }
    fclose(st);
}

int main(int argc, char **argv) {
    (void)argc;
    FILE *out = fopen(REPORT, "we");
    if (!out) return 125;
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    getresuid(&ru, &eu, &su);
    getresgid(&rg, &eg, &sg);
    fprintf(out, "ids %d %d %d %d %d %d %d\n", (int)ru, (int)eu, (int)su, (int)rg, (int)eg, (int)sg,
            getgroups(0, NULL));
    for (char **e = environ; *e; e++) fprintf(out, "env %s\n", *e);
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d) || atoi(de->d_name) == fileno(out)) continue;
            char path[300], target[4096];
            snprintf(path, sizeof path, "/proc/self/fd/%s", de->d_name);
            ssize_t n = readlink(path, target, sizeof target - 1);
            target[n > 0 ? n : 0] = '\0';
            fprintf(out, "fd %s %s\n", de->d_name, target);
        }
        closedir(d);
    }
    limit(out, "AS", RLIMIT_AS);
    limit(out, "DATA", RLIMIT_DATA);
    limit(out, "STACK", RLIMIT_STACK);
    limit(out, "FSIZE", RLIMIT_FSIZE);
    limit(out, "CPU", RLIMIT_CPU);
    limit(out, "CORE", RLIMIT_CORE);
    limit(out, "NOFILE", RLIMIT_NOFILE);
    status_field(out, "SigBlk", "sigblk");
    status_field(out, "SigIgn", "sigign");
    status_field(out, "CapPrm", "capprm");
    status_field(out, "CapEff", "capeff");
    int sig = -1;
    prctl(PR_GET_PDEATHSIG, &sig);
    fprintf(out, "pdeathsig %d\n", sig);
    char cwd[4096];
    fprintf(out, "cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
    mode_t mask = umask(022);
    umask(mask);
    fprintf(out, "umask %03o\n", (unsigned)mask);
    fprintf(out, "session %d %d %d\n", (int)getsid(0), (int)getpgrp(), (int)getpid());
    char ns[256];
    ssize_t n = readlink("/proc/self/ns/mnt", ns, sizeof ns - 1);
    ns[n > 0 ? n : 0] = '\0';
    fprintf(out, "mntns %s\n", ns);
    fclose(out);
    execv(REAL, argv);
    return 127;
}
