#!/usr/bin/env python3
"""Validate held-out matching set H (contacts.csv + match.jsonl). Standard library only.

Exits 1 on any problem. Prints counts and the kinds x regions table.
"""
import csv
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CONTACTS = os.path.join(HERE, "contacts.csv")
MATCH = os.path.join(HERE, "match.jsonl")

HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = ["researcher", "company", "hospital", "university", "investor", "public", "staff"]
REGIONS = ["capital-region-dk", "region-zealand", "region-skane", "massachusetts", "other"]
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
CATEGORIES = {"self_described": 12, "plain": 8, "negation": 5, "peers_on_purpose": 3, "no_match": 8}
KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split",
        "requester", "closest", "excluded"}
REQUIRED = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)*example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0H\d{5}$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
ID_RE = re.compile(r"^hm\d{2}$")

problems = []


def bad(msg):
    problems.append(msg)


def orcid_check_digit(base15):
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def country_fits(region, country):
    if not re.fullmatch(r"[A-Z]{2}", country or ""):
        return False
    if region in ("capital-region-dk", "region-zealand"):
        return country == "DK"
    if region == "region-skane":
        return country == "SE"
    if region == "massachusetts":
        return country == "US"
    return country not in ("DK", "SE")  # other: anywhere else (a non-MA US state is allowed)


def load_contacts():
    contacts = {}
    with open(CONTACTS, encoding="utf-8", newline="") as f:
        first = f.readline()
        if not first.startswith("#"):
            bad("contacts.csv: first line must be a '#' comment")
        elif not re.search(r"invented|fictional", first, re.I):
            bad("contacts.csv: the '#' comment must say the data is invented/fictional")
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADER:
        bad(f"contacts.csv: header must be {','.join(HEADER)}")
        return contacts, []
    ordered = []
    slack_seen = set()
    for n, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"contacts.csv line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        where = f"contacts.csv line {n} ({c['email'] or c['name']})"
        if not c["name"].strip():
            bad(f"{where}: empty name")
        if not EMAIL_RE.match(c["email"]):
            bad(f"{where}: e-mail not under example.org/.com/.net")
        if c["email"] in contacts:
            bad(f"{where}: duplicate e-mail")
        if c["kind"] not in KINDS:
            bad(f"{where}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            bad(f"{where}: bad region {c['region']!r}")
        elif not country_fits(c["region"], c["country"]):
            bad(f"{where}: country {c['country']!r} does not fit region {c['region']}")
        if c["consent"] not in ("yes", "no"):
            bad(f"{where}: consent must be yes/no")
        for fld in LIST_FIELDS:
            items = c[fld].split(";")
            if not c[fld].strip() or any(not i.strip() for i in items):
                bad(f"{where}: {fld} empty or has empty ';' items")
        if not c["organization"].strip() or not c["title"].strip():
            bad(f"{where}: organization/title empty")
        s = c["slack_user_id"]
        if s:
            if not SLACK_RE.match(s):
                bad(f"{where}: bad Slack ID {s!r}")
            if s in slack_seen:
                bad(f"{where}: duplicate Slack ID {s}")
            slack_seen.add(s)
        o = c["orcid"]
        if c["kind"] == "researcher":
            if not ORCID_RE.match(o):
                bad(f"{where}: researcher needs an ORCID-style iD")
            else:
                digits = o.replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    bad(f"{where}: ORCID-style iD has a VALID check digit (must be wrong)")
        elif o:
            bad(f"{where}: ORCID-style iD on a non-researcher")
        contacts[c["email"]] = c
        ordered.append(c)
    # global contact checks
    if len(ordered) < 60:
        bad(f"contacts.csv: {len(ordered)} contacts, need at least 60")
    kinds = Counter(c["kind"] for c in ordered)
    regions = Counter(c["region"] for c in ordered)
    for k in KINDS:
        if not kinds[k]:
            bad(f"contacts.csv: kind {k} never used")
    for r in REGIONS:
        if not regions[r]:
            bad(f"contacts.csv: region {r} never used")
    no = sum(c["consent"] == "no" for c in ordered)
    if not 5 <= no <= 8:
        bad(f"contacts.csv: {no} consent-no contacts, need 5-8")
    orgs = Counter(c["organization"] for c in ordered)
    if sum(1 for v in orgs.values() if v >= 3) < 3:
        bad("contacts.csv: need at least 3 organisations with 3+ people")
    slack = sum(bool(c["slack_user_id"]) for c in ordered)
    if ordered and not 0.40 <= slack / len(ordered) <= 0.60:
        bad(f"contacts.csv: {slack}/{len(ordered)} with Slack IDs, need 40-60 %")
    langs = {l.strip() for c in ordered for l in c["languages"].split(";") if l.strip()}
    if len(langs) < 6:
        bad(f"contacts.csv: only {len(langs)} languages, need at least 6")
    return contacts, ordered


def load_needs():
    needs = []
    with open(MATCH, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                bad(f"match.jsonl line {n}: blank line")
                continue
            try:
                needs.append(json.loads(line))
            except json.JSONDecodeError as e:
                bad(f"match.jsonl line {n}: bad JSON ({e})")
    return needs


def check_needs(needs, contacts):
    ids = set()
    seen_in_cat = Counter()
    for d in needs:
        nid = d.get("id", "?")
        where = f"match.jsonl {nid}"
        if not isinstance(d, dict):
            bad(f"{where}: not an object")
            continue
        missing = REQUIRED - d.keys()
        if missing:
            bad(f"{where}: missing keys {sorted(missing)}")
            continue
        extra = d.keys() - KEYS
        if extra:
            bad(f"{where}: unknown keys {sorted(extra)}")
        if not isinstance(nid, str) or not ID_RE.match(nid):
            bad(f"{where}: id must look like hm01")
        if nid in ids:
            bad(f"{where}: duplicate id")
        ids.add(nid)
        if not isinstance(d["need"], str) or not d["need"].strip():
            bad(f"{where}: empty need text")
        cat = d["category"]
        if cat not in CATEGORIES:
            bad(f"{where}: bad category {cat!r}")
            continue
        # split alternation within category, in file order
        expect = "tune" if seen_in_cat[cat] % 2 == 0 else "test"
        seen_in_cat[cat] += 1
        if d["split"] != expect:
            bad(f"{where}: split {d['split']!r}, alternation rule says {expect!r}")
        if d["kind"] is not None and d["kind"] not in KINDS:
            bad(f"{where}: bad kind filter {d['kind']!r}")
        if d["region"] is not None and d["region"] not in REGIONS:
            bad(f"{where}: bad region filter {d['region']!r}")
        lists = {}
        for key in ("relevant", "peers", "closest", "excluded"):
            if key in d:
                v = d[key]
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    bad(f"{where}: {key} must be a list of e-mails")
                    v = []
                if len(set(v)) != len(v):
                    bad(f"{where}: duplicate e-mail in {key}")
                lists[key] = v
                for e in v:
                    c = contacts.get(e)
                    if c is None:
                        bad(f"{where}: {key} e-mail {e} not in contacts.csv")
                    elif c["consent"] != "yes":
                        bad(f"{where}: {key} lists consent-no contact {e}")
        req = d.get("requester")
        if "requester" in d:
            c = contacts.get(req) if isinstance(req, str) else None
            if c is None:
                bad(f"{where}: requester {req!r} not in contacts.csv")
            elif c["consent"] != "yes":
                bad(f"{where}: requester is a consent-no contact")
        rel = set(lists.get("relevant", []))
        for key in ("peers", "closest", "excluded"):
            both = rel & set(lists.get(key, []))
            if both:
                bad(f"{where}: relevant overlaps {key}: {sorted(both)}")
        if req and req in rel:
            bad(f"{where}: requester is listed as relevant")
        for e in rel:
            c = contacts.get(e)
            if c is None:
                continue
            if d["kind"] and c["kind"] != d["kind"]:
                bad(f"{where}: relevant {e} violates kind filter {d['kind']}")
            if d["region"] and c["region"] != d["region"]:
                bad(f"{where}: relevant {e} violates region filter {d['region']}")
        # category structure
        if not isinstance(d["no_match"], bool):
            bad(f"{where}: no_match must be true/false")
        if d["no_match"] != (cat == "no_match"):
            bad(f"{where}: no_match must be true exactly for the no_match category")
        if cat == "no_match":
            if rel:
                bad(f"{where}: no_match need with relevant contacts")
            if not lists.get("closest"):
                bad(f"{where}: no_match need without closest")
        else:
            if not rel:
                bad(f"{where}: empty relevant")
            if "closest" in d:
                bad(f"{where}: closest only allowed on no_match needs")
        if cat == "self_described" and not lists.get("peers"):
            bad(f"{where}: self_described need without peers")
        if cat == "peers_on_purpose":
            if lists.get("peers"):
                bad(f"{where}: peers_on_purpose needs peers == []")
            if not req:
                bad(f"{where}: peers_on_purpose need without requester")
        if cat == "negation":
            if not lists.get("excluded"):
                bad(f"{where}: negation need without excluded")
        elif "excluded" in d:
            bad(f"{where}: excluded only allowed on negation needs")
    if len(needs) < 40:
        bad(f"match.jsonl: {len(needs)} needs, need at least 40")
    for cat, minimum in CATEGORIES.items():
        if seen_in_cat[cat] < minimum:
            bad(f"match.jsonl: {seen_in_cat[cat]} {cat} needs, need at least {minimum}")


def report(ordered, needs):
    print(f"contacts: {len(ordered)}  consent no: {sum(c['consent'] == 'no' for c in ordered)}  "
          f"with Slack ID: {sum(bool(c['slack_user_id']) for c in ordered)}")
    print("kind \\ region".ljust(14) + "".join(r.rjust(19) for r in REGIONS))
    for k in KINDS:
        print(k.ljust(14) + "".join(str(sum(c['kind'] == k and c['region'] == r for c in ordered)).rjust(19)
                                   for r in REGIONS))
    print(f"needs: {len(needs)}")
    for cat in CATEGORIES:
        t = sum(1 for d in needs if d.get("category") == cat and d.get("split") == "tune")
        s = sum(1 for d in needs if d.get("category") == cat and d.get("split") == "test")
        print(f"  {cat:17s} tune {t:2d}  test {s:2d}  total {t + s:2d}")


def main():
    contacts, ordered = load_contacts()
    needs = load_needs()
    check_needs(needs, contacts)
    report(ordered, needs)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        sys.exit(1)
    print("\nOK: set H matching data is valid")


if __name__ == "__main__":
    main()
