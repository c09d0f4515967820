#!/usr/bin/env bash
# Runs every test of fnharden, from a fresh clone on Debian with Swift:
# installs what the tests need (GNU readline's headers; a Python venv with
# the independent checkers pymarkdownlnt, jsonschema, pexpect, Checkov and
# the Azure CLI), then `swift test`.
# Extra arguments go to `swift test` (for example --filter PlanTests).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg -s libreadline-dev >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq libreadline-dev
fi

tools=.build/test-tools
# Checkov and the Azure CLI prove the snippets (about 3 minutes to install,
# once; the CLI is about 1 GB).
if [ ! -x "$tools/bin/pymarkdown" ] || [ ! -x "$tools/bin/checkov" ] || [ ! -x "$tools/bin/az" ] \
   || ! "$tools/bin/python" -c 'import jsonschema, yaml, pexpect, markdown_it' 2>/dev/null; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check \
    pymarkdownlnt==0.9.41 jsonschema==4.26.0 pyyaml==6.0.3 pexpect==4.9.0 markdown-it-py==4.3.0 checkov==3.3.30 azure-cli==2.91.0
fi
export FNHARDEN_TEST_PYTHON="$PWD/$tools/bin/python"

swift test "$@"
