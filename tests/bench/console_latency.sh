#!/usr/bin/env bash
# Keystroke round trip through vzconsoled against a direct pty echo (p50,
# p99). Measured in the same guest run as the throughput: see
# tests/bench/console_throughput.sh, which prints both.
exec "$(dirname "$0")/console_throughput.sh" "$@"
