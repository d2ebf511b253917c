/*
 * threadserver.c - a thread per client: the main thread accepts, and each
 * connection gets a detached thread (nobody joins it: its resources go
 * when it returns) that echoes with blocking read()/write(). An error on
 * one connection ends only its thread: the course's thread server called
 * exit() there and a single reset took the whole server down.
 *
 *   threadserver [-p PORT] [-6] [-n N] [-q] [-r BYTES]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char usage_text[] =
    "threadserver [-p PORT] [-6] [-n N] [-q] [-r BYTES]\n"
    "An echo server that starts a thread per client.\n" COMMON_USAGE STATS_USAGE;

static struct server_options opt; /* read by every thread, written before any */

/* What a new thread gets: the connection, not yet a client. */
struct conn {
    int connfd;
    struct sockaddr_storage cliaddr;
};

static void start_thread(int connfd, const struct sockaddr_storage *cliaddr);
static void *serve_client(void *arg);

int main(int argc, char **argv)
{
    int listenfd, connfd, spare;
    const int off = 0;
    struct sockaddr_storage servaddr, cliaddr;
    socklen_t servlen, clilen;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_server_options(argc, argv, usage_text, "", &opt);

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

    ignore_sigpipe();     /* a reset client: EPIPE in its thread, not death */
    catch_stop_signals(); /* delivered to this thread only: see start_thread */
    spare = open_spare_fd();
    print_local_address(listenfd, "listening on");

    while (!stop_requested) {
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1) {
            accept_failed(listenfd, &spare, &opt);
            continue;
        }
        /* One thread per client; the main thread goes back to accept(). */
        start_thread(connfd, &cliaddr);
    }
    print_stats();
    return 0;
}

/* Start a detached thread for connfd, with SIGINT and SIGTERM blocked in
 * it (a new thread inherits its creator's mask), so that they reach the
 * main thread and interrupt its accept(). No thread: refuse the client. */
static void start_thread(int connfd, const struct sockaddr_storage *cliaddr)
{
    pthread_t tid;
    pthread_attr_t attr;
    sigset_t stops, old;
    struct conn *conn = malloc(sizeof(*conn));
    char why[128];
    int e;

    if (conn == NULL)
        err_sys("malloc failed");
    conn->connfd = connfd;
    conn->cliaddr = *cliaddr;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    if ((e = pthread_sigmask(SIG_BLOCK, &stops, &old)) != 0 ||
        (e = pthread_attr_init(&attr)) != 0 ||
        (e = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED)) != 0) {
        errno = e;
        err_sys("pthread setup failed");
    }
    e = pthread_create(&tid, &attr, serve_client, conn);
    if (e != 0) { /* no thread (out of memory, a limit): refuse this client */
        snprintf(why, sizeof(why), "no thread: %s (%d)", strerror(e), e);
        client_refuse(connfd, (struct sockaddr *)&conn->cliaddr, why, &opt);
        free(conn);
    }
    pthread_attr_destroy(&attr);
    if ((e = pthread_sigmask(SIG_SETMASK, &old, NULL)) != 0) {
        errno = e;
        err_sys("pthread_sigmask failed");
    }
}

/* One client's thread: read and write back until EOF or an error, which
 * ends this thread and this connection, nothing else. */
static void *serve_client(void *arg)
{
    struct conn *conn = arg;
    struct client *c = client_open(conn->connfd, (struct sockaddr *)&conn->cliaddr, &opt);
    char buf[BUFFER_SIZE];
    ssize_t n;

    free(conn);
    while ((n = read(c->fd, buf, (size_t)opt.read_size)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            read_failed(c); /* e.g. Connection reset by peer (104) */
            break;
        }
        count_read();
        if (writen(c->fd, buf, (size_t)n) == -1) {
            err_ret("write to %s failed", c->addr);
            break;
        }
    }
    if (client_close(c, &opt) == opt.clients) { /* -n: the Nth has left */
        print_stats();
        exit(0);
    }
    return NULL;
}
