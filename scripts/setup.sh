#!/usr/bin/env bash
# One-time (and idempotent) set-up of a machine for staging-gate:
# npm dependencies, a Docker engine with compose, a Chromium, and the reference stack's images.
# Fast when everything is present; never pulls an image unless STAGING_IMAGE_SOURCE=pull.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  is_root && have apt-get || fail "missing $* and cannot install it (needs root and apt-get): install $* yourself"
  if [ "$apt_updated" = 0 ]; then apt-get update -q >/dev/null; apt_updated=1; fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# 1. npm dependencies (skipped when the lock file has not changed since the last install).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 2. Docker engine and compose.
if ! docker info >/dev/null 2>&1; then
  have dockerd || apt_install docker.io
  if ! docker info >/dev/null 2>&1; then
    is_root || fail "no Docker engine answers and starting dockerd needs root: start Docker (sudo systemctl start docker)"
    log "starting dockerd (log: /var/log/staging-gate-dockerd.log)"
    nohup dockerd >/var/log/staging-gate-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || fail "dockerd did not come up within 30 s; see /var/log/staging-gate-dockerd.log"
  fi
fi
docker compose version >/dev/null 2>&1 || have docker-compose || apt_install docker-compose
# gitlab-ci-local (the GitLab template self-test) copies the work tree with rsync.
have rsync || apt_install rsync
log "docker $(docker version --format '{{.Server.Version}}'), compose $(docker compose version --short 2>/dev/null || docker-compose version --short)"

# 3. A browser for the smoke test: Playwright's own when installed, else Debian's chromium.
if ! node -e "const fs=require('fs');const {chromium}=require('@playwright/test');process.exit(fs.existsSync(chromium.executablePath())?0:1)" 2>/dev/null; then
  [ -x /usr/bin/chromium ] || [ -n "${PLAYWRIGHT_CHROMIUM_PATH:-}" ] || apt_install chromium
fi

# 4. Image source: as set; else official images already local; else offline builds (root on Debian); else pull.
official=(postgres:16-alpine redis:7-alpine node:20-bookworm-slim)
source=${STAGING_IMAGE_SOURCE:-}
if [ -z "$source" ]; then
  if docker image inspect "${official[@]}" >/dev/null 2>&1; then source=official
  elif is_root && [ -f /etc/debian_version ]; then source=offline
  else source=pull
  fi
fi
mkdir -p .staging-gate
printf '# written by npm run setup: the gate uses these images and never pulls\nSTAGING_IMAGE_SOURCE=%s\n' "$source" >.staging-gate/setup.env
log "image source: $source"
case "$source" in
  offline)
    have debootstrap || apt_install debootstrap
    bash scripts/build-offline-images.sh
    node_image=staging-gate/node:20-offline ;;
  official) node_image=node:20-bookworm-slim ;;
  pull)
    for image in "${official[@]}"; do docker image inspect "$image" >/dev/null 2>&1 || docker pull "$image"; done
    node_image=node:20-bookworm-slim ;;
  *) fail "STAGING_IMAGE_SOURCE=$source: expected official, offline or pull" ;;
esac
STAGING_NODE_IMAGE=$node_image bash scripts/build-reference-images.sh
log "ready: run 'npx playwright test --project=staging'"
