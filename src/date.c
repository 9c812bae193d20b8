#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "strbuf.h"
#include "util.h"

long long date_days_from_civil(int y, unsigned m, unsigned d)
{
	/* Howard Hinnant's algorithm: no time zone database involved. */
	int era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + (long long)doe - 719468;
}

static int S_num(const char **p, int digits, int *out)
{
	int v = 0, i;

	for (i = 0; i < digits; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += digits;
	*out = v;
	return 0;
}

/* YYYY-MM-DD[( |T)HH:MM[:SS]][Z|(+|-)HH[:]MM]; without a zone: local. */
static int S_iso(long long *out, const char *s)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, zh = 0, zm = 0, has_zone = 0;
	int sign = 1;
	const char *p = s;
	long long t;

	if (S_num(&p, 4, &y) || *p++ != '-' || S_num(&p, 2, &mo) ||
	    *p++ != '-' || S_num(&p, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (S_num(&p, 2, &h) || *p++ != ':' || S_num(&p, 2, &mi))
			return -1;
		if (*p == ':' && (p++, S_num(&p, 2, &sec)))
			return -1;
	}
	if (*p == 'Z') {
		has_zone = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (S_num(&p, 2, &zh))
			return -1;
		if (*p == ':')
			p++;
		if (S_num(&p, 2, &zm))
			return -1;
		has_zone = 1;
	}
	if (*p || h > 23 || mi > 59 || sec > 60)
		return -1;
	if (has_zone) {
		t = date_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
		    h * 3600 + mi * 60 + sec;
		*out = t - sign * (zh * 3600 + zm * 60);
	} else {
		struct tm tm;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		*out = (long long)mktime(&tm);
	}
	return 0;
}

/* git rev-parse --since=<s> prints --max-age=<seconds>. */
static int S_git_approxidate(long long *out, const char *s)
{
	struct strbuf arg = STRBUF_INIT, res = STRBUF_INIT;
	int fd[2], status = 0;
	pid_t pid;
	char buf[256];
	ssize_t n;
	const char *v;

	if (pipe(fd) < 0)
		return -1;
	strbuf_addf(&arg, "--since=%s", s);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		strbuf_release(&arg);
		return -1;
	}
	if (!pid) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execlp("git", "git", "rev-parse", arg.buf, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0 && res.len < 4096)
		strbuf_add(&res, buf, (size_t)n);
	close(fd[0]);
	waitpid(pid, &status, 0);
	strbuf_release(&arg);
	strbuf_trim(&res);
	if (!WIFEXITED(status) || WEXITSTATUS(status) ||
	    !skip_prefix(res.buf, "--max-age=", &v) || !*v) {
		strbuf_release(&res);
		return -1;
	}
	errno = 0;
	*out = strtoll(v, NULL, 10);
	strbuf_release(&res);
	return errno ? -1 : 0;
}

static int S_plausible(const char *s)
{
	static const char *const words[] = {
		"now",	 "today", "yesterday", "noon",	"midnight", "ago",
		"last",	 "sec",	  "min",       "hour",	"day",	    "week",
		"month", "year",  "mon",       "tue",	"wed",	    "thu",
		"fri",	 "sat",	  "sun",       "jan",	"feb",	    "mar",
		"apr",	 "may",	  "jun",       "jul",	"aug",	    "sep",
		"oct",	 "nov",	  "dec",       "tea",
	};
	char *lower = xstrdup(s);
	size_t i;
	int ok = 0;

	for (i = 0; lower[i]; i++) {
		if (isdigit((unsigned char)lower[i]))
			ok = 1;
		lower[i] = (char)tolower((unsigned char)lower[i]);
	}
	for (i = 0; !ok && i < ARRAY_SIZE(words); i++)
		ok = strstr(lower, words[i]) != NULL;
	free(lower);
	return ok;
}

int date_parse(long long *out, const char *s)
{
	char *end;

	if (s[0] == '@' && isdigit((unsigned char)s[1])) {
		errno = 0;
		*out = strtoll(s + 1, &end, 10);
		if (!errno && !*end)
			return 0;
	}
	if (!S_iso(out, s))
		return 0;
	/* git reads text it does not understand as "now": refuse it here. */
	if (S_plausible(s) && !S_git_approxidate(out, s))
		return 0;
	return error_set("cannot read the date '%s'", s);
}

void date_human(char *out, const char *ymd)
{
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	int y, m, d, n = 0;

	if (ymd && strlen(ymd) == 10 &&
	    sscanf(ymd, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 &&
	    m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		snprintf(out, DATE_HUMAN_MAX, "%d %s %d", d, months[m - 1], y);
		return;
	}
	snprintf(out, DATE_HUMAN_MAX, "%s", ymd ? ymd : "?");
}
