#ifndef VZHOST_TEST_TAR_WRITER_H
#define VZHOST_TEST_TAR_WRITER_H

/*
 * Writing tar archives header by header, for the hostile and odd ones no
 * tar program makes (tests/unit/test_tmpl*.c, tests/fuzz/fuzz_oci_layers.c).
 */

#include <stdio.h>
#include <string.h>

/* A ustar header: name (< 100 bytes), type ('0' file, '5' dir...), link for '1'/'2'. */
static inline void tarw_header(FILE *f, const char *name, char type, unsigned mode,
			       unsigned long long size, const char *link, unsigned uid)
{
	unsigned char h[512] = { 0 };
	unsigned sum = 0;

	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", mode);
	snprintf((char *)h + 108, 8, "%07o", uid);
	snprintf((char *)h + 116, 8, "%07o", 0);
	if (size >> 33) {
		h[124] = 0x80;	/* GNU base-256 */
		for (int i = 0; i < 8; i++)
			h[135 - i] = (unsigned char)(size >> (8 * i));
	} else {
		snprintf((char *)h + 124, 12, "%011llo", size);
	}
	snprintf((char *)h + 136, 12, "%011o", 0);
	h[156] = (unsigned char)type;
	if (link)
		snprintf((char *)h + 157, 100, "%s", link);
	memcpy(h + 257, "ustar\0" "00", 8);
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	fwrite(h, 1, 512, f);
}

/* A member's data, padded to whole blocks. */
static inline void tarw_data(FILE *f, const char *s, size_t n)
{
	char pad[512] = { 0 };

	fwrite(s, 1, n, f);
	fwrite(pad, 1, (512 - n % 512) % 512, f);
}

/* A regular file with its content. */
static inline void tarw_file(FILE *f, const char *name, const char *content)
{
	tarw_header(f, name, '0', 0644, strlen(content), NULL, 0);
	tarw_data(f, content, strlen(content));
}

/* The end-of-archive marker. */
static inline void tarw_end(FILE *f)
{
	char z[1024] = { 0 };

	fwrite(z, 1, sizeof z, f);
}

#endif
