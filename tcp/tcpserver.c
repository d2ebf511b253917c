/*
 * tcpserver.c - a deliberately slow reader: it takes 1 KiB records out of
 * the receive buffer with a pause between them, so the client's send()
 * calls finish long before the data has been read here.
 *
 *   tcpserver [-p PORT] [-d usec] [-n clients] [-b backlog] [-A]
 *
 *   -d usec     pause after each 1 KiB read (default 1000)
 *   -n clients  serve this many connections, then exit 0 (default: forever)
 *   -b backlog  listen() backlog (default LISTENQ)
 *   -A          never accept(): connections pile up in the accept queue
 *               (see the backlog experiment in tcp/README.md)
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "tcpserver [-p PORT] [-d usec] [-n clients] [-b backlog] [-A] [-h]"
#define RECORD_SIZE 1024

/* Read one connection to EOF in RECORD_SIZE pieces; return the byte count. */
static long long read_data(int connfd, long delay_usec)
{
    char buf[RECORD_SIZE];
    long long total = 0;
    long records = 0;

    for (;;) {
        ssize_t n;

        printf("block in read\n");
        n = readn(connfd, buf, sizeof(buf));
        if (n == -1) {
            err_ret("read failed");
            break;
        }
        if (n == 0)
            break; /* EOF: the client closed its side */
        total += n;
        records++;
        printf("1K read for %ld\n", records);
        if ((size_t)n < sizeof(buf))
            break; /* readn stops short only at EOF */
        sleep_usec(delay_usec);
    }
    return total;
}

int main(int argc, char **argv)
{
    int listenfd, connfd, opt;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen;
    uint16_t port = SERV_PORT;
    long delay_usec = 1000, clients = -1, backlog = LISTENQ;
    int no_accept = 0;

    line_buffer_stdout();
    options_first(argc, argv, "p:d:n:b:Ah"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:d:n:b:Ah")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'd':
            delay_usec = parse_long(optarg, 0, 60000000, "delay (usec)");
            break;
        case 'n':
            clients = parse_long(optarg, 1, 1000000, "client count");
            break;
        case 'b':
            backlog = parse_long(optarg, 0, 65535, "backlog");
            break;
        case 'A':
            no_accept = 1;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");

    /* From here the kernel completes handshakes on its own and queues
     * the connections until accept() takes them (at most `backlog`). */
    if (listen(listenfd, (int)backlog) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");

    if (no_accept) {
        printf("not accepting: connections stay in the accept queue\n");
        for (;;)
            pause(); /* until a signal ends us */
    }

    for (long served = 0; clients < 0 || served < clients; served++) {
        char ip[INET_ADDRSTRLEN];
        long long total;

        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        if (inet_ntop(AF_INET, &cliaddr.sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("connection from %s:%u\n", ip, (unsigned)ntohs(cliaddr.sin_port));

        total = read_data(connfd, delay_usec);
        printf("connection closed, %lld bytes read\n", total);

        /* Close the connected socket, not the listening one. */
        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    return 0;
}
