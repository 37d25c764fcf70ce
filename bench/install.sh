#!/usr/bin/env bash
# OS packages for the edge macro benchmark (bench/edge/run.ts): the two peers and the load generator.
# Idempotent: asks apt only for what dpkg does not already have.
set -euo pipefail
needed=()
for pkg in nginx varnish wrk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ "${#needed[@]}" -eq 0 ]; then
  echo "bench/install.sh: nginx, varnish and wrk are already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
# Debian starts nginx/varnish services on install where an init system runs; the benchmark runs its
# own instances on loopback ports, so the system services are neither needed nor touched.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${needed[@]}"
