#!/bin/sh
# QEMU 10.0 from Debian bookworm-backports, unpacked beside the system's QEMU 7.2 without
# installing it, so the conformance suite can run against both. Prints the wrapper's path.
#
#   scripts/qemu10.sh            # into /opt/qemu10 (or $ERST_QEMU10_DIR)
#
# Needs root for the apt source and `apt-get update`; nothing is installed with dpkg -i.
# The wrapper runs the unpacked binary with its own modules (QEMU_MODULE_DIR) and its own
# firmware and data (-L for qemu-system-data's files, -L for the backports SeaBIOS).
set -eu

DIR=${ERST_QEMU10_DIR:-/opt/qemu10}
WRAPPER=$DIR/qemu-system-x86_64
SUITE=bookworm-backports
PACKAGES="qemu-system-x86 qemu-system-common qemu-system-data seabios"

if [ -x "$WRAPPER" ] && "$WRAPPER" --version 2>/dev/null | grep -q 'version 10\.0'; then
  echo "$WRAPPER"
  exit 0
fi

if ! grep -rqs "^[^#]*$SUITE" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb http://deb.debian.org/debian $SUITE main" > /etc/apt/sources.list.d/$SUITE.list
fi
apt-get update -qq >/dev/null

debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
# apt's _apt user cannot write into a root-only temp folder: download as root on purpose.
(cd "$debs" && for p in $PACKAGES; do apt-get download -qq -o APT::Sandbox::User=root "$p/$SUITE"; done)

rm -rf "$DIR.new"
mkdir -p "$DIR.new/root"
for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$DIR.new/root"; done

cat > "$DIR.new/qemu-system-x86_64" <<WRAP
#!/bin/sh
R=$DIR/root
export QEMU_MODULE_DIR=\$R/usr/lib/x86_64-linux-gnu/qemu
exec \$R/usr/bin/qemu-system-x86_64 -L \$R/usr/share/qemu -L \$R/usr/share/seabios "\$@"
WRAP
chmod +x "$DIR.new/qemu-system-x86_64"

missing=$(ldd "$DIR.new/root/usr/bin/qemu-system-x86_64" | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "QEMU 10.0 needs libraries this system lacks:" >&2
  echo "$missing" >&2
  exit 1
fi

rm -rf "$DIR"
mv "$DIR.new" "$DIR"
"$WRAPPER" --version | head -n 1 >&2
echo "$WRAPPER"
