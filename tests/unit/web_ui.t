#!/usr/bin/env bash
# The web UI's modules that run without a browser, under node's test runner.
exec node --test --test-reporter=tap "$(dirname "$0")"/web_ui/*.test.mjs
