#!/usr/bin/env bash
# Builds the Debian package of the kiosk from the one-folder build, in one command:
#
#   bash scripts/build-deb.sh                  # builds dist/kiosk first if it is not there
#   bash scripts/build-deb.sh --dist DIR --out DIR --revision 2
#
# -> OUT/patient-kiosk_<version>-<revision>_<arch>.deb (default OUT: dist/). The package
# version is the kiosk's (viewer.__version__, read from the build's build-info.json) plus a
# Debian revision (default 1), so the package version follows the kiosk's.
#
# Layout: the build in /usr/lib/patient-kiosk, /usr/bin/kiosk, /etc/patient-kiosk/config.toml
# (a conffile: dpkg keeps the administrator's edits on upgrades), the systemd user unit and an
# X session for the kiosk user, the system user patient-kiosk (postinst), the man page, our
# licence and the third-party notices in /usr/share/doc/patient-kiosk. Depends is computed by
# dpkg-shlibdeps from what the bundled binaries link to (the system's libcups, TLS, D-Bus, xcb,
# fontconfig, libstdc++ ...), plus what the kiosk loads or runs by name (libespeak-ng, aplay).
# Needs dpkg-dev (dpkg-shlibdeps) and fakeroot-free dpkg-deb >= 1.19 (--root-owner-group).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist="$here/dist/kiosk"
out="$here/dist"
revision=1
maintainer=${DEB_MAINTAINER:-"Patient kiosk maintainers <patient-kiosk@example.org>"}
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$(cd "$2" && pwd); shift 2 ;;
    --out) mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2 ;;
    --revision) revision=$2; shift 2 ;;
    *) echo "build-deb: unknown argument $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

if [ ! -x "$dist/kiosk" ]; then
  echo "build-deb: no build in $dist; building it from kiosk.spec"
  "$here/.venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$(dirname "$dist")" --workpath "$here/build" "$here/kiosk.spec"
fi
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool is missing (apt-get install dpkg-dev)" >&2; exit 1; }
done

info="$dist/_internal/build-info.json"
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$info")
debversion="$version-$revision"
arch=$(dpkg --print-architecture)
src="$here/deploy/debian"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/patient-kiosk"
lib="$root/usr/lib/patient-kiosk"
mkdir -p "$lib" "$root/DEBIAN" "$root/usr/bin" "$root/etc/patient-kiosk" \
  "$root/usr/lib/systemd/user" "$root/usr/share/xsessions" "$root/usr/libexec" \
  "$root/usr/share/doc/patient-kiosk" "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides"
cp -a "$dist/." "$lib/"
find "$lib" -type f -name '*.so*' -exec chmod 0644 {} +  # libraries are not programs
install -m 0644 "$src/lintian-overrides" "$root/usr/share/lintian/overrides/patient-kiosk"
ln -s ../lib/patient-kiosk/kiosk "$root/usr/bin/kiosk"

# The configuration file: every setting, commented out, as this build describes them.
"$dist/kiosk" --sample-config > "$root/etc/patient-kiosk/config.toml"
echo "/etc/patient-kiosk/config.toml" > "$root/DEBIAN/conffiles"

sed 's|^ExecStart=.*|ExecStart=/usr/lib/patient-kiosk/kiosk|' \
  "$here/deploy/patient-kiosk.service" > "$root/usr/lib/systemd/user/patient-kiosk.service"
install -m 0644 "$src/kiosk-session.target" "$root/usr/lib/systemd/user/"
install -m 0644 "$src/patient-kiosk.desktop" "$root/usr/share/xsessions/"
install -m 0755 "$src/patient-kiosk-session" "$root/usr/libexec/"
install -m 0755 "$src/postinst" "$src/postrm" "$root/DEBIAN/"
gzip -9n < "$src/kiosk.1" > "$root/usr/share/man/man1/kiosk.1.gz"

doc="$root/usr/share/doc/patient-kiosk"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: patient-kiosk"
  echo "Comment: The bundled components (Python, Qt, PySide6, shiboken6, python-markdown,"
  echo " pyttsx3, platformdirs, tomlkit, the Atkinson Hyperlegible font ...) and their"
  echo " licences are listed in THIRD-PARTY-NOTICES.txt in this folder."
  echo
  echo "Files: *"
  echo "Copyright: 2026 The patient-kiosk authors"
  echo "License: Apache-2.0"
  echo " On Debian systems the full text of the Apache License 2.0 is in"
  echo " /usr/share/common-licenses/Apache-2.0."
} > "$doc/copyright"
ln -s ../../../lib/patient-kiosk/_internal/THIRD-PARTY-NOTICES.txt "$doc/THIRD-PARTY-NOTICES.txt"
gzip -9n < "$here/CHANGELOG.md" > "$doc/changelog.gz"
when=$(python3 -c 'import json,sys,datetime as d; t=d.datetime.strptime(json.load(open(sys.argv[1]))["built"],"%Y-%m-%dT%H:%M:%SZ"); print(t.strftime("%a, %d %b %Y %H:%M:%S +0000"))' "$info")
printf 'patient-kiosk (%s) unstable; urgency=medium\n\n  * Build of the kiosk %s (see changelog.gz).\n\n -- %s  %s\n' \
  "$debversion" "$version" "$maintainer" "$when" | gzip -9n > "$doc/changelog.Debian.gz"

# Depends: what the bundled ELF files link to, as dpkg-shlibdeps finds it in the system's
# packages; the bundle's own libraries (Qt, Python) are found inside the tree.
mkdir -p "$work/debian"
printf 'Source: patient-kiosk\n\nPackage: patient-kiosk\nArchitecture: any\n' > "$work/debian/control"
mapfile -t elves < <(find "$lib" -type f \( -name '*.so*' -o -name kiosk \) -print)
shlibs=$(cd "$work" && dpkg-shlibdeps -O --ignore-missing-info \
  -l"$lib/_internal" -l"$lib/_internal/PySide6/Qt/lib" -l"$lib/_internal/PySide6" \
  -l"$lib/_internal/shiboken6" "${elves[@]}" 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p')
if [ -z "$shlibs" ]; then
  cat "$work/shlibdeps.log" >&2
  echo "build-deb: dpkg-shlibdeps found no dependencies" >&2
  exit 1
fi
rm -rf "$work/debian"
# Loaded by name or run, so not in any ELF file's NEEDED list: the speech engine (pyttsx3
# loads libespeak-ng with ctypes), the sound player, libcups (ctypes, viewer/services/cups.py),
# fonts for Qt, and adduser for postinst.
depends=$shlibs
for extra in libcups2 libespeak-ng1 espeak-ng-data alsa-utils fontconfig fonts-dejavu-core adduser; do
  case ", $depends," in *", $extra "*|*", $extra,"*) ;; *) depends="$depends, $extra" ;; esac
done

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$debversion|" -e "s|@ARCH@|$arch|" -e "s|@SIZE@|$size|" \
  -e "s|@DEPENDS@|$depends|" -e "s|@MAINTAINER@|$maintainer|" "$src/control" > "$root/DEBIAN/control"

find "$root" -type d -exec chmod 0755 {} +
deb="$out/patient-kiosk_${debversion}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$deb" >/dev/null
echo "$deb"
