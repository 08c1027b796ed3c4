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

const char *console_msg_decode(const void *buf, size_t len, struct console_msg *m,
			       size_t *used)
{
	const unsigned char *p = buf;
	size_t plen;

	*used = 0;
	if (len >= 1 && (p[0] < CONSOLE_MSG_HELLO || p[0] > CONSOLE_MSG_DROPPED))
		return "unknown message type";
	if (len >= 2 && p[1] != 0)
		return "reserved header byte is not zero";
	if (len < CONSOLE_HDR_LEN)
		return NULL;
	plen = be16(p + 2);
	if (plen > CONSOLE_PAYLOAD_MAX)
		return "payload longer than 4096 bytes";
	if (!length_valid(p[0], plen))
		return "payload length wrong for the message type";
	if (len < CONSOLE_HDR_LEN + plen)
		return NULL;
	m->type = p[0];
	m->len = plen;
	m->payload = p + CONSOLE_HDR_LEN;
	*used = CONSOLE_HDR_LEN + plen;
	return NULL;
}

int console_hdr_encode(unsigned char hdr[CONSOLE_HDR_LEN], unsigned type, size_t len)
{
	if (len > CONSOLE_PAYLOAD_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	hdr[0] = (unsigned char)type;
	hdr[1] = 0;
	hdr[2] = (unsigned char)(len >> 8);
	hdr[3] = (unsigned char)len;
	return CONSOLE_HDR_LEN;
}

int console_msg_encode(void *buf, size_t size, unsigned type, const void *payload, size_t len)
{
	unsigned char *p = buf;

	if (size < CONSOLE_HDR_LEN + len || console_hdr_encode(p, type, len) < 0) {
		errno = EMSGSIZE;
		return -1;
	}
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

const char *console_hello_parse(const struct console_msg *m, struct console_hello *h)
{
	size_t i, wlen;

	if (m->type != CONSOLE_MSG_HELLO || m->len < 5 || m->len > 5 + CONSOLE_WHO_MAX - 1)
		return "expected a hello message";
	h->ctid = be32(m->payload);
	if (h->ctid == 0 || h->ctid > CONSOLE_CTID_MAX)
		return "container id out of range (1-2147483647)";
	if (m->payload[4] > CONSOLE_MODE_SLAVE)
		return "unknown mode";
	h->mode = m->payload[4];
	wlen = m->len - 5;
	for (i = 0; i < wlen; i++)
		if (m->payload[5 + i] < 0x20 || m->payload[5 + i] > 0x7e)
			return "who contains a non-printable byte";
	memcpy(h->who, m->payload + 5, wlen);
	h->who[wlen] = 0;
	return NULL;
}

int console_winsz_encode(void *buf, size_t size, unsigned rows, unsigned cols)
{
	unsigned char pl[4] = { (unsigned char)(rows >> 8), (unsigned char)rows,
				(unsigned char)(cols >> 8), (unsigned char)cols };

	return console_msg_encode(buf, size, CONSOLE_MSG_WINSZ, pl, sizeof pl);
}

const char *console_winsz_parse(const struct console_msg *m, unsigned *rows, unsigned *cols)
{
	if (m->type != CONSOLE_MSG_WINSZ || m->len != 4)
		return "expected a window size message";
	*rows = be16(m->payload);
	*cols = be16(m->payload + 2);
	if (*rows == 0 || *cols == 0 || *rows > 1000 || *cols > 1000)
		return "window size out of range (1-1000)";
	return NULL;
}

int console_dropped_encode(void *buf, size_t size, uint64_t bytes)
{
	unsigned char pl[8];
	int i;

	for (i = 0; i < 8; i++)
		pl[i] = (unsigned char)(bytes >> (56 - 8 * i));
	return console_msg_encode(buf, size, CONSOLE_MSG_DROPPED, pl, sizeof pl);
}

const char *console_dropped_parse(const struct console_msg *m, uint64_t *bytes)
{
	int i;

	if (m->type != CONSOLE_MSG_DROPPED || m->len != 8)
		return "expected a dropped message";
	*bytes = 0;
	for (i = 0; i < 8; i++)
		*bytes = *bytes << 8 | m->payload[i];
	return NULL;
}
