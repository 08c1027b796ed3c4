#include <errno.h>
#include <string.h>

#include "tmpl/tmpl.h"
#include "base/hex.h"
#include "tmpl/repo.h"

static const char *const exts[] = { ".tar.zst", ".tar.xz", ".tar.gz" };

static int digest_parse(const char *s, unsigned char d[SHA256_DIGEST_LEN])
{
	for (size_t i = 0; i < SHA256_DIGEST_LEN; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		d[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* The extension rank of file (index into exts), or -1 if it is not NAME.tar.EXT. */
static int file_rank(const char *file, size_t len, char name[TMPL_NAME_MAX + 1])
{
	for (int i = 0; i < 3; i++) {
		size_t el = strlen(exts[i]);

		if (len <= el || len - el > TMPL_NAME_MAX || memcmp(file + len - el, exts[i], el))
			continue;
		memcpy(name, file, len - el);
		name[len - el] = '\0';
		return tmpl_name_valid(name) ? i : -1;
	}
	return -1;
}

/* One line without its newline: 1 an entry in *e, 0 blank or comment, -1 refused. */
static int line_parse(const char *s, size_t len, struct tmpl_repo_entry *e, int *rank,
		      char name[TMPL_NAME_MAX + 1])
{
	size_t flen;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (len == 0 || s[0] == '#')
		return 0;
	if (len < SHA256_HEX_LEN + 3 || s[SHA256_HEX_LEN] != ' ' ||
	    (s[SHA256_HEX_LEN + 1] != ' ' && s[SHA256_HEX_LEN + 1] != '*'))
		return -1;
	if (digest_parse(s, e->digest) < 0)
		return -1;
	flen = len - SHA256_HEX_LEN - 2;
	if (flen >= sizeof e->file || memchr(s + SHA256_HEX_LEN + 2, '\0', flen))
		return -1;
	memcpy(e->file, s + SHA256_HEX_LEN + 2, flen);
	e->file[flen] = '\0';
	*rank = file_rank(e->file, flen, name);
	return *rank < 0 ? -1 : 1;
}

struct seen {
	char file[TMPL_REPO_FILE_MAX];
};

static struct seen seen[TMPL_REPO_ENTRIES_MAX];

static int seen_add(unsigned n, const char *file)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(seen[i].file, file))
			return -1;
	strcpy(seen[n].file, file);
	return 0;
}

/* Checks every line of the index, calling fn (when not NULL) for each entry. */
static int index_walk(const char *buf, size_t len,
		      void (*fn)(const struct tmpl_repo_entry *e, const char *name, int rank,
				 void *arg),
		      void *arg, const struct report *rep)
{
	struct tmpl_repo_entry cur;
	char cur_name[TMPL_NAME_MAX + 1];
	unsigned entries = 0, lineno = 0;
	size_t off = 0;
	int rank;

	if (len > TMPL_REPO_INDEX_MAX) {
		report_msg(rep, "index.sha256: larger than %d bytes", TMPL_REPO_INDEX_MAX);
		return (errno = EFBIG, -1);
	}
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t ll = nl ? (size_t)(nl - (buf + off)) : len - off;
		int r;

		lineno++;
		if (ll > TMPL_REPO_LINE_MAX) {
			report_msg(rep, "index.sha256:%u: line longer than %d bytes", lineno,
				   TMPL_REPO_LINE_MAX);
			return (errno = EINVAL, -1);
		}
		r = line_parse(buf + off, ll, &cur, &rank, cur_name);
		off += ll + (nl != NULL);
		if (r == 0)
			continue;
		if (r < 0) {
			report_msg(rep, "index.sha256:%u: not a \"<sha256>  NAME.tar.zst\" line",
				   lineno);
			return (errno = EINVAL, -1);
		}
		if (entries == TMPL_REPO_ENTRIES_MAX) {
			report_msg(rep, "index.sha256: more than %d entries", TMPL_REPO_ENTRIES_MAX);
			return (errno = E2BIG, -1);
		}
		if (seen_add(entries++, cur.file) < 0) {
			report_msg(rep, "index.sha256:%u: %s is listed twice", lineno, cur.file);
			return (errno = EINVAL, -1);
		}
		if (fn)
			fn(&cur, cur_name, rank, arg);
	}
	return 0;
}

struct index_best {
	const char *name;
	struct tmpl_repo_entry *e;
	int best;
};

static void index_best(const struct tmpl_repo_entry *e, const char *name, int rank, void *arg)
{
	struct index_best *b = arg;

	if (rank < b->best && !strcmp(name, b->name)) {
		b->best = rank;
		*b->e = *e;
	}
}

int tmpl_repo_index_find(const char *buf, size_t len, const char *name,
			 struct tmpl_repo_entry *e, const struct report *rep)
{
	struct index_best b = { name, e, 3 };

	if (index_walk(buf, len, index_best, &b, rep) < 0)
		return -1;
	if (b.best == 3) {
		report_msg(rep, "%s: not in the repository's index.sha256", name);
		return (errno = ENOENT, -1);
	}
	return 0;
}

struct index_each {
	int (*fn)(const struct tmpl_repo_entry *e, const char *name, void *arg);
	void *arg;
	int stop;
};

static void index_each(const struct tmpl_repo_entry *e, const char *name, int rank, void *arg)
{
	struct index_each *x = arg;

	if (!x->stop)
		x->stop = x->fn(e, name, x->arg);
}

int tmpl_repo_index_each(const char *buf, size_t len,
			 int (*fn)(const struct tmpl_repo_entry *e, const char *name, void *arg),
			 void *arg, const struct report *rep)
{
	struct index_each x = { fn, arg, 0 };

	if (index_walk(buf, len, NULL, NULL, rep) < 0)
		return -1;
	return index_walk(buf, len, index_each, &x, rep);
}
