#ifndef VZHOST_BASE_MEM_H
#define VZHOST_BASE_MEM_H

#include <stddef.h>

/* 1 if the n bytes at p are all zero (n 0 included), else 0. */
int mem_is_zero(const void *p, size_t n);

#endif
