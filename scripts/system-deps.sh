#!/usr/bin/env bash
# Install the Debian packages partydesk needs, if they are missing.
#   --runtime : only what `make run` needs
# Without root (or sudo) it prints the one apt-get line to run instead.
set -euo pipefail
runtime=(fonts-dejavu-core fonts-liberation fonts-liberation2 poppler-utils belenios-tool)
testing=(softhsm2 opensc libnss3-tools chromium openssl jq nodejs)  # nodejs: runs belenios-ballot.js in the tests
wanted=("${runtime[@]}")
[[ "${1:-}" == "--runtime" ]] || wanted+=("${testing[@]}")

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "partydesk: please install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "partydesk: run as root first: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "partydesk: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
