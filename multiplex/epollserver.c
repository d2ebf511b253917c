/*
 * epollserver.c - the same server as pollserver with epoll (Linux): the
 * kernel keeps the watched set (epoll_ctl adds, changes, removes), and
 * epoll_wait() returns only the ready descriptors, so a turn costs what is
 * ready, not what is watched: 10000 idle clients cost nothing.
 *
 * Level-triggered (the default), epoll_wait() reports a descriptor as long
 * as it is readable, like poll(). Edge-triggered (-e, EPOLLET), it reports
 * a change once: the socket must then be read until EAGAIN (and the
 * listener accepted until EAGAIN), or what is left stays unreported until
 * the peer sends again. -1 (with -e) does one read() or accept() per
 * event, the classic bug: the rest of the bytes are stranded in the
 * receive queue, back-to-back connections in the accept queue.
 *
 *   epollserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS] [-e [-1]]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 64 /* events taken per epoll_wait(); the rest wait */

static const char usage_text[] =
    "epollserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS] [-e [-1]]\n"
    "An echo server that serves every client from one process with epoll (Linux).\n" COMMON_USAGE STALL_USAGE
    "  -e        edge-triggered (EPOLLET): read and accept until EAGAIN\n"
    "  -1        with -e: one read() or accept() per event, the bug that strands\n"
    "            bytes (try -r 16 and a 100-byte line)\n" STATS_USAGE;

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
    parse_server_options(argc, argv, usage_text, "e1t:", &opt);

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
    /* Readiness is not a promise: accept() after epoll_wait() may find the
     * connection gone, and must then fail (EAGAIN), not block; -e: accept
     * until EAGAIN says the queue is empty. */
    set_nonblocking(listenfd);

    ignore_sigpipe();
    catch_stop_signals();
    spare = open_spare_fd();
    print_local_address(listenfd, "listening on");

    serve(listenfd, spare, &opt);
    print_stats();
    return 0;
}

/* Add fd to the epoll set or change its events; c: the client, NULL for
 * the listener. EPOLLIN while c wants input, EPOLLOUT while echo waits. */
static void watch(int epfd, int fd, struct client *c, const struct server_options *opt)
{
    struct epoll_event ev;
    int op = EPOLL_CTL_MOD;

    memset(&ev, 0, sizeof(ev));
    ev.events = (c == NULL || wants_input(c) ? EPOLLIN : 0) |
                (c != NULL && c->len > 0 ? EPOLLOUT : 0) | (opt->edge ? EPOLLET : 0);
    if (c != NULL && c->watching == (int)ev.events)
        return; /* nothing changes */
    if (c == NULL || c->watching == -1)
        op = EPOLL_CTL_ADD;
    ev.data.ptr = c;
    if (epoll_ctl(epfd, op, fd, &ev) == -1)
        err_sys("epoll_ctl failed");
    if (c != NULL)
        c->watching = (int)ev.events;
}

/* The listener is ready: accept one client, or (-e) every waiting one. */
static void accept_clients(int epfd, int listenfd, int *spare, const struct server_options *opt)
{
    struct sockaddr_storage cliaddr;
    socklen_t clilen;
    struct client *c;
    int connfd;

    do {
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return; /* the queue is empty */
        if (connfd == -1) {
            if (accept_failed(listenfd, spare, opt)) /* EMFILE: the spare takes one */
                continue;
            return; /* out of descriptors, none waiting: the next edge tells */
        }
        set_nonblocking(connfd); /* a write must never block us; -e: reads until EAGAIN */
        c = client_open(connfd, (struct sockaddr *)&cliaddr, opt);
        c->watching = -1; /* not in the set yet */
        watch(epfd, connfd, c, opt);
    } while (opt->edge && !opt->one_read && !stop_requested); /* -e: until EAGAIN */
}

/* c is readable: one read (level-triggered, -1), or until EAGAIN (-e).
 * Returns 0, or -1 when c must be closed (EOF, an error, dropped). */
static int read_client(struct client *c, const struct server_options *opt)
{
    char buf[BUFFER_SIZE];
    ssize_t n;

    do {
        n = read(c->fd, buf, (size_t)opt->read_size);
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0; /* all read: the next edge will come */
        if (n == -1 && errno == EINTR)
            continue;
        if (n == 0 && c->len > 0) {
            c->eof = 1; /* EOF: the echo that waits goes out first */
            return 0;
        }
        if (n == -1)
            read_failed(c);
        if (n <= 0 || echo(c, buf, (size_t)n) == -1)
            return -1;
    } while (opt->edge && !opt->one_read && wants_input(c)); /* -e: until EAGAIN or paused */
    return 0;
}

/* The event loop. */
static void serve(int listenfd, int spare, const struct server_options *opt)
{
    struct epoll_event events[MAX_EVENTS];
    struct client *c;
    int i, epfd, nready, closing;

    /* The kernel's watch list, ours to fill once, not every turn. */
    epfd = epoll_create1(0);
    if (epfd == -1)
        err_sys("epoll_create1 failed");
    watch(epfd, listenfd, NULL, opt);

    while (!stop_requested && !enough_clients(opt)) {
        /* Only the ready descriptors come back, at most MAX_EVENTS. */
        nready = epoll_wait(epfd, events, MAX_EVENTS, stall_wait_ms()); /* -1: none */
        if (nready == -1 && errno == EINTR)
            continue; /* a signal: the loop's test decides */
        if (nready == -1)
            err_sys("epoll_wait failed");

        for (i = 0; i < nready; i++) {
            if ((c = events[i].data.ptr) == NULL) { /* the listener: new clients */
                accept_clients(epfd, listenfd, &spare, opt);
                continue;
            }
            closing = 0;
            if ((events[i].events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && echo_flush(c) == -1)
                closing = 1;
            if (!closing && wants_input(c) && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                closing = read_client(c, opt) == -1;
            if (closing || client_finished(c))
                client_close(c, opt); /* close() takes it out of the epoll set */
            else
                watch(epfd, c->fd, c, opt);
        }
        while ((c = next_stalled(opt)) != NULL) /* paused too long: dropped */
            client_close(c, opt);
    }
    if (close(epfd) == -1)
        err_sys("close failed");
    free_clients(); /* the end: close what is still open */
}
