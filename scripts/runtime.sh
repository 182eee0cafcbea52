#!/usr/bin/env bash
# Real n8n for the demo and the end-to-end tests: Node 24 plus the pinned n8n in scripts/runtime/, installed once
# into the git-ignored .n8n-runtime/. With --compat: Node 22 plus the last n8n 1.x release pinned in
# scripts/runtime-compat/, installed into the git-ignored .n8n-runtime-compat/ (for `npm run test:compat`).
#
#   bash scripts/runtime.sh         ensure the runtime, then print ONE JSON line on stdout:
#                                   {"node","n8n","binDir","nodeVersion","n8nVersion","dir"}
#   bash scripts/runtime.sh --env   ensure it, then print `export N8N_RUNTIME_...=...` lines instead, for
#                                   eval "$(bash scripts/runtime.sh --env)"; "$N8N_RUNTIME_NODE" "$N8N_RUNTIME_N8N" --version
#   ... --queue                     also ensure what n8n's queue mode needs (README.md, "Scaling out"): Debian's redis-server
#                                   and PostgreSQL (installed with apt-get when missing); the JSON line then also
#                                   has "redisServer" (the binary) and "postgresBin" (the dir with initdb, postgres)
#   ... --compat                    the n8n 1.x runtime instead (scripts/runtime-compat/: n8n 1.123.81, which needs
#                                   `"overrides": {"xlsx": "0.18.5"}` because n8n-nodes-base 1.x fetches xlsx from a
#                                   CDN tarball URL; Node 22, inside n8n 1.x's engines ">=20.19 <=24.x")
#
# Idempotent and cheap when nothing changed: `npm install` and the sqlite3 rebuild run only when the hash of
# scripts/runtime/package.json + package-lock.json (and the Node version) differs from .n8n-runtime/n8n/.installed.
# Progress and step timings go to stderr. Works unattended (CI=true, no stdin): installs missing Debian packages
# with apt-get when root (or with passwordless sudo).
#
# Environment: N8N_RUNTIME_DIR (default <repo>/.n8n-runtime), N8N_RUNTIME_NODE_VERSION (default 24.21.0; used only
# when the system Node is older than 24); with --compat: N8N_COMPAT_RUNTIME_DIR (default <repo>/.n8n-runtime-compat),
# N8N_COMPAT_NODE_VERSION (default 22.23.5; used unless the system Node is a 22).
#
# To move to another n8n version: edit scripts/runtime/package.json (or scripts/runtime-compat/), delete its
# package-lock.json, run this script (it writes a new lock back), and commit both.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE='json'
QUEUE=
COMPAT=
for arg in "$@"; do
	case "$arg" in
		--env) MODE='env' ;;
		--queue) QUEUE=1 ;;
		--compat) COMPAT=1 ;;
		-h | --help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "runtime.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
	esac
done
if [[ -n $COMPAT ]]; then
	SRC=$REPO/scripts/runtime-compat
	RT=${N8N_COMPAT_RUNTIME_DIR:-$REPO/.n8n-runtime-compat}
	NODE_MAJOR=22
	NODE_VERSION=${N8N_COMPAT_NODE_VERSION:-22.23.5}
else
	SRC=$REPO/scripts/runtime
	RT=${N8N_RUNTIME_DIR:-$REPO/.n8n-runtime}
	NODE_MAJOR=24
	NODE_VERSION=${N8N_RUNTIME_NODE_VERSION:-24.21.0}
fi

T0=$EPOCHREALTIME
log() { printf '[runtime] %s\n' "$*" >&2; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
die() { log "ERROR: $*"; exit 1; }

# npm exports its config as npm_config_* to the scripts it runs (`npm run demo` → this script). The project's
# .npmrc sets ignore-scripts=true and ~/.npmrc may set nodedir=/usr (Node 20 headers): neither must leak into
# the nested npm commands below, which pass their own flags. Registry, cache and proxy settings are kept.
keep='^npm_config_(registry|cache|userconfig|globalconfig|.*proxy|strict_ssl|cafile|ca)$'
for v in $(compgen -e); do
	if [[ $v == npm_config_* && ! $v =~ $keep ]]; then unset "$v"; fi
done

as_root() {
	if [[ $(id -u) == 0 ]]; then "$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
	else die "need root to run: $* (install it by hand, then rerun)"
	fi
}

APT_UPDATED=
apt_install() {
	command -v apt-get >/dev/null || die "missing system packages ($*) and no apt-get here; install them by hand"
	local t=$EPOCHREALTIME
	export DEBIAN_FRONTEND=noninteractive
	if [[ -z $APT_UPDATED ]]; then
		as_root apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || die "apt-get update failed"
		APT_UPDATED=1
	fi
	as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" </dev/null >&2 \
		|| die "apt-get install $* failed"
	log "apt-get install $*: $(since "$t")"
}

mkdir -p "$RT"
log "runtime dir: $RT"

# One installer at a time (the demo and the e2e test may start together); bounded wait.
exec 9>"$RT/.lock"
if command -v flock >/dev/null; then
	flock -w 1800 9 || die "another runtime.sh still holds $RT/.lock after 30 min"
fi

# ---- 1. Node 24 (--compat: Node 22) ----------------------------------------------------------------------------
t=$EPOCHREALTIME
NODE=
NODEDIR=
# n8n 2.x wants Node 24 or newer; the compat runtime wants exactly a 22 (the Node this package is tested on there).
if sys=$(command -v node) && major=$("$sys" -p 'process.versions.node.split(".")[0]' 2>/dev/null) &&
	{ { [[ -z $COMPAT ]] && ((major >= NODE_MAJOR)); } || ((major == NODE_MAJOR)); }; then
	NODE=$(readlink -f "$sys")
	prefix=$(dirname "$(dirname "$NODE")")
	if [[ -f $prefix/include/node/node_api.h ]]; then NODEDIR=$prefix; fi
	log "node: system $("$NODE" -v) at $NODE"
else
	case "$(uname -m)" in
		x86_64 | amd64) arch=x64 ;;
		aarch64 | arm64) arch=arm64 ;;
		*) die "no Node $NODE_MAJOR binary package for $(uname -m); install Node $NODE_MAJOR and put it first in PATH" ;;
	esac
	pkg=node-linux-$arch
	NODEDIR=$RT/node$NODE_MAJOR/node_modules/$pkg
	NODE=$NODEDIR/bin/node
	if [[ -x $NODE && $("$NODE" -v 2>/dev/null) == "v$NODE_VERSION" ]]; then
		log "node: v$NODE_VERSION at $NODE (cached)"
	else
		command -v npm >/dev/null || die "npm not found; it is needed to fetch $pkg@$NODE_VERSION"
		mkdir -p "$RT/node$NODE_MAJOR"
		printf '{"private":true,"dependencies":{"%s":"%s"}}\n' "$pkg" "$NODE_VERSION" >"$RT/node$NODE_MAJOR/package.json"
		# The package has no dependencies and no useful install script: the binary is in the tarball.
		npm install --prefix "$RT/node$NODE_MAJOR" --ignore-scripts --no-audit --no-fund \
			--no-package-lock --loglevel=error >&2 || die "npm install $pkg@$NODE_VERSION failed"
		[[ $("$NODE" -v 2>/dev/null) == "v$NODE_VERSION" ]] || die "$NODE does not run"
		log "node: installed $pkg@$NODE_VERSION in $(since "$t")"
	fi
fi
BIN_DIR=$(dirname "$NODE")

# ---- 2. System packages for the sqlite3 build ----------------------------------------------------------------
missing=()
if ! { dpkg-query -W -f='${Status}' libsqlite3-dev 2>/dev/null | grep -q 'ok installed' || [[ -f /usr/include/sqlite3.h ]]; }; then
	missing+=(libsqlite3-dev)
fi
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(make g++)
command -v python3 >/dev/null || missing+=(python3)
pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [[ -n $QUEUE ]]; then
	command -v redis-server >/dev/null || missing+=(redis-server)
	[[ -n $(pg_bin_dir) && -x $(pg_bin_dir)/initdb ]] || missing+=(postgresql)
fi
if ((${#missing[@]})); then
	log "missing system packages: ${missing[*]}"
	apt_install "${missing[@]}"
fi
REDIS_SERVER=
PG_BIN=
if [[ -n $QUEUE ]]; then
	REDIS_SERVER=$(command -v redis-server) || die "redis-server missing after install"
	PG_BIN=$(pg_bin_dir)
	[[ -x $PG_BIN/initdb && -x $PG_BIN/postgres ]] || die "PostgreSQL's initdb/postgres missing after install"
	log "queue mode: $("$REDIS_SERVER" --version | cut -d' ' -f1-3), PostgreSQL in $PG_BIN"
fi

# ---- 3. n8n ----------------------------------------------------------------------------------------------------
DST=$RT/n8n
N8N_BIN=$DST/node_modules/n8n/bin/n8n
[[ -f $SRC/package.json ]] || die "$SRC/package.json is missing"
want=$(cat "$SRC/package.json" "$SRC/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)-$("$NODE" -v)-$(uname -m)
have=$(cat "$DST/.installed" 2>/dev/null || true)
if [[ $want == "$have" && -f $N8N_BIN ]]; then
	log "n8n: $(cd "$DST" && "$NODE" -p 'require("n8n/package.json").version') up to date (stamp matches)"
else
	mkdir -p "$DST"
	rm -f "$DST/.installed"
	cp "$SRC/package.json" "$DST/package.json"
	if [[ -f $SRC/package-lock.json ]]; then
		cp "$SRC/package-lock.json" "$DST/package-lock.json"
	else
		rm -f "$DST/package-lock.json"
		log "no ${SRC#"$REPO"/}/package-lock.json: resolving a new one"
	fi
	avail=$(df -Pk "$DST" | awk 'NR == 2 { print int($4 / 1048576) }')
	((avail >= 4)) || log "warning: only ${avail} GiB free; n8n needs about 3.5 GiB (node_modules + npm cache)"
	t=$EPOCHREALTIME
	log "n8n: npm install --ignore-scripts in $DST (from scratch: 1-6 min, about 2 GB) ..."
	# `npm ci` cannot be used: the lock lacks optional packages the registry mirror does not have; `npm install`
	# still follows the lock. No install scripts: the Kafka node's script downloads sources and aborts the install.
	# Keep the tarball URLs in the lock (~/.npmrc may say otherwise): without them npm fetches ~2300 packuments.
	npm_install() {
		(cd "$DST" && PATH="$BIN_DIR:$PATH" npm install --ignore-scripts --omit-lockfile-registry-resolved=false \
			--no-audit --no-fund --loglevel=error >&2) || die "npm install of n8n failed (see above)"
	}
	npm_install
	log "n8n: npm install: $(since "$t")"
	if [[ ! -f $SRC/package-lock.json ]]; then
		npm_install # a fresh resolution leaves "extraneous" entries in the lock; a second pass prunes them
		cp "$DST/package-lock.json" "$SRC/package-lock.json"
		log "wrote $SRC/package-lock.json: commit it"
		want=$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)-$("$NODE" -v)-$(uname -m)
	fi
	t=$EPOCHREALTIME
	# The only native module n8n needs built: link the system SQLite against the runtime Node's own headers.
	(cd "$DST" && export PATH="$BIN_DIR:$PATH" && if [[ -n $NODEDIR ]]; then export npm_config_nodedir=$NODEDIR; fi &&
		npm rebuild sqlite3 --ignore-scripts=false \
		--build-from-source --sqlite=/usr --loglevel=error >&2) || die "sqlite3 rebuild failed (see above)"
	(cd "$DST" && "$NODE" -e 'require("sqlite3")') || die "sqlite3 does not load under $("$NODE" -v)"
	log "n8n: sqlite3 rebuilt from source: $(since "$t")"
	[[ -f $N8N_BIN ]] || die "$N8N_BIN missing after install"
	echo "$want" >"$DST/.installed"
fi
N8N_VERSION=$(cd "$DST" && "$NODE" -p 'require("n8n/package.json").version')
log "n8n $N8N_VERSION on node $("$NODE" -v) ready in $(since "$T0")"

if [[ $MODE == env ]]; then
	printf 'export N8N_RUNTIME_NODE=%q N8N_RUNTIME_N8N=%q N8N_RUNTIME_BIN_DIR=%q N8N_RUNTIME_N8N_DIR=%q\n' \
		"$NODE" "$N8N_BIN" "$BIN_DIR" "$DST"
else
	"$NODE" -e 'const [node, n8n, binDir, dir, n8nVersion, redisServer, postgresBin] = process.argv.slice(1);
const queue = redisServer ? { redisServer, postgresBin } : {};
console.log(JSON.stringify({ node, n8n, binDir, dir, nodeVersion: process.version, n8nVersion, ...queue }));' \
		"$NODE" "$N8N_BIN" "$BIN_DIR" "$DST" "$N8N_VERSION" "$REDIS_SERVER" "$PG_BIN"
fi
