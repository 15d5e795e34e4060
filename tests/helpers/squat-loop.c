/* squat-loop: what a user who wants to deny cordon its root-only
 * directory does: keeps creating PATH (a directory of its own) for
 * SECONDS, as fast as it can, and prints how often mkdir succeeded.
 *
 *   squat-loop PATH SECONDS
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: squat-loop PATH SECONDS\n");
        return 2;
    }
    time_t end = time(NULL) + atoi(argv[2]);
    unsigned long made = 0;
    while (time(NULL) < end) {
        for (int i = 0; i < 1000; ++i)
            if (mkdir(argv[1], 0700) == 0) ++made;
    }
    printf("%lu\n", made);
    return 0;
}
