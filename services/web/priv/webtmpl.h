#ifndef VZHOST_WEB_WEBTMPL_H
#define VZHOST_WEB_WEBTMPL_H

#include <stddef.h>

#include "base/json.h"

/* Templates as the API sees them: the cache (/vz/template/cache) and the
   ones built into the image (/usr/share/vzhost/templates). */

/* ".tar.zst", ".tar.xz" or ".tar.gz" by the file's magic number, NULL for anything else. */
const char *webtmpl_ext_of(const char *path);
/* Removes the cache's NAME.tar.{zst,xz,gz}: how many there were. */
int webtmpl_remove(const char *name);
/* Where an upload waits to be checked: the cache's .upload-ID. */
void webtmpl_upload_path(const char *task, char *out, size_t size);
/* 1 if NAME is in the cache, 2 if only built in, 0 if neither. */
int webtmpl_where(const char *name);
/* {"templates": [{"name","file","size","mtime","builtin"}...]} members into an open object. */
void webtmpl_list_json(struct json *j);

#endif
