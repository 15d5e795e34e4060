/* fdlist: lists the process's own open file descriptors, one a line,
 *
 *   FD TARGET MODE        (TARGET as readlink /proc/self/fd/FD; MODE r, w or rw)
 *
 * sorted by number, without the descriptor it uses to read /proc/self/fd,
 * then writes the list to OUTFILE (opened only after the listing, so it is
 * not in it), or to stdout for "-".  A shell cannot do this: it moves and
 * saves descriptors of its own around redirections.  Built static, so it
 * runs in a busybox base.
 *
 *   fdlist OUTFILE|-
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct entry {
    int fd;
    char line[600];
};

static int by_fd(const void *a, const void *b) {
    return ((const struct entry *)a)->fd - ((const struct entry *)b)->fd;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: fdlist OUTFILE|-\n");
        return 2;
    }
    static struct entry entries[1024];
    size_t n = 0;
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) {
        perror("fdlist: /proc/self/fd");
        return 1;
    }
    int own = dirfd(dir);
    struct dirent *de;
    while ((de = readdir(dir)) != NULL && n < sizeof entries / sizeof entries[0]) {
        if (de->d_name[0] == '.') continue;
        int fd = atoi(de->d_name);
        if (fd == own) continue;
        char link[64], target[512];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t len = readlink(link, target, sizeof target - 1);
        if (len < 0) len = 0;
        target[len] = '\0';
        int fl = fcntl(fd, F_GETFL);
        const char *mode = "?";
        if (fl >= 0) {
            switch (fl & O_ACCMODE) {
            case O_RDONLY: mode = "r"; break;
            case O_WRONLY: mode = "w"; break;
            case O_RDWR: mode = "rw"; break;
            }
        }
        entries[n].fd = fd;
        snprintf(entries[n].line, sizeof entries[n].line, "%d %s %s\n", fd, target, mode);
        n++;
    }
    closedir(dir);
    qsort(entries, n, sizeof entries[0], by_fd);
    FILE *out = stdout;
    if (strcmp(argv[1], "-") != 0) {
        out = fopen(argv[1], "we");
        if (!out) {
            perror(argv[1]);
            return 1;
        }
    }
    for (size_t i = 0; i < n; i++) fputs(entries[i].line, out);
    if (fclose(out) != 0) {
        perror("fdlist: write");
        return 1;
    }
    return 0;
}
