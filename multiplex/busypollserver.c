/*
 * busypollserver.c - the notes' 非阻塞忙轮询: one process, every socket
 * non-blocking (fcntl O_NONBLOCK), and a loop that tries each one in turn:
 * accept() on the listening socket, read() on every client. A try that
 * finds nothing returns at once with EAGAIN, and the loop tries again, and
 * again: it serves many clients, and burns a whole CPU doing it even when
 * nobody sends anything. On exit it says how many tries found nothing.
 *
 *   busypollserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char usage_text[] =
    "busypollserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS]\n"
    "An echo server that polls its non-blocking sockets in a busy loop (100% CPU).\n"
    COMMON_USAGE STALL_USAGE STATS_USAGE " Before it: how many tries found nothing.";

static void busy_poll(int listenfd, int spare, const struct server_options *opt);

int main(int argc, char **argv)
{
    int listenfd, spare;
    const int off = 0;
    struct sockaddr_storage servaddr;
    socklen_t servlen;
    struct server_options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_server_options(argc, argv, usage_text, "t:", &opt);

    listenfd = socket(opt.family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families (Linux's default; the BSDs' is v6 only). */
    if (opt.family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");
    servlen = wildcard_address(opt.family, opt.port, &servaddr);
    if (bind(listenfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    /* accept() must return at once when no client waits: EAGAIN. */
    set_nonblocking(listenfd);

    ignore_sigpipe();
    catch_stop_signals();
    spare = open_spare_fd();
    print_local_address(listenfd, "listening on");

    busy_poll(listenfd, spare, &opt);
    print_stats();
    return 0;
}

/* The loop: try the listening socket, then every client, forever. */
static void busy_poll(int listenfd, int spare, const struct server_options *opt)
{
    struct client **client = NULL, *c;
    size_t nclients = 0, room = 0, i;
    long long idle_tries = 0;
    struct sockaddr_storage cliaddr;
    socklen_t clilen;
    char buf[BUFFER_SIZE];
    ssize_t n;
    int connfd, ok;

    while (!stop_requested && !enough_clients(opt)) {
        /* A new client? Usually not: EAGAIN, and on to the next try. */
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            idle_tries++;
        } else if (connfd == -1) {
            accept_failed(listenfd, &spare, opt);
        } else {
            /* Linux: an accepted socket does not inherit O_NONBLOCK. */
            set_nonblocking(connfd);
            if (nclients == room) {
                room = room ? 2 * room : 16;
                client = realloc(client, room * sizeof(*client));
                if (client == NULL)
                    err_sys("realloc failed");
            }
            client[nclients++] = client_open(connfd, (struct sockaddr *)&cliaddr, opt);
        }

        /* Bytes from a client? Usually not either: EAGAIN again. */
        for (i = 0; i < nclients;) {
            c = client[i];
            ok = !client_stalled(c, opt) && /* paused too long: dropped */
                 !(c->len > 0 && echo_flush(c) == -1); /* write failed: close */
            if (ok && wants_input(c)) {
                n = read(c->fd, buf, (size_t)opt->read_size);
                if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                    idle_tries++;
                else if (n > 0) /* echoed (or waiting in c->pending) */
                    ok = echo(c, buf, (size_t)n) == 0;
                else if (n == 0)
                    c->eof = 1; /* EOF: the echo that waits goes out first */
                else {
                    read_failed(c);
                    ok = 0;
                }
            }
            if (!ok || client_finished(c)) {
                client_close(c, opt); /* EOF, an error, or dropped */
                client[i] = client[--nclients]; /* the last one moves here */
                continue;                      /* and is tried now */
            }
            i++;
        }
    }
    say("busy polling: %lld tries found nothing\n", idle_tries);
    free(client);
    free_clients(); /* the end: close what is still open */
}
