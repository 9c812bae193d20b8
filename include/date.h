#ifndef THESIS_DATE_H
#define THESIS_DATE_H

/*
 * date: the dates users give --since, --until and --as-of, in git's
 * formats.  ISO 8601 dates (`2026-05-01`, `2026-05-01T09:30:00-04:00`,
 * `2026-05-01 09:30`) and `@<seconds>` are read here; anything else
 * (`2 weeks ago`, `yesterday`, `last monday`) is handed to git's own date
 * parser (`git rev-parse --since=...`), since libgit2 exposes none, so
 * every format git accepts works the same way.
 *
 * Layer: helpers, used by every layer.  See src/README.
 */

/*
 * Days from 1970-01-01 to the proleptic Gregorian date y-m-d (m 1..12):
 * what timegm() would give, without the time zone database.
 */
long long date_days_from_civil(int y, unsigned m, unsigned d);

/*
 * A YYYY-MM-DD date the way people write it in notes: `4 May 2026`.
 * Anything else is copied as it is.  `out` has DATE_HUMAN_MAX bytes.
 */
#define DATE_HUMAN_MAX 32
void date_human(char *out, const char *ymd);

/* Stores seconds since the epoch in *out.  Returns 0, or -1 with an error set. */
int date_parse(long long *out, const char *s);

#endif
