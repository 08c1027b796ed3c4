#ifndef VZHOST_CONSOLE_PROTO_H
#define VZHOST_CONSOLE_PROTO_H

#include <stddef.h>
#include <stdint.h>

/*
 * The console holder's protocol on CONSOLE_SOCKET_PATH (SOCK_STREAM, root
 * only). Every message is a frame: type (1 byte), 0 (1 byte), payload
 * length (2 bytes, big endian, at most CONSOLE_PAYLOAD_MAX), payload.
 *
 *   client -> holder  HELLO  ctid (u32 BE), mode (u8), who (0-63 printable bytes)
 *                     DATA   keystrokes for the container
 *                     WINSZ  rows (u16 BE), cols (u16 BE)
 *   holder -> client  OK     text; in slave mode the slave fd rides along (SCM_RIGHTS)
 *                     ERROR  text, then the holder closes the connection
 *                     DATA   console output
 *                     DROPPED  bytes this viewer missed (u64 BE): it fell
 *                              behind by more than the scrollback
 *
 * HELLO comes first and once. A malformed frame gets an ERROR naming the
 * problem and the connection is closed; the holder goes on.
 */

#define CONSOLE_SOCKET_PATH "/run/vzhost/console.sock"
#define CONSOLE_HDR_LEN 4
#define CONSOLE_PAYLOAD_MAX 4096
#define CONSOLE_FRAME_MAX (CONSOLE_HDR_LEN + CONSOLE_PAYLOAD_MAX)
#define CONSOLE_WHO_MAX 64	/* with the NUL */
#define CONSOLE_CTID_MAX 2147483647u

enum console_msg_type {
	CONSOLE_MSG_HELLO = 1,
	CONSOLE_MSG_DATA,
	CONSOLE_MSG_WINSZ,
	CONSOLE_MSG_OK,
	CONSOLE_MSG_ERROR,
	CONSOLE_MSG_DROPPED,
};

enum console_mode {
	CONSOLE_MODE_ATTACH,		/* read-write viewer */
	CONSOLE_MODE_READONLY,		/* viewer whose input is refused */
	CONSOLE_MODE_SLAVE,		/* get the pty slave for the container */
};

struct console_msg {
	unsigned type;
	size_t len;
	const unsigned char *payload;
};

struct console_hello {
	unsigned ctid;
	enum console_mode mode;
	char who[CONSOLE_WHO_MAX];
};

/*
 * One frame from the len bytes at buf: NULL with *m and *used set (*used 0
 * while more bytes are needed), or why the bytes are no frame.
 */
const char *console_msg_decode(const void *buf, size_t len, struct console_msg *m,
			       size_t *used);
/* The frame into buf; its length, or -1 (EMSGSIZE) if it does not fit. */
int console_msg_encode(void *buf, size_t size, unsigned type, const void *payload, size_t len);
/* The header of a frame whose len bytes of payload are sent apart (writev);
   CONSOLE_HDR_LEN, or -1 (EMSGSIZE) if len is too long. */
int console_hdr_encode(unsigned char hdr[CONSOLE_HDR_LEN], unsigned type, size_t len);

/* The encoders return the frame's length or -1 (EMSGSIZE); the parsers
   NULL, or why m is not such a message. */
int console_hello_encode(void *buf, size_t size, const struct console_hello *h);
const char *console_hello_parse(const struct console_msg *m, struct console_hello *h);
int console_winsz_encode(void *buf, size_t size, unsigned rows, unsigned cols);
const char *console_winsz_parse(const struct console_msg *m, unsigned *rows, unsigned *cols);
int console_dropped_encode(void *buf, size_t size, uint64_t bytes);
const char *console_dropped_parse(const struct console_msg *m, uint64_t *bytes);

#endif
