/* unix-listen: binds a stream socket to PATH (mode 0666, so that any user
 * may connect), listens, prints "listening PATH", and keeps the socket
 * until killed or for SECONDS (default 600), accepting and closing
 * connections.  Exit status 1 when it cannot listen, 2 on a usage error.
 * A PATH "@NAME" is the abstract socket NAME (no file, no mode).
 *
 *   unix-listen PATH [SECONDS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (argc < 2 || argc > 3 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
        fprintf(stderr, "usage: unix-listen PATH [SECONDS]\n");
        return 2;
    }
    long seconds = argc == 3 ? strtol(argv[2], NULL, 10) : 600;
    strcpy(addr.sun_path, argv[1]);
    int abstract = argv[1][0] == '@';
    socklen_t len = sizeof(addr);
    if (abstract) {
        addr.sun_path[0] = '\0';
        len = offsetof(struct sockaddr_un, sun_path) + strlen(argv[1]);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, len) != 0 || (!abstract && chmod(argv[1], 0666) != 0) ||
        listen(fd, 16) != 0) {
        fprintf(stderr, "unix-listen: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    printf("listening %s\n", argv[1]);
    fflush(stdout);
    time_t end = time(NULL) + seconds;
    while (time(NULL) < end) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 1000) > 0) {
            int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
            if (c >= 0) close(c);
        }
    }
    if (!abstract) unlink(argv[1]);
    return 0;
}
