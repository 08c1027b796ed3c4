#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ploop/dd.h"

/*
 * The layout OpenVZ's ploop writes (libxml2's xmlDocFormatDump): the XML
 * declaration, two spaces of indentation per level, one element per line,
 * root Parallels_disk_image, Images and Shots base first.
 */

struct dd_out {
	char *buf;
	size_t size, len;
};

static void out_raw(struct dd_out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1;

		memcpy(o->buf + o->len, s, n < room ? n : room);
		o->buf[o->len + (n < room ? n : room)] = 0;
	}
	o->len += n;
}

static void out_fmt(struct dd_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_fmt(struct dd_out *o, const char *fmt, ...)
{
	char line[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > 0)
		out_raw(o, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Text content escaped as libxml2 does: &, < and >. */
static void out_text(struct dd_out *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			out_raw(o, "&amp;", 5);
		else if (*s == '<')
			out_raw(o, "&lt;", 4);
		else if (*s == '>')
			out_raw(o, "&gt;", 4);
		else
			out_raw(o, s, 1);
	}
}

static void out_images(struct dd_out *o, const struct ploop_dd *dd)
{
	unsigned i;

	for (i = 0; i < dd->count; i++) {
		const struct ploop_dd_delta *d = &dd->deltas[i];

		out_fmt(o, "      <Image>\n        <GUID>%s</GUID>\n", d->guid);
		out_fmt(o, "        <Type>%s</Type>\n",
			d->type == PLOOP_DD_PLAIN ? "Plain" : "Compressed");
		out_raw(o, "        <File>", 14);
		out_text(o, d->file);
		out_raw(o, "</File>\n      </Image>\n", 23);
	}
}

static void out_shots(struct dd_out *o, const struct ploop_dd *dd)
{
	unsigned i;

	for (i = 0; i < dd->count; i++) {
		const struct ploop_dd_delta *d = &dd->deltas[i];

		out_fmt(o, "    <Shot>\n      <GUID>%s</GUID>\n", d->guid);
		out_fmt(o, "      <ParentGUID>%s</ParentGUID>\n", d->parent);
		if (d->temporary)
			out_fmt(o, "      <Temporary/>\n");
		out_fmt(o, "    </Shot>\n");
	}
}

int ploop_dd_format(const struct ploop_dd *dd, char *buf, size_t size)
{
	struct dd_out o = { .buf = buf, .size = size };

	if (ploop_dd_validate(dd, NULL, 0))
		return -EINVAL;
	if (size)
		buf[0] = 0;
	out_fmt(&o, "<?xml version=\"1.0\"?>\n<Parallels_disk_image>\n  <Disk_Parameters>\n");
	out_fmt(&o, "    <Disk_size>%" PRIu64 "</Disk_size>\n", dd->size_sectors);
	out_fmt(&o, "    <Cylinders>%" PRIu32 "</Cylinders>\n", dd->cylinders);
	out_fmt(&o, "    <Heads>%" PRIu32 "</Heads>\n", dd->heads);
	out_fmt(&o, "    <Sectors>%" PRIu32 "</Sectors>\n", dd->sectors);
	out_fmt(&o, "    <Padding>%" PRIu32 "</Padding>\n", dd->padding);
	out_fmt(&o, "  </Disk_Parameters>\n  <StorageData>\n    <Storage>\n");
	out_fmt(&o, "      <Start>0</Start>\n      <End>%" PRIu64 "</End>\n", dd->size_sectors);
	out_fmt(&o, "      <Blocksize>%" PRIu32 "</Blocksize>\n", dd->blocksize);
	out_images(&o, dd);
	out_fmt(&o, "    </Storage>\n  </StorageData>\n  <Snapshots>\n");
	out_fmt(&o, "    <TopGUID>%s</TopGUID>\n", dd->deltas[dd->count - 1].guid);
	out_shots(&o, dd);
	out_fmt(&o, "  </Snapshots>\n</Parallels_disk_image>\n");
	return o.len > INT_MAX ? -EOVERFLOW : (int)o.len;
}
