/*
 * selectserver.c - the notes' io复用/多路io转接技术 with select(): one
 * process watches the listening socket and every connected socket in one
 * descriptor set and sleeps until one of them is ready. Stevens' shape
 * (UNP tcpservselect01): a client array, a copy of the set each turn
 * (select() overwrites it), maxfd + 1, and --nready to stop early.
 *
 * An fd_set is a bitmap of FD_SETSIZE (1024) bits: FD_SET of a descriptor
 * at or above it writes outside the set (undefined behaviour; glibc with
 * _FORTIFY_SOURCE aborts: "bit out of range"). So a connection whose
 * descriptor is >= FD_SETSIZE is refused (closed, one line), and the
 * server goes on; -U leaves that guard out, to show what happens.
 *
 *   selectserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS] [-U]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static const char usage_text[] =
    "selectserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS] [-U]\n"
    "An echo server that serves every client from one process with select().\n" COMMON_USAGE STALL_USAGE
    "  -U        unguarded: FD_SET even a descriptor >= FD_SETSIZE (1024), which\n"
    "            is undefined behaviour (a fortified glibc aborts)\n" STATS_USAGE;

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
    parse_server_options(argc, argv, usage_text, "Ut:", &opt);

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
    /* Readiness is not a promise: accept() after select() may find the
     * connection gone, and must then fail (EAGAIN), not block. */
    set_nonblocking(listenfd);

    ignore_sigpipe();
    catch_stop_signals();
    spare = open_spare_fd();
    print_local_address(listenfd, "listening on");

    serve(listenfd, spare, &opt);
    print_stats();
    return 0;
}

/* Watch c for input while it wants some, for write readiness exactly
 * while echo waits in it. */
static void watch(const struct client *c, fd_set *allset, fd_set *wallset)
{
    if (wants_input(c))
        FD_SET(c->fd, allset);
    else
        FD_CLR(c->fd, allset);
    if (c->len > 0)
        FD_SET(c->fd, wallset);
    else
        FD_CLR(c->fd, wallset);
}

/* The event loop. */
static void serve(int listenfd, int spare, const struct server_options *opt)
{
    struct client *client[FD_SETSIZE], *c; /* NULL: a free slot */
    fd_set rset, wset, allset, wallset;
    int i, maxi = -1, maxfd = listenfd, nready, connfd, ms;
    struct timeval tick, *timeout;
    struct sockaddr_storage cliaddr;
    socklen_t clilen;
    char buf[BUFFER_SIZE], why[64];
    ssize_t n;

    for (i = 0; i < FD_SETSIZE; i++)
        client[i] = NULL;
    FD_ZERO(&allset);
    FD_ZERO(&wallset);
    FD_SET(listenfd, &allset);

    while (!stop_requested && !enough_clients(opt)) {
        /* select() overwrites the sets with the ready ones: give it copies. */
        rset = allset;
        wset = wallset;
        /* No timeout, unless a paused client must be looked at. */
        timeout = NULL;
        if ((ms = stall_wait_ms()) >= 0) {
            tick.tv_sec = 0;
            tick.tv_usec = ms * 1000;
            timeout = &tick;
        }
        nready = select(maxfd + 1, &rset, &wset, NULL, timeout);
        if (nready == -1 && errno == EINTR)
            continue; /* a signal: the loop's test decides */
        if (nready == -1)
            err_sys("select failed");

        if (FD_ISSET(listenfd, &rset)) { /* a new client */
            nready--;
            clilen = sizeof(cliaddr);
            connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
            if (connfd == -1) {
                accept_failed(listenfd, &spare, opt);
            } else if (connfd >= FD_SETSIZE && !opt->unguarded) {
                snprintf(why, sizeof(why), "fd %d >= FD_SETSIZE (%d)", connfd, FD_SETSIZE);
                client_refuse(connfd, (struct sockaddr *)&cliaddr, why, opt);
            } else {
                for (i = 0; i < FD_SETSIZE && client[i] != NULL; i++)
                    continue;
                if (i == FD_SETSIZE) {
                    client_refuse(connfd, (struct sockaddr *)&cliaddr, "too many clients", opt);
                } else {
                    set_nonblocking(connfd); /* a write must never block us */
                    client[i] = client_open(connfd, (struct sockaddr *)&cliaddr, opt);
                    FD_SET(connfd, &allset); /* -U: out of bounds from 1024 on */
                    if (connfd > maxfd)
                        maxfd = connfd;
                    if (i > maxi)
                        maxi = i;
                }
            }
        }

        for (i = 0; i <= maxi && (nready > 0 || timeout != NULL); i++) { /* every client */
            if ((c = client[i]) == NULL)
                continue;
            n = client_stalled(c, opt) ? -2 : 1; /* paused too long: dropped */
            if (n == 1 && FD_ISSET(c->fd, &wset)) { /* room for the echo that waits */
                nready--;
                if (echo_flush(c) == -1)
                    n = -2;
            }
            if (n == 1 && FD_ISSET(c->fd, &rset)) { /* bytes, EOF or an error */
                nready--;
                n = read(c->fd, buf, (size_t)opt->read_size);
                if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                    n = 1; /* nothing after all: readiness is no promise */
                else if (n > 0 && echo(c, buf, (size_t)n) == -1)
                    n = -2;
                else if (n == -1)
                    read_failed(c);
                else if (n == 0 && c->len > 0)
                    c->eof = n = 1; /* EOF: the echo that waits goes out first */
            }
            if (n > 0 && !client_finished(c)) {
                watch(c, &allset, &wallset);
                continue;
            }
            FD_CLR(c->fd, &allset); /* EOF, an error, or dropped */
            FD_CLR(c->fd, &wallset);
            client_close(c, opt);
            client[i] = NULL;
        }
    }
    free_clients(); /* the end: close what is still open */
}
