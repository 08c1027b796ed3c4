#ifndef VZHOST_CT_SETTINGS_H
#define VZHOST_CT_SETTINGS_H

#include "ct/ct.h"

/*
 * The settings of vzctl set and create, of the web service's requests and
 * of any other front end: each by its name ("ram", as in vzctl's --ram and
 * in a request {"ram": "1.5G", "swap": "3G"}) with its value as text. Each
 * is checked, turned into the config value vzctl writes (PHYSPAGES
 * "0:393216") and set in ct->conf; ct_settings_commit then applies them to
 * the running container (cgroup limits, disk size, hostname, addresses)
 * and, when asked, saves the config (docs/containers.md, "Set options").
 * The container must have been opened with CT_OPEN_LOCK.
 */

#define CT_SETTINGS_MAX 64	/* settings in one change */

struct ct_settings {
	unsigned n;
	unsigned cgroup;	/* CT_CG_*: control files to rewrite on a running CT */
	unsigned live;		/* CT_LIVE_*: what else to change on a running CT */
	int net_saved;
	char ip_before[VZCONF_VALUE_MAX];	/* IP_ADDRESS before the first address setting */
	char netif_before[VZCONF_VALUE_MAX];	/* NETIF then */
};

#define CT_LIVE_DISK 0x1u	/* grow the ploop disk */
#define CT_LIVE_HOSTNAME 0x2u
#define CT_LIVE_NETWORK 0x4u	/* addresses and interfaces */
#define CT_LIVE_RESOLV 0x8u	/* /etc/resolv.conf */

void ct_settings_init(struct ct_settings *s);
/* 1 if name is a setting (a front end parsing "--name value" asks). */
int ct_setting_known(const char *name);
/*
 * One setting, which later ones see (two "ipadd" add both). -1 with
 * ct->error_kind CT_ERR_USAGE (an unknown name, more than
 * CT_SETTINGS_MAX) or CT_ERR_VALUE (the value is refused; the config is
 * unchanged), and ct->error_field and ct->error_why naming the setting
 * and the cause.
 */
int ct_setting(struct ct *ct, struct ct_settings *s, const char *name, const char *value);
/* The settings on the running container (nothing when it is stopped). */
int ct_settings_apply(struct ct *ct, const struct ct_settings *s);
/* ct_settings_apply, then with save the config written (ct->notice is
   told "CT configuration saved to PATH"). */
int ct_settings_commit(struct ct *ct, const struct ct_settings *s, int save);

#endif
