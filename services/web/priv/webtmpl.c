#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpl/tmpl.h"
#include "webtmpl.h"

static const char *const exts[] = { ".tar.zst", ".tar.xz", ".tar.gz" };

const char *webtmpl_ext_of(const char *path)
{
	static const struct {
		unsigned char magic[6];
		size_t len;
		const char *ext;
	} kinds[] = {
		{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, ".tar.zst" },
		{ { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6, ".tar.xz" },
		{ { 0x1f, 0x8b }, 2, ".tar.gz" },
	};
	unsigned char head[6] = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, head, sizeof head);
	size_t i;

	if (fd >= 0)
		close(fd);
	for (i = 0; n > 0 && i < sizeof kinds / sizeof kinds[0]; i++)
		if ((size_t)n >= kinds[i].len && !memcmp(head, kinds[i].magic, kinds[i].len))
			return kinds[i].ext;
	return NULL;
}

int webtmpl_remove(const char *name)
{
	char path[TMPL_NAME_MAX + 64];
	int n = 0;
	size_t i;

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		snprintf(path, sizeof path, "%s/%s%s", TMPL_CACHE_DIR, name, exts[i]);
		n += unlink(path) == 0;
	}
	return n;
}

void webtmpl_upload_path(const char *task, char *out, size_t size)
{
	snprintf(out, size, "%s/.upload-%s", TMPL_CACHE_DIR, task);
}

static int in_dir(const char *dir, const char *name)
{
	char path[TMPL_NAME_MAX + 64];
	size_t i;

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		snprintf(path, sizeof path, "%s/%s%s", dir, name, exts[i]);
		if (access(path, F_OK) == 0)
			return 1;
	}
	return 0;
}

int webtmpl_where(const char *name)
{
	if (in_dir(TMPL_CACHE_DIR, name))
		return 1;
	return in_dir(TMPL_BUILTIN_DIR, name) ? 2 : 0;
}

/* The template name of a file NAME.tar.EXT, or 0. */
static int name_of(const char *file, char name[TMPL_NAME_MAX + 1])
{
	size_t len = strlen(file), el, i;

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		el = strlen(exts[i]);
		if (len <= el || len - el > TMPL_NAME_MAX || strcmp(file + len - el, exts[i]))
			continue;
		memcpy(name, file, len - el);
		name[len - el] = 0;
		return tmpl_name_valid(name);
	}
	return 0;
}

static void dir_json(struct json *j, const char *dir, int builtin)
{
	char name[TMPL_NAME_MAX + 1], path[512];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!name_of(de->d_name, name))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (builtin && in_dir(TMPL_CACHE_DIR, name))
			continue;
		json_object_begin(j);
		json_kv_string(j, "name", name);
		json_kv_string(j, "file", path);
		json_kv_uint(j, "size", (uint64_t)st.st_size);
		json_kv_uint(j, "mtime", (uint64_t)st.st_mtime);
		json_kv_bool(j, "builtin", builtin);
		json_object_end(j);
	}
	closedir(d);
}

void webtmpl_list_json(struct json *j)
{
	json_key(j, "templates");
	json_array_begin(j, JSON_LINES);
	dir_json(j, TMPL_CACHE_DIR, 0);
	dir_json(j, TMPL_BUILTIN_DIR, 1);
	json_array_end(j);
}
