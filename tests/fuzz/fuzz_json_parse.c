/* The web API's request bodies (lib/base/json_parse.c): whatever bytes a
   client sends, the parser stays within them and within its document, and
   a parsed document is well formed (every link inside it, every text
   NUL-terminated where its length says). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct json_doc doc;

static int known_none(const char *key, void *arg)
{
	return 0;
}

static void doc_check(void)
{
	unsigned i;
	int64_t v;

	for (i = 0; i < doc.n; i++) {
		const struct json_node *n = &doc.node[i];

		if (n->first != JSON_DOC_NONE && (n->first <= (int)i || (unsigned)n->first >= doc.n))
			abort();
		if (n->next != JSON_DOC_NONE && (n->next <= (int)i || (unsigned)n->next >= doc.n))
			abort();
		if ((n->type == JSON_T_STRING || n->type == JSON_T_NUMBER) && strlen(n->text) != n->len)
			abort();
		if (n->type == JSON_T_OBJECT)
			json_doc_unknown_key(&doc, (int)i, known_none, NULL);
		json_doc_int(&doc, (int)i, INT64_MIN, INT64_MAX, &v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (json_doc_parse(&doc, (const char *)data, size) == 0)
		doc_check();
	return 0;
}
