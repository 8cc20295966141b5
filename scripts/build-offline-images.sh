#!/usr/bin/env bash
# Builds PostgreSQL, Redis and Node images from Debian packages, without any container registry.
# Why: this machine (and CI) reach only the npm registry and Debian's mirror, so `docker pull` fails.
# Idempotent: an image that already exists is kept unless FORCE=1.
# Usage: build-offline-images.sh [--print-mirror]   (--print-mirror: print the Debian mirror it would use, and exit)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
base_image=${STAGING_BASE_IMAGE:-staging-gate/debian-base:bookworm}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
log() { printf '[build-offline-images] %s\n' "$*"; }

# The Debian mirror debootstrap downloads from: STAGING_DEBIAN_MIRROR (DEBIAN_MIRROR is an alias), else
# the one this machine's apt already uses, so that the build reaches exactly what apt reaches.
# Looks in $1 (default /etc/apt; STAGING_APT_DIR overrides it, for tests):
#   1. deb822 sources.list.d/*.sources: the first URIs of an enabled `deb` stanza whose Suites include
#      bookworm, else of one whose Components include main (security-only stanzas skipped);
#   2. classic sources.list and sources.list.d/*.list `deb` lines, with the same preference.
# Prints the mirror, or nothing when none is found.
detect_debian_mirror() {
  local apt_dir=${1:-${STAGING_APT_DIR:-/etc/apt}}
  local -a deb822=() classic=()
  local f
  for f in "$apt_dir"/sources.list.d/*.sources; do [ -f "$f" ] && deb822+=("$f"); done
  [ -f "$apt_dir/sources.list" ] && classic+=("$apt_dir/sources.list")
  for f in "$apt_dir"/sources.list.d/*.list; do [ -f "$f" ] && classic+=("$f"); done
  local found=
  if [ ${#deb822[@]} -gt 0 ]; then
    found=$(awk '
      function flush() {
        if (uri != "" && enabled && types ~ /(^| )deb( |$)/ && uri ~ /^(https?|ftp|file):/) {
          if (suites ~ /(^| )bookworm( |$)/ && bookworm == "") bookworm = uri
          if (components ~ /(^| )main( |$)/ && suites !~ /^([^ ]*-security ?)+$/ && main == "") main = uri
        }
        uri = ""; suites = ""; components = ""; types = ""; enabled = 1; field = ""
      }
      BEGIN { enabled = 1 }
      FNR == 1 { flush() }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (field == "uris" && uri == "") { split($0, w, /[ \t]+/); uri = w[2] } ; next }
      {
        name = tolower($0); sub(/:.*/, "", name)
        value = $0; sub(/^[^:]*:[ \t]*/, "", value); gsub(/[ \t]+/, " ", value); sub(/ $/, "", value)
        field = name
        if (name == "uris") { split(value, w, " "); uri = w[1] }
        else if (name == "suites") suites = value
        else if (name == "components") components = value
        else if (name == "types") types = value
        else if (name == "enabled") enabled = (tolower(value) != "no")
      }
      END { flush(); print (bookworm != "" ? bookworm : main) }
    ' "${deb822[@]}")
  fi
  if [ -z "$found" ] && [ ${#classic[@]} -gt 0 ]; then
    found=$(awk '
      /^[ \t]*deb[ \t]/ {
        line = $0; sub(/#.*/, "", line); sub(/^[ \t]*deb[ \t]+/, "", line)
        if (line ~ /^\[/) sub(/^\[[^]]*\][ \t]*/, "", line)
        n = split(line, w, /[ \t]+/)
        if (n < 2 || w[1] !~ /^(https?|ftp|file):/) next
        if (w[2] == "bookworm" && bookworm == "") bookworm = w[1]
        for (i = 3; i <= n; i++) if (w[i] == "main" && w[2] !~ /-security$/ && main == "") main = w[1]
      }
      END { print (bookworm != "" ? bookworm : main) }
    ' "${classic[@]}")
  fi
  printf '%s' "$found"
}

mirror=${STAGING_DEBIAN_MIRROR:-${DEBIAN_MIRROR:-}}
[ -n "$mirror" ] || mirror=$(detect_debian_mirror)
if [ "${1:-}" = --print-mirror ]; then
  [ -n "$mirror" ] || { log "no Debian mirror found in ${STAGING_APT_DIR:-/etc/apt}" >&2; exit 1; }
  printf '%s\n' "$mirror"
  exit 0
fi

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers (docker info failed): run 'npm run setup' or start dockerd first" >&2
  exit 1
fi

if [ "${FORCE:-0}" = 1 ] || ! have_image "$base_image"; then
  if [ -z "$mirror" ]; then
    log "no Debian mirror: set STAGING_DEBIAN_MIRROR to a Debian mirror URL that serves bookworm (none was found in ${STAGING_APT_DIR:-/etc/apt}/sources.list.d/*.sources, *.list or sources.list)" >&2
    exit 1
  fi
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
