#!/usr/bin/env python3
"""Writes a CSV of real-ish organisations (name, country, kind, description) for measuring
`concord import csv` (BENCHMARKS.md, "CSV import").

Names and countries come from the shared datasets (GLAM ISIL list, ROR, world universities);
past the ~150,000 real names, a name comes back with a branch suffix so that every row is a
different organisation (name + country is a match key). Deterministic for a given count.

    python3 crates/concord-cli/scripts/organisations_csv.py ../shared/data 1000000 > orgs.csv
"""

import csv
import gzip
import json
import random
import sys
from pathlib import Path

KINDS = ["museum", "library", "archive", "gallery", "university", "school",
         "research_institute", "nonprofit", "foundation", "company", "government_body",
         "media", "other"]
WORDS = ("collection archive research education heritage open science library museum "
         "history art culture language community digital public records manuscripts "
         "photographs maps music film natural history technology medicine law economics "
         "regional national local children volunteers exhibitions conservation").split()
SUFFIXES = ["Branch", "Annex", "Site", "Campus", "Reading Room", "Depot", "Office"]


def real_names(data):
    names = []
    with open(data / "glam-isil-wikidata/glam_isil_wikidata.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["label"] and row["country_code"]:
                names.append((row["label"], row["country_code"]))
    with gzip.open(data / "ror-organisations/ror_records.jsonl.gz", "rt") as f:
        for line in f:
            r = json.loads(line)
            if r.get("name") and r.get("country_code"):
                names.append((r["name"], r["country_code"]))
    with open(data / "world-universities/world_universities_and_domains.json") as f:
        for u in json.load(f):
            if u.get("name") and u.get("alpha_two_code"):
                names.append((u["name"], u["alpha_two_code"]))
    seen, unique = set(), []
    for name, country in names:
        key = (name.strip().lower(), country)
        if key not in seen:
            seen.add(key)
            unique.append((name.strip(), country.upper()))
    return unique


def main():
    data, count = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(20261207)
    names = real_names(data)
    rng.shuffle(names)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "country", "kind", "description"])
    for i in range(count):
        name, country = names[i % len(names)]
        round_ = i // len(names)
        if round_:
            name = f"{name} {SUFFIXES[round_ % len(SUFFIXES)]} {round_}"
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        out.writerow([name, country, rng.choice(KINDS), words.capitalize() + "."])


if __name__ == "__main__":
    main()
