#!/usr/bin/env bash
# Builds the reference images (if needed) and runs the end-to-end self-check on loopback port
# offsets (+10000 by default, SGREF_PORT_OFFSET to change) in compose project sgref-selfcheck.
# Arguments go to selfcheck/run.js: --skip-faults, --only <fault,fault>.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build-reference-images.sh"
exec node "$root/reference-stack/selfcheck/run.js" "$@"
