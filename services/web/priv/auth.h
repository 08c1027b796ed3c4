#ifndef VZHOST_WEB_AUTH_H
#define VZHOST_WEB_AUTH_H

#include "priv.h"
#include "token.h"

/*
 * Who may do what (docs/web.md, "Authentication"): the admin's browser
 * session (cookie + X-CSRF-Token + same-origin Origin on changes) or an
 * API token (Bearer) with its scopes.
 */

#define AUTH_USER "admin"

/* Loads sessions (a restarted priv keeps them), tokens and the admin hash. */
int auth_init(void);
/*
 * Authenticates q (cookie or bearer) and checks its route's scope, CSRF
 * token and Origin: 0 with q->who filled, or -1 after answering it
 * (401, 403).
 */
int auth_request(struct req *q);
/* Every second: sessions past their expiry end, with their connections. */
void auth_tick(void);
/* ADMIN_PASSWORD_HASH may have changed: if it did, every session ends. */
void auth_password_reload(void);

/* The tokens, for the tokens API; auth_tokens_save after a change. */
struct tokens *auth_tokens(void);
int auth_tokens_save(void);

void api_session_login(struct req *q);
void api_session_get(struct req *q);
void api_session_logout(struct req *q);

#endif
