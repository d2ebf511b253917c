/*
 * blockingserver.c - the notes' 阻塞等待: accept() a client, then read() and
 * write() until it leaves, then the next. Both calls block, so while one
 * client is served the next one waits: its connect() succeeded (the kernel
 * completed the handshake) and its bytes sit in its socket's receive queue,
 * unanswered, until the first client leaves. The baseline of the chapter.
 *
 *   blockingserver [-p PORT] [-6] [-n N] [-q] [-r BYTES]     (-h explains)
 */
#include "serve.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char usage_text[] =
    "blockingserver [-p PORT] [-6] [-n N] [-q] [-r BYTES]\n"
    "An echo server that serves one client at a time: every byte read is written\n"
    "back; the next client waits until this one leaves.\n" COMMON_USAGE STATS_USAGE;

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
    parse_server_options(argc, argv, usage_text, "", &opt);

    listenfd = socket(opt.family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");
    servlen = wildcard_address(opt.family, opt.port, &servaddr);
    if (bind(listenfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");

    ignore_sigpipe();       /* a client gone mid-echo: EPIPE, not death */
    catch_stop_signals();   /* Ctrl-C, SIGTERM: the stats line, then exit */
    spare = open_spare_fd(); /* for EMFILE: see accept_failed() */
    print_local_address(listenfd, "listening on");

    while (!stop_requested && !enough_clients(&opt)) {
        /* Block until a client has connected (the kernel did the handshake). */
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1) {
            accept_failed(listenfd, &spare, &opt); /* never ends the server */
            continue;
        }
        c = client_open(connfd, (struct sockaddr *)&cliaddr, &opt);

        /* Serve this client to its end: nobody else is answered meanwhile. */
        echo_until_eof(c, &opt); /* (serve.c: read, write back, until EOF) */
        client_close(c, &opt);
    }

    print_stats();
    return 0;
}
