/* unix-connect: connects a stream socket to the Unix socket at PATH and
 * prints "connect PATH: OK" or "connect PATH: ERRNO-NAME".  Exit status 0
 * when it could tell, 2 on a usage error.  A PATH "@NAME" is the abstract
 * socket NAME.
 *
 *   unix-connect PATH
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (argc != 2 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
        fprintf(stderr, "usage: unix-connect PATH\n");
        return 2;
    }
    strcpy(addr.sun_path, argv[1]);
    socklen_t len = sizeof(addr);
    if (argv[1][0] == '@') {
        addr.sun_path[0] = '\0';
        len = offsetof(struct sockaddr_un, sun_path) + strlen(argv[1]);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, len) != 0) {
        const char *name = strerrorname_np(errno);
        printf("connect %s: %s\n", argv[1], name ? name : strerror(errno));
        return 0;
    }
    close(fd);
    printf("connect %s: OK\n", argv[1]);
    return 0;
}
