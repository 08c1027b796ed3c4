#ifndef VZHOST_BASE_WORDS_H
#define VZHOST_BASE_WORDS_H

/*
 * 1 if word stands in list as a whole word, words being separated by
 * blanks (space, tab, newline): "cpu" is in "cpu memory\n" but not in
 * "cpuset". 0 otherwise, and for an empty word.
 */
int words_has(const char *list, const char *word);

#endif
