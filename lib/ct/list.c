#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "ct/ct.h"
#include "conf/vzvalue.h"

static int conf_ctid(const char *file, unsigned *ctid)
{
	char num[16];
	size_t len = strlen(file);

	if (len < 6 || len - 5 >= sizeof num || strcmp(file + len - 5, ".conf"))
		return -1;
	memcpy(num, file, len - 5);
	num[len - 5] = 0;
	return vzvalue_ctid(num, ctid) ? -1 : 0;
}

/* id into the ascending list->id, which keeps the CT_LIST_MAX lowest. */
static void list_insert(struct ct_list *list, unsigned id)
{
	size_t lo = 0, hi = list->n;

	if (list->n == CT_LIST_MAX && id > list->id[CT_LIST_MAX - 1])
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (list->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (list->n < CT_LIST_MAX)
		list->n++;
	memmove(&list->id[lo + 1], &list->id[lo], (list->n - 1 - lo) * sizeof list->id[0]);
	list->id[lo] = id;
}

int ct_list(struct ct_list *list)
{
	struct dirent *de;
	unsigned id;
	DIR *d;

	list->n = list->total = 0;
	d = opendir(VZCONF_CT_DIR);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)))
		if (conf_ctid(de->d_name, &id) == 0) {
			list->total++;
			list_insert(list, id);
		}
	closedir(d);
	return 0;
}
