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
