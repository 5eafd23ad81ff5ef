#!/usr/bin/env python3
"""Validate the matching part of held-out set L (contacts-match.csv + match.jsonl).

Standard library only. Run from the repository root:

    python eval/heldout-l/check_match.py

Prints counts and exits 1 on any problem, 0 when the set is consistent.
"""
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CSV_PATH = os.path.join(HERE, "contacts-match.csv")
JSONL_PATH = os.path.join(HERE, "match.jsonl")

HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = {"researcher", "company", "hospital", "university", "investor", "public", "staff"}
REGIONS = {"capital-region-dk", "region-zealand", "region-skane", "massachusetts", "other"}
REGION_COUNTRY = {"capital-region-dk": {"DK"}, "region-zealand": {"DK"}, "region-skane": {"SE"},
                  "massachusetts": {"US"}}
CATEGORIES = {"self_described", "plain", "negation", "peers_on_purpose", "no_match"}
CAT_MIN = {"self_described": 14, "plain": 8, "negation": 6, "peers_on_purpose": 3, "no_match": 8}
REQUIRED_KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
OPTIONAL_KEYS = {"requester", "closest", "excluded"}
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
MIN_CONTACTS = 48
MIN_NEEDS = 44

problems = []


def bad(msg):
    problems.append(msg)


def orcid_check_digit(base15):
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def load_contacts():
    contacts = {}
    if not os.path.exists(CSV_PATH):
        bad(f"missing {CSV_PATH}")
        return contacts, []
    with open(CSV_PATH, encoding="utf-8", newline="") as f:
        lines = f.read().splitlines()
    if not lines or not lines[0].startswith("#"):
        bad("contacts-match.csv: first line must be a '#' comment")
        return contacts, []
    if not re.search(r"fictional|invented", lines[0], re.I):
        bad("contacts-match.csv: the comment line must say the data is fictional / invented")
    rows = list(csv.reader(lines[1:]))
    if not rows or rows[0] != HEADER:
        bad(f"contacts-match.csv: header must be {','.join(HEADER)}")
        return contacts, []
    slack_seen = set()
    order = []
    for n, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"csv line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        where = f"csv line {n} ({c['email'] or c['name']})"
        for fld in ("name", "email", "organization", "title"):
            if not c[fld].strip():
                bad(f"{where}: empty {fld}")
        for fld in LIST_FIELDS:
            items = [x.strip() for x in c[fld].split(";")]
            if not c[fld].strip() or any(not x for x in items):
                bad(f"{where}: {fld} empty or has an empty ';' item")
        if c["kind"] not in KINDS:
            bad(f"{where}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            bad(f"{where}: bad region {c['region']!r}")
        else:
            allowed = REGION_COUNTRY.get(c["region"])
            if not re.fullmatch(r"[A-Z]{2}", c["country"]):
                bad(f"{where}: country must be a two-letter ISO code")
            elif allowed and c["country"] not in allowed:
                bad(f"{where}: country {c['country']} does not fit region {c['region']}")
            elif not allowed and c["country"] in {"DK", "SE", "US"}:
                bad(f"{where}: region other but country {c['country']}")
        if c["consent"] not in {"yes", "no"}:
            bad(f"{where}: consent must be yes/no")
        if not re.fullmatch(r"[a-z0-9.\-]+@example\.org", c["email"]):
            bad(f"{where}: e-mail must be lower-case ...@example.org")
        if c["email"] in contacts:
            bad(f"{where}: duplicate e-mail")
        sid = c["slack_user_id"]
        if sid:
            if not re.fullmatch(r"U0L\d{5}", sid):
                bad(f"{where}: Slack ID {sid!r} is not U0L + 5 digits")
            if sid in slack_seen:
                bad(f"{where}: duplicate Slack ID {sid}")
            slack_seen.add(sid)
        oid = c["orcid"]
        if c["kind"] == "researcher":
            m = re.fullmatch(r"(\d{4})-(\d{4})-(\d{4})-(\d{3})([\dX])", oid)
            if not m:
                bad(f"{where}: researcher needs an ORCID-style iD 0000-000X-XXXX-XXXX")
            else:
                base = "".join(m.groups()[:4])
                if orcid_check_digit(base) == m.group(5):
                    bad(f"{where}: ORCID-style iD has a valid check digit (must be wrong)")
        elif oid:
            bad(f"{where}: ORCID only for researchers")
        contacts[c["email"]] = c
        order.append(c["email"])
    return contacts, order


def check_contacts(contacts):
    n = len(contacts)
    if n < MIN_CONTACTS:
        bad(f"only {n} contacts, need >= {MIN_CONTACTS}")
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            bad(f"kind {k} absent")
    for r in REGIONS:
        if not regions[r]:
            bad(f"region {r} absent")
    no = [e for e, c in contacts.items() if c["consent"] == "no"]
    if not 4 <= len(no) <= 8:
        bad(f"{len(no)} consent-no contacts, expected 4-8")
    orgs = Counter(c["organization"] for c in contacts.values())
    big = [o for o, k in orgs.items() if k >= 3]
    if len(big) < 3:
        bad(f"only {len(big)} organisations with 3+ people, need >= 3")
    slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    if n and not 0.4 <= slack / n <= 0.6:
        bad(f"Slack IDs on {slack}/{n} contacts, expected 40-60 %")
    langs = {x.strip() for c in contacts.values() for x in c["languages"].split(";")}
    if len(langs) < 6:
        bad(f"only {len(langs)} languages")
    return kinds, regions, no, big, slack, langs


def check_needs(contacts):
    needs = []
    if not os.path.exists(JSONL_PATH):
        bad(f"missing {JSONL_PATH}")
        return needs
    with open(JSONL_PATH, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                bad(f"match.jsonl line {n}: empty line")
                continue
            try:
                needs.append(json.loads(line))
            except json.JSONDecodeError as e:
                bad(f"match.jsonl line {n}: bad JSON ({e})")
    ids = set()
    seen_in_cat = Counter()
    for d in needs:
        nid = d.get("id", "?")
        where = f"need {nid}"
        if not re.fullmatch(r"lm\d{2}", str(nid)):
            bad(f"{where}: id must look like lm01")
        if nid in ids:
            bad(f"{where}: duplicate id")
        ids.add(nid)
        keys = set(d)
        if REQUIRED_KEYS - keys:
            bad(f"{where}: missing keys {sorted(REQUIRED_KEYS - keys)}")
            continue
        if keys - REQUIRED_KEYS - OPTIONAL_KEYS:
            bad(f"{where}: unknown keys {sorted(keys - REQUIRED_KEYS - OPTIONAL_KEYS)}")
        if not isinstance(d["need"], str) or not d["need"].strip():
            bad(f"{where}: empty need text")
        cat = d["category"]
        if cat not in CATEGORIES:
            bad(f"{where}: bad category {cat!r}")
            continue
        if not isinstance(d["no_match"], bool):
            bad(f"{where}: no_match must be a boolean")
        if d["no_match"] != (cat == "no_match"):
            bad(f"{where}: no_match must be true exactly for the no_match category")
        if d["kind"] is not None and d["kind"] not in KINDS:
            bad(f"{where}: bad kind filter {d['kind']!r}")
        if d["region"] is not None and d["region"] not in REGIONS:
            bad(f"{where}: bad region filter {d['region']!r}")
        lists = {}
        for key in ("relevant", "peers", "closest", "excluded"):
            val = d.get(key, [])
            if not isinstance(val, list):
                bad(f"{where}: {key} must be a list")
                val = []
            if len(val) != len(set(val)):
                bad(f"{where}: duplicates in {key}")
            for e in val:
                if e not in contacts:
                    bad(f"{where}: {key} e-mail {e} not in contacts-match.csv")
                elif contacts[e]["consent"] != "yes":
                    bad(f"{where}: {key} lists consent-no contact {e}")
            lists[key] = set(val)
        req = d.get("requester")
        if req is not None:
            if req not in contacts:
                bad(f"{where}: requester {req} not in contacts-match.csv")
            elif contacts[req]["consent"] != "yes":
                bad(f"{where}: requester {req} has consent no")
            if req in lists["relevant"] or req in lists["peers"]:
                bad(f"{where}: requester is relevant or a peer")
        for other in ("peers", "closest", "excluded"):
            if lists["relevant"] & lists[other]:
                bad(f"{where}: relevant overlaps {other}")
        for e in d["relevant"]:
            c = contacts.get(e)
            if not c:
                continue
            if d["kind"] and c["kind"] != d["kind"]:
                bad(f"{where}: relevant {e} violates kind filter {d['kind']}")
            if d["region"] and c["region"] != d["region"]:
                bad(f"{where}: relevant {e} violates region filter {d['region']}")
        if cat == "no_match":
            if d["relevant"]:
                bad(f"{where}: no_match need must have empty relevant")
            if not d.get("closest"):
                bad(f"{where}: no_match need needs a non-empty closest")
        else:
            if not d["relevant"]:
                bad(f"{where}: relevant must not be empty")
            if "closest" in d:
                bad(f"{where}: closest only for no_match needs")
        if cat == "self_described" and not d["peers"]:
            bad(f"{where}: self_described needs peers")
        if cat == "peers_on_purpose":
            if d["peers"]:
                bad(f"{where}: peers_on_purpose must have peers == []")
            if not req:
                bad(f"{where}: peers_on_purpose needs a requester")
        if cat == "negation":
            if not d.get("excluded"):
                bad(f"{where}: negation needs a non-empty excluded")
        elif "excluded" in d:
            bad(f"{where}: excluded only for negation needs")
        seen_in_cat[cat] += 1
        expected = "tune" if seen_in_cat[cat] % 2 == 1 else "test"
        if d["split"] != expected:
            bad(f"{where}: split {d['split']!r}, alternation rule expects {expected!r}")
    if len(needs) < MIN_NEEDS:
        bad(f"only {len(needs)} needs, need >= {MIN_NEEDS}")
    for cat, m in CAT_MIN.items():
        if seen_in_cat[cat] < m:
            bad(f"category {cat}: {seen_in_cat[cat]} needs, need >= {m}")
    return needs


def main():
    contacts, order = load_contacts()
    kinds, regions, no, big, slack, langs = check_contacts(contacts)
    needs = check_needs(contacts)

    print(f"contacts: {len(contacts)}  (consent no: {len(no)}, Slack IDs: {slack}, "
          f"languages: {len(langs)}, organisations with 3+: {len(big)})")
    print("kinds:   " + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)))
    print("regions: " + ", ".join(f"{r} {regions[r]}" for r in sorted(regions)))
    regs = ["massachusetts", "capital-region-dk", "region-zealand", "region-skane", "other"]
    table = defaultdict(Counter)
    for c in contacts.values():
        table[c["kind"]][c["region"]] += 1
    print(f"{'kind':<11}" + "".join(f"{r[:12]:>14}" for r in regs) + f"{'total':>8}")
    for k in sorted(table):
        print(f"{k:<11}" + "".join(f"{table[k][r]:>14}" for r in regs) + f"{sum(table[k].values()):>8}")
    per = defaultdict(Counter)
    for d in needs:
        per[d.get("category")][d.get("split")] += 1
    print(f"needs: {len(needs)}")
    for cat in sorted(per):
        print(f"  {cat:<17} tune {per[cat]['tune']:>2}  test {per[cat]['test']:>2}  total {sum(per[cat].values()):>2}")
    tot = Counter(d.get("split") for d in needs)
    print(f"  {'all':<17} tune {tot['tune']:>2}  test {tot['test']:>2}  total {len(needs):>2}")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("\nOK: set L matching files are consistent")
    sys.exit(0)


if __name__ == "__main__":
    main()
