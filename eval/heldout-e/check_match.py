#!/usr/bin/env python3
"""Validate held-out matching set E (contacts.csv + match.jsonl). Standard library only.

Prints counts per kind, region, category and split; exits 1 on any problem.
"""
import csv
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = ["company", "hospital", "researcher", "investor", "public", "university", "staff"]
REGIONS = {"massachusetts": {"US"}, "capital-region-dk": {"DK"}, "region-zealand": {"DK"},
           "region-skane": {"SE"}, "other": None}
CATEGORY_MIN = {"self_described": 12, "plain": 8, "negation": 6, "peers_on_purpose": 3, "no_match": 8}
REQUIRED = ["id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"]
OPTIONAL = ["requester", "closest", "excluded"]
EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@([a-z0-9-]+\.)+example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0E\d{5}$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ID_RE = re.compile(r"^em\d{2}$")

problems = []


def bad(msg):
    problems.append(msg)


def iso7064(digits15):
    total = 0
    for ch in digits15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def read_contacts(path):
    contacts = {}
    with open(path, encoding="utf-8", newline="") as f:
        first = f.readline()
        if not first.startswith("#") or "invented" not in first.lower():
            bad("contacts.csv: line 1 must be a '#' comment saying the data is invented")
        try:
            rows = list(csv.reader(f, strict=True))
        except csv.Error as e:
            bad(f"contacts.csv: does not parse as CSV ({e})")
            return contacts
    if not rows or rows[0] != HEADER:
        bad(f"contacts.csv: header differs; expected {','.join(HEADER)}")
        return contacts
    for ln, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"contacts.csv line {ln}: {len(row)} fields, expected {len(HEADER)}")
            continue
        r = dict(zip(HEADER, row))
        at = f"contacts.csv line {ln} ({r['email'] or '?'})"
        if not r["name"].strip():
            bad(f"{at}: empty name")
        if not EMAIL_RE.match(r["email"]):
            bad(f"{at}: e-mail not lower-case under example.org/.com/.net")
        if r["email"] in contacts:
            bad(f"{at}: duplicate e-mail")
        if r["kind"] not in KINDS:
            bad(f"{at}: unknown kind {r['kind']!r}")
        if r["region"] not in REGIONS:
            bad(f"{at}: unknown region {r['region']!r}")
        elif not re.match(r"^[A-Z]{2}$", r["country"]):
            bad(f"{at}: country must be a two-letter ISO code")
        elif REGIONS[r["region"]] is not None and r["country"] not in REGIONS[r["region"]]:
            bad(f"{at}: country {r['country']} does not fit region {r['region']}")
        elif REGIONS[r["region"]] is None and r["country"] in ("DK", "SE"):
            bad(f"{at}: a DK/SE contact in region other")
        if r["consent"] not in ("yes", "no"):
            bad(f"{at}: consent must be yes or no")
        if r["slack_user_id"] and not SLACK_RE.match(r["slack_user_id"]):
            bad(f"{at}: Slack id {r['slack_user_id']!r} not like U0E00001")
        for fld in ("organization", "title", "expertise", "offering", "seeking", "languages"):
            if not r[fld].strip():
                bad(f"{at}: empty {fld}")
        for fld in ("expertise", "offering", "seeking", "languages"):
            if any(not x.strip() for x in r[fld].split(";")):
                bad(f"{at}: empty ';' list item in {fld}")
        if r["kind"] == "researcher":
            if not ORCID_RE.match(r["orcid"]) or not r["orcid"].startswith("0000-000"):
                bad(f"{at}: researcher needs an ORCID-style iD 0000-000X-XXXX-XXXX")
            else:
                d = r["orcid"].replace("-", "")
                if iso7064(d[:15]) == d[15]:
                    bad(f"{at}: ORCID-style iD has a valid check digit (must be wrong)")
        elif r["orcid"]:
            bad(f"{at}: ORCID-style iD on a non-researcher")
        contacts[r["email"]] = r
    slack = [c["slack_user_id"] for c in contacts.values() if c["slack_user_id"]]
    if len(slack) != len(set(slack)):
        bad("contacts.csv: duplicate Slack ids")
    return contacts


def read_needs(path):
    needs = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, start=1):
            if not line.strip():
                bad(f"match.jsonl line {ln}: blank line")
                continue
            try:
                needs.append(json.loads(line))
            except json.JSONDecodeError as e:
                bad(f"match.jsonl line {ln}: bad JSON ({e})")
    return needs


def main():
    contacts = read_contacts(os.path.join(HERE, "contacts.csv"))
    needs = read_needs(os.path.join(HERE, "match.jsonl"))

    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            bad(f"contacts.csv: no contact of kind {k}")
    for r in REGIONS:
        if not regions[r]:
            bad(f"contacts.csv: no contact in region {r}")
    if len(contacts) < 60:
        bad(f"contacts.csv: {len(contacts)} contacts, need at least 60")
    no_consent = {e for e, c in contacts.items() if c["consent"] == "no"}
    if not 5 <= len(no_consent) <= 8:
        bad(f"contacts.csv: {len(no_consent)} consent-no contacts, expected about 6")
    orgs = Counter(c["organization"] for c in contacts.values())
    if sum(1 for n in orgs.values() if n >= 3) < 3:
        bad("contacts.csv: fewer than 3 organisations with 3+ people")
    n_slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    if not 0.4 <= n_slack / max(len(contacts), 1) <= 0.6:
        bad(f"contacts.csv: {n_slack}/{len(contacts)} contacts with Slack ids, expected about half")

    ids = set()
    per_cat = Counter()
    per_cat_split = Counter()
    position = Counter()
    used_no_consent = set()
    for d in needs:
        nid = d.get("id", "?")
        at = f"match.jsonl {nid}"
        miss = [k for k in REQUIRED if k not in d]
        if miss:
            bad(f"{at}: missing keys {miss}")
            continue
        extra = set(d) - set(REQUIRED) - set(OPTIONAL)
        if extra:
            bad(f"{at}: unknown keys {sorted(extra)}")
        if not ID_RE.match(str(nid)):
            bad(f"{at}: id must look like em01")
        if nid in ids:
            bad(f"{at}: duplicate id")
        ids.add(nid)
        if not isinstance(d["need"], str) or not d["need"].strip():
            bad(f"{at}: empty need")
        cat = d["category"]
        if cat not in CATEGORY_MIN:
            bad(f"{at}: unknown category {cat!r}")
            continue
        if d["kind"] is not None and d["kind"] not in KINDS:
            bad(f"{at}: kind filter {d['kind']!r} unknown")
        if d["region"] is not None and d["region"] not in REGIONS:
            bad(f"{at}: region filter {d['region']!r} unknown")
        lists = {}
        for key in ("relevant", "peers", "closest", "excluded"):
            v = d.get(key, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                bad(f"{at}: {key} must be a list of e-mails")
                v = []
            if len(v) != len(set(v)):
                bad(f"{at}: {key} has duplicates")
            for e in v:
                if e not in contacts:
                    bad(f"{at}: {key} e-mail {e} is not in contacts.csv")
            lists[key] = set(v)
        for e in d["relevant"]:
            c = contacts.get(e)
            if c is None:
                continue
            if c["consent"] != "yes":
                bad(f"{at}: relevant {e} has consent {c['consent']}")
            if d["kind"] and c["kind"] != d["kind"]:
                bad(f"{at}: relevant {e} breaks the kind filter")
            if d["region"] and c["region"] != d["region"]:
                bad(f"{at}: relevant {e} breaks the region filter")
        for key in ("peers", "closest", "excluded"):
            if lists["relevant"] & lists[key]:
                bad(f"{at}: relevant overlaps {key}")
            used_no_consent |= lists[key] & no_consent
        req = d.get("requester")
        if req is not None:
            if req not in contacts:
                bad(f"{at}: requester {req} is not in contacts.csv")
            if req in lists["relevant"]:
                bad(f"{at}: requester is relevant")
        if d["no_match"] is not (cat == "no_match"):
            bad(f"{at}: no_match must be true exactly for category no_match")
        if cat == "no_match":
            if d["relevant"]:
                bad(f"{at}: no_match need with non-empty relevant")
            if not d.get("closest"):
                bad(f"{at}: no_match need without closest")
        else:
            if not d["relevant"]:
                bad(f"{at}: empty relevant")
            if "closest" in d:
                bad(f"{at}: closest only belongs on no_match needs")
        if cat == "self_described" and not d["peers"]:
            bad(f"{at}: self_described need without peers")
        if cat == "peers_on_purpose" and d["peers"]:
            bad(f"{at}: peers_on_purpose need must have peers == []")
        if cat == "negation" and not d.get("excluded"):
            bad(f"{at}: negation need without excluded")
        if cat != "negation" and "excluded" in d:
            bad(f"{at}: excluded only belongs on negation needs")
        want = "tune" if position[cat] % 2 == 0 else "test"
        position[cat] += 1
        if d["split"] != want:
            bad(f"{at}: split is {d['split']!r}, alternation within {cat} requires {want!r}")
        per_cat[cat] += 1
        per_cat_split[(cat, d["split"])] += 1

    if used_no_consent:
        bad(f"consent-no contacts listed in peers/closest/excluded: {sorted(used_no_consent)}")
    if len(needs) < 36:
        bad(f"match.jsonl: {len(needs)} needs, need at least 36")
    for cat, lo in CATEGORY_MIN.items():
        if per_cat[cat] < lo:
            bad(f"match.jsonl: {per_cat[cat]} {cat} needs, need at least {lo}")

    print(f"contacts: {len(contacts)} ({n_slack} with Slack ids, {len(no_consent)} consent no)")
    print("  kinds:   " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("  regions: " + ", ".join(f"{r} {regions[r]}" for r in REGIONS))
    print(f"needs: {len(needs)}")
    print(f"  {'category':<18}{'tune':>6}{'test':>6}{'total':>7}")
    for cat in CATEGORY_MIN:
        print(f"  {cat:<18}{per_cat_split[(cat, 'tune')]:>6}{per_cat_split[(cat, 'test')]:>6}{per_cat[cat]:>7}")
    tt = sum(v for (c, s), v in per_cat_split.items() if s == "tune")
    ts = sum(v for (c, s), v in per_cat_split.items() if s == "test")
    print(f"  {'all':<18}{tt:>6}{ts:>6}{len(needs):>7}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
