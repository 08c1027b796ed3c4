#ifndef VZHOST_BASE_HEX_H
#define VZHOST_BASE_HEX_H

/* The value 0-15 of the hex digit ch (either case), or -1. */
int hex_digit(char ch);

#endif
