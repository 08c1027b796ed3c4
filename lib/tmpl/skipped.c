#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl/unpack.h"

int tmpl_skipped_add(struct tmpl_skipped *s, const char *rel, char type)
{
	if (type == TMPL_FIFO)
		s->fifos++;
	else
		s->devices++;
	if (s->n == TMPL_SKIPPED_KEPT)
		return 0;
	if (!s->kept && !(s->kept = calloc(TMPL_SKIPPED_KEPT, sizeof *s->kept)))
		return -1;
	s->kept[s->n].path = strdup(rel);
	if (!s->kept[s->n].path)
		return -1;
	s->kept[s->n++].type = type;
	return 0;
}

char tmpl_skipped_type(const struct tmpl_skipped *s, const char *rel)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->kept[i].path, rel))
			return s->kept[i].type;
	return 0;
}

void tmpl_skipped_notice(const struct tmpl_skipped *s, const char *from,
			 const struct report *notice)
{
	char devices[48] = "", fifos[48] = "";

	if (!s->devices && !s->fifos)
		return;
	if (s->devices)
		snprintf(devices, sizeof devices, "%llu device node%s",
			 (unsigned long long)s->devices, s->devices == 1 ? "" : "s");
	if (s->fifos)
		snprintf(fifos, sizeof fifos, "%llu fifo%s", (unsigned long long)s->fifos,
			 s->fifos == 1 ? "" : "s");
	report_msg(notice, "skipped %s%s%s from the %s (containers get /dev from the node)",
		   devices, *devices && *fifos ? " and " : "", fifos, from);
}

void tmpl_skipped_free(struct tmpl_skipped *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->kept[i].path);
	free(s->kept);
	memset(s, 0, sizeof *s);
}
