#ifndef VZHOST_SERIAL_H
#define VZHOST_SERIAL_H

#include <termios.h>

/*
 * Serial console settings. One port is "DEVICE[,SPEED]": DEVICE is
 * ttyS<n>, ttyUSB<n>, ttyAMA<n>, hvc<n> or tty<n>; SPEED one of the
 * standard baud rates. A list of ports is such words separated by commas
 * or blanks, a speed following its device: "ttyS0,115200 ttyS1",
 * "ttyS0,ttyS1,57600". At most SERIAL_PORTS_MAX ports, each listed once.
 */

#define SERIAL_DEV_MAX 16
#define SERIAL_PORTS_MAX 4
#define SERIAL_ERR_MAX 96

struct serial_console {
	char device[SERIAL_DEV_MAX];
	unsigned speed;		/* 0: not given */
};

struct serial_ports {
	struct serial_console port[SERIAL_PORTS_MAX];
	unsigned n;
};

/* NULL on success, else why s is not a console setting. */
const char *serial_parse(const char *s, struct serial_console *con);
/*
 * NULL on success (ports filled, n >= 1), else why s is not a list of
 * ports, written into err (SERIAL_ERR_MAX bytes) and naming the bad word.
 */
const char *serial_ports_parse(const char *s, struct serial_ports *ports, char *err);
/* The console menu setting: yes or no (1 or 0 too); NULL, or why not. */
const char *serial_menu_parse(const char *s, int *on);
/* The termios constant for a standard speed, or B0. */
speed_t serial_speed_code(unsigned speed);

#endif
