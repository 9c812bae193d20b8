#!/usr/bin/env python3
"""Reads a page of `git thesis report` with a real HTML parser and prints
what the tests check, one fact a line (tests/e2e/report.bats):

  row <id> <kind> <status> <score> <flag 0|1> <events>
  section <id>
  band <id> <status> <x> <width>
  disagree <id> <x> <width>
  marker <id> <mark> <count> <short id> | <hover text, lines joined by |>
  event <id> <date> <short id> <mark> <href or -> | <change>
  mentions <id> <count> | <summary>     (one row of a period's mentions)
  period <id> | <heading of a group of rows>
  label <id> <change|question> <status or -> | <line 1> | <line 2>
  glyph <id> <sup|cha|neu|rem|que> | <hover text>
  evsum <id> | <what a period's evidence adds up to>
  step <id> <status> | <the line of the story>
  stance <id> | <the line of the stance history>
  cut <id> <text>
  href <value>
  script <count of script elements>
  csp <policy>
  text <every text node, one a line>     (with --text only)

Fails (exit 1) on a page that is not well formed: an end tag that closes
nothing open, an element left open, an unquoted or duplicated attribute.
With --svg, reads a standalone SVG with an XML parser instead and prints the
same band/marker lines.

usage: report-html.py [--text] <file>
       report-html.py --svg <file>
"""

import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
# SVG elements written self-closed (<line/>) are closed by the parser's
# handle_startendtag.


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.out = []
        self.texts = []
        self.scripts = 0
        self.section = None
        self.capture = None  # (kind, dict) while reading a <title> or <tr>
        self.row = None
        self.cell = None
        self.title_of = None
        self.grab = None   # (prefix, depth) while collecting an element's text
        self.label = None

    def error_at(self, msg):
        self.errors.append("line %d: %s" % (self.getpos()[0], msg))

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, True)

    def start(self, tag, attrs, closed):
        names = [k for k, _ in attrs]
        if len(names) != len(set(names)):
            self.error_at("duplicate attribute in <%s>" % tag)
        a = dict(attrs)
        for k, v in attrs:
            if k == "href":
                self.out.append("href %s" % v)
        if tag == "script":
            self.scripts += 1
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.out.append("csp %s" % a.get("content"))
        cls = (a.get("class") or "").split()
        if tag == "section" and "target" in cls:
            self.section = a.get("data-id")
            self.out.append("section %s" % self.section)
        if tag == "tr" and "row" in cls:
            self.out.append("row %s %s %s %s %d" % (
                a.get("data-id"), a.get("data-kind"),
                a.get("data-status") or "-", a.get("data-score"),
                1 if "flagged" in cls else 0))
            self.row = {"kind": "row", "cells": [], "hrefs": []}
        if tag == "tr" and "ev" in cls:
            self.row = {"kind": "ev", "mark": a.get("data-mark"),
                        "c": a.get("data-c"), "date": a.get("data-date"),
                        "cells": [], "hrefs": []}
        if tag == "tr" and "mentions" in cls:
            self.start_grab("mentions %s %s |" % (self.section,
                                                   a.get("data-count")), tag)
        if tag == "tr" and "period" in cls:
            self.start_grab("period %s |" % self.section, tag)
        if tag == "g" and "label" in cls:
            self.label = ["label %s %s %s" % (
                self.section, "question" if "question" in cls else "change",
                a.get("data-status") or "-")]
        if tag == "text" and self.label is not None and \
                ("lb1" in cls or "lb2" in cls):
            self.start_grab(None, tag)
        if tag == "text" and "gl" in cls and self.section:
            self.start_grab("glyph %s %s |" % (self.section, cls[1]), tag)
        if tag == "text" and "sum" in cls and self.section:
            self.start_grab("evsum %s |" % self.section, tag)
        if tag == "li" and "step" in cls:
            self.start_grab("step %s %s |" % (self.section,
                                              a.get("data-status") or "-"), tag)
        if tag == "li" and "stance" in cls:
            self.start_grab("stance %s |" % self.section, tag)
        if tag == "td" and self.row is not None:
            self.cell = []
        if tag == "a" and self.row is not None:
            self.row["hrefs"].append(a.get("href"))
        if tag == "rect" and "band" in cls:
            self.out.append("band %s %s %s %s" % (
                self.section, a.get("data-status") or "-", a.get("x"),
                a.get("width")))
        if tag == "rect" and "disagree" in cls:
            self.out.append("disagree %s %s %s" % (
                self.section, a.get("x"), a.get("width")))
        if tag == "circle" and "mk" in cls and self.section:
            mark = [c[3:] for c in cls if c.startswith("mk-")]
            self.title_of = ("marker %s %s %s %s" % (
                self.section, mark[0] if mark else "-",
                a.get("data-count"), a.get("data-c")))
        if tag == "title" and self.title_of:
            self.capture = []
        if tag == "p" and "cut" in cls and self.section:
            self.capture = []
            self.title_of = "cut %s" % self.section
        if not closed and tag not in VOID:
            self.stack.append(tag)

    def start_grab(self, prefix, tag):
        self.grab = [prefix, len(self.stack), []]

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.grab is not None and len(self.stack) == self.grab[1] + 1 \
                and self.stack[-1] == tag:
            text = " ".join(" ".join(self.grab[2]).split())
            if self.grab[0] is None:
                self.label.append(text)
            else:
                self.out.append("%s %s" % (self.grab[0], text))
            self.grab = None
        if tag == "g" and self.label is not None and \
                self.stack and self.stack[-1] == "g":
            self.out.append(" | ".join(self.label))
            self.label = None
        if not self.stack or self.stack[-1] != tag:
            self.error_at("</%s> closes %s" % (
                tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag in ("title", "p") and self.capture is not None \
                and self.title_of:
            text = "".join(self.capture).replace("\n", "|")
            if self.title_of.startswith("cut"):
                self.out.append("%s %s" % (self.title_of, text))
            else:
                self.out.append("%s | %s" % (self.title_of, text))
            self.capture = None
            self.title_of = None
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row["cells"].append("".join(self.cell))
            self.cell = None
        if tag == "tr" and self.row is not None:
            r = self.row
            if r["kind"] == "ev":
                self.out.append("event %s %s %s %s %s | %s" % (
                    self.section, r["date"], r["c"], r["mark"],
                    r["hrefs"][0] if r["hrefs"] else "-", r["cells"][1]))
            else:
                self.out.append("rowevents %s %s" % (
                    r["cells"][1], r["cells"][8]))
            self.row = None
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("script", "style"):
            return
        if data.strip():
            self.texts.append(data)
        if self.capture is not None:
            self.capture.append(data)
        if self.cell is not None:
            self.cell.append(data)
        if self.grab is not None:
            self.grab[2].append(data)


def svg(path):
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.parse(path).getroot()
    if root.tag != ns + "svg":
        sys.exit("%s: the root is %s, not svg" % (path, root.tag))
    print("svg %s" % root.get("data-id"))
    for el in root.iter():
        cls = (el.get("class") or "").split()
        if el.tag == ns + "script" or el.tag == "script":
            print("script 1")
        if el.tag == ns + "rect" and "band" in cls:
            print("band %s %s %s %s" % (root.get("data-id"),
                                        el.get("data-status"), el.get("x"),
                                        el.get("width")))
        if el.tag == ns + "circle" and "mk" in cls:
            title = el.find(ns + "title")
            mark = [c[3:] for c in cls if c.startswith("mk-")]
            print("marker %s %s %s %s | %s" % (
                root.get("data-id"), mark[0] if mark else "-",
                el.get("data-count"), el.get("data-c"),
                (title.text if title is not None else "").replace("\n", "|")))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--svg":
        svg(args[1])
        return
    text = args and args[0] == "--text"
    path = args[-1]
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    if p.stack:
        p.errors.append("left open: %s" % " ".join(p.stack))
    if p.errors:
        sys.stderr.write("%s: not well formed:\n  %s\n" % (
            path, "\n  ".join(p.errors[:20])))
        sys.exit(1)
    for line in p.out:
        print(line)
    print("script %d" % p.scripts)
    if text:
        for t in p.texts:
            print("text %s" % t.replace("\n", "|"))


main()
