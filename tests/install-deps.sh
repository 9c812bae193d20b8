#!/bin/sh
# Installs missing Debian packages.  With --if-missing, does nothing when
# all are present.  As root it runs apt-get; otherwise through sudo when that
# works without a password; else it prints the exact command and fails.
if_missing=
if [ "$1" = "--if-missing" ]; then if_missing=1; shift; fi
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo -n"
else
	echo "git-thesis: missing packages:$missing; run as root:" >&2
	echo "    apt-get install -y$missing" >&2
	exit 1
fi
echo "git-thesis: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null &&
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "git-thesis: apt-get install -y$missing failed" >&2; exit 1; }
