#include <string.h>

#include "base/words.h"

static int is_sep(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

int words_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	if (!n)
		return 0;
	for (p = list; (p = strstr(p, word)); p += n)
		if ((p == list || is_sep(p[-1])) && (!p[n] || is_sep(p[n])))
			return 1;
	return 0;
}
