#!/usr/bin/env python3
"""Checks the status colours of a `git thesis report` page: the eight
statuses stay apart for a deuteranope, as the Machado, Oliveira and
Fernandes (2009) model simulates it at full severity, and for everyone.

Reads the light scheme's `--<status>:#rrggbb` variables from the page,
prints each pair's CIELAB distance (normal and simulated), and fails when
two statuses come closer than MIN_DELTA_E under simulation.

usage: report-colours.py <page.html>
"""

import itertools
import math
import re
import sys

STATUSES = ["held", "questioned", "revised", "retired",
            "emerging", "corroborated", "contested", "refuted"]
MIN_DELTA_E = 15.0
# Machado et al. 2009, deuteranomaly at severity 1.0, on linear RGB.
DEUTAN = [[0.367322, 0.860646, -0.227968],
          [0.280085, 0.672501, 0.047413],
          [-0.011820, 0.042940, 0.968881]]


def linear(c):
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def gamma(c):
    c = min(1.0, max(0.0, c))
    return 255.0 * (12.92 * c if c <= 0.0031308
                    else 1.055 * c ** (1 / 2.4) - 0.055)


def deutan(rgb):
    lin = [linear(c) for c in rgb]
    return [gamma(sum(DEUTAN[i][j] * lin[j] for j in range(3)))
            for i in range(3)]


def lab(rgb):
    r, g, b = [linear(c) for c in rgb]
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def main():
    page = open(sys.argv[1], encoding="utf-8").read()
    root = re.search(r":root\{([^}]*)\}", page).group(1)
    colours = {}
    for s in STATUSES:
        m = re.search(r"--%s:#([0-9a-fA-F]{6})" % s, root)
        if not m:
            sys.exit("no colour for %s" % s)
        colours[s] = [int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4)]
    worst = None
    for a, b in itertools.combinations(STATUSES, 2):
        normal = math.dist(lab(colours[a]), lab(colours[b]))
        sim = math.dist(lab(deutan(colours[a])), lab(deutan(colours[b])))
        print("%-13s %-13s normal %5.1f deuteranopia %5.1f" % (a, b, normal, sim))
        if worst is None or sim < worst[0]:
            worst = (sim, a, b)
    print("closest under deuteranopia: %s and %s, %.1f" % (worst[1], worst[2], worst[0]))
    if worst[0] < MIN_DELTA_E:
        sys.exit("%s and %s are too close for a deuteranope (%.1f < %.1f)"
                 % (worst[1], worst[2], worst[0], MIN_DELTA_E))


main()
