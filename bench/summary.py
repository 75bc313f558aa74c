#!/usr/bin/env python3
"""Writes the table of bench/run-all.sh: every figure a suite reported, SQLite and PostgreSQL side by side.

Usage: summary.py RESULTS_DIR SUITE... (reads RESULTS_DIR/{sqlite,postgres}-SUITE.md, prints Markdown).
A figure is a line the bench's Report() printed: | name | n=N | median X | p95 Y | min A | max B | note |.
Figures are matched by name with the numbers taken out (a count of stored rows differs between runs);
lines in any other shape (the wrk tables, the data sizes) follow the table as printed.
"""
import os
import re
import sys

FIGURE = re.compile(r"^\| (?P<name>.+?) \| n=(?P<n>\d+) \| median (?P<median>[\d.,]+) \| p95 (?P<p95>[\d.,]+) \| min [\d.,]+ \| max (?P<max>[\d.,]+) \| (?P<note>.*) \|$")


def key(name):
    return re.sub(r"[\d.,]+", "#", name)


def read(path):
    figures, other = {}, []
    if not os.path.exists(path):
        return figures, [f"(no output: {os.path.basename(path)})"]
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = FIGURE.match(line)
            if m:
                figures.setdefault(key(m["name"]), m.groupdict())
            elif line.startswith("|") or line.startswith("/tasks") or line.startswith("#"):
                other.append(line)
    return figures, other


def cell(figure, field):
    return figure[field] if figure else "—"


def main():
    directory, suites = sys.argv[1], sys.argv[2:]
    print(f"# Bench results — {os.path.basename(os.path.normpath(directory))}\n")
    print("Medians and p95 in milliseconds; the note is the SQLite run's (targets, rates), then PostgreSQL's when it differs.\n")
    for suite in suites:
        sqlite, sqlite_other = read(os.path.join(directory, f"sqlite-{suite}.md"))
        postgres, postgres_other = read(os.path.join(directory, f"postgres-{suite}.md"))
        print(f"## {suite}\n")
        print("| figure | SQLite n | SQLite median | SQLite p95 | PostgreSQL n | PostgreSQL median | PostgreSQL p95 | note |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for k in list(sqlite) + [k for k in postgres if k not in sqlite]:
            s, p = sqlite.get(k), postgres.get(k)
            name = (s or p)["name"]
            note = cell(s, "note") if s else ""
            if p and p["note"] and p["note"] != note:
                note = f"{note} · PostgreSQL: {p['note']}" if note else f"PostgreSQL: {p['note']}"
            print(f"| {name} | {cell(s, 'n')} | {cell(s, 'median')} | {cell(s, 'p95')} | {cell(p, 'n')} | {cell(p, 'median')} | {cell(p, 'p95')} | {note} |")
        for label, other in (("SQLite", sqlite_other), ("PostgreSQL", postgres_other)):
            if other:
                print(f"\n{label}, as printed:\n")
                print("\n".join(other))
        print()


if __name__ == "__main__":
    main()
