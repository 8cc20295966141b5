#!/usr/bin/env bash
# Builds staging-gate/orders-api:2.3.0 (previous release, migration 1) and :2.4.0 (candidate,
# migrations 1 and 2). No registry is touched: the base image is local and node_modules come from
# the host. Idempotent: an image is rebuilt only when FORCE=1, or when the app source, the
# Dockerfile or the base image changed (compared via the image's source-hash label).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
app="$here/app"
node_image=${STAGING_NODE_IMAGE:-staging-gate/node:20-offline}
repo=staging-gate/orders-api

log() { printf '[orders build-images] %s\n' "$*"; }

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers (docker info failed): start dockerd first" >&2
  exit 1
fi
if ! docker image inspect "$node_image" >/dev/null 2>&1; then
  log "base image $node_image is missing: run 'npm run build:images' first (it builds it without a registry)," >&2
  log "or set STAGING_NODE_IMAGE to a local Node 20 image (e.g. node:20-bookworm-slim)" >&2
  exit 1
fi

# A changed package-lock.json must not ship stale modules.
if [ ! -d "$app/node_modules" ] || [ "$app/package-lock.json" -nt "$app/node_modules/.package-lock.json" ]; then
  log "installing app dependencies on the host (npm ci --omit=dev)"
  npm ci --omit=dev --no-audit --no-fund --prefix "$app" >/dev/null
fi

# Hash of everything that ends up in the image except node_modules (covered by package-lock.json).
source_hash() {
  {
    (cd "$here" && find app -path app/node_modules -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum)
    (cd "$here" && sha256sum Dockerfile .dockerignore)
    docker image inspect -f '{{.Id}}' "$node_image"
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-16
}

build() { # version, number of migrations the release knows
  local tag="$repo:$1" hash current old_id
  hash=$(source_hash "$1" "$2")
  current=$(docker image inspect -f '{{index .Config.Labels "staging-gate.source-hash"}}' "$tag" 2>/dev/null || true)
  if [ "${FORCE:-0}" != 1 ] && [ "$current" = "$hash" ]; then
    log "$tag is up to date (source $hash)"
    return
  fi
  old_id=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
  log "building $tag (APP_VERSION=$1, MIGRATIONS_MAX=$2, source $hash)"
  # The legacy builder never pulls a FROM image that exists locally.
  if ! DOCKER_BUILDKIT=0 docker build -q \
    --build-arg "NODE_IMAGE=$node_image" \
    --build-arg "APP_VERSION=$1" \
    --build-arg "MIGRATIONS_MAX=$2" \
    --build-arg "SOURCE_HASH=$hash" \
    -t "$tag" "$here" >/dev/null 2>"$errors"; then
    cat "$errors" >&2
    log "building $tag failed" >&2
    exit 1
  fi
  # The replaced build is now untagged; drop it unless a container still uses it.
  if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi
}

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

build 2.3.0 1
build 2.4.0 2
log "images ready: $repo:2.3.0 $repo:2.4.0"
