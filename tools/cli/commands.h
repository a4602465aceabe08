/* tools/cli/commands.h — the subcommands of the `glasstls` command (docs/cli.md).
 * Each takes the argument vector starting at the subcommand's own name and returns the exit code:
 * 0 success, 1 TLS or verification failure (one line on stderr), 2 usage error. */
#ifndef GLASSTLS_TOOLS_COMMANDS_H
#define GLASSTLS_TOOLS_COMMANDS_H

int cmd_ciphers(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_tunnel(int argc, char **argv);
int cmd_ca(int argc, char **argv);
int cmd_pin(int argc, char **argv);
int cmd_mitm(int argc, char **argv);

#endif
