#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/info.h"
#include "ctstate.h"
#include "ctview.h"
#include "events.h"
#include "stats.h"

struct ctstate {
	unsigned ctid;		/* 0: free */
	enum ct_state state;
	char etag[CTVIEW_ETAG_MAX];
};

static struct ctstate table[CTSTATE_MAX];

static struct ctstate *entry(unsigned ctid, int make)
{
	struct ctstate *free_one = NULL;
	unsigned i;

	for (i = 0; i < CTSTATE_MAX; i++) {
		if (table[i].ctid == ctid)
			return &table[i];
		if (!table[i].ctid && !free_one)
			free_one = &table[i];
	}
	if (make && free_one) {
		memset(free_one, 0, sizeof *free_one);
		free_one->ctid = ctid;
		free_one->state = CT_STATE_DELETED;
	}
	return make ? free_one : NULL;
}

struct ct_event {
	struct ct *ct;
	const char *etag;
};

static void ct_event_json(struct json *j, const void *arg)
{
	const struct ct_event *e = arg;

	ctview_json(j, e->ct, e->etag, 0);
}

static void emit_ct(struct ct *ct, const char *etag)
{
	struct ct_event e = { ct, etag };

	events_emit_json(EVENT_CT, "ct", ct_event_json, &e);
}

static void emit_deleted(unsigned ctid)
{
	char text[48];

	snprintf(text, sizeof text, "{\"ctid\": %u}", ctid);
	events_emit(EVENT_CT, "ct-deleted", text);
}

static void check(unsigned ctid, int quiet)
{
	struct ctstate *s = entry(ctid, 0);
	char etag[CTVIEW_ETAG_MAX] = "";
	struct ct_info info;
	struct ct ct;

	if (ct_open(&ct, ctid, 0) < 0 || !ct.exists) {
		ct_close(&ct);
		if (s && s->state != CT_STATE_DELETED && !quiet)
			emit_deleted(ctid);
		if (s)
			s->ctid = 0;
		return;
	}
	ctview_etag(ctid, etag);
	ct_info_read(&ct, &info);
	if (!s)
		s = entry(ctid, 1);
	if (s && (s->state != info.state || strcmp(s->etag, etag))) {
		s->state = info.state;
		strcpy(s->etag, etag);
		if (!quiet)
			emit_ct(&ct, etag);
	}
	ct_close(&ct);
}

void ctstate_changed(unsigned ctid)
{
	check(ctid, 0);
}

static void check_all(int quiet)
{
	static struct ct_list list;
	size_t i;

	if (ct_list(&list) < 0)
		return;
	for (i = 0; i < list.n; i++)
		check(list.id[i], quiet);
	for (i = 0; i < CTSTATE_MAX; i++)
		if (table[i].ctid && table[i].state != CT_STATE_DELETED && !quiet) {
			size_t k;

			for (k = 0; k < list.n && list.id[k] != table[i].ctid; k++)
				;
			if (k == list.n)
				check(table[i].ctid, 0);
		}
}

void ctstate_init(void)
{
	check_all(1);
}

void ctstate_refresh_all(void)
{
	check_all(0);
}
