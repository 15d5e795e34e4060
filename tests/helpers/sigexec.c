/* sigexec: sets up a signal mask and ignored signals, then execs a command.
 *
 *   sigexec [-b SIG]... [-B] [-i SIG]... [-d SIG]... -- CMD [ARG...]
 *
 *   -b SIG   block SIG          -B       block every signal (that can be)
 *   -i SIG   ignore SIG         -d SIG   default disposition for SIG
 *
 * SIG is a number or a name without SIG (USR1, CHLD, RTMIN+3, ...).  CMD is
 * searched in PATH.  On errors: a message and exit 127.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_signal(const char *s) {
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end && n > 0 && n < NSIG) return (int)n;
    if (strncmp(s, "SIG", 3) == 0) s += 3;
    if (strncmp(s, "RTMIN+", 6) == 0) {
        n = strtol(s + 6, &end, 10);
        if (!*end && SIGRTMIN + n <= SIGRTMAX) return SIGRTMIN + (int)n;
    }
    for (int sig = 1; sig < NSIG; sig++) {
        const char *abbrev = sigabbrev_np(sig);
        if (abbrev && strcmp(abbrev, s) == 0) return sig;
    }
    fprintf(stderr, "sigexec: unknown signal %s\n", s);
    exit(127);
}

int main(int argc, char **argv) {
    sigset_t block;
    sigemptyset(&block);
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-B") == 0) {
            sigfillset(&block);
            continue;
        }
        if ((strcmp(a, "-b") && strcmp(a, "-i") && strcmp(a, "-d")) || i + 1 >= argc) {
            fprintf(stderr, "usage: sigexec [-b SIG]... [-B] [-i SIG]... [-d SIG]... -- CMD [ARG...]\n");
            return 127;
        }
        int sig = parse_signal(argv[++i]);
        if (a[1] == 'b') {
            sigaddset(&block, sig);
        } else if (signal(sig, a[1] == 'i' ? SIG_IGN : SIG_DFL) == SIG_ERR) {
            fprintf(stderr, "sigexec: signal %d: %s\n", sig, strerror(errno));
            return 127;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "sigexec: no command\n");
        return 127;
    }
    if (sigprocmask(SIG_SETMASK, &block, NULL) != 0) {
        perror("sigexec: sigprocmask");
        return 127;
    }
    execvp(argv[i], argv + i);
    fprintf(stderr, "sigexec: %s: %s\n", argv[i], strerror(errno));
    return 127;
}
