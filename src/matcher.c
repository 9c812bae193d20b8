#include <stdlib.h>
#include <string.h>

#include "matcher.h"
#include "names.h"
#include "strbuf.h"
#include "util.h"

#define NO_NODE UINT32_MAX

/* The same folding for names and text: see matcher.h. */
static unsigned char S_fold(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + ('a' - 'A'));
	if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return ' ';
	return c;
}

int utf8_is_word_char(const char *s, size_t len)
{
	return names_alnum_len(s, len) != 0;
}

/* Whether the character ending right before `s + i` is a word character. */
static int S_word_before(const char *s, size_t i)
{
	size_t start = i, back = 0;

	if (!i)
		return 0;
	/* Back over continuation bytes to the lead byte, at most 3. */
	while (start > 0 && back < 4 &&
	       ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--, back++;
	if (start == 0 || back >= 4)
		return 0;
	start--;
	return utf8_is_word_char(s + start, i - start) &&
	       utf8_seq_len((const unsigned char *)s + start, i - start) ==
		       i - start;
}

void matcher_init(struct matcher *m)
{
	memset(m, 0, sizeof(*m));
}

void matcher_release(struct matcher *m)
{
	free(m->nodes);
	free(m->names);
	free(m->keys);
	free(m->children);
	memset(m, 0, sizeof(*m));
}

void matcher_clear(struct matcher *m)
{
	matcher_release(m);
}

static size_t S_hash(uint64_t key, size_t slots)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (slots - 1);
}

static uint32_t S_lookup(const struct matcher *m, uint32_t node,
			 unsigned char c)
{
	uint64_t key;
	size_t i;

	if (!node)
		return m->root[c] ? m->root[c] : NO_NODE;
	if (!m->slots)
		return NO_NODE;
	key = ((uint64_t)node << 8 | c) + 1;
	for (i = S_hash(key, m->slots);; i = (i + 1) & (m->slots - 1)) {
		if (m->keys[i] == key)
			return m->children[i];
		if (!m->keys[i])
			return NO_NODE;
	}
}

static void S_insert(struct matcher *m, uint64_t key, uint32_t child)
{
	size_t i;

	for (i = S_hash(key, m->slots); m->keys[i];
	     i = (i + 1) & (m->slots - 1))
		;
	m->keys[i] = key;
	m->children[i] = child;
	m->used++;
}

/* Keeps the table at most half full, so probes stay short. */
static void S_grow(struct matcher *m)
{
	uint64_t *keys = m->keys;
	uint32_t *children = m->children;
	size_t slots = m->slots, i;

	if ((m->used + 1) * 2 <= m->slots)
		return;
	m->slots = slots ? slots * 2 : 1024;
	m->keys = xcalloc(m->slots, sizeof(*m->keys));
	m->children = xcalloc(m->slots, sizeof(*m->children));
	m->used = 0;
	for (i = 0; i < slots; i++)
		if (keys[i])
			S_insert(m, keys[i], children[i]);
	free(keys);
	free(children);
}

static uint32_t S_new_node(struct matcher *m, uint32_t depth)
{
	struct matcher_node *n;

	ALLOC_GROW(m->nodes, m->nodes_nr + 1, m->nodes_alloc);
	n = &m->nodes[m->nodes_nr];
	n->fail = 0;
	n->dict = 0;
	n->name = -1;
	n->depth = depth;
	n->first_child = 0;
	n->next_sibling = 0;
	n->byte = 0;
	return (uint32_t)m->nodes_nr++;
}

int matcher_add(struct matcher *m, const char *name, size_t len, size_t value)
{
	uint32_t node = 0;
	size_t i;

	if (!len || len > MATCHER_MAX_NAME)
		return -1;
	if (!m->nodes_nr)
		S_new_node(m, 0);
	for (i = 0; i < len; i++) {
		unsigned char c = S_fold((unsigned char)name[i]);
		uint32_t next = S_lookup(m, node, c);

		if (next == NO_NODE) {
			next = S_new_node(m, (uint32_t)i + 1);
			m->nodes[next].byte = c;
			m->nodes[next].next_sibling =
				m->nodes[node].first_child;
			m->nodes[node].first_child = next;
			if (!node) {
				m->root[c] = next;
			} else {
				S_grow(m);
				S_insert(m, ((uint64_t)node << 8 | c) + 1,
					 next);
			}
		}
		node = next;
	}
	if (m->nodes[node].name >= 0)
		return -1;
	ALLOC_GROW(m->names, m->names_nr + 1, m->names_alloc);
	m->names[m->names_nr].value = value;
	m->names[m->names_nr].len = len;
	m->nodes[node].name = (int32_t)m->names_nr++;
	m->built = 0;
	return 0;
}

/*
 * Failure links in breadth-first order: a node's fail is the longest
 * proper suffix of its path that is in the trie, found from its parent's.
 * Children are walked through their lists, so the build costs the nodes
 * plus the fail steps, once per vault state.
 */
void matcher_build(struct matcher *m)
{
	uint32_t *queue, head = 0, tail = 0, child;

	if (m->built)
		return;
	m->built = 1;
	if (!m->nodes_nr)
		return;
	queue = xcalloc(m->nodes_nr, sizeof(*queue));
	for (child = m->nodes[0].first_child; child;
	     child = m->nodes[child].next_sibling) {
		m->nodes[child].fail = 0;
		m->nodes[child].dict = 0;
		queue[tail++] = child;
	}
	while (head < tail) {
		uint32_t node = queue[head++];

		for (child = m->nodes[node].first_child; child;
		     child = m->nodes[child].next_sibling) {
			unsigned char c = m->nodes[child].byte;
			uint32_t f = m->nodes[node].fail, next;

			while ((next = S_lookup(m, f, c)) == NO_NODE && f)
				f = m->nodes[f].fail;
			f = next == NO_NODE ? 0 : next;
			m->nodes[child].fail = f;
			m->nodes[child].dict =
				m->nodes[f].name >= 0 ? f : m->nodes[f].dict;
			queue[tail++] = child;
		}
	}
	free(queue);
}

int matcher_scan(struct matcher *m, const char *text, size_t len, matcher_fn fn,
		 void *data)
{
	uint32_t state = 0;
	size_t i;

	matcher_build(m);
	if (!m->names_nr)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = S_fold((unsigned char)text[i]);
		uint32_t next, out;

		while ((next = S_lookup(m, state, c)) == NO_NODE && state)
			state = m->nodes[state].fail;
		state = next == NO_NODE ? 0 : next;
		out = m->nodes[state].name >= 0 ? state : m->nodes[state].dict;
		if (!out)
			continue;
		/* A name must end before a non-word character. */
		if (i + 1 < len && utf8_is_word_char(text + i + 1, len - i - 1))
			continue;
		for (; out; out = m->nodes[out].dict) {
			const struct matcher_name *n =
				&m->names[m->nodes[out].name];
			size_t start = i + 1 - n->len;
			int ret;

			if (S_word_before(text, start))
				continue;
			ret = fn(n->value, start, i + 1, data);
			if (ret)
				return ret;
		}
	}
	return 0;
}
