/*
 * pollserver.c - the same server as selectserver with poll(): an array of
 * struct pollfd instead of a bitmap, so no FD_SETSIZE and no copy each turn
 * (poll() writes only revents), an array that grows with the clients (the
 * course's poll server stopped at FOPEN_MAX, 16), and nready counting
 * descriptors, not bits. A client that leaves is removed from the array
 * while the loop walks it: the last entry moves into its slot.
 *
 * Out of descriptors (EMFILE), accept() fails and leaves the connection in
 * the queue: the listener stays readable and poll() returns at once, for
 * ever, at 100% CPU. A spare descriptor, closed for a moment to accept and
 * close the surplus connection, prevents it; -E goes without, to show it.
 *
 *   pollserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS] [-E]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char usage_text[] =
    "pollserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-t SECS] [-E]\n"
    "An echo server that serves every client from one process with poll().\n" COMMON_USAGE STALL_USAGE
    "  -E        no spare descriptor: out of descriptors (EMFILE), accept() fails\n"
    "            and the loop spins at 100% CPU while the connection waits\n" STATS_USAGE;

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
    parse_server_options(argc, argv, usage_text, "Et:", &opt);

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
    /* Readiness is not a promise: accept() after poll() may find the
     * connection gone, and must then fail (EAGAIN), not block. */
    set_nonblocking(listenfd);

    ignore_sigpipe();
    catch_stop_signals();
    /* The spare descriptor that keeps EMFILE from spinning; -E: none. */
    spare = opt.no_spare ? -1 : open_spare_fd();
    print_local_address(listenfd, "listening on");

    serve(listenfd, spare, &opt);
    print_stats();
    return 0;
}

/* Room for at least one more entry in both arrays (doubling). */
static void grow(struct pollfd **pollfds, struct client ***client, nfds_t *room)
{
    *room = *room ? 2 * *room : 16;
    *pollfds = realloc(*pollfds, *room * sizeof(**pollfds));
    *client = realloc(*client, *room * sizeof(**client));
    if (*pollfds == NULL || *client == NULL)
        err_sys("realloc failed");
}

/* The event loop. */
static void serve(int listenfd, int spare, const struct server_options *opt)
{
    struct pollfd *pollfds = NULL; /* [0]: the listener; [i]: client[i] */
    struct client **client = NULL, *c;
    nfds_t i, nfds = 1, room = 0;
    int nready, connfd, ms, stalled;
    struct sockaddr_storage cliaddr;
    socklen_t clilen;
    char buf[BUFFER_SIZE];
    ssize_t n;

    grow(&pollfds, &client, &room);
    pollfds[0].fd = listenfd;
    pollfds[0].events = POLLIN;

    while (!stop_requested && !enough_clients(opt)) {
        /* poll() leaves events alone and fills revents: no copy needed. */
        /* No timeout (-1), unless a paused client must be looked at. */
        ms = stall_wait_ms();
        nready = poll(pollfds, nfds, ms);
        if (nready == -1 && errno == EINTR)
            continue; /* a signal: the loop's test decides */
        if (nready == -1)
            err_sys("poll failed");

        if (pollfds[0].revents & POLLIN) { /* a new client */
            nready--;
            clilen = sizeof(cliaddr);
            connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
            if (connfd == -1) {
                accept_failed(listenfd, &spare, opt); /* -E: the spin */
            } else {
                if (nfds == room)
                    grow(&pollfds, &client, &room);
                set_nonblocking(connfd); /* a write must never block us */
                client[nfds] = client_open(connfd, (struct sockaddr *)&cliaddr, opt);
                pollfds[nfds].fd = connfd;
                pollfds[nfds].events = POLLIN;
                pollfds[nfds].revents = 0;
                nfds++;
            }
        }

        for (i = 1; i < nfds && (nready > 0 || ms >= 0);) { /* every client */
            c = client[i];
            stalled = client_stalled(c, opt); /* paused too long: dropped */
            if (pollfds[i].revents == 0 && !stalled) {
                i++;
                continue;
            }
            if (pollfds[i].revents != 0)
                nready--; /* one per descriptor, whatever its events */
            n = stalled ? -2 : 1;
            if (n == 1 && (pollfds[i].revents & (POLLOUT | POLLHUP | POLLERR)) && echo_flush(c) == -1)
                n = -2;
            if (n == 1 && wants_input(c) && (pollfds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
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
            if (n > 0 && !client_finished(c)) { /* input wanted? echo waiting? */
                pollfds[i].events = (wants_input(c) ? POLLIN : 0) | (c->len > 0 ? POLLOUT : 0);
                i++;
                continue;
            }
            client_close(c, opt); /* EOF, an error, or dropped */
            /* Remove entry i while walking: the last entry moves here and
             * is looked at next (its revents are this turn's too). */
            nfds--;
            client[i] = client[nfds];
            pollfds[i] = pollfds[nfds];
        }
    }
    free(pollfds);
    free(client);
    free_clients(); /* the end: close what is still open */
}
