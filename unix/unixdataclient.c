/*
 * unixdataclient.c - send each stdin line to unixdataserver as one local
 * datagram and print the reply. Unlike a UDP client, it must bind() a path
 * of its own first: a datagram from an unbound local socket carries no
 * return address, so the server could not answer.
 *
 *   unixdataclient [-t SECS] <local_path>
 *
 * -t bounds each exchange, the send and the reply together (SO_SNDTIMEO,
 * SO_RCVTIMEO): a local datagram is never lost, but a server that is
 * stopped with a full queue makes sendto wait, and one killed after it
 * received the message never answers. Either way: "no reply from PATH
 * within N s (server stuck or gone?)", exit 1. Ctrl-Z then fg (SIGSTOP,
 * SIGCONT) changes nothing: the interrupted call goes on with the time
 * left.
 *
 * Its own path is $TMPDIR/unixdataclient.XXXXXX/client.sock (TMPDIR
 * defaults to /tmp): a fresh private directory from mkdtemp(), never a
 * guessable name from tmpnam(). Both are removed on every way out but
 * SIGKILL: end of input, an error, a stopped stdout, and the stop signals
 * (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT, ...).
 *
 * A message is at most MAXLINE (4096) bytes: a longer line is reported and
 * skipped. Replies are printed through lib's put_visible (control
 * characters and malformed UTF-8 as '?').
 */
#include "common.h"
#include "socket_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define OPTSTRING "t:h"
#define USAGE                                                                                      \
    "unixdataclient [-t SECS] <local_path>\n"                                                      \
    "Send each line typed on stdin as one local datagram, print the reply.\n"                      \
    "  <local_path>  the server's socket file, e.g. /tmp/unixdata.sock\n"                          \
    "  -t SECS       give up (exit 1) when a send and its reply take longer\n"                     \
    "                (seconds, decimals allowed; default 5; 0: wait forever)\n"                    \
    "  -h            print this help and exit\n"                                                   \
    "The reply comes back to a path of our own, removed at exit:\n"                                \
    "$TMPDIR/unixdataclient.XXXXXX/client.sock (TMPDIR: default /tmp).\n"                          \
    "A line holds at most 4096 bytes: a longer one is refused (not sent).\n"                       \
    "Ctrl-D (end of input) ends the client."
#define PREFIX "Hi, "

/* Our private directory (mode 0700, unpredictable name, from mkdtemp):
 * removed at exit, after the socket file in it (registered later). */
static char client_dir[MAXLINE];

struct options {
    double timeout;   /* -t, seconds: 0 = no limit */
    const char *path; /* <local_path> */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void make_private_path(struct sockaddr_un *cliaddr);
static void exchange(int sockfd, const char *line, size_t len, const struct sockaddr_un *servaddr,
                     const struct options *opt);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    struct sockaddr_un servaddr, cliaddr;
    char line[MAXLINE];
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    set_socket_path(&servaddr, opt.path); /* checked against sun_path's size */
    ignore_sigpipe();                     /* a closed stdout: check_stdout reports it */
    catch_stop_signals();                 /* Ctrl-C & co.: leave the normal way, clean up */

    sockfd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* Our return address: a path of our own, in a private directory
     * (mkdtemp); the server's recvfrom reports it, its sendto uses it. */
    make_private_path(&cliaddr);
    if (bind(sockfd, (struct sockaddr *)&cliaddr, sizeof(cliaddr)) == -1)
        err_bind((struct sockaddr *)&cliaddr);
    remove_at_exit(cliaddr.sun_path);
    print_local_address(sockfd, "bound to");
    check_stdout();

    /* stop_signal again after the read: a line cut short by it is not sent. */
    while (!stop_signal && (n = read_line(stdin, line, MAXLINE)) != -1 && !stop_signal) {
        if (n > MAXLINE) {
            fprintf(stderr, "line too long (%zd bytes, at most %d): not sent\n", n, MAXLINE);
            continue;
        }
        printf("now sending ");
        print_visible(line, (size_t)n); /* masked: a file piped in cannot steer the terminal */
        exchange(sockfd, line, (size_t)n, &servaddr, &opt);
        check_stdout(); /* a reader that is gone stops us here */
    }
    if (!stop_signal && ferror(stdin))
        err_sys("reading stdin failed");

    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0; /* the atexit handlers remove our path and directory now */
}

/* Set the socket's timeout optname (SO_SNDTIMEO or SO_RCVTIMEO) to the
 * time left until deadline (seconds on now_seconds' clock; 0: none, wait
 * forever). -1 with errno EAGAIN, as a timed-out call, when none is left. */
static int time_left(int sockfd, int optname, double deadline)
{
    struct timeval tv = {0, 0}; /* 0: no timeout */
    double left;

    if (deadline > 0) {
        left = deadline - now_seconds();
        if (left < 1e-6) {
            errno = EAGAIN;
            return -1;
        }
        tv.tv_sec = (time_t)left;
        tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
        if (tv.tv_sec == 0 && tv.tv_usec == 0)
            tv.tv_usec = 1;
    }
    if (setsockopt(sockfd, SOL_SOCKET, optname, &tv, sizeof(tv)) == -1)
        err_sys("setsockopt failed");
    return 0;
}

/* A timed-out or failed call of the exchange: say which, exit 1. */
static NORETURN void give_up(const char *call, const struct options *opt)
{
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        err_quit("no reply from %s within %g s (server stuck or gone?)", opt->path, opt->timeout);
    /* ENOENT: no socket file at the path; ECONNREFUSED: a file that no
     * socket is bound to any more (the server died). */
    err_sys("%s failed", call);
}

/* Send one message and print its reply, both within -t seconds. A call
 * with a timeout fails with EINTR when the process was stopped and
 * continued (Ctrl-Z, fg) even though no handler ran: not a reason to stop,
 * so it is made again with the time that is left. */
static void exchange(int sockfd, const char *line, size_t len, const struct sockaddr_un *servaddr,
                     const struct options *opt)
{
    char reply[sizeof(PREFIX) - 1 + MAXLINE + 1]; /* +1: notice a longer reply */
    double deadline = opt->timeout > 0 ? now_seconds() + opt->timeout : 0;
    ssize_t n;

    /* sendto waits while the server's queue is full (a stuck server). */
    do {
        if (time_left(sockfd, SO_SNDTIMEO, deadline) == -1)
            give_up("sendto", opt);
        n = sendto(sockfd, line, len, 0, (const struct sockaddr *)servaddr, sizeof(*servaddr));
    } while (n == -1 && errno == EINTR && !stop_signal);
    if (stop_signal)
        return; /* Ctrl-C while waiting: main leaves the normal way */
    if (n == -1)
        give_up("sendto", opt);

    /* recvfrom waits for the reply (a server killed holding our message). */
    do {
        if (time_left(sockfd, SO_RCVTIMEO, deadline) == -1)
            give_up("recvfrom", opt);
        n = recvfrom(sockfd, reply, sizeof(reply), 0, NULL, NULL);
    } while (n == -1 && errno == EINTR && !stop_signal);
    if (stop_signal)
        return;
    if (n == -1)
        give_up("recvfrom", opt);
    if ((size_t)n == sizeof(reply)) {
        n--;
        printf("(reply longer than %zd bytes: cut)\n", n);
    }
    print_visible(reply, (size_t)n);
}

static void remove_client_dir(void)
{
    if (rmdir(client_dir) == -1)
        err_ret("cannot remove %s", client_dir);
}

static void make_private_path(struct sockaddr_un *cliaddr)
{
    const char *tmp = getenv("TMPDIR");
    int len;

    if (tmp == NULL || tmp[0] == '\0')
        tmp = "/tmp";
    /* The whole path, directory included, must fit sun_path: check first. */
    memset(cliaddr, 0, sizeof(*cliaddr));
    cliaddr->sun_family = AF_UNIX;
    len = snprintf(cliaddr->sun_path, sizeof(cliaddr->sun_path),
                   "%s/unixdataclient.XXXXXX/client.sock", tmp);
    if (len < 0 || (size_t)len >= sizeof(cliaddr->sun_path))
        err_quit("TMPDIR is too long for a socket path: %s", tmp);
    (void)snprintf(client_dir, sizeof(client_dir), "%s/unixdataclient.XXXXXX", tmp); /* fits */
    if (mkdtemp(client_dir) == NULL)
        err_sys("cannot make a private directory in %s", tmp);
    if (atexit(remove_client_dir) != 0) {
        remove_client_dir();
        err_quit("atexit failed");
    }
    len = snprintf(cliaddr->sun_path, sizeof(cliaddr->sun_path), "%s/client.sock", client_dir);
    if (len < 0 || (size_t)len >= sizeof(cliaddr->sun_path))
        err_quit("TMPDIR is too long for a socket path: %s", tmp); /* checked above */
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->timeout = 5;                     /* the default: 5 s */
    options_first(argc, argv, OPTSTRING); /* options may follow the path */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 't':
            opt->timeout = (double)parse_seconds(optarg, 3600, "timeout") / 1e6;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    opt->path = argv[optind];
}
