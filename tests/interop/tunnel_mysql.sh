#!/usr/bin/env bash
# docs/tunnel-databases.md, as a test: MariaDB behind glasstls tunnels.
#   1. `mariadb --ssl` pointed straight at a --tls-server tunnel fails: MySQL starts in plaintext
#      (the server speaks first, then the client asks for TLS inside the MySQL protocol), so the
#      client waits for a greeting while the tunnel waits for a ClientHello. Bounded here; the
#      point is that it cannot work.
#   2. Two tunnels work: plaintext client -> --tls-client tunnel -> TLS (mutual) -> --tls-server
#      tunnel -> plaintext MariaDB. The query's answer comes back; the server tunnel logs the
#      client certificate's identity.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/db_lib.bash"
need_glasstls
need mariadb
CERTS="$ROOT/vectors/certs"
start_mariadb >"$WORK/why.txt" || skip "$(cat "$WORK/why.txt")"

start_bg 60 "$WORK/srv.log" "$GLASSTLS" tunnel --accept 127.0.0.1:0 --connect "127.0.0.1:$MYPORT" --tls-server \
  --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" --client-ca "$CERTS/client-ca.pem"
SPORT=$(wait_listening "$WORK/srv.log") || fail "server tunnel did not start"
start_bg 60 "$WORK/cli.log" "$GLASSTLS" tunnel --accept 127.0.0.1:0 --connect "127.0.0.1:$SPORT" --tls-client \
  --ca "$CERTS/ca.pem" --servername localhost --cert "$CERTS/client.pem" --key "$CERTS/client.key"
CPORT=$(wait_listening "$WORK/cli.log") || fail "client tunnel did not start"

straight() { # mariadb's own TLS at the --tls-server tunnel: it cannot complete
  ! timeout 15 mariadb --ssl --connect-timeout=5 -h 127.0.0.1 -P "$SPORT" -u root -e 'SELECT 1' >"$WORK/straight.out" 2>&1
}
check "mariadb --ssl straight at a --tls-server tunnel cannot work (TLS is negotiated inside MySQL)" straight
two_tunnels() {
  timeout 20 mariadb --skip-ssl -h 127.0.0.1 -P "$CPORT" -u root -N -e 'SELECT 6*7' >"$WORK/q.out" 2>&1 &&
    grep -qx 42 "$WORK/q.out" || { cat "$WORK/q.out"; return 1; }
  wait_log "$WORK/srv.log" "CN=demo-client"
}
check "mariadb through two tunnels (mutual TLS between them) answers" two_tunnels
finish
