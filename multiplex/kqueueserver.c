/*
 * kqueueserver.c - the same server as epollserver with kqueue, the BSDs'
 * and macOS's answer (Linux has none): a kernel-kept list of filters, one
 * per (descriptor, EVFILT_READ/EVFILT_WRITE), changed and waited for with
 * the one call kevent(). Level-triggered here, as epollserver's default:
 * EV_CLEAR would make a filter edge-triggered (reported once per change).
 * kevent() also says how many bytes are readable (data) and when the peer
 * has closed (EV_EOF).
 *
 *   kqueueserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/event.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_EVENTS 64 /* events taken per kevent(); the rest wait */

static const char usage_text[] =
    "kqueueserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS]\n"
    "An echo server that serves every client from one process with kqueue (macOS, BSD).\n"
    COMMON_USAGE STALL_USAGE STATS_USAGE;

static void serve(int listenfd, int spare, const struct server_options *opt);

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
    /* Readiness is not a promise: accept() after kevent() may find the
     * connection gone (ECONNABORTED here), and must then fail, not block. */
    set_nonblocking(listenfd);

    ignore_sigpipe();
    catch_stop_signals();
    spare = open_spare_fd();
    print_local_address(listenfd, "listening on");

    serve(listenfd, spare, &opt);
    print_stats();
    return 0;
}

/* Change one filter of fd (EV_ADD or EV_DELETE); c: the client, NULL for
 * the listener. */
static void change(int kq, int fd, short filter, unsigned short flags, struct client *c)
{
    struct kevent ev;

    EV_SET(&ev, (uintptr_t)fd, filter, flags, 0, 0, c);
    if (kevent(kq, &ev, 1, NULL, 0, NULL) == -1)
        err_sys("kevent failed");
}

/* Watch c for input while it wants some (1), for write readiness
 * exactly while echo waits in it (2); c->watching: what is on now. */
static void watch(int kq, struct client *c)
{
    int want = (wants_input(c) ? 1 : 0) | (c->len > 0 ? 2 : 0);

    if ((want & 1) != (c->watching & 1))
        change(kq, c->fd, EVFILT_READ, (want & 1) ? EV_ADD : EV_DELETE, c);
    if ((want & 2) != (c->watching & 2))
        change(kq, c->fd, EVFILT_WRITE, (want & 2) ? EV_ADD : EV_DELETE, c);
    c->watching = want;
}

/* The event loop. */
static void serve(int listenfd, int spare, const struct server_options *opt)
{
    struct kevent events[MAX_EVENTS];
    struct sockaddr_storage cliaddr;
    socklen_t clilen;
    struct client *c;
    char buf[BUFFER_SIZE];
    ssize_t n;
    int i, j, kq, nready, connfd, ms;
    struct timespec tick;

    /* The kernel's watch list, ours to fill once, not every turn. */
    kq = kqueue();
    if (kq == -1)
        err_sys("kqueue failed");
    change(kq, listenfd, EVFILT_READ, EV_ADD, NULL);

    while (!stop_requested && !enough_clients(opt)) {
        /* Only the ready filters come back, at most MAX_EVENTS; no
         * timeout, unless a paused client must be looked at. */
        if ((ms = stall_wait_ms()) >= 0) {
            tick.tv_sec = 0;
            tick.tv_nsec = ms * 1000000L;
        }
        nready = kevent(kq, NULL, 0, events, MAX_EVENTS, ms >= 0 ? &tick : NULL);
        if (nready == -1 && errno == EINTR)
            continue; /* a signal: the loop's test decides */
        if (nready == -1)
            err_sys("kevent failed");

        for (i = 0; i < nready; i++) {
            if (events[i].udata == (void *)&events) /* its client has gone */
                continue;
            if ((c = events[i].udata) == NULL) { /* the listener: a new client */
                clilen = sizeof(cliaddr);
                connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
                if (connfd == -1) {
                    accept_failed(listenfd, &spare, opt);
                    continue;
                }
                set_nonblocking(connfd); /* inherited here, not on Linux */
                c = client_open(connfd, (struct sockaddr *)&cliaddr, opt);
                change(kq, connfd, EVFILT_READ, EV_ADD, c);
                c->watching = 1;
                continue;
            }
            n = 1;
            if (events[i].filter == EVFILT_WRITE && echo_flush(c) == -1)
                n = -2;
            if (events[i].filter == EVFILT_READ && wants_input(c)) {
                n = read(c->fd, buf, (size_t)opt->read_size);
                if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                    n = 1;
                else if (n > 0 && echo(c, buf, (size_t)n) == -1)
                    n = -2;
                else if (n == -1)
                    read_failed(c);
                else if (n == 0 && c->len > 0)
                    c->eof = n = 1; /* EOF: the echo that waits goes out first */
            }
            if (n > 0 && !client_finished(c)) {
                watch(kq, c);
                continue;
            }
            /* Its other filter may be later in this batch: mark it gone. */
            for (j = i + 1; j < nready; j++)
                if (events[j].udata == c)
                    events[j].udata = (void *)&events;
            client_close(c, opt); /* close() removes its filters */
        }
        while ((c = next_stalled(opt)) != NULL) /* paused too long: dropped */
            client_close(c, opt);
    }
    if (close(kq) == -1)
        err_sys("close failed");
    free_clients(); /* the end: close what is still open */
}
