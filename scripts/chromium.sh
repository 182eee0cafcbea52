#!/usr/bin/env bash
# A Chromium for the browser test (scripts/browser.ts): prints its path as the only line on stdout.
# Playwright's own browser download is not used (it needs hosts other than the npm registry); the browser comes
# from the system instead. Order: $CHROMIUM_PATH, then an installed `chromium`, `chromium-browser` (not Ubuntu's
# snap stub), `google-chrome` (GitHub's ubuntu runners have it), else `apt-get install chromium` (Debian; as root
# or with passwordless sudo; about 20 s). Progress goes to stderr.
set -euo pipefail
log() { printf '[chromium] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

works() { [[ -x $1 ]] && "$1" --headless --no-sandbox --version >/dev/null 2>&1; }

if [[ -n ${CHROMIUM_PATH:-} ]]; then
	works "$CHROMIUM_PATH" || die "CHROMIUM_PATH=$CHROMIUM_PATH does not run"
	echo "$CHROMIUM_PATH"
	exit 0
fi
for name in chromium chromium-browser google-chrome google-chrome-stable; do
	if path=$(command -v "$name" 2>/dev/null) && [[ $(readlink -f "$path") != /snap/* ]] && works "$path"; then
		echo "$path"
		exit 0
	fi
done

command -v apt-get >/dev/null || die "no Chromium found and no apt-get: install Chromium and set CHROMIUM_PATH"
as_root() {
	if [[ $(id -u) == 0 ]]; then "$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
	else die "need root to run: $* (install Chromium by hand and set CHROMIUM_PATH)"
	fi
}
t=$SECONDS
export DEBIAN_FRONTEND=noninteractive
log "apt-get install chromium ..."
as_root apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || die "apt-get update failed"
as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium </dev/null >&2 \
	|| die "apt-get install chromium failed"
log "installed in $((SECONDS - t)) s"
path=$(command -v chromium) || die "apt-get installed no chromium binary"
works "$path" || die "$path does not run"
echo "$path"
