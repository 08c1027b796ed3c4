#ifndef VZHOST_WEB_CTVIEW_H
#define VZHOST_WEB_CTVIEW_H

#include "base/json.h"
#include "ct/ct.h"
#include "ct/info.h"
#include "priv.h"

/*
 * Containers as the API shows them: a {ct} parameter resolved as vzctl
 * does (CTID or NAME), the lib/ct error kinds as HTTP statuses, a
 * container's JSON (lib/ct/info.h's row) and its ETag (the SHA-256 of its
 * config file, so any change to the config, by the API or by vzctl,
 * changes it).
 */

#define CTVIEW_ETAG_MAX 40	/* "\"<32 hex digits>\"" and a NUL */

/* The {ct} parameter's CTID: 0, or -1 after answering 404 (or 400). */
int ctview_resolve(struct req *q, unsigned *ctid);
/* The HTTP status and code of a lib/ct error kind. */
int ctview_status(enum ct_err kind, const char **code);
/* Answers with ct's error (status, code, message, field). */
void ctview_reply_error(const struct req *q, const struct ct *ct);
/* The ETag of ctid's config into out: 0, or -1 (no config). */
int ctview_etag(unsigned ctid, char out[CTVIEW_ETAG_MAX]);
/* 1 if an If-Match or If-None-Match value lists etag (or is "*"). */
int ctview_etag_matches(const char *header, const char *etag);
/* One container's object; full adds its config's keys. */
void ctview_json(struct json *j, struct ct *ct, const char *etag, int full);

#endif
