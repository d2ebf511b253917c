/*
 * make_socket.c - create an IPv4 TCP socket and bind it to the wildcard
 * address; print the address the kernel recorded for it.
 *
 *   make_socket [-p PORT]      (-p 0: let the kernel choose a free port)
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "make_socket [-p PORT] [-h]"

static int make_socket(uint16_t port)
{
    int sockfd;
    struct sockaddr_in name;

    /* An IPv4 (AF_INET) byte-stream (SOCK_STREAM, i.e. TCP) socket. */
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* INADDR_ANY: accept connections arriving on any local address.
     * Both fields go in network byte order (htonl/htons). */
    memset(&name, 0, sizeof(name));
    name.sin_family = AF_INET;
    name.sin_port = htons(port);
    name.sin_addr.s_addr = htonl(INADDR_ANY);

    if (bind(sockfd, (struct sockaddr *)&name, sizeof(name)) == -1)
        err_sys("bind failed");

    return sockfd;
}

int main(int argc, char **argv)
{
    uint16_t port = SERV_PORT;
    int opt, sockfd;

    line_buffer_stdout();
    options_first(argc, argv, "p:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    sockfd = make_socket(port);
    /* With port 0 the kernel picked one at bind(): ask which. */
    print_local_address(sockfd, "bound to");

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
