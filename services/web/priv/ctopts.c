#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/vzvalue.h"
#include "ct/settings.h"
#include "ctopts.h"

static int repeatable(const char *name)
{
	static const char *const names[] = { "ipadd", "ipdel", "nameserver", "netif_add",
					     "netif_del" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

static int create_own(const char *name)
{
	return !strcmp(name, "ostemplate") || !strcmp(name, "config") || !strcmp(name, "layout");
}

/* One scalar value as option text: NULL, or why not. */
static const char *scalar(struct ctopts *o, const struct json_node *v)
{
	const char *text;

	switch (v->type) {
	case JSON_T_STRING:
		text = v->text;
		break;
	case JSON_T_NUMBER:
		if (v->len >= CTOPTS_NUM_MAX)
			return "a number too long";
		text = strcpy(o->num[o->n], v->text);
		break;
	case JSON_T_TRUE:
	case JSON_T_FALSE:
		text = strcpy(o->num[o->n], v->type == JSON_T_TRUE ? "yes" : "no");
		break;
	default:
		return "expected a string, a number or a boolean";
	}
	o->value[o->n++] = text;
	return NULL;
}

static const char *option(struct ctopts *o, const struct json_doc *d, const char *name, int i)
{
	const struct json_node *v = &d->node[i];
	const char *why;
	int e;

	if (v->type != JSON_T_ARRAY) {
		if (o->n == CTOPTS_MAX)
			return "too many settings";
		o->name[o->n] = name;
		return scalar(o, v);
	}
	if (!repeatable(name))
		return "expected one value, not an array";
	for (e = v->first; e != JSON_DOC_NONE; e = d->node[e].next) {
		if (o->n == CTOPTS_MAX)
			return "too many settings";
		if (d->node[e].type == JSON_T_ARRAY || d->node[e].type == JSON_T_OBJECT)
			return "expected strings in the array";
		o->name[o->n] = name;
		if ((why = scalar(o, &d->node[e])))
			return why;
	}
	return NULL;
}

static const char *flag(const struct json_node *v, int *out)
{
	if (v->type != JSON_T_TRUE && v->type != JSON_T_FALSE)
		return "expected true or false";
	*out = v->type == JSON_T_TRUE;
	return NULL;
}

static const char *ctid_value(const struct json_node *v, unsigned *ctid)
{
	if (v->type != JSON_T_NUMBER && v->type != JSON_T_STRING)
		return "expected a CTID";
	return vzvalue_ctid(v->text, ctid);
}

const char *ctopts_from_json(struct ctopts *o, const struct json_doc *d, int obj, int kind,
			     const char **field, int *unknown)
{
	const char *why = NULL, *key;
	int i;

	memset(o, 0, sizeof *o);
	o->save = 1;
	*unknown = 0;
	for (i = d->node[obj].first; i != JSON_DOC_NONE && !why; i = d->node[i].next) {
		key = *field = d->node[i].key;
		if (kind == CTOPTS_CREATE && !strcmp(key, "ctid"))
			why = ctid_value(&d->node[i], &o->ctid);
		else if (kind == CTOPTS_CREATE && !strcmp(key, "start"))
			why = flag(&d->node[i], &o->start);
		else if (kind == CTOPTS_CREATE && !strcmp(key, "wait"))
			why = flag(&d->node[i], &o->wait);
		else if (kind == CTOPTS_SET && !strcmp(key, "save"))
			why = flag(&d->node[i], &o->save);
		else if (ct_setting_known(key) || (kind == CTOPTS_CREATE && create_own(key)))
			why = option(o, d, key, i);
		else {
			*unknown = 1;
			return "unknown key";
		}
	}
	if (!why && kind == CTOPTS_CREATE && !o->ctid) {
		*field = "ctid";
		return "a new container needs its ctid";
	}
	if (!why && kind == CTOPTS_SET && !o->n) {
		*field = NULL;
		return "no settings given";
	}
	return why;
}
