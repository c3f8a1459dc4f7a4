#!/usr/bin/env bash
# What the tests need beyond npm packages: Debian's Chromium (/usr/bin/chromium), driven headless
# by playwright-core — nothing downloads a browser; gcc, which builds the small C programs whose
# live /proc/<pid>/maps the parser tests read; and procps' pmap and gdb, whose live output the
# pmap and gdb importers are tested on; python3, whose csv module reads the CSV and TSV exports back
# (test/export/delimited.test.ts). Installs what is missing (as root, with
# apt-get), or says how to.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v pmap >/dev/null 2>&1 || missing+=(procps)
command -v gdb >/dev/null 2>&1 || missing+=(gdb)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: installing ${missing[*]} for the tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "ensure-tools: missing ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
exit 1
