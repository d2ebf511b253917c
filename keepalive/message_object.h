/*
 * message_object.h - the heartbeat protocol shared by pingclient and
 * pingserver: fixed-size messages, a type followed by a data field.
 *
 * On the wire a message is always sizeof(messageObject) bytes (4 + 1024).
 * `type` travels in network byte order in BOTH directions: convert with
 * htonl() before sending and ntohl() after receiving. Zero `data` before
 * sending, or stack garbage leaks to the peer. A reader must collect the
 * whole message (readn) - TCP may deliver it in pieces.
 */
#ifndef MESSAGE_OBJECT_H
#define MESSAGE_OBJECT_H

#include <stdint.h>

typedef struct {
    uint32_t type;
    char data[1024];
} messageObject;

#define MSG_PING 1
#define MSG_PONG 2
#define MSG_TYPE1 11
#define MSG_TYPE2 21

#endif /* MESSAGE_OBJECT_H */
