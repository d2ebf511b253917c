/*
 * addressused.c - a one-client server WITHOUT SO_REUSEADDR. Stop it with
 * Ctrl-C while a client is connected: the server side closed first, so the
 * connection waits in TIME_WAIT on the server's port for about a minute,
 * and starting the server again fails:
 *   bind failed: Address already in use (98)
 * addressused2.c is the same program with SO_REUSEADDR.
 *
 *   addressused [-p PORT] [-a ADDRESS]
 *
 *   -a ADDRESS  the local IPv4 address to bind (default 0.0.0.0, any)
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "addressused [-p PORT] [-a ADDRESS] [-h]"

/* Print "received N bytes: MSG": N counts every byte read, MSG is shown
 * without its line ending and through put_visible (control bytes as '?'). */
static void print_message(const char *msg, ssize_t n)
{
    size_t len = (size_t)n;

    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
        len--;
    printf("received %zd bytes: ", n);
    put_visible(msg, len);
    putchar('\n');
}

int main(int argc, char **argv)
{
    int listenfd, connfd, opt;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen = sizeof(cliaddr);
    uint16_t port = SERV_PORT;
    const char *address = "0.0.0.0";
    char message[MAXLINE];

    line_buffer_stdout();
    options_first(argc, argv, "p:a:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:a:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'a':
            address = optarg;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, address, &servaddr.sin_addr) != 1)
        err_arg("invalid IPv4 address '%s'", address);

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");

    /* No SO_REUSEADDR here: bind() refuses a port that a connection in
     * TIME_WAIT still holds. */
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");

    connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
    if (connfd == -1)
        err_sys("accept failed");

    for (;;) {
        ssize_t n;

        n = read(connfd, message, sizeof(message));

        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_sys("read failed");
        }
        if (n == 0)
            break; /* the client's FIN: it closed first, so it gets the TIME_WAIT */
        print_message(message, n);
    }
    printf("client closed\n");

    if (close(connfd) == -1)
        err_sys("close failed");
    if (close(listenfd) == -1)
        err_sys("close failed");
    return 0;
}
