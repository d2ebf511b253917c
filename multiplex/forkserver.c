/*
 * forkserver.c - a process per client: the parent accepts and forks, the
 * child serves its one client with blocking read()/write() and exits. The
 * child closes the listening socket (only the parent accepts), the parent
 * closes the connected one (only the child talks on it: a close() there
 * just drops the parent's reference). A finished child stays a zombie
 * until its parent wait()s for it: a SIGCHLD handler reaps every child
 * that has ended, saving errno, and interrupts accept() (EINTR), which is
 * no error.
 *
 *   forkserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-Z]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage_text[] =
    "forkserver [-p PORT] [-6] [-n N] [-q] [-r BYTES] [-Z]\n"
    "An echo server that forks a process per client.\n" COMMON_USAGE
    "  -Z        never reap the children: each one that ends stays a zombie\n"
    "            (<defunct>, state Z) until the server exits\n" STATS_USAGE
    " CPU time includes the children reaped.";

static void on_sigchld(void (*handler)(int));
static void reap_children(int sig);
static void child_ended(int sig);

int main(int argc, char **argv)
{
    int listenfd, connfd, spare;
    const int off = 0;
    struct sockaddr_storage servaddr, cliaddr;
    socklen_t servlen, clilen;
    struct server_options opt;
    struct client *c;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_server_options(argc, argv, usage_text, "Z", &opt);

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

    /* Reap children as they end. -Z: never (the zombies stay until we
     * exit); the handler only interrupts accept(), for -n's last client. */
    on_sigchld(opt.no_reap ? child_ended : reap_children);
    ignore_sigpipe();
    catch_stop_signals();
    spare = open_spare_fd();
    print_local_address(listenfd, "listening on");

    while (!stop_requested && !enough_clients(&opt)) {
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1) {
            accept_failed(listenfd, &spare, &opt); /* EINTR: a child ended */
            continue;
        }
        c = client_open(connfd, (struct sockaddr *)&cliaddr, &opt);
        switch (fork()) {
        case -1:
            err_ret("fork failed");
            client_close(c, &opt);
            break;
        case 0: /* the child: serves this client, never accepts */
            close(listenfd);
            close(spare);
            echo_until_eof(c, &opt);
            client_close(c, &opt);
            exit(0);
        default: /* the parent: the connection is the child's now */
            close(connfd);
            client_forget(c);
        }
    }
    print_stats();
    return 0;
}

/* Call handler on SIGCHLD; no SA_RESTART: it interrupts accept() (EINTR),
 * so the loop sees -n's last client leave. */
static void on_sigchld(void (*handler)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGCHLD, &sa, NULL) == -1)
        err_sys("sigaction SIGCHLD failed");
}

/* SIGCHLD: wait for every child that has ended (signals do not queue: one
 * SIGCHLD may stand for several), without blocking; waitpid() may change
 * errno under the code the signal interrupted, so keep it. */
static void reap_children(int sig)
{
    int saved_errno = errno;

    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        continue;
    errno = saved_errno;
}

/* SIGCHLD with -Z: nothing to do (no wait(): the child stays a zombie);
 * being caught is the point, accept() returns EINTR. */
static void child_ended(int sig)
{
    (void)sig;
}
