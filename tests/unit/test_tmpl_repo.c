/*
 * The template repository client: URL parsing, index.sha256, HTTP
 * response heads and chunked bodies (malformed inputs refused), and
 * tmpl_download against a loopback server forked here: a good tarball is
 * kept, a tampered one, a short body and a non-loopback plain http URL
 * leave nothing in the cache.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collect.h"
#include "tap.h"
#include "tmpl/http.h"
#include "tmpl/repo.h"

static void url_tests(void)
{
	static const char *const bad[] = {
		"ftp://x/", "http://", "http:///a", "http://user@host/", "http://h:0/",
		"http://h:65536/", "http://h:/", "http://h:8a/", "http://h/a b", "http://h/#frag",
		"http://[::1/", "http://[::1]x/", "http://ho$t/", "http://h/\x01", "https//h/",
	};
	struct tmpl_url u, j;
	char s[256];

	ok(tmpl_url_parse("https://repo.example.org/vz/templates", &u) == 0 && u.https &&
	   !strcmp(u.host, "repo.example.org") && u.port == 443 && !strcmp(u.path, "/vz/templates"),
	   "https URL: host, default port, path");
	ok(tmpl_url_parse("http://127.0.0.1:8080", &u) == 0 && !u.https && u.port == 8080 &&
	   !strcmp(u.path, "/"), "http URL with a port and no path");
	ok(tmpl_url_parse("HTTP://[::1]:81/a?b=c", &u) == 0 && !strcmp(u.host, "::1") &&
	   u.port == 81 && !strcmp(u.path, "/a?b=c"), "IPv6 literal, query kept");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(tmpl_url_parse(bad[i], &u) < 0 && errno == EINVAL, "URL refused: %s", bad[i]);
	tmpl_url_parse("http://h/base", &u);
	ok(tmpl_url_join(&u, "index.sha256", &j) == 0 && !strcmp(j.path, "/base/index.sha256"),
	   "join adds one slash");
	tmpl_url_parse("http://h/base/", &u);
	ok(tmpl_url_join(&u, "x.tar.zst", &j) == 0 && !strcmp(j.path, "/base/x.tar.zst"),
	   "join keeps one slash");
	ok(tmpl_url_resolve(&u, "/other/f", &j) == 0 && !strcmp(j.host, "h") &&
	   !strcmp(j.path, "/other/f"), "redirect to a path on the same server");
	ok(tmpl_url_resolve(&u, "https://m/f", &j) == 0 && j.https && !strcmp(j.host, "m"),
	   "redirect to an absolute URL");
	ok(tmpl_url_resolve(&u, "//m/f", &j) < 0, "scheme-relative redirect refused");
	tmpl_url_parse("https://[::1]:8443/a", &u);
	tmpl_url_format(&u, s, sizeof s);
	is_str(s, "https://[::1]:8443/a", "URL formatted for messages");
}

#define H1 "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
#define H2 "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7"

static int index_find(const char *idx, const char *name, struct tmpl_repo_entry *e,
		      struct collect *c)
{
	struct report rep = collect_report(c);

	return tmpl_repo_index_find(idx, strlen(idx), name, e, &rep);
}

static void index_tests(void)
{
	static const char *const bad[] = {
		H1 " busybox.tar.zst\n",		/* one space */
		H1 "  busybox.tar\n",			/* not a template tarball */
		H1 "  ../busybox.tar.zst\n",
		H1 "  sub/busybox.tar.zst\n",
		H1 "  .tar.zst\n",
		"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982  busybox.tar.zst\n",
		"zcf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  busybox.tar.zst\n",
		H1 "  busybox.tar.zst\n" H2 "  busybox.tar.zst\n",	/* listed twice */
		H1 "  busy box.tar.zst\n",
		"garbage\n",
	};
	struct tmpl_repo_entry e;
	struct collect c;
	char hex[SHA256_HEX_LEN + 1], *big;

	ok(index_find("# templates\n\n" H1 "  busybox.tar.zst\n" H2 " *debian-12.tar.xz\r\n",
		      "debian-12", &e, &c) == 0 && !strcmp(e.file, "debian-12.tar.xz"),
	   "index: binary-mode marker and CRLF accepted");
	sha256_hex(e.digest, hex);
	is_str(hex, H2, "index: digest parsed");
	ok(index_find(H2 "  a.tar.gz\n" H1 "  a.tar.zst\n", "a", &e, &c) == 0 &&
	   !strcmp(e.file, "a.tar.zst"), "index: .tar.zst preferred");
	ok(index_find(H1 "  a.tar.zst", "b", &e, &c) < 0 && errno == ENOENT &&
	   collect_has(&c, "b: not in the repository"), "index: missing name reported");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(index_find(bad[i], "busybox", &e, &c) < 0 && errno == EINVAL &&
		   collect_has(&c, "index.sha256:"), "index refused: case %zu (%s)", i,
		   c.n ? c.msg[0] : "no message");
	big = malloc(TMPL_REPO_INDEX_MAX + 2);
	memset(big, '\n', TMPL_REPO_INDEX_MAX + 1);
	big[TMPL_REPO_INDEX_MAX + 1] = '\0';
	ok(index_find(big, "a", &e, &c) < 0 && errno == EFBIG, "index over 1 MiB refused");
	memset(big, 'a', 600);
	big[600] = '\0';
	ok(index_find(big, "a", &e, &c) < 0 && collect_has(&c, "longer than"),
	   "over-long line refused");
	free(big);
}

static int each_name(const struct tmpl_repo_entry *e, const char *name, void *arg)
{
	char *names = arg;

	strcat(names, name);
	strcat(names, "=");
	strcat(names, e->file);
	strcat(names, " ");
	return !strcmp(name, "stop");
}

static void index_each_tests(void)
{
	const char *idx = "# t\n" H1 "  a.tar.zst\n" H2 "  b.tar.xz\n" H1 "  a.tar.gz\n";
	char names[256] = "";
	struct collect c;
	struct report rep = collect_report(&c);

	ok(tmpl_repo_index_each(idx, strlen(idx), each_name, names, &rep) == 0 &&
	   !strcmp(names, "a=a.tar.zst b=b.tar.xz a=a.tar.gz "), "index each: every entry in order");
	names[0] = 0;
	idx = H1 "  a.tar.zst\n" H1 "  stop.tar.zst\n" H1 "  c.tar.zst\n";
	ok(tmpl_repo_index_each(idx, strlen(idx), each_name, names, &rep) == 0 &&
	   !strcmp(names, "a=a.tar.zst stop=stop.tar.zst "), "index each: stops when told");
	names[0] = 0;
	idx = H1 "  a.tar.zst\n" "garbage\n";
	ok(tmpl_repo_index_each(idx, strlen(idx), each_name, names, &rep) < 0 && errno == EINVAL &&
	   !names[0], "index each: a bad line refuses the index before any entry is told");
}

static int head(const char *s, struct tmpl_http_head *h)
{
	struct collect c;
	struct report rep = collect_report(&c);

	return tmpl_http_head_parse(s, strlen(s), h, &rep);
}

static void head_tests(void)
{
	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n",		/* no blank line */
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",		/* folded */
		"HTTP/1.1 200 OK\r\nNo colon\r\n\r\n",
		"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\nY: b\r\n\r\n",		/* bare LF */
		"HTTP/1.1 200 OK\r\nX: a\x01\r\n\r\n",
	};
	struct tmpl_http_head h;
	char many[4096];
	size_t n;

	ok(head("HTTP/1.1 200 OK\r\nServer: x\r\ncontent-length:  42 \r\n\r\n", &h) == 0 &&
	   h.status == 200 && h.length == 42 && !h.chunked, "head: status and Content-Length");
	ok(head("HTTP/1.0 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n", &h) == 0 &&
	   h.status == 302 && !strcmp(h.location, "/x"), "head: redirect Location");
	ok(head("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n", &h) == 0 && h.chunked &&
	   h.length == -1, "head: chunked");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(head(bad[i], &h) < 0 && errno == EINVAL, "head refused: case %zu", i);
	n = (size_t)snprintf(many, sizeof many, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i <= TMPL_HTTP_HEADERS_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "X%d: y\r\n", i);
	snprintf(many + n, sizeof many - n, "\r\n");
	ok(head(many, &h) < 0, "head with too many headers refused");
	is_int((long long)tmpl_http_head_end("HTTP/1.1 200 OK\r\n\r\nbody", 23), 19,
	       "end of head found before the body");
	is_int((long long)tmpl_http_head_end("HTTP/1.1 200 OK\r\n", 17), 0, "no end yet");
}

/* Decodes s fed in pieces of step bytes; returns the data or NULL if refused. */
static const char *chunked(const char *s, size_t step, int *done)
{
	static char out[256];
	struct tmpl_http_chunked c;
	char buf[64];
	size_t len = strlen(s), olen = 0;

	tmpl_http_chunked_init(&c);
	for (size_t off = 0; off < len && !c.done; off += step) {
		size_t n = len - off < step ? len - off : step, used;
		ssize_t r;

		memcpy(buf, s + off, n);
		r = tmpl_http_chunked_decode(&c, buf, n, &used);
		if (r < 0)
			return NULL;
		memcpy(out + olen, buf, (size_t)r);
		olen += (size_t)r;
	}
	out[olen] = '\0';
	*done = c.done;
	return out;
}

static void chunked_tests(void)
{
	static const char *const bad[] = {
		"x\r\nabc\r\n0\r\n\r\n", "3\nabc\r\n0\r\n\r\n", "3\r\nabcX\r\n0\r\n\r\n",
		"\r\n", "10000000000000000\r\n", "3;\x01\r\nabc\r\n",
	};
	const char *body = "4\r\nwiki\r\n5;ext=1\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nT: x\r\n\r\n";
	const char *s;
	int done;

	for (size_t step = 1; step <= 7; step += 3) {
		s = chunked(body, step, &done);
		ok(s && !strcmp(s, "wikipedia in\r\n\r\nchunks.") && done,
		   "chunked body decoded, fed %zu bytes at a time", step);
	}
	s = chunked("3\r\nabc\r\n", 64, &done);
	ok(s && !strcmp(s, "abc") && !done, "a body without its last chunk is not done");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(chunked(bad[i], 64, &done) == NULL, "chunked refused: case %zu", i);
}

/* ---- tmpl_download against a loopback server ---------------------------- */

static char dir[64];
static char tarball[] = "not really a tarball, but bytes to hash\n";
static char good_index[256], bad_index[256];

/* Serves n connections: the response is chosen by the request path. */
static void serve(int lfd, int n)
{
	while (n-- > 0) {
		char req[4096] = "", resp[8192];
		const char *body = "", *status = "200 OK", *extra = "";
		size_t len = 0;
		int fd = accept(lfd, NULL, NULL), chunk = 0, cut = 0;

		if (fd < 0)
			_exit(1);
		while (len < sizeof req - 1 && !strstr(req, "\r\n\r\n")) {
			ssize_t r = read(fd, req + len, sizeof req - 1 - len);

			if (r <= 0)
				break;
			len += (size_t)r;
			req[len] = '\0';
		}
		if (strstr(req, "GET /good/index.sha256 "))
			body = good_index;
		else if (strstr(req, "GET /bad/index.sha256 ") || strstr(req, "GET /cut/index.sha256 "))
			body = bad_index;
		else if (strstr(req, "GET /chunk/index.sha256 "))
			body = good_index, chunk = 1;
		else if (strstr(req, "GET /moved/index.sha256 "))
			status = "301 Moved", extra = "Location: /good/index.sha256\r\n";
		else if (strstr(req, "GET /cut/t.tar.zst "))
			body = tarball, cut = 1;
		else if (strstr(req, ".tar.zst "))
			body = tarball;
		else
			status = "404 Not Found";
		if (chunk)
			len = (size_t)snprintf(resp, sizeof resp, "HTTP/1.1 %s\r\nTransfer-Encoding: chunked"
					       "\r\n\r\n%zx\r\n%s\r\n0\r\n\r\n", status, strlen(body), body);
		else
			len = (size_t)snprintf(resp, sizeof resp, "HTTP/1.1 %s\r\n%sContent-Length: %zu"
					       "\r\n\r\n%s", status, extra, strlen(body) + cut, body);
		if (write(fd, resp, len) < 0)
			_exit(1);
		close(fd);
	}
	_exit(0);
}

static int download(const char *base, struct collect *c, char *out)
{
	struct report rep = collect_report(c);
	struct tmpl_http_opts o = { .timeout_ms = 5000, .insecure = 0 };

	return tmpl_download(base, "t", dir, &o, out, 4096, &rep, NULL);
}

static int dir_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	closedir(d);
	return n;
}

static void download_tests(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t slen = sizeof sa;
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	char base[128], out[4096], cmd[256], hex[SHA256_HEX_LEN + 1];
	unsigned char d[SHA256_DIGEST_LEN];
	struct sha256 sha;
	struct collect c;
	pid_t pid;
	int st;

	sha256_init(&sha);
	sha256_update(&sha, tarball, strlen(tarball));
	sha256_final(&sha, d);
	sha256_hex(d, hex);
	snprintf(good_index, sizeof good_index, "%s  t.tar.zst\n", hex);
	hex[0] = hex[0] == '0' ? '1' : '0';
	snprintf(bad_index, sizeof bad_index, "%s  t.tar.zst\n", hex);
	snprintf(dir, sizeof dir, "/tmp/test_tmpl_repo.XXXXXX");
	if (!mkdtemp(dir) || lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(lfd, 8) < 0 || getsockname(lfd, (struct sockaddr *)&sa, &slen) < 0) {
		ok(0, "loopback server: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0)
		serve(lfd, 12);
	close(lfd);

	snprintf(base, sizeof base, "http://127.0.0.1:%u/good", ntohs(sa.sin_port));
	ok(download(base, &c, out) == 0, "good index: downloaded (%s)", c.n ? c.msg[0] : "ok");
	snprintf(cmd, sizeof cmd, "grep -q 'not really' %s/t.tar.zst", dir);
	ok(system(cmd) == 0 && dir_entries() == 1, "the verified tarball is in the cache, alone");
	snprintf(base, sizeof base, "http://127.0.0.1:%u/bad", ntohs(sa.sin_port));
	unlink(out);
	ok(download(base, &c, out) < 0 && errno == EBADMSG && collect_has(&c, "SHA-256 mismatch"),
	   "tampered index: refused (%s)", c.n ? c.msg[0] : "no message");
	is_int(dir_entries(), 0, "tampered: nothing left in the cache");
	snprintf(base, sizeof base, "http://127.0.0.1:%u/cut", ntohs(sa.sin_port));
	ok(download(base, &c, out) < 0 && collect_has(&c, "cut short"), "short body refused (%s)",
	   c.n ? c.msg[0] : "no message");
	is_int(dir_entries(), 0, "short body: nothing left in the cache");
	snprintf(base, sizeof base, "http://127.0.0.1:%u/chunk", ntohs(sa.sin_port));
	ok(download(base, &c, out) == 0, "chunked index, then the tarball (%s)",
	   c.n ? c.msg[0] : "ok");
	unlink(out);
	snprintf(base, sizeof base, "http://127.0.0.1:%u/moved", ntohs(sa.sin_port));
	ok(download(base, &c, out) == 0, "index behind a redirect (%s)", c.n ? c.msg[0] : "ok");
	unlink(out);
	snprintf(base, sizeof base, "http://127.0.0.1:%u/none", ntohs(sa.sin_port));
	ok(download(base, &c, out) < 0 && collect_has(&c, "HTTP status 404"), "404 reported");
	ok(download("http://192.0.2.1/x", &c, out) < 0 && errno == EPERM &&
	   collect_has(&c, "not a loopback address"), "plain http off loopback refused before connecting");
	ok(download("https://127.0.0.1:1/x", &c, out) < 0 && collect_has(&c, "https is not available"),
	   "https without TLS operations refused");
	is_int(dir_entries(), 0, "nothing left in the cache");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	system(cmd);
}

int main(void)
{
	url_tests();
	index_tests();
	index_each_tests();
	head_tests();
	chunked_tests();
	download_tests();
	return done_testing();
}
