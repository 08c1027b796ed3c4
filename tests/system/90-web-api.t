#!/usr/bin/env bash
# The REST API of vzwebd (docs/api.md) with curl from the host, through a
# loopback port forwarded to the guest's web port: the route table
# (services/web/priv/route.c), docs/api.md and this test name the same
# routes, and every route is answered by its handler; 401 on every route
# without credentials; log in and out, who am I; CSRF header, Origin and
# token scope refusals; lockout after 5 failed logins; a busybox
# container's whole life through the API (a bad value refused naming its
# field, If-Match, tasks and ?wait=); snapshots, statistics, templates,
# tokens, node, audit; a vzctl change in the guest arriving as an event
# within a second; the task pool full at 64 unfinished tasks (429 with
# Retry-After); a restart of vzwebd during a create harming no task or
# container; the same error from the API and from vzctl. Every refusal has
# its control: the same request with what it lacked, accepted.
#
# Everything goes through the real net process over TLS (curl -k: the
# node's certificate is self-signed on first boot).
WEB_SCHEME=https

. "$(dirname "$0")/../lib/vm.sh"
vm_init web-api
# Credentials and bodies are passed to curl as $(cookie), $(bearer T),
# $(json BODY): one argument a line, so words split at newlines only.
IFS=$'\n'
ROUTE_C=$VM_TOP/services/web/priv/route.c
API_MD=$VM_TOP/docs/api.md

# --- the route table and docs/api.md name the same routes (no VM needed) -----
# route.c: { R_X, "METHOD", "PATTERN" or CT "/tail", ... }
routes_of_table() {
	sed -n 's/^[[:space:]]*{ R_[A-Z_]*, "\([A-Z]*\)", \([^,]*\),.*/\1 \2/p' "$ROUTE_C" |
		sed -e 's#CT "\([^"]*\)"#/api/v1/containers/{ct}\1#' -e 's#^\([A-Z]*\) CT$#\1 /api/v1/containers/{ct}#' -e 's/"//g'
}
# docs/api.md: one "### METHOD /api/v1/..." heading per route
routes_of_doc() { sed -n 's/^### \([A-Z]*\) \(\/api\/v1\/[^ ]*\).*/\1 \2/p' "$API_MD"; }

mapfile -t ROUTES < <(routes_of_table)
[ "${#ROUTES[@]}" -ge 30 ] || bail_out "cannot read the route table in $ROUTE_C (${#ROUTES[@]} routes)"
is "$(printf '%s\n' "${ROUTES[@]}" | sort)" "$(routes_of_doc | sort)" \
	"docs/api.md has one heading for each route of the table, and no other"

# --- helpers --------------------------------------------------------------------
vm_https_forward
BASE="$WEB_SCHEME://127.0.0.1:$VM_HTTPS_PORT"
ORIGIN="https://127.0.0.1:$VM_HTTPS_PORT"	# this node's own pages (Origin of a browser on it)
TLS=()
[ "$WEB_SCHEME" = https ] && TLS=(-k)	# the node's self-signed certificate
WEBPW=$(openssl rand -hex 10)
declare -A HIT=()	# "METHOD PATTERN" -> statuses its handler answered with

# The pattern of the route a concrete path takes (a literal beats a parameter).
route_of() { # METHOD PATH
	local r m p re best=
	for r in "${ROUTES[@]}"; do
		m=${r%% *} p=${r#* }
		[ "$m" = "$1" ] || continue
		re="^$(printf '%s' "$p" | sed 's/{[a-z]*}/[^\/]+/g')\$"
		[[ $2 =~ $re ]] || continue
		if [ -z "$best" ] || [[ $p != *'{'* ]]; then best=$p; fi
	done
	printf '%s' "$best"
}

# api METHOD PATH [curl args...]: STATUS, BODY, HDRS of the answer.
api() {
	local m=$1 p=$2 r
	shift 2
	STATUS=$(curl -sS -m "${API_TIMEOUT:-60}" -X "$m" "${TLS[@]}" -H 'Expect:' \
		-D "$VM_DIR/hdrs" -o "$VM_DIR/body" -w '%{http_code}' "$@" "$BASE$p" 2>"$VM_DIR/curl.err")
	BODY=$(tr -d '\000' 2>/dev/null <"$VM_DIR/body")	# a WebSocket's frames may hold NULs
	HDRS=$(tr -d '\r' <"$VM_DIR/hdrs" 2>/dev/null)
	r=$(route_of "$m" "${p%%\?*}")
	case $STATUS in 401 | 403 | 000) ;; *) [ -z "$r" ] || HIT["$m $r"]+=" $STATUS" ;; esac
}
jbody() { printf '%s' "$BODY" | jq -r "$1" 2>/dev/null; }
hdr() { printf '%s\n' "$HDRS" | sed -n "s/^$1: //Ip" | tail -1; }
# the error's code and field: "409 exists -"
err() { printf '%s %s %s' "$STATUS" "$(jbody .error.code)" "$(jbody '.error.field // "-"')"; }

cookie() { # credentials of a browser's session
	printf '%s\n' -H "Cookie: __Host-vzsession=$SID" -H "X-CSRF-Token: $CSRF" -H "Origin: $ORIGIN"
}
login() { # PASSWORD [USER]: STATUS; SID and CSRF on success
	api POST /api/v1/session -H 'Content-Type: application/json' \
		-d "{\"user\":\"${2:-admin}\",\"password\":\"$1\"}"
	[ "$STATUS" = 200 ] || return 1
	SID=$(hdr Set-Cookie | sed -n 's/^__Host-vzsession=\([^;]*\);.*/\1/p')
	CSRF=$(jbody .csrf)
}
json() { printf '%s\n' -H 'Content-Type: application/json' -d "$1"; }
bearer() { printf '%s\n' -H "Authorization: Bearer $1"; }

# apiw: api with ?wait=30 for a change that may take longer under TCG: a
# 202 is followed to the task's end, and STATUS and BODY become the task's
# (200 and the task, whatever its end).
apiw() {
	api "$@"
	case $STATUS in 5??) diag "$1 $2: $STATUS $(jbody .error.message)" ;; esac
	[ "$STATUS" = 202 ] || return 0
	local id
	id=$(jbody .task)
	task_end "$id" 180 >/dev/null
	api GET "/api/v1/tasks/$id" $(bearer "$TOK_READ")
	[ "$(jbody .state)" != failed ] || diag "task $id failed: $(jbody .error.message)"
}

# A task to its end: its final state ("ok", "failed" ...).
task_end() { # ID [SECS]
	local end=$((SECONDS + ${2:-120})) st
	while [ $SECONDS -lt $end ]; do
		api GET "/api/v1/tasks/$1" $(bearer "$TOK_READ")
		st=$(jbody .state)
		case $st in ok | failed | cancelled) printf '%s' "$st"; return 0 ;; esac
		sleep 0.5
	done
	printf 'timeout(%s)' "$st"
}

# --- boot, the service up -------------------------------------------------------
PASS=$(openssl rand -hex 8)
vm_blank_disk "$VM_DIR/data.img" 2G
vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'"
vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"
vm_login root "$PASS" || bail_out "no login on the first boot"
vm_run 'dmesg -n 1' >/dev/null
end=$((SECONDS + 180))
until api GET /api/v1/session; [ "$STATUS" != 000 ] || [ $SECONDS -ge $end ]; do sleep 1; done
[ "$STATUS" != 000 ] || bail_out "vzwebd does not answer on $BASE: $(cat "$VM_DIR/curl.err")"

# --- the admin password: root's from the seed, unset, set with vzweb passwd ----------
login "$PASS"
is "$STATUS" 200 "a seed without ADMIN_PASSWORD_HASH: the web admin's password is root's (docs/init.md)"
vm_run "sed -i '/^ADMIN_PASSWORD_HASH=/d' /vz/etc/vzhost.conf; sleep 1" >/dev/null
api GET /api/v1/session
is "$(err) $(jbody .error.message)" \
	"401 no_password - The admin password is not set. On the node's console run: vzweb passwd" \
	"with the admin password unset, the API says how to set it"
login "$PASS"
is "$STATUS $(jbody .error.code)" "401 no_password" "and no password logs in (there is no default one)"
out=$(vm_run "printf '%s\n%s\n' $WEBPW $WEBPW | vzweb passwd 2>/dev/null")
is "$out" "web admin password set (user admin); every web session has ended" "vzweb passwd on the console sets it"
api GET /api/v1/session -H "Cookie: __Host-vzsession=$SID"
is "$(err)" "401 unauthorized -" "the session made with the old password has ended"

# --- log in, who am I -------------------------------------------------------------
login "wrong-$WEBPW"
is "$(err) $(jbody .error.message)" "401 unauthorized - invalid user name or password" "a wrong password: 401, one generic message"
login "$WEBPW" root
is "$(err) $(jbody .error.message)" "401 unauthorized - invalid user name or password" "another user with the admin's password: the same message"
login "$WEBPW"
ok $? "the right password logs in (the control of the two refusals)"
like "$(hdr Set-Cookie)" '^__Host-vzsession=[0-9a-f]{64}; Path=/; Secure; HttpOnly; SameSite=Strict' \
	"the session cookie: __Host- prefixed, 256 random bits, Secure, HttpOnly, SameSite=Strict"
like "$CSRF" '^[0-9a-f]{64}$' "the login answers {\"csrf\": TOKEN}"
api GET /api/v1/session $(cookie)
is "$STATUS $(jbody .user) $(jbody .via) $(jbody .csrf)" "200 admin session $CSRF" "GET /api/v1/session: who am I, by the cookie"

# --- tokens and scopes -------------------------------------------------------------
mk_token() { # NAME SCOPES_JSON: the token text
	api POST /api/v1/tokens $(cookie) $(json "{\"name\":\"$1\",\"scopes\":$2}")
	[ "$STATUS" = 201 ] && jbody .token
}
TOK_ADMIN=$(mk_token t-admin '["admin"]')
TOK_OP=$(mk_token t-operate '["operate"]')
TOK_READ=$(mk_token t-read '["read"]')
TOK_METRICS=$(mk_token t-metrics '["metrics"]')
like "$TOK_ADMIN $TOK_OP $TOK_READ $TOK_METRICS" '^vzh_[^ ]+ vzh_[^ ]+ vzh_[^ ]+ vzh_[^ ]+$' \
	"POST /api/v1/tokens with the session: four tokens, shown at creation"
api GET /api/v1/tokens $(bearer "$TOK_ADMIN")
is "$STATUS $(jbody '[.tokens[].name] | join(",")')" "200 t-admin,t-operate,t-read,t-metrics" "GET /api/v1/tokens lists them"
grep -q "${TOK_READ##*_}" "$VM_DIR/body"
is $? 1 "without their secrets"
api GET /api/v1/session $(bearer "$TOK_READ")
is "$STATUS $(jbody .user) $(jbody .via) $(jbody .scopes)" "200 token:t-read token read" "who am I with a read token"

# --- 401 on every route without credentials; the control with them -------------------
concrete() { sed -e 's/{ct}/999/' -e 's/{id}/0123456789abcdef/' -e 's/{name}/no-such-tmpl/' <<<"$1"; }
bad=
ctl=
for r in "${ROUTES[@]}"; do
	m=${r%% *} p=$(concrete "${r#* }")
	[ "$r" = "POST /api/v1/session" ] && continue
	API_TIMEOUT=5 api "$m" "$p"
	[ "$STATUS $(jbody .error.code)" = "401 unauthorized" ] || bad+=" [$r: $STATUS]"
	API_TIMEOUT=5 api "$m" "$p" -H "Authorization: Bearer vzh_0123456789abcdef_$(openssl rand -hex 32)"
	[ "$STATUS" = 401 ] || bad+=" [$r forged token: $STATUS]"
	API_TIMEOUT=3 api "$m" "$p" $(bearer "$TOK_ADMIN")
	case $STATUS in 401 | 403) ctl+=" [$r: $STATUS]" ;; esac
done
is "$bad" "" "every route but logging in answers 401 without credentials, and with a forged token"
is "$ctl" "" "control: with an admin token, no route answers 401 or 403"

# --- CSRF and Origin ------------------------------------------------------------------
tok_body='{"name":"csrf-probe","scopes":["read"]}'
api POST /api/v1/tokens -H "Cookie: __Host-vzsession=$SID" -H "Origin: $ORIGIN" $(json "$tok_body")
is "$(err)" "403 csrf -" "a change with the cookie but no X-CSRF-Token: 403"
wrong=${CSRF%?}0	# the last character changed (to 1 if it was 0)
[ "$wrong" != "$CSRF" ] || wrong=${CSRF%?}1
api POST /api/v1/tokens -H "Cookie: __Host-vzsession=$SID" -H "X-CSRF-Token: $wrong" -H "Origin: $ORIGIN" $(json "$tok_body")
is "$(err)" "403 csrf -" "a wrong X-CSRF-Token: 403"
api POST /api/v1/tokens -H "Cookie: __Host-vzsession=$SID" -H "X-CSRF-Token: $CSRF" -H "Origin: https://evil.example" $(json "$tok_body")
is "$(err)" "403 origin -" "another site's Origin: 403"
api POST /api/v1/tokens -H "Cookie: __Host-vzsession=$SID" -H "X-CSRF-Token: $CSRF" $(json "$tok_body")
is "$(err)" "403 origin -" "no Origin: 403"
api POST /api/v1/tokens $(cookie) $(json "$tok_body")
is "$STATUS" 201 "control: the same change with the CSRF token and this node's Origin is made"
api DELETE "/api/v1/tokens/$(jbody .info.id)" $(cookie)
is "$STATUS" 204 "DELETE /api/v1/tokens/{id}"
api GET /api/v1/containers -H "Cookie: __Host-vzsession=$SID"
is "$STATUS" 200 "reading needs no CSRF token"
api GET /api/v1/containers/999/console $(bearer "$TOK_READ") -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
	-H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H 'Origin: https://evil.example'
is "$(err)" "403 origin -" "a console WebSocket from another site's Origin: 403"

# --- scopes --------------------------------------------------------------------------------
api POST /api/v1/containers $(bearer "$TOK_READ") $(json '{"ctid":101,"ostemplate":"busybox"}')
is "$(err)" "403 forbidden -" "a read token is refused a change (POST /api/v1/containers)"
like "$(jbody .error.message)" 'needs a token with scope operate \(this one has read\)' "naming the scope it needs and the one it has"
api GET /api/v1/containers/999 $(bearer "$TOK_METRICS")
is "$(err)" "403 forbidden -" "a metrics token is refused a container's details"
api GET /api/v1/tokens $(bearer "$TOK_OP")
is "$(err)" "403 forbidden -" "an operate token is refused the token list (admin)"
api GET /api/v1/audit $(bearer "$TOK_READ")
is "$(err)" "403 forbidden -" "a read token is refused the audit log"
api GET /api/v1/node $(bearer "$TOK_METRICS")
is "$STATUS" 200 "control: the metrics token reads the node"

# --- a busybox container's life --------------------------------------------------------
api POST '/api/v1/containers?wait=30' $(bearer "$TOK_OP") \
	$(json '{"ctid":101,"ostemplate":"busybox","name":"web1","ram":"1.5Q"}')
is "$(err)" "400 bad_value ram" "create with a bad ram: 400 naming the field"
api POST /api/v1/containers $(bearer "$TOK_OP") $(json '{"ctid":101,"ostemplate":"busybox","rma":"1G"}')
is "$(err)" "400 unknown_key rma" "an unknown key: 400 naming it"
api POST /api/v1/containers $(bearer "$TOK_OP") $(json '{"ctid":101,"ostemplate":"busybox","ram":"1G","ram":"2G"}')
is "$(err)" "400 bad_json ram" "a key given twice: 400 naming it"
is "$(vm_run 'ls /etc/vz/conf/101.conf /vz/private/101 2>&1 | grep -c "No such"')" 2 "the refused creates left nothing behind"
apiw POST '/api/v1/containers?wait=30' $(bearer "$TOK_OP") \
	$(json '{"ctid":101,"ostemplate":"busybox","name":"web1","hostname":"web1","ram":"256M","swap":"512M","ipadd":"10.0.0.101","nameserver":"10.0.0.1"}')
is "$STATUS $(jbody .state) $(jbody .kind) $(jbody .ct)" "200 ok create 101" "control: the create without the bad value is made (?wait=30 returns the finished task)"
CREATE_TASK=$(jbody .id)
api POST /api/v1/containers $(bearer "$TOK_OP") $(json '{"ctid":101,"ostemplate":"busybox"}')
is "$(err)" "409 exists -" "creating it again: 409"
api GET /api/v1/containers/web1 $(bearer "$TOK_READ")
is "$STATUS $(jbody .ctid) $(jbody .state) $(jbody .hostname) $(jbody '.ip | join(",")') $(jbody .limits.ram) $(jbody .limits.swap)" \
	"200 101 stopped web1 10.0.0.101 268435456 536870912" "GET by name: state, host name, IPs, limits"
ETAG=$(hdr ETag)
like "$ETAG" '^"[0-9a-f]{32}"$' "with an ETag from its config"
is "$(vm_run 'vzlist -a -H -o ctid,status,name 101')" "       101 stopped   web1" "vzlist in the guest sees what the API made"

apiw POST '/api/v1/containers/101/start?wait=30' $(bearer "$TOK_OP")
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok start" "POST .../start?wait=30"
api GET /api/v1/containers/101 $(bearer "$TOK_READ")
like "$STATUS $(jbody .state) $(jbody .usage.nproc) $(jbody .usage.ram)" '^200 running [1-9][0-9]* [1-9][0-9]*$' \
	"GET: running, with its usage (processes, memory)"
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted running" "vzctl status agrees"
api GET /api/v1/containers $(bearer "$TOK_METRICS")
is "$STATUS $(jbody '[.containers[] | "\(.ctid):\(.state)"] | join(",")')" "200 101:running" "GET /api/v1/containers lists it"
ws=(-H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H "Origin: $ORIGIN")
API_TIMEOUT=5 api GET /api/v1/containers/101/console $(bearer "$TOK_READ") "${ws[@]}"
is "$(err)" "403 forbidden -" "a read token is refused a read-write console"
API_TIMEOUT=5 api GET '/api/v1/containers/101/console?mode=ro' $(bearer "$TOK_READ") "${ws[@]}"
is "$STATUS" 101 "control: a read-only console is handed to net and bridged (101)"
api POST /api/v1/containers/101/start $(bearer "$TOK_OP") -d '{"wait":true' -H 'Content-Type: application/json'
is "$(err)" "400 bad_json -" "a body that is not JSON: 400"

# --- PATCH with If-Match ---------------------------------------------------------------------
apiw PATCH '/api/v1/containers/101?wait=30' $(bearer "$TOK_OP") -H "If-Match: $ETAG" $(json '{"ram":"384M"}')
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok set" "PATCH with the current ETag: set and saved"
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/memory.max; grep ^PHYSPAGES /etc/vz/conf/101.conf')" \
	"402653184
PHYSPAGES=\"0:98304\"" "applied to the running container and saved, as vzctl set --save does"
api PATCH /api/v1/containers/101 $(bearer "$TOK_OP") -H "If-Match: $ETAG" $(json '{"ram":"512M"}')
is "$(err)" "412 precondition_failed -" "PATCH with the stale ETag: 412"
api GET /api/v1/containers/101 $(bearer "$TOK_READ")
ETAG2=$(hdr ETag)
[ "$ETAG2" != "$ETAG" ]
ok $? "the ETag changed with the config"
api GET /api/v1/containers/101 $(bearer "$TOK_READ") -H "If-None-Match: $ETAG2"
is "$STATUS" 304 "If-None-Match with the current ETag: 304"
apiw PATCH '/api/v1/containers/101?wait=30' $(bearer "$TOK_OP") -H "If-Match: $ETAG2" $(json '{"ram":"512M","save":false}')
is "$STATUS $(jbody .state)" "200 ok" "control: PATCH with the fresh ETag is made (save false: not saved)"
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/memory.max; grep ^PHYSPAGES /etc/vz/conf/101.conf')" \
	"536870912
PHYSPAGES=\"0:98304\"" "applied live only"

# --- the same error from the API and from vzctl ------------------------------------------------
api PATCH /api/v1/containers/101 $(bearer "$TOK_OP") $(json '{"cpus":"lots"}')
api_err=$(err)
api_msg=$(jbody .error.message)
vz_msg=$(vm_run 'vzctl set 101 --cpus lots --save 2>&1'); vz_rc=$?
vz_msg=${vz_msg#vzctl: }
is "$api_err" "400 bad_value cpus" "PATCH cpus=lots: 400 naming the field"
is "$vz_rc" 3 "vzctl set --cpus lots: exit 3 (a bad value)"
is "${vz_msg##*: }" "${api_msg##*: }" "the API's cause is vzctl's, word for word"
is "${vz_msg%%: *}" "${api_msg%%: *}" "for the same container"
api POST /api/v1/containers/999/start $(bearer "$TOK_OP")
api_msg=$(jbody .error.message)
vz_msg=$(vm_run 'vzctl start 999 2>&1')
vz_msg=${vz_msg#vzctl: }
is "$(err)" "404 not_found -" "an unknown container: 404"
is "$vz_msg" "$api_msg" "with vzctl's message"

# --- events: a vzctl change arrives within a second ------------------------------------------
sse() { # FILE [curl args]: a background stream, each line stamped with the host's time in ms
	local f=$1
	shift
	(curl -sS -N "${TLS[@]}" "$@" "$BASE/api/v1/events?types=ct" 2>/dev/null |
		while IFS= read -r l; do printf '%s %s\n' "$(date +%s%3N)" "$l"; done >"$f") &
	SSE_PID=$!
}
sse "$VM_DIR/events" $(bearer "$TOK_READ")
sleep 2
api GET /api/v1/events $(bearer "$TOK_READ") -H 'Last-Event-ID: 1' -m 2
like "$(hdr Content-Type)" '^text/event-stream' "GET /api/v1/events is an event stream"
vm_run 'vzctl set 101 --description from-vzctl --save' >/dev/null
t_done=$(date +%s%3N)
end=$((SECONDS + 5))
until grep -q '"description": *"from-vzctl"' "$VM_DIR/events" || [ $SECONDS -ge $end ]; do sleep 0.05; done
line=$(grep -m1 '"description": *"from-vzctl"' "$VM_DIR/events")
t_ev=${line%% *}
like "$(grep -B2 -m1 '"description": *"from-vzctl"' "$VM_DIR/events" | grep -o 'event: .*')" '^event: ct$' \
	"vzctl set in the guest reaches an event stream as a \"ct\" event with the new config"
delay=$((${t_ev:-999999999999999} - t_done))
[ "$delay" -le 1000 ]
ok $? "within a second of vzctl returning ($delay ms)"
ev_id=$(grep -B2 -m1 '"description": *"from-vzctl"' "$VM_DIR/events" | sed -n 's/^[0-9]* id: //p')
sse "$VM_DIR/replay" $(bearer "$TOK_READ") -H "Last-Event-ID: $((ev_id - 1))"
REPLAY_PID=$SSE_PID
sleep 3
grep -q '"description": *"from-vzctl"' "$VM_DIR/replay"
ok $? "a stream opened with Last-Event-ID replays what came after it"

# --- tasks: states, ?wait=, cancel, log --------------------------------------------------------
api POST /api/v1/containers/101/stop $(bearer "$TOK_OP")
is "$STATUS" 202 "POST .../stop without ?wait: 202"
STOP_TASK=$(jbody .task)
like "$STOP_TASK" '^[0-9a-f]{16}$' "answering {\"task\": ID}"
api GET "/api/v1/tasks/$STOP_TASK" $(bearer "$TOK_READ")
like "$(jbody .state)" '^(queued|waiting|running|ok)$' "GET /api/v1/tasks/{id}: a state of the documented set"
is "$(task_end "$STOP_TASK")" ok "the stop task ends ok"
api GET "/api/v1/tasks/$STOP_TASK/log" $(bearer "$TOK_READ")
is "$STATUS $(jbody .task)" "200 $STOP_TASK" "GET /api/v1/tasks/{id}/log"
api GET '/api/v1/tasks?ct=101' $(bearer "$TOK_READ")
like "$STATUS $(jbody '[.tasks[].kind] | join(",")')" '^200 .*stop.*start.*create' "GET /api/v1/tasks?ct=101: its tasks, newest first"
api POST "/api/v1/tasks/$STOP_TASK/cancel" $(bearer "$TOK_OP")
is "$(err)" "409 conflict -" "cancelling a finished task: 409"
vm_run '(flock /vz/lock/101.lck sleep 20 </dev/null >/dev/null 2>&1 &); sleep 1' >/dev/null
api POST '/api/v1/containers/101/start?wait=3' $(bearer "$TOK_OP")
LOCKED_TASK=$(jbody .task)
is "$STATUS" 202 "a start behind a held container lock: ?wait=3 gives up waiting and answers 202"
api GET "/api/v1/tasks/$LOCKED_TASK" $(bearer "$TOK_READ")
is "$(jbody .state)" waiting "the task is waiting (for the lock)"
like "$(jbody .stage)" 'waiting for the lock' "its stage says so"
api POST "/api/v1/tasks/$LOCKED_TASK/cancel" $(bearer "$TOK_OP")
is "$STATUS" 202 "control: a waiting task can be cancelled"
is "$(task_end "$LOCKED_TASK" 30)" cancelled "and ends cancelled"
vm_run 'pkill -x sleep; sleep 1' >/dev/null
is "$(vm_run 'vzctl status 101')" "CTID 101 exist unmounted down" "the cancelled start left the container stopped"
# The task pool: 64 unfinished tasks at most. With the lock held, stops
# queue up (8 wait for the lock, up to 30 s, the rest for a worker): the
# 64 go over one keep-alive connection, well within those 30 s.
vm_run '(flock /vz/lock/101.lck sleep 60 </dev/null >/dev/null 2>&1 &); sleep 1' >/dev/null
many=()
for _ in $(seq 64); do many+=(-o /dev/null "$BASE/api/v1/containers/101/stop"); done
taken=$(curl -sS -m 60 -X POST "${TLS[@]}" -H 'Expect:' -H "Authorization: Bearer $TOK_OP" \
	-w '%{http_code}\n' "${many[@]}" | grep -c '^202$')
is "$taken" 64 "control: 64 tasks are taken while they cannot finish"
api POST /api/v1/containers/101/stop $(bearer "$TOK_OP")
is "$(err)" "429 too_many_requests -" "the 65th unfinished task is refused: 429"
like "$(hdr Retry-After)" '^[0-9]+$' "with Retry-After"
api GET '/api/v1/tasks?ct=101' $(bearer "$TOK_READ")
last=$(jbody '.tasks[0].id')
vm_run 'pkill -x sleep; sleep 1' >/dev/null
like "$(task_end "$last" 120)" '^(ok|failed)$' "with the lock free the queued stops run to their end"
api GET '/api/v1/containers/101/start?wait=31' $(bearer "$TOK_OP")
is "$(err)" "405 method_not_allowed -" "GET on a POST route: 405"
api POST '/api/v1/containers/101/start?wait=31' $(bearer "$TOK_OP")
is "$(err)" "400 bad_value wait" "?wait=31: 400 (at most 30 s)"

# --- snapshots, statistics ------------------------------------------------------------------
api GET /api/v1/containers/101/snapshots $(bearer "$TOK_READ")
nsnap=$(jbody '.snapshots | length')
is "$STATUS $(vm_run 'vzctl snapshot-list 101 | grep -vc PARENT_UUID')" "200 $nsnap" "GET .../snapshots: as many as vzctl snapshot-list shows"
apiw POST '/api/v1/containers/101/snapshots?wait=30' $(bearer "$TOK_OP") $(json '{}')
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok snapshot" "POST .../snapshots makes one"
SNAP=$(jbody .result)
api GET /api/v1/containers/101/snapshots $(bearer "$TOK_READ")
is "$(jbody '.snapshots | length')" $((nsnap + 1)) "the list has it"
api POST '/api/v1/containers/101/snapshots/nonsense/switch' $(bearer "$TOK_OP")
is "$(err)" "400 bad_value id" "switching to a non-GUID: 400"
apiw POST "/api/v1/containers/101/snapshots/${SNAP}/switch?wait=30" $(bearer "$TOK_OP")
is "$STATUS $(jbody .state)" "200 ok" "control: POST .../snapshots/{id}/switch to it"
apiw DELETE "/api/v1/containers/101/snapshots/${SNAP}?wait=30" $(bearer "$TOK_OP")
is "$STATUS $(jbody .state)" "200 ok" "DELETE .../snapshots/{id}"
vm_run 'vzlist -a -H -o ctid 101' >/dev/null
api GET '/api/v1/containers/101/stats?range=1h' $(bearer "$TOK_METRICS")
is "$STATUS $(jbody .ct) $(jbody .range)" "200 101 1h" "GET .../stats?range=1h"
api GET '/api/v1/node/stats?range=24h' $(bearer "$TOK_METRICS")
is "$STATUS $(jbody .range)" "200 24h" "GET /api/v1/node/stats?range=24h"
api GET '/api/v1/node/stats?range=1y' $(bearer "$TOK_METRICS")
is "$(err)" "400 bad_value range" "range=1y: 400"

# --- restart and bulk -------------------------------------------------------------------------
apiw POST '/api/v1/containers/101/start?wait=30' $(bearer "$TOK_OP")
is "$STATUS $(jbody .state)" "200 ok" "started again"
apiw POST '/api/v1/containers/101/restart?wait=30' $(bearer "$TOK_OP")
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok restart" "POST .../restart"
apiw POST '/api/v1/containers/bulk?wait=30' $(bearer "$TOK_OP") $(json '{"action":"stop","containers":["web1","999"]}')
is "$STATUS $(jbody '[.results[] | "\(.ct):\(.state // .error.status)"] | join(",")')" "200 web1:ok,999:404" \
	"POST /api/v1/containers/bulk: a result for each container"

# --- a restart of vzwebd during a create ---------------------------------------------------------
api POST /api/v1/containers $(bearer "$TOK_OP") $(json '{"ctid":102,"ostemplate":"busybox","hostname":"web2"}')
T102=$(jbody .task)
is "$STATUS" 202 "a create of CT 102 is under way"
tfile=/run/vzhost/web/tasks/$T102.json
st="sed -n 's/.*\"state\": \"\\([a-z]*\\)\".*/\\1/p' $tfile"
pid="sed -n 's/.*\"pid\": \\([0-9]*\\).*/\\1/p' $tfile"
svcpid="vzsvc status vzwebd | awk 'NR==2 {print \$3}'"
out=$(vm_run "$st; $pid; $svcpid; vzsvc restart vzwebd >/dev/null")
ok $? "vzsvc restart vzwebd in its middle"
mapfile -t before <<<"$out"
like "${before[0]}" '^(queued|waiting|running)$' "the restart came while the create was ${before[0]}"
after=$(vm_run "$svcpid")
[ -n "${before[2]}" ] && [ -n "$after" ] && [ "$after" != "${before[2]}" ]
ok $? "a new vzwebd process (${before[2]} before, $after after)"
is "$(task_end "$T102" 180)" ok "the create's task, found again by the new vzwebd, ends ok"
api GET "/api/v1/tasks/$T102" $(bearer "$TOK_READ")
[ "$(jbody .state)" = ok ] || diag "$BODY"
is "$(vm_run "$pid")" "${before[1]}" "by the same worker it had begun with (pid ${before[1]})"
is "$(vm_run 'vzctl status 102')" "CTID 102 exist unmounted down" "CT 102 exists, whole"
is "$(vm_run 'ls /vz/private/102/.vzctl-creating 2>&1 | grep -c "No such"; ls /vz/lock/102.lck.* 2>/dev/null | wc -l')" \
	"1
0" "no creating mark left behind"
api GET /api/v1/session $(cookie)
is "$STATUS $(jbody .user)" "200 admin" "the browser session survived the restart"
apiw DELETE '/api/v1/containers/102?wait=30' $(bearer "$TOK_OP")
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok destroy" "DELETE /api/v1/containers/102"

# --- templates ------------------------------------------------------------------------------
api GET /api/v1/templates $(bearer "$TOK_READ")
like "$STATUS $(jbody '[.templates[].name] | join(",")')" '^200 .*busybox' "GET /api/v1/templates lists the built-in busybox"
api GET /api/v1/templates/repository $(bearer "$TOK_READ")
is "$STATUS $(printf '%s' "$BODY" | jq -c .)" '200 {"repository":null,"templates":[]}' \
	"GET /api/v1/templates/repository with no repository configured: 200, none"
vm_run "cp /etc/vz/vz.conf /tmp/vz.conf.keep && echo TEMPLATE_REPO=http://127.0.0.1:9/repo >>/etc/vz/vz.conf" >/dev/null
api GET /api/v1/templates/repository $(bearer "$TOK_READ")
like "$(err) $(jbody .error.message)" '^502 repository - http://127.0.0.1:9/repo' \
	"GET /api/v1/templates/repository with an unreachable repository: 502 naming it"
vm_run "cp /tmp/vz.conf.keep /etc/vz/vz.conf" >/dev/null
api POST '/api/v1/templates?wait=30' $(bearer "$TOK_OP") $(json '{"name":"../etc"}')
is "$(err)" "400 bad_value name" "a template name with a slash: 400"
api POST /api/v1/templates $(bearer "$TOK_OP") $(json '{"name":"debian-12"}')
is "$STATUS" 202 "POST /api/v1/templates: a download task"
DL_TASK=$(jbody .task)
is "$(task_end "$DL_TASK" 60)" failed "which fails, for want of a repository"
api GET "/api/v1/tasks/$DL_TASK" $(bearer "$TOK_READ")
like "$(jbody .kind) $(jbody .error.message)" '^template-download .*TEMPLATE_REPO' "its error says so"
mkdir -p "$VM_DIR/tmpl/sbin" "$VM_DIR/bad/bin"
printf '#!/bin/sh\n' >"$VM_DIR/tmpl/sbin/init"
printf 'x\n' >"$VM_DIR/bad/bin/x"
tar -czf "$VM_DIR/tiny.tar.gz" -C "$VM_DIR/tmpl" .
tar -czf "$VM_DIR/noinit.tar.gz" -C "$VM_DIR/bad" .
api PUT '/api/v1/templates/noinit?wait=30' $(bearer "$TOK_OP") --data-binary "@$VM_DIR/noinit.tar.gz" -H 'Content-Type: application/octet-stream'
like "$(err) $(jbody .error.message)" '^4[0-9][0-9] .*sbin/init' "an uploaded tarball without sbin/init is refused, saying so"
api PUT '/api/v1/templates/tiny?wait=30' $(bearer "$TOK_OP") --data-binary "@$VM_DIR/tiny.tar.gz" -H 'Content-Type: application/octet-stream'
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok template-upload" "control: PUT /api/v1/templates/tiny with sbin/init is kept"
is "$(vm_run 'ls /vz/template/cache/ | grep -c "^tiny\.tar\."')" 1 "in the template cache"
api DELETE '/api/v1/templates/busybox' $(bearer "$TOK_OP")
is "$(err)" "409 builtin name" "deleting the built-in busybox: 409"
api DELETE '/api/v1/templates/tiny?wait=30' $(bearer "$TOK_OP")
is "$STATUS $(jbody .state)" "200 ok" "control: DELETE /api/v1/templates/tiny"

# --- node, certificate, password ---------------------------------------------------------------
api GET /api/v1/node $(bearer "$TOK_READ")
like "$STATUS $(jbody .uptime) $(jbody .certificate.fingerprint_sha256)" '^200 [0-9]+ [0-9A-F:]{95}$' "GET /api/v1/node: uptime, certificate fingerprint"
node_fp=$(jbody .certificate.fingerprint_sha256)
served_fp=$(openssl s_client -connect "127.0.0.1:$VM_HTTPS_PORT" </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 | cut -d= -f2)
is "$served_fp" "$node_fp" "the certificate served is the one whose fingerprint the node reports"
like "$(vm_run 'vzmenu </dev/null' | tr -d '\r')" "web UI certificate SHA-256: $node_fp" "vzmenu shows the same fingerprint"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=web-api-test \
	-keyout "$VM_DIR/op.key" -out "$VM_DIR/op.crt" 2>/dev/null
fp=$(openssl x509 -in "$VM_DIR/op.crt" -noout -fingerprint -sha256 | cut -d= -f2)
api PUT /api/v1/node/certificate $(bearer "$TOK_ADMIN") \
	$(json "$(jq -cn --rawfile c "$VM_DIR/op.crt" --rawfile k "$VM_DIR/op.crt" '{cert:$c,key:$k}')")
is "$(err)" "400 bad_value cert" "a certificate with no key: 400"
api PUT /api/v1/node/certificate $(bearer "$TOK_ADMIN") \
	$(json "$(jq -cn --rawfile c "$VM_DIR/op.crt" --rawfile k "$VM_DIR/op.key" '{cert:$c,key:$k}')")
is "$STATUS $(jbody .fingerprint_sha256)" "200 $fp" "control: PUT /api/v1/node/certificate with its key installs it"
end=$((SECONDS + 30))
until api GET /api/v1/session $(bearer "$TOK_READ"); [ "$STATUS" = 200 ] || [ $SECONDS -ge $end ]; do sleep 0.5; done
is "$STATUS" 200 "the API answers again after net restarted with it"
api PUT /api/v1/node/password $(bearer "$TOK_ADMIN") $(json '{"password":"short"}')
is "$(err)" "400 bad_value password" "a new password of 5 characters: 400"
api PUT /api/v1/node/password $(cookie) $(json "{\"password\":\"new-$WEBPW\",\"current\":\"not-it\"}")
is "$(err)" "403 forbidden current" "a change of password by a session needs the current one"
api PUT /api/v1/node/password $(cookie) $(json "{\"password\":\"new-$WEBPW\",\"current\":\"$WEBPW\"}")
is "$STATUS" 204 "control: with it, PUT /api/v1/node/password"
api GET /api/v1/session -H "Cookie: __Host-vzsession=$SID"
is "$STATUS" 401 "the password change ended the session"
login "$WEBPW"
is "$STATUS" 401 "the old password no longer logs in"
login "new-$WEBPW"
is "$STATUS" 200 "the new one does"

# --- audit, logout ------------------------------------------------------------------------------
api GET '/api/v1/audit?limit=1000' $(bearer "$TOK_ADMIN")
is "$STATUS" 200 "GET /api/v1/audit"
like "$(printf '%s' "$BODY" | jq -r --arg t "$CREATE_TASK" '.entries[] | select(.task == $t) | "\(.who) \(.action) \(.ct) \(.result)"')" \
	'^token:t-operate create 101 ok' "it has the create: who, action, container, result, task"
like "$(printf '%s' "$BODY" | jq -r '.entries[] | select(.action == "login" and .result == "failed") | .source' | head -1)" \
	'^[0-9.]+$' "and the failed logins with their source"
api DELETE /api/v1/session $(cookie)
is "$STATUS" 204 "DELETE /api/v1/session logs out"
like "$(hdr Set-Cookie)" '^__Host-vzsession=;.*Max-Age=0' "clearing the cookie"
api GET /api/v1/session -H "Cookie: __Host-vzsession=$SID"
is "$(err)" "401 unauthorized -" "the session has ended on the server"

# --- lockout ------------------------------------------------------------------------------------
for i in 1 2 3 4; do login "bad$i"; done
login "new-$WEBPW"
is "$STATUS" 200 "control: four failures and the right password still logs in"
for i in 1 2 3 4 5; do login "bad$i"; done
is "$STATUS" 401 "the fifth failure is still a 401"
login "new-$WEBPW"
is "$STATUS $(jbody .error.code)" "429 too_many_requests" "then even the right password is refused: the source is locked out"
like "$(hdr Retry-After)" '^[0-9]+$' "with Retry-After"
api GET /api/v1/containers $(bearer "$TOK_READ")
is "$STATUS" 200 "tokens still work from that source"

# --- destroy ------------------------------------------------------------------------------------
apiw DELETE '/api/v1/containers/web1?wait=30' $(bearer "$TOK_OP")
is "$STATUS $(jbody .state) $(jbody .kind)" "200 ok destroy" "DELETE /api/v1/containers/web1"
api GET /api/v1/containers/101 $(bearer "$TOK_READ")
is "$(err)" "404 not_found -" "it is gone"
is "$(vm_run 'ls /etc/vz/conf/101.conf /vz/private/101 2>&1 | grep -c "No such"')" 2 "and so are its config and private area"

# --- every route answered by its handler ----------------------------------------------------------
kill "$SSE_PID" "$REPLAY_PID" 2>/dev/null
missing=
for r in "${ROUTES[@]}"; do
	case $r in
	"GET /api/v1/containers/{ct}/console") want='101' ;;
	"GET /api/v1/templates/repository") want='200' ;;		# none configured: null
	*) want='[23][0-9][0-9]' ;;
	esac
	[[ " ${HIT[$r]:-} " =~ \ $want\  ]] || missing+=" [$r:${HIT[$r]:-}]"
done
is "$missing" "" "the test called every route of the table and its handler answered"

done_testing
