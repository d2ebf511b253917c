/*
 * batchwrite.c - gather write: each stdin line goes out as ONE writev() of
 * two buffers, "hello," and the line, so the kernel sees a single write and
 * sends a single segment. Answers from the server are printed whenever they
 * come; the client never depends on them.
 *
 *   batchwrite [-p PORT] [-w SECS] <IPaddress>
 *
 * With nagleserver on the other side, typing `world` shows there
 * `received 12 bytes: hello,world` ("hello," + "world" + newline), and
 * here `server answered: ok 12`.
 *
 * One segment per line: with Nagle on, a line written while the previous
 * one is still unacknowledged would be held back and leave glued to the
 * next. So before writing the next line the client waits for the previous
 * line's answer (which carries the ACK) - but at most ANSWER_WAIT seconds:
 * a server that never answers (the course notes' own server, `nc -l`)
 * delays each line by that much and nothing more. The first time an answer
 * does not come in time, the client says so, once. At the end of input it
 * waits up to END_WAIT seconds (-w) for answers still due, then closes.
 *
 * poll() watches stdin and the socket together, so an answer is printed as
 * soon as it arrives, whatever stdin is doing. Every byte from the server
 * is printed through the lib's put_visible: a hostile server cannot send
 * escape sequences to the terminal.
 *
 * A line longer than the buffer is sent in pieces, in order: "hello,"
 * with the first piece, the rest with plain writes. A last line without a
 * newline gets one, since the server answers lines.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define ANSWER_WAIT 0.2 /* seconds: the longest wait for an answer before the next line */
#define END_WAIT 1.0    /* seconds: the default -w, the longest wait for answers at the end */

#define OPTSTRING "p:w:h"
#define USAGE                                                                                      \
    "batchwrite [-p PORT] [-w SECS] <IPaddress>\n"                                                 \
    "Send each typed line as one writev() of \"hello,\" and the line: one segment.\n"              \
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"               \
    "               (a literal: host names such as localhost are refused)\n"                       \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -w SECS      after the last line, wait at most SECS for the answers still due\n"            \
    "               (default 1, decimals allowed)\n"                                               \
    "  -h           print this help and exit\n"                                                    \
    "Typed on stdin: any line; it is sent as hello,<line>. End with Ctrl-D.\n"                     \
    "Answers are printed when they come (`server answered: ok 12`). Before the next\n"             \
    "line the client waits for the answer at most 0.2 s; after the last line, for the\n"           \
    "answers still due, at most 1 s (-w). A server that never answers is fine."

struct options {
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
    double end_wait;                  /* -w, seconds */
};

/* What is on its way in each direction. */
struct session {
    int sockfd;
    int stdin_open;
    char in[MAXLINE]; /* stdin bytes not sent yet */
    size_t inlen;
    int line_start;    /* the next piece starts a line: "hello," goes first */
    long sent;         /* lines sent */
    long answered;     /* answers received (at most one per line sent) */
    int waiting;       /* holding the next line back until an answer or... */
    double wait_end;   /* ...this time (now_seconds()) */
    double end_wait;   /* -w: the wait for answers after the last line */
    int said_slow;     /* said once that an answer did not come in time */
    char ans[MAXLINE]; /* bytes of the server's current answer line */
    size_t anslen;
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);
static int poll_once(struct session *s);
static void send_ready_input(struct session *s);
static void read_answers(struct session *s);
static void show_partial_answer(struct session *s);
static int read_stdin(struct session *s);
static int more_to_come(struct session *s);

int main(int argc, char **argv)
{
    struct options opt;
    static struct session s;
    int ready;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe(); /* a write to a server that has gone: EPIPE, not a silent death */

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
    s.sockfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
    if (s.sockfd == -1)
        err_sys("socket failed");
    if (connect(s.sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_connect((struct sockaddr *)&opt.servaddr);
    s.stdin_open = 1;
    s.line_start = 1;
    s.end_wait = opt.end_wait;

    /* Until input has ended and no answer is waited for any more. */
    while (more_to_come(&s)) {
        send_ready_input(&s); /* the lines that may go now: one writev each */
        ready = poll_once(&s);
        if (ready & 1)
            read_answers(&s);
        if ((ready & 2) && read_stdin(&s) == 0)
            s.stdin_open = 0;
        check_stdout();
    }
    show_partial_answer(&s);
    if (s.answered < s.sent)
        printf("%ld of %ld lines got no answer (waited %g s after the last): closing\n",
               s.sent - s.answered, s.sent, s.end_wait);

    if (close(s.sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* Is there input still to send, or an answer still worth waiting for? */
static int more_to_come(struct session *s)
{
    if (s->waiting && now_seconds() >= s->wait_end)
        s->waiting = 0; /* waited long enough: this server may never answer */
    return s->stdin_open || s->inlen > 0 || !s->line_start || s->waiting;
}

/* writev() everything, even if a signal cuts a write short. */
static void writev_all(int fd, struct iovec *iov, int iovcnt)
{
    while (iovcnt > 0) {
        ssize_t n;

        n = writev(fd, iov, iovcnt);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_sys("writev failed");
        }
        /* Skip the buffers that went out whole, trim the one cut short. */
        while (iovcnt > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            iovcnt--;
        }
        if (iovcnt > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
}

/* Send one piece of input, len bytes of s->in ("hello," first if it starts
 * a line); add a newline when add_newline (a last line without one). */
static void send_piece(struct session *s, size_t len, int add_newline)
{
    static char hello[] = "hello,", newline[] = "\n";
    struct iovec iov[3];
    int iovcnt = 0;

    if (s->line_start) {
        iov[iovcnt].iov_base = hello;
        iov[iovcnt++].iov_len = strlen(hello);
    }
    iov[iovcnt].iov_base = s->in;
    iov[iovcnt++].iov_len = len;
    if (add_newline) {
        iov[iovcnt].iov_base = newline;
        iov[iovcnt++].iov_len = 1;
    }
    /* One system call for all the buffers: one segment on the wire. */
    writev_all(s->sockfd, iov, iovcnt);

    s->line_start = add_newline || (len > 0 && s->in[len - 1] == '\n');
    memmove(s->in, s->in + len, s->inlen - len);
    s->inlen -= len;
    if (s->line_start) { /* a whole line is out: its answer is due */
        s->sent++;
        s->waiting = 1;
        s->wait_end = now_seconds() + (s->stdin_open || s->inlen > 0 ? ANSWER_WAIT : s->end_wait);
    }
}

/* Send what may go now: whole lines (or full buffers, or the last line at
 * EOF), each once the previous line's answer came or ANSWER_WAIT passed. */
static void send_ready_input(struct session *s)
{
    for (;;) {
        char *nl = memchr(s->in, '\n', s->inlen);
        size_t len = nl ? (size_t)(nl - s->in) + 1 : s->inlen;
        int whole = nl != NULL || s->inlen == sizeof(s->in) || (!s->stdin_open && s->inlen > 0);

        if (!whole) {
            /* EOF right after a full buffer: the line still needs its end. */
            if (!s->stdin_open && s->inlen == 0 && !s->line_start)
                send_piece(s, 0, 1);
            return;
        }
        if (s->waiting)
            return; /* the previous line's answer may still come: wait a little */
        if (s->answered < s->sent && s->line_start && !s->said_slow) {
            printf("no answer within %g s: sending the next line anyway\n", ANSWER_WAIT);
            s->said_slow = 1; /* late answers are still printed, no longer waited for */
        }
        send_piece(s, len, nl == NULL && !s->stdin_open);
    }
}

/* Wait for the socket (bit 1) or stdin (bit 2); stdin only while it is open
 * and no whole line is queued, the timeout only while an answer is waited for. */
static int poll_once(struct session *s)
{
    struct pollfd fds[2];
    nfds_t nfds = 1;
    int timeout_ms = -1, rc;

    fds[0].fd = s->sockfd;
    fds[0].events = POLLIN;
    if (s->stdin_open && s->inlen < sizeof(s->in) && memchr(s->in, '\n', s->inlen) == NULL) {
        fds[1].fd = STDIN_FILENO;
        fds[1].events = POLLIN;
        nfds = 2;
    }
    if (s->waiting) {
        double left = s->wait_end - now_seconds();

        timeout_ms = left > 0 ? (int)(left * 1000) + 1 : 0;
    }
    rc = poll(fds, nfds, timeout_ms);
    if (rc == -1) {
        if (errno == EINTR) /* Ctrl-Z then fg: just look again */
            return 0;
        err_sys("poll failed");
    }
    if (rc == 0)
        return 0;
    return ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) ? 1 : 0) |
           (nfds == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) ? 2 : 0);
}

/* Read what the server sent; print each answer line as it completes. */
/* An answer cut short (no newline before the server closed, or before
 * the wait ran out) is still shown: nothing received is dropped. */
static void show_partial_answer(struct session *s)
{
    if (s->anslen == 0)
        return;
    printf("server answered: ");
    print_visible(s->ans, s->anslen);
    s->anslen = 0;
}

static void read_answers(struct session *s)
{
    ssize_t n;

    n = read(s->sockfd, s->ans + s->anslen, sizeof(s->ans) - s->anslen);
    if (n == -1) {
        if (errno == EINTR)
            return;
        err_sys("read failed");
    }
    if (n == 0) {
        show_partial_answer(s);
        err_quit("server terminated");
    }
    s->anslen += (size_t)n;
    for (;;) {
        char *nl = memchr(s->ans, '\n', s->anslen);
        size_t used = nl ? (size_t)(nl - s->ans) + 1 : s->anslen;

        if (nl == NULL && s->anslen < sizeof(s->ans))
            return; /* the rest of this answer is still on its way */
        printf("server answered: ");
        print_visible(s->ans, strip_line_end(s->ans, used));
        memmove(s->ans, s->ans + used, s->anslen - used);
        s->anslen -= used;
        if (nl != NULL && s->answered < s->sent) {
            s->answered++;
            s->waiting = s->answered < s->sent; /* all answered: the next line may go */
            if (!s->stdin_open && s->inlen == 0)
                s->wait_end = now_seconds() + s->end_wait; /* answers are flowing */
        }
    }
}

/* Read what stdin has; return 0 at EOF. */
static int read_stdin(struct session *s)
{
    ssize_t n;

    n = read(STDIN_FILENO, s->in + s->inlen, sizeof(s->in) - s->inlen);
    if (n == -1) {
        if (errno == EINTR)
            return 1;
        err_sys("reading stdin failed");
    }
    if (n == 0 && s->inlen == 0 && s->answered < s->sent) {
        s->waiting = 1; /* the last answers: wait a little longer */
        s->wait_end = now_seconds() + s->end_wait;
    }
    s->inlen += (size_t)(n > 0 ? n : 0);
    return n != 0;
}

/* <IPaddress> to the address connect() takes. The family follows the text
 * (an IPv6 address has colons) and inet_pton converts it for that family:
 * 127.0.0.1, ::1, or fe80::1%lo (a link-local address names its interface:
 * the scope id). Literals only, no host names: nothing is looked up, and
 * there is no list of addresses to try one after the other. Exit 2 if the
 * text is neither. */
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)addr;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)addr;
    char ip[INET6_ADDRSTRLEN];
    size_t iplen = strcspn(text, "%"); /* the address before "%interface" */

    memset(addr, 0, sizeof(*addr));
    if (strchr(text, ':') == NULL) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        if (inet_pton(AF_INET, text, &sin->sin_addr) != 1)
            err_arg("invalid address '%s': not an IPv4 or IPv6 literal (127.0.0.1, ::1)", text);
        return sizeof(*sin);
    }
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    /* inet_pton knows no "%interface": convert the part before it. */
    if (iplen >= sizeof(ip))
        iplen = 0; /* too long for any IPv6 address: "" is invalid too */
    memcpy(ip, text, iplen);
    ip[iplen] = '\0';
    if (inet_pton(AF_INET6, ip, &sin6->sin6_addr) != 1)
        err_arg("invalid address '%s': not an IPv4 or IPv6 literal (127.0.0.1, ::1)", text);
    if (text[iplen] == '%' && (sin6->sin6_scope_id = if_nametoindex(text + iplen + 1)) == 0)
        err_arg("invalid address '%s': no interface '%s' (ip link lists them)", text,
                text + iplen + 1);
    return sizeof(*sin6);
}

/* The command line into *opt: options (before or after the address), then
 * <IPaddress>. Bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;
    uint16_t port = SERV_PORT;

    memset(opt, 0, sizeof(*opt));
    opt->end_wait = END_WAIT;
    options_first(argc, argv, OPTSTRING); /* options may follow the address */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'w':
            opt->end_wait = (double)parse_seconds(optarg, 3600, "wait") / 1e6;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    opt->servlen = parse_address(argv[optind], port, &opt->servaddr);
}
