#!/usr/bin/env bash
# Builds PostgreSQL, Redis and Node images from Debian packages, without any container registry.
# Why: this machine (and CI) reach only the npm registry and Debian's mirror, so `docker pull` fails.
# Idempotent: an image that already exists is kept unless FORCE=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
base_image=${STAGING_BASE_IMAGE:-staging-gate/debian-base:bookworm}
mirror=${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
mirror=${mirror:-http://deb.debian.org/debian}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
log() { printf '[build-offline-images] %s\n' "$*"; }

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers (docker info failed): run 'npm run setup' or start dockerd first" >&2
  exit 1
fi

if [ "${FORCE:-0}" = 1 ] || ! have_image "$base_image"; then
  command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { log "debootstrap needs root" >&2; exit 1; }
  rootfs=$(mktemp -d /tmp/staging-gate-rootfs.XXXXXX)
  chmod 755 "$rootfs" # mktemp makes it 0700, which would lock non-root users out of / in the image
  trap 'rm -rf "$rootfs"' EXIT
  log "debootstrap bookworm from $mirror into $rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/tmp/staging-gate-debootstrap.log 2>&1 ||
    { tail -20 /tmp/staging-gate-debootstrap.log >&2; exit 1; }
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  log "installing postgresql, redis-server and ca-certificates in the rootfs"
  chroot "$rootfs" /bin/sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql redis-server ca-certificates procps >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*'
  # The host's Node 20 runs in a bookworm rootfs; Debian's own nodejs is 18.
  cp "$(command -v node)" "$rootfs/usr/local/bin/node"
  : >"$rootfs/etc/resolv.conf"
  log "importing $base_image"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$base_image" >/dev/null
fi

build() { # tag, dockerfile folder
  if [ "${FORCE:-0}" = 1 ] || ! have_image "$1"; then
    log "building $1"
    DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE_IMAGE=$base_image" -t "$1" "$2" >/dev/null
  fi
}
build staging-gate/postgres:15-offline "$here/offline-images/postgres"
build staging-gate/redis:7-offline "$here/offline-images/redis"
build staging-gate/node:20-offline "$here/offline-images/node"
log "images ready: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep '^staging-gate/' | sort | tr '\n' ' ')"
