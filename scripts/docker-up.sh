#!/usr/bin/env bash
# Start a local Docker engine for the integration tests and build the offline
# test image `agentos-test-busybox:latest` (no registry is needed).
# Idempotent: safe to run when the engine is already up.
set -euo pipefail

IMAGE="${AGENTOS_TEST_IMAGE:-agentos-test-busybox:latest}"
SOCK=/var/run/docker.sock
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[docker-up] %s\n' "$*"; }

if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /bin/busybox ]; then
  log "installing docker.io and busybox-static from Debian"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io busybox-static >/dev/null
fi

if ! docker version >/dev/null 2>&1; then
  log "starting dockerd"
  $SUDO mkdir -p /var/log
  # No bridge, no iptables: test containers use network mode none or host.
  nohup $SUDO dockerd --iptables=false --ip6tables=false --bridge=none >/var/log/agentos-dockerd.log 2>&1 &
  for _ in $(seq 1 120); do
    [ -S "$SOCK" ] && docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
docker version --format 'engine {{.Server.Version}}' || { log "dockerd did not come up; see /var/log/agentos-dockerd.log"; tail -n 30 /var/log/agentos-dockerd.log || true; exit 1; }

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "building $IMAGE offline from /bin/busybox"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/rootfs/bin" "$tmp/rootfs/tmp" "$tmp/rootfs/etc" "$tmp/rootfs/proc" "$tmp/rootfs/sys" "$tmp/rootfs/dev"
  cp /bin/busybox "$tmp/rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$tmp/rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$tmp/rootfs/etc/passwd"
  echo 'root:x:0:' > "$tmp/rootfs/etc/group"
  tar -C "$tmp/rootfs" -cf "$tmp/rootfs.tar" .
  docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' "$tmp/rootfs.tar" "$IMAGE" >/dev/null
fi
log "ready: $IMAGE"
