#ifndef VZHOST_SERIAL_H
#define VZHOST_SERIAL_H

#include <termios.h>

/*
 * Serial console settings "DEVICE[,SPEED]": DEVICE is ttyS<n>, ttyUSB<n>,
 * ttyAMA<n> or hvc<n>; SPEED one of the standard baud rates.
 */

#define SERIAL_DEV_MAX 16

struct serial_console {
	char device[SERIAL_DEV_MAX];
	unsigned speed;		/* 0: not given */
};

/* NULL on success, else why s is not a console setting. */
const char *serial_parse(const char *s, struct serial_console *con);
/* The termios constant for a standard speed, or B0. */
speed_t serial_speed_code(unsigned speed);

#endif
