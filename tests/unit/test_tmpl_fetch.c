/*
 * tmpl_fetch, the download vzctl create does for a template missing from
 * the cache, against a loopback server forked here that reports every
 * tarball it sends: a missing template is downloaded once with a notice,
 * a cached one is not fetched again, concurrent callers download it once
 * (the cache's lock), a name the index lacks leaves the cache as it was,
 * a missing cache directory is made and a killed download's part is
 * replaced.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "tap.h"
#include "tmpl/http.h"
#include "tmpl/repo.h"

#define FETCHERS 4

static const char tarball[] = "the bytes of a template tarball\n";
static char index_text[256], base[128], top[64], cache[128];
static int sent_fd;	/* the server writes one byte per tarball it sends */

static void request_read(int fd, char *req, size_t size)
{
	size_t len = 0;

	req[0] = '\0';
	while (len < size - 1 && !strstr(req, "\r\n\r\n")) {
		ssize_t r = read(fd, req + len, size - 1 - len);

		if (r <= 0)
			break;
		len += (size_t)r;
		req[len] = '\0';
	}
}

/* Serves until killed; a tarball after 200 ms, so that fetchers overlap. */
static void serve(int lfd, int sent)
{
	for (;;) {
		struct timespec slow = { 0, 200 * 1000 * 1000 };
		char req[4096], resp[1024];
		const char *body = NULL;
		int fd = accept(lfd, NULL, NULL), n;

		if (fd < 0)
			_exit(1);
		request_read(fd, req, sizeof req);
		if (strstr(req, "GET /repo/index.sha256 ")) {
			body = index_text;
		} else if (strstr(req, "GET /repo/t.tar.zst ")) {
			body = tarball;
			nanosleep(&slow, NULL);
			if (write(sent, "T", 1) != 1)
				_exit(1);
		}
		if (body)
			n = snprintf(resp, sizeof resp, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
				     strlen(body), body);
		else
			n = snprintf(resp, sizeof resp, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		if (write(fd, resp, (size_t)n) != n)
			_exit(1);
		close(fd);
	}
}

static int tarballs_sent(void)
{
	char buf[64];
	int n = 0;
	ssize_t r;

	while ((r = read(sent_fd, buf, sizeof buf)) > 0)
		n += (int)r;
	return n;
}

static int fetch(const char *name, struct collect *c, struct collect *notice, char *out)
{
	struct report rep = collect_report(c), note = collect_report(notice);
	struct tmpl_http_opts o;

	tmpl_repo_http_opts(NULL, NULL, NULL, &o);
	o.timeout_ms = 5000;
	o.progress = 0;		/* as in a log: a start and an end line */
	return tmpl_fetch(base, name, cache, &o, out, 4096, &rep, &note);
}

static int cache_entries(void)
{
	DIR *d = opendir(cache);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static int file_is_tarball(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf);
	close(fd);
	return n == (ssize_t)strlen(tarball) && !memcmp(buf, tarball, (size_t)n);
}

static void concurrent_tests(void)
{
	char out[4096], path[256];
	struct collect c, note;
	pid_t pids[FETCHERS];
	int i, good = 0, st;

	snprintf(path, sizeof path, "%s/t.tar.zst", cache);
	unlink(path);
	for (i = 0; i < FETCHERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(fetch("t", &c, &note, out) == 0 && file_is_tarball(out) ? 0 : 1);
	}
	for (i = 0; i < FETCHERS; i++)
		good += pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) &&
			WEXITSTATUS(st) == 0;
	is_int(good, FETCHERS, "concurrent fetches of one missing template all succeed");
	is_int(tarballs_sent(), 1, "and the tarball is downloaded once");
	is_int(cache_entries(), 1, "the cache holds the template alone");
}

int main(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t slen = sizeof sa;
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), sent[2];
	char out[4096], path[256], hex[SHA256_HEX_LEN + 1];
	unsigned char d[SHA256_DIGEST_LEN];
	struct collect c, note;
	struct sha256 sha;
	pid_t server;
	int fd, r;

	sha256_init(&sha);
	sha256_update(&sha, tarball, strlen(tarball));
	sha256_final(&sha, d);
	sha256_hex(d, hex);
	snprintf(index_text, sizeof index_text, "%s  t.tar.zst\n", hex);
	snprintf(top, sizeof top, "/tmp/test_tmpl_fetch.XXXXXX");
	if (!mkdtemp(top) || lfd < 0 || pipe2(sent, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 16) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &slen) < 0) {
		ok(0, "loopback server: %s", strerror(errno));
		return done_testing();
	}
	server = fork();
	if (server == 0)
		serve(lfd, sent[1]);
	close(lfd);
	close(sent[1]);
	sent_fd = sent[0];
	snprintf(base, sizeof base, "http://127.0.0.1:%u/repo", ntohs(sa.sin_port));
	snprintf(cache, sizeof cache, "%s/template/cache", top);

	r = fetch("t", &c, &note, out);
	ok(r == 0, "a missing template is downloaded (%s)", c.n ? c.msg[0] : "ok");
	snprintf(path, sizeof path, "%s/t.tar.zst", cache);
	is_str(out, path, "into the cache directory, made for it");
	ok(file_is_tarball(out), "with the repository's bytes");
	ok(note.n == 2 && strstr(note.msg[0], "Downloading template t from http://127.0.0.1:"),
	   "the caller is told it downloads (%s)", note.n ? note.msg[0] : "no notice");
	ok(note.n == 2 && !strncmp(note.msg[1], "Downloaded t.tar.zst: ", 22) &&
		   strstr(note.msg[1], " B in ") && strstr(note.msg[1], " s"),
	   "and when it is done, with the size and the time (%s)", note.n == 2 ? note.msg[1] : "");
	is_int(tarballs_sent(), 1, "one tarball sent");

	ok(fetch("t", &c, &note, out) == 0 && !strcmp(out, path) && note.n == 0,
	   "a cached template is used without a notice");
	is_int(tarballs_sent(), 0, "and without a download");

	r = fetch("nosuch", &c, &note, out);
	ok(r < 0 && errno == ENOENT && collect_has(&c, "nosuch: not in the repository's index.sha256"),
	   "a name the index lacks is reported (%s)", c.n ? c.msg[0] : "no message");
	is_int(cache_entries(), 1, "and leaves the cache as it was");
	ok(fetch("../t", &c, &note, out) < 0 && errno == EINVAL && collect_has(&c, "not a template name"),
	   "a bad name is refused before any connection");

	concurrent_tests();

	unlink(path);
	snprintf(path, sizeof path, "%s/.t.tar.zst.part", cache);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	ok(fd >= 0 && write(fd, "half", 4) == 4 && close(fd) == 0, "a killed download's part");
	r = fetch("t", &c, &note, out);
	ok(r == 0 && file_is_tarball(out) && cache_entries() == 1,
	   "is replaced by a verified download (%s)", c.n ? c.msg[0] : "ok");

	kill(server, SIGKILL);
	waitpid(server, NULL, 0);
	unlink(out);
	rmdir(cache);
	snprintf(path, sizeof path, "%s/template", top);
	rmdir(path);
	rmdir(top);
	return done_testing();
}
