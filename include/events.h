#ifndef THESIS_EVENTS_H
#define THESIS_EVENTS_H

/*
 * events: what changed between two fact sets, as the contract's events
 * (section 6): one event per changed field, one `added` or `removed` per
 * fact that appears or disappears, `moved` for a note that holds facts and
 * changed its path, `renamed` for a target whose new declaration lists its
 * old id in `aliases`, `broken`/`repaired` for a note whose frontmatter
 * stopped parsing or parses again (`new` holds the parse error).
 *
 * Events own their strings.  Order within one comparison: note moves by
 * path, then by target id: the target's own events (renamed, removed,
 * added, modified in field order), its mappings by note, its mentions by
 * note, its open questions by note.
 *
 * Layer: events.  See src/README.
 */

#include <stddef.h>
#include "facts.h"

#define EVENT_KINDS(X)                                                         \
	X(EVENT_POSITION, "position")                                          \
	X(EVENT_THESIS, "thesis")                                              \
	X(EVENT_MAPPING, "mapping")                                            \
	X(EVENT_MENTION, "mention")                                            \
	X(EVENT_QUESTION, "question")                                          \
	X(EVENT_NOTE, "note")
/* `broken` and `repaired` are changes of kind `note` only. */
#define EVENT_CHANGES(X)                                                       \
	X(EVENT_ADDED, "added")                                                \
	X(EVENT_REMOVED, "removed")                                            \
	X(EVENT_MODIFIED, "modified")                                          \
	X(EVENT_MOVED, "moved")                                                \
	X(EVENT_RENAMED, "renamed")                                            \
	X(EVENT_BROKEN, "broken")                                              \
	X(EVENT_REPAIRED, "repaired")

#define ENUM(e, s) e,
enum event_kind { EVENT_KINDS(ENUM) };
enum event_change { EVENT_CHANGES(ENUM) };
#undef ENUM

struct event {
	enum event_kind kind;
	enum event_change change;
	char *target;      /* id; NULL for EVENT_NOTE */
	char *note;        /* after the change; before it for removed */
	const char *field; /* static field name for modified, else NULL */
	char *old_value;   /* contract: values are strings or null */
	char *new_value;
};

struct event_list {
	struct event *v;
	size_t nr, alloc;
};
#define EVENT_LIST_INIT {NULL, 0, 0}
/* Frees the events and the array. */
void event_list_release(struct event_list *list);
/* Frees the events but keeps the array, for the next commit's events. */
void event_list_clear(struct event_list *list);

/*
 * The commit a list of events belongs to, as renderers need it: plain
 * strings, filled by history_commit_info() (NULL id for staged or working
 * tree changes).  Owns its strings.
 */
struct commit_info {
	char *id;          /* full hex id, or NULL */
	char *short_id;    /* abbreviated id, or NULL */
	char *time;        /* committer date, ISO 8601 with offset */
	char *date;        /* committer date, YYYY-MM-DD */
	char *author;      /* "Name <email>" */
	char *author_name; /* "Name" */
	char *subject;     /* first line of the message */
	char *why;         /* the value of a `Why:` trailer, or NULL */
	long long when;    /* committer time, seconds since the epoch */
};
#define COMMIT_INFO_INIT {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0}
void commit_info_release(struct commit_info *ci);
/* Copies `src` into the empty `dst`. */
void commit_info_copy(struct commit_info *dst, const struct commit_info *src);

/* A note path change found by rename detection. */
struct note_move {
	const char *old_path;
	const char *new_path;
};

/*
 * Appends the events that turn `old` into `new` (both finished fact sets)
 * to `out`.  `moves` pairs old and new paths of notes git's rename
 * detection matched.
 */
void events_compare(struct event_list *out, const struct fact_set *old,
		    const struct fact_set *new, const struct note_move *moves,
		    size_t moves_nr);

/*
 * For a merge: keeps only the events of `list` (against the first parent)
 * that `other` (the same merge against another parent) also reports, i.e.
 * where the merge's value differs from that parent's too.
 */
void events_filter_merge(struct event_list *list,
			 const struct event_list *other);

/* Keeps the events for which `keep` returns true, in order. */
void events_filter(struct event_list *list,
		   int (*keep)(const struct event *e, void *data), void *data);

const char *event_kind_name(enum event_kind kind);
const char *event_change_name(enum event_change change);
/* Parses a kind name; -1 when unknown. */
int event_kind_parse(const char *name);
/* Parses a change name; -1 when unknown. */
int event_change_parse(const char *name);
/* The static field name equal to `name` (for event.field), or NULL. */
const char *event_field_intern(const char *name);

#endif
