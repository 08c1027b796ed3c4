#include <errno.h>
#include <string.h>

#include "console/proto.h"

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Payload lengths each type allows. */
static int length_valid(unsigned type, size_t len)
{
	switch (type) {
	case CONSOLE_MSG_HELLO:
		return len >= 5 && len <= 5 + CONSOLE_WHO_MAX - 1;
	case CONSOLE_MSG_WINSZ:
		return len == 4;
	case CONSOLE_MSG_DROPPED:
		return len == 8;
	case CONSOLE_MSG_OK:
	case CONSOLE_MSG_ERROR:
		return len <= 255;
	default:
		return len <= CONSOLE_PAYLOAD_MAX;
	}
}

int console_msg_decode(const void *buf, size_t len, struct console_msg *m, size_t *used,
		       const char **err)
{
	const unsigned char *p = buf;
	size_t plen;

	if (len >= 1 && (p[0] < CONSOLE_MSG_HELLO || p[0] > CONSOLE_MSG_DROPPED)) {
		*err = "unknown message type";
		return -1;
	}
	if (len >= 2 && p[1] != 0) {
		*err = "reserved header byte is not zero";
		return -1;
	}
	if (len < CONSOLE_HDR_LEN)
		return 0;
	plen = be16(p + 2);
	if (plen > CONSOLE_PAYLOAD_MAX) {
		*err = "payload longer than 4096 bytes";
		return -1;
	}
	if (!length_valid(p[0], plen)) {
		*err = "payload length wrong for the message type";
		return -1;
	}
	if (len < CONSOLE_HDR_LEN + plen)
		return 0;
	m->type = p[0];
	m->len = plen;
	m->payload = p + CONSOLE_HDR_LEN;
	*used = CONSOLE_HDR_LEN + plen;
	return 1;
}

int console_msg_encode(void *buf, size_t size, unsigned type, const void *payload, size_t len)
{
	unsigned char *p = buf;

	if (len > CONSOLE_PAYLOAD_MAX || size < CONSOLE_HDR_LEN + len) {
		errno = EMSGSIZE;
		return -1;
	}
	p[0] = (unsigned char)type;
	p[1] = 0;
	p[2] = (unsigned char)(len >> 8);
	p[3] = (unsigned char)len;
	if (len)
		memmove(p + CONSOLE_HDR_LEN, payload, len);
	return (int)(CONSOLE_HDR_LEN + len);
}

int console_hello_encode(void *buf, size_t size, const struct console_hello *h)
{
	unsigned char pl[5 + CONSOLE_WHO_MAX];
	size_t wlen = strnlen(h->who, CONSOLE_WHO_MAX - 1);

	pl[0] = (unsigned char)(h->ctid >> 24);
	pl[1] = (unsigned char)(h->ctid >> 16);
	pl[2] = (unsigned char)(h->ctid >> 8);
	pl[3] = (unsigned char)h->ctid;
	pl[4] = (unsigned char)h->mode;
	memcpy(pl + 5, h->who, wlen);
	return console_msg_encode(buf, size, CONSOLE_MSG_HELLO, pl, 5 + wlen);
}

int console_hello_parse(const struct console_msg *m, struct console_hello *h, const char **err)
{
	size_t i, wlen;

	if (m->type != CONSOLE_MSG_HELLO || m->len < 5 || m->len > 5 + CONSOLE_WHO_MAX - 1) {
		*err = "expected a hello message";
		return -1;
	}
	h->ctid = be32(m->payload);
	if (h->ctid == 0 || h->ctid > CONSOLE_CTID_MAX) {
		*err = "container id out of range (1-2147483647)";
		return -1;
	}
	if (m->payload[4] > CONSOLE_MODE_SLAVE) {
		*err = "unknown mode";
		return -1;
	}
	h->mode = m->payload[4];
	wlen = m->len - 5;
	for (i = 0; i < wlen; i++) {
		if (m->payload[5 + i] < 0x20 || m->payload[5 + i] > 0x7e) {
			*err = "who contains a non-printable byte";
			return -1;
		}
	}
	memcpy(h->who, m->payload + 5, wlen);
	h->who[wlen] = 0;
	return 0;
}

int console_winsz_encode(void *buf, size_t size, unsigned rows, unsigned cols)
{
	unsigned char pl[4] = { (unsigned char)(rows >> 8), (unsigned char)rows,
				(unsigned char)(cols >> 8), (unsigned char)cols };

	return console_msg_encode(buf, size, CONSOLE_MSG_WINSZ, pl, sizeof pl);
}

int console_winsz_parse(const struct console_msg *m, unsigned *rows, unsigned *cols,
			const char **err)
{
	if (m->type != CONSOLE_MSG_WINSZ || m->len != 4) {
		*err = "expected a window size message";
		return -1;
	}
	*rows = be16(m->payload);
	*cols = be16(m->payload + 2);
	if (*rows == 0 || *cols == 0 || *rows > 1000 || *cols > 1000) {
		*err = "window size out of range (1-1000)";
		return -1;
	}
	return 0;
}

int console_dropped_encode(void *buf, size_t size, uint64_t bytes)
{
	unsigned char pl[8];
	int i;

	for (i = 0; i < 8; i++)
		pl[i] = (unsigned char)(bytes >> (56 - 8 * i));
	return console_msg_encode(buf, size, CONSOLE_MSG_DROPPED, pl, sizeof pl);
}

int console_dropped_parse(const struct console_msg *m, uint64_t *bytes, const char **err)
{
	int i;

	if (m->type != CONSOLE_MSG_DROPPED || m->len != 8) {
		*err = "expected a dropped message";
		return -1;
	}
	*bytes = 0;
	for (i = 0; i < 8; i++)
		*bytes = *bytes << 8 | m->payload[i];
	return 0;
}
