#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing (as root), or prints the
# exact apt-get line and stops (as any other user).
#   scripts/debian-packages.sh run    database, PostGIS, GDAL, gettext
#   scripts/debian-packages.sh test   the same plus Chromium for the browser tests
#   scripts/debian-packages.sh bench  the run packages plus wrk, the load generator of `make bench`
set -euo pipefail

packages=(postgresql-15 postgresql-15-postgis-3 gdal-bin gettext)
if [ "${1:-run}" = test ]; then
    packages+=(chromium fonts-dejavu-core)
fi
if [ "${1:-run}" = bench ]; then
    packages+=(wrk)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages. Please run as root:" >&2
    echo "    apt-get update && $line" >&2
    exit 1
fi
echo "Installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
$line
