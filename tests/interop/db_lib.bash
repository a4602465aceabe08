# Real database servers for the STARTTLS and tunnel tests, started in $WORK on 127.0.0.1 and
# stopped on exit (sourced after lib.bash). Each sets a port variable, or returns 1 with the
# reason on stdout.

# start_mariadb [extra mariadbd options] -> MYPORT. No grant tables: any user, no password.
start_mariadb() {
  command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || { echo "mariadb-server not installed"; return 1; }
  mkdir -p "$WORK/my"
  MYPORT=$(free_port)
  mariadb-install-db --no-defaults --datadir="$WORK/my/data" --user=root --auth-root-authentication-method=normal \
    >"$WORK/my/install.log" 2>&1 || { tail -3 "$WORK/my/install.log"; return 1; }
  start_bg 120 "$WORK/my/server.log" mariadbd --no-defaults --datadir="$WORK/my/data" --user=root \
    --bind-address=127.0.0.1 --port="$MYPORT" --socket="$WORK/my/sock" --skip-grant-tables \
    --pid-file="$WORK/my/pid" "$@"
  # InnoDB's start can take a while on a loaded machine: wait for the server to say it is ready.
  wait_log "$WORK/my/server.log" "ready for connections" 600 && wait_port "$MYPORT" ||
    { tail -3 "$WORK/my/server.log"; return 1; }
}

# start_postgres [extra -c settings] -> PGPORT. Trust authentication; stopped by the EXIT trap.
start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
  [[ -n $bin && -x $bin/initdb ]] && id postgres >/dev/null 2>&1 || { echo "postgresql not installed"; return 1; }
  chmod 0755 "$WORK" # the postgres user must reach $WORK/pg
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
  PGPORT=$(free_port)
  runuser -u postgres -- "$bin/initdb" -D "$WORK/pg/data" -A trust >"$WORK/pg/initdb.log" 2>&1 ||
    { tail -3 "$WORK/pg/initdb.log"; return 1; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 30 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$WORK/pg $*" >/dev/null ||
    { tail -3 "$WORK/pg/server.log"; return 1; }
  PG_STOP="runuser -u postgres -- $bin/pg_ctl -D $WORK/pg/data -m immediate stop"
  trap 'eval "$PG_STOP" >/dev/null 2>&1; cleanup' EXIT
}
