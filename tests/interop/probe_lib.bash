# Shared by probe_servers.sh and probe_clients.sh (sourced after lib.bash, not run).

# The version of a peer, by its tag ("openssl-tls12" -> "OpenSSL 3.0.19"), for the report.
probe_peer_version() {
  case $1 in
    openssl*) openssl version | awk '{print "OpenSSL " $2}' ;;
    gnutls*) { gnutls-cli --version 2>/dev/null || gnutls-serv --version 2>/dev/null; } | head -1 | awk '{print "GnuTLS " $NF}' ;;
    glasstls*) "$GLASSTLS" --version | awk '{print "glasstls " $2}' ;;
  esac
}

# "name verdict" lines of a probe --json result file.
probe_verdicts() {
  python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["name"], r["verdict"])' "$1"
}

# The demo certificates, as each server takes them (the peers' commands name them from the
# repository's root, so that the report shows a command a reader can type).
CERTS_ARGS_OPENSSL='-cert vectors/certs/server-rsa.pem -key vectors/certs/server-rsa.key -dcert vectors/certs/server-ecdsa.pem -dkey vectors/certs/server-ecdsa.key'
CERTS_ARGS_GNUTLS='--x509certfile vectors/certs/server-rsa.pem --x509keyfile vectors/certs/server-rsa.key --x509certfile vectors/certs/server-ecdsa.pem --x509keyfile vectors/certs/server-ecdsa.key'
CERTS_ARGS_GLASSTLS='--cert vectors/certs/server-rsa.pem --key vectors/certs/server-rsa.key --cert vectors/certs/server-ecdsa.pem --key vectors/certs/server-ecdsa.key'

# start_peer TAG COMMAND: start a server (PORT in COMMAND is replaced by a free port, a leading
# "glasstls" by this build's) -> PORT_OF[TAG].
declare -A PORT_OF
start_peer() {
  local tag=$1 cmd=$2 port
  port=$(free_port)
  cmd=${cmd//PORT/$port}
  cmd=${cmd/#glasstls /$GLASSTLS }
  # shellcheck disable=SC2086 # the command is a list of words without quoting inside
  start_bg 300 "$WORK/$tag.log" $cmd
  wait_port "$port" || { cat "$WORK/$tag.log"; return 1; }
  PORT_OF[$tag]=$port
}

# has_results FILE N: the probe's JSON in FILE has N results.
has_results() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["results"]) == int(sys.argv[2]) else 1)' "$1" "$2"
}
