#ifndef VZHOST_TMPL_JSON_H
#define VZHOST_TMPL_JSON_H

/*
 * Just enough JSON for OCI index/manifest files and docker's
 * manifest.json: a strict parser that calls back with every string value
 * and its path ("/layers/0/digest"). Depth, path and string lengths are
 * bounded; anything malformed fails the whole document.
 */

#include <stddef.h>

#define TMPL_JSON_MAX (1 << 20)
#define TMPL_JSON_DEPTH 32
#define TMPL_JSON_STR_MAX 4096

typedef void tmpl_json_fn(void *ctx, const char *path, const char *value);

/* 0, or -1 if text is not one valid JSON value. */
int tmpl_json_walk(const char *text, size_t len, tmpl_json_fn *fn, void *ctx);

#endif
