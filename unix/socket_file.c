/* socket_file.c - the local-socket chapter's shared code (socket_file.h). */
#include "socket_file.h"

#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

volatile sig_atomic_t stop_signal;

/* The file bind() created, kept here for the atexit handler: a copy, since
 * the caller's path may be gone (a local of main) when the handler runs. */
static struct sockaddr_un bound; /* its path; empty until remove_at_exit */
static struct stat socket_file;  /* which file that was (device, inode) */

void set_socket_path(struct sockaddr_un *addr, const char *path)
{
    size_t len = strlen(path);

    if (len == 0)
        err_arg("empty socket path");
    if (len >= sizeof(addr->sun_path))
        err_arg("socket path too long (%zu bytes, at most %zu): %s", len,
                sizeof(addr->sun_path) - 1, path);
    memset(addr, 0, sizeof(*addr));
    addr->sun_family = AF_UNIX;
    memcpy(addr->sun_path, path, len + 1);
}

void remove_stale_socket(const struct sockaddr_un *addr)
{
    const char *path = addr->sun_path;
    struct stat st;
    int probe, gone;

    if (lstat(path, &st) == -1) {
        if (errno == ENOENT)
            return; /* nothing there: bind will create it */
        err_sys("cannot check %s", path);
    }
    if (!S_ISSOCK(st.st_mode))
        err_quit("%s exists and is not a socket: refusing to replace it", path);

    /* Is a socket still bound behind the file? Ask with a datagram socket:
     * its connect() sends nothing, it only looks the path up. A live
     * datagram socket accepts it, a live stream socket answers EPROTOTYPE
     * (wrong type), and a file with no socket left behind it (its server
     * was killed) ECONNREFUSED. A stream probe would instead show up at a
     * running stream server as a client that quits at once. */
    probe = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (probe == -1)
        err_sys("socket failed");
    if (connect(probe, (const struct sockaddr *)addr, sizeof(*addr)) == 0 || errno == EPROTOTYPE)
        err_quit("%s is in use by a running server", path);
    /* ENOENT: removed meanwhile; anything else (EACCES: the file is not
     * ours to write) leaves the question open: refuse. */
    if (errno != ECONNREFUSED && errno != ENOENT)
        err_sys("cannot check whether %s is in use", path);
    gone = (errno == ENOENT);
    if (close(probe) == -1)
        err_sys("close failed");
    if (gone)
        return; /* bind will create it */

    if (unlink(path) == -1)
        err_sys("cannot remove old socket file %s", path);
    printf("removed old socket file ");
    print_visible(path, strlen(path));
}

/* The atexit handler: every way out (return from main, err_sys, a stop
 * signal, a failed stdout) removes the file, if it is still ours. */
static void remove_socket_file(void)
{
    const char *socket_path = bound.sun_path;
    struct stat st;

    if (socket_path[0] == '\0' || lstat(socket_path, &st) == -1)
        return; /* nothing of ours there any more */
    /* Another server may have replaced our file with its own since
     * (remove_stale_socket, then bind, in the same instant as ours):
     * remove only the very file we created. */
    if (st.st_dev != socket_file.st_dev || st.st_ino != socket_file.st_ino) {
        fput_visible(stderr, socket_path, strlen(socket_path)); /* masked, as err_* do */
        if (S_ISSOCK(st.st_mode))
            fputs(" now belongs to another server: left in place\n", stderr);
        else /* someone put another kind of file there: not ours to delete */
            fprintf(stderr, " is no longer our socket (now %s): left in place\n",
                    file_kind(st.st_mode));
        return;
    }
    if (unlink(socket_path) == -1 && errno != ENOENT)
        err_ret("cannot remove %s", socket_path);
}

void remove_at_exit(const char *path)
{
    if (lstat(path, &socket_file) == -1) {
        int errnum = errno;

        if (unlink(path) == -1 && errno != ENOENT)
            err_ret("cannot remove %s", path);
        errno = errnum;
        err_sys("cannot check %s", path);
    }
    /* path fits sun_path: it comes from a bound address */
    memcpy(bound.sun_path, path, strnlen(path, sizeof(bound.sun_path) - 1));
    if (atexit(remove_socket_file) != 0) {
        remove_socket_file();
        err_quit("atexit failed");
    }
}

static void on_stop_signal(int signo)
{
    stop_signal = signo; /* main sees it when a blocked call fails with EINTR */
}

void catch_stop_signals(void)
{
    static const int signals[] = {
        SIGINT,    SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM,
#ifdef SIGVTALRM
        SIGVTALRM,
#endif
#ifdef SIGPROF
        SIGPROF,
#endif
#ifdef SIGXCPU
        SIGXCPU,
#endif
#ifdef SIGXFSZ
        SIGXFSZ,
#endif
    };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the blocked call returns EINTR */
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        if (sigaction(signals[i], &sa, NULL) == -1)
            err_sys("sigaction failed");
    }
}
