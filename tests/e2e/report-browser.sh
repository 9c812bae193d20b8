#!/bin/sh
# Renders a page of `git thesis report` in headless Chromium and checks it:
# no console error or uncaught exception (a script the Content-Security-
# Policy refuses counts), and a screenshot that is not blank (more than 20
# distinct colours, decoded with python3 and zlib only).
#
# With --print, the page is printed instead (--print-to-pdf, kept as
# <screenshot.png>.pdf) and its second page (the first timeline; the first
# if there is one page) turned into the PNG with pdftoppm, in greyscale
# with --gray: what a founder's printer makes of it.
#
# usage: report-browser.sh [--print [--gray]] <page.html> <screenshot.png>
# Prints the render time in milliseconds; exits 1 on a failed check, 77
# when chromium (or, to print, pdftoppm) is missing.
set -u
print=
gray=
[ "${1:-}" = --print ] && { print=1; shift; }
[ "${1:-}" = --gray ] && { gray=-gray; shift; }
[ $# -eq 2 ] || { echo "usage: report-browser.sh [--print [--gray]] <page.html> <png>" >&2; exit 2; }
page=$1
png=$2
command -v chromium >/dev/null 2>&1 || { echo "chromium is not installed" >&2; exit 77; }
[ -z "$print" ] || command -v pdftoppm >/dev/null 2>&1 ||
	{ echo "pdftoppm is not installed (poppler-utils)" >&2; exit 77; }
case $page in /*) ;; *) page=$(pwd)/$page ;; esac
profile=$(mktemp -d "${TMPDIR:-/tmp}/report-browser.XXXXXX") || exit 1
log=$profile.log
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$png"

start=$(date +%s%N)
if [ -n "$print" ]; then
	rm -f "$png.pdf"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 \
		--no-pdf-header-footer --print-to-pdf="$png.pdf" "file://$page" \
		>"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$png.pdf" ]; then
		first=2
		pdftoppm -f 2 -l 2 -r 96 -png $gray -singlefile "$png.pdf" \
			"${png%.png}" 2>/dev/null || first=1
		[ $first -eq 2 ] || pdftoppm -f 1 -l 1 -r 96 -png $gray \
			-singlefile "$png.pdf" "${png%.png}" || rc=1
	fi
else
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 \
		--window-size=1280,2000 --screenshot="$png" "file://$page" \
		>"$log" 2>&1
	rc=$?
fi
end=$(date +%s%N)
if [ $rc -ne 0 ] || [ ! -s "$png" ]; then
	echo "report-browser.sh: chromium failed (exit $rc)" >&2
	tail -20 "$log" >&2
	exit 1
fi
# The page logs nothing: any console line is an error, a refused script
# included (this Chromium logs them all as INFO:CONSOLE).
if grep -E 'Uncaught|:CONSOLE|Content Security Policy' "$log" >&2; then
	echo "report-browser.sh: console errors in $page" >&2
	exit 1
fi
python3 - "$png" <<'PY' || exit 1
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        if depth != 8 or ctype not in (0, 2, 6) or interlace:
            sys.exit("unexpected PNG format")
        bpp = {0: 1, 2: 3, 6: 4}[ctype]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = width * bpp
# Byte-wise addition modulo 256 of whole rows at once, as big integers
# (SWAR): no carry crosses a byte.
LOW = int.from_bytes(b"\x7f" * stride, "big")
HIGH = int.from_bytes(b"\x80" * stride, "big")

def add(x, y):
    return ((x & LOW) + (y & LOW)) ^ ((x ^ y) & HIGH)

prev = 0
colours = set()
for y in range(height):
    f = raw[y * (stride + 1)]
    row = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
    if f in (0, 1, 2):
        cur = int.from_bytes(row, "big")
        if f == 2:
            cur = add(cur, prev)
        elif f == 1:
            # Prefix sums over pixels: bytes to the right are later ones.
            shift = bpp * 8
            while shift < stride * 8:
                cur = add(cur, cur >> shift)
                shift *= 2
    else:
        line = bytearray(row)
        p = prev.to_bytes(stride, "big")
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = p[i]
            if f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            else:
                c = p[i - bpp] if i >= bpp else 0
                q = a + b - c
                pa, pb, pc = abs(q - a), abs(q - b), abs(q - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc
                                      else b if pb <= pc else c)) & 255
        cur = int.from_bytes(line, "big")
    prev = cur
    if y % 4 == 0:
        line = cur.to_bytes(stride, "big")
        for x in range(0, stride, bpp * 2):
            colours.add(line[x:x + min(bpp, 3)])
# A greyscale print has fewer shades than a colour screenshot.
if len(colours) <= (8 if ctype == 0 else 20):
    sys.exit("the screenshot looks blank: %d colours" % len(colours))
print("%dx%d, %d colours" % (width, height, len(colours)))
PY
echo "rendered in $(((end - start) / 1000000)) ms"
