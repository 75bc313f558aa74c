#!/usr/bin/env python3
"""Regenerates the reference data the platform ships (Features/Reference/*.csv) from the
third-party files in ../shared/reference-data (see their SOURCES.md):
  - hs2022.csv: HS 2022 headings (4 digits) and subheadings (6 digits) with English descriptions,
    from datasets/harmonized-system (ODC-PDDL-1.0, public domain; source UN Comtrade);
  - countries.csv: ISO 3166-1 alpha-2 codes with Chinese (zh_CN) and English names,
    from umpirsky/country-list (MIT; names from Unicode CLDR).
Usage: python3 scripts/update-reference-data.py [path/to/shared/reference-data]"""
import csv, os, sys

here = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "reference-data")
out = os.path.join(here, "..", "src", "QualityZone", "Features", "Reference")

with open(os.path.join(src, "hs/datasets-harmonized-system/harmonized-system.csv"), newline="", encoding="utf-8") as f, \
     open(os.path.join(out, "hs2022.csv"), "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o, lineterminator="\n")
    w.writerow(["code", "description"])
    for row in csv.DictReader(f):
        if row["level"] in ("4", "6"):
            w.writerow([row["hscode"], row["description"]])

def names(locale):
    with open(os.path.join(src, f"countries/umpirsky-country-list/{locale}/country.csv"), newline="", encoding="utf-8") as f:
        return {r["id"]: r["value"] for r in csv.DictReader(f)}

en, zh = names("en"), names("zh_CN")
with open(os.path.join(out, "countries.csv"), "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o, lineterminator="\n")
    w.writerow(["code", "zh", "en"])
    for code in sorted(en):
        w.writerow([code, zh.get(code, en[code]), en[code]])
