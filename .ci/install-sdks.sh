#!/usr/bin/env bash
# Installs what `go test ./sdktest` needs on a fresh Debian machine, as root:
# Node.js and npm, Debian's python3-stripe (for /usr/bin/python3), and the
# stripe-node version pinned in sdktest/node/package-lock.json.
# Idempotent: it installs only what is missing. .ci/run calls it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_packages=()
# Check commands, not dpkg: a Node.js from another source (NodeSource, which
# ships npm inside its nodejs package and conflicts with Debian's npm) counts.
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import stripe' >/dev/null 2>&1; then
	apt_packages+=(python3-stripe)
fi

if [ "${#apt_packages[@]}" -gt 0 ]; then
	echo "install-sdks: apt-get install ${apt_packages[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# stripe-node, exactly as locked. npm ci always reinstalls, so skip it
# when the locked version is already there.
node_dir="$root/sdktest/node"
want="$(node -p "require('$node_dir/package-lock.json').packages['node_modules/stripe'].version")"
have="$(node -p "try { require('$node_dir/node_modules/stripe/package.json').version } catch { '' }")"
if [ "$want" != "$have" ]; then
	echo "install-sdks: npm ci in sdktest/node (stripe $want)"
	(cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "install-sdks: node $(node --version), stripe-node $(node -p "require('$node_dir/node_modules/stripe/package.json').version"), python3-stripe $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("stripe"))')"
