#!/usr/bin/env python3
"""Validate held-out matching set D (contacts.csv + match.jsonl). Standard library only.

Exits 1 on any problem; prints counts per category and split.
"""
import csv
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ("name,email,organization,kind,country,region,title,expertise,offering,"
          "seeking,languages,consent,slack_user_id,orcid").split(",")
KINDS = {"company", "researcher", "hospital", "investor", "public", "university", "staff"}
REGION_COUNTRY = {"massachusetts": {"US"}, "capital-region-dk": {"DK"}, "region-zealand": {"DK"},
                  "region-skane": {"SE"}, "other": None}
CATEGORIES = {"self_described": 10, "plain": 8, "negation": 6, "peers_on_purpose": 3, "no_match": 6}
KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split",
        "requester", "closest", "excluded"}
REQUIRED = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@([a-z0-9-]+\.)+example\.(org|com|net)$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
SLACK_RE = re.compile(r"^U0D\d{5}$")

problems = []


def bad(msg):
    problems.append(msg)


def orcid_check_digit(digits15):
    total = 0
    for ch in digits15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def load_contacts(path):
    with open(path, encoding="utf-8", newline="") as f:
        first = f.readline()
        if not first.startswith("#") or "invented" not in first.lower():
            bad("contacts.csv: first line must be a # comment saying the data is invented")
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADER:
        bad("contacts.csv: header line differs from the data/README.md header")
        return {}
    contacts = {}
    for ln, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"contacts.csv line {ln}: {len(row)} fields, expected {len(HEADER)}")
            continue
        r = dict(zip(HEADER, row))
        where = f"contacts.csv line {ln} ({r['email']})"
        if not r["name"].strip():
            bad(f"{where}: empty name")
        if not EMAIL_RE.match(r["email"]):
            bad(f"{where}: e-mail not under example.org/.com/.net")
        if r["email"] in contacts:
            bad(f"{where}: duplicate e-mail")
        if r["kind"] not in KINDS:
            bad(f"{where}: unknown kind {r['kind']!r}")
        if r["region"] not in REGION_COUNTRY:
            bad(f"{where}: unknown region {r['region']!r}")
        else:
            allowed = REGION_COUNTRY[r["region"]]
            if not re.match(r"^[A-Z]{2}$", r["country"]):
                bad(f"{where}: country must be a two-letter code")
            elif allowed is not None and r["country"] not in allowed:
                bad(f"{where}: country {r['country']} does not fit region {r['region']}")
            elif allowed is None and r["country"] in ("DK", "SE"):
                bad(f"{where}: a DK/SE contact should not be in region other")
        if r["consent"] not in ("yes", "no"):
            bad(f"{where}: consent must be yes or no")
        if r["slack_user_id"] and not SLACK_RE.match(r["slack_user_id"]):
            bad(f"{where}: Slack id {r['slack_user_id']!r} not like U0D00001")
        for field in ("expertise", "offering", "seeking", "languages"):
            items = [x.strip() for x in r[field].split(";")]
            if not r[field].strip() or any(not x for x in items):
                bad(f"{where}: {field} is empty or has an empty list item")
        if r["kind"] == "researcher":
            oc = r["orcid"]
            if not ORCID_RE.match(oc):
                bad(f"{where}: researcher without a well-formed ORCID-style iD")
            else:
                digits = oc.replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    bad(f"{where}: ORCID-style iD has a VALID check digit (must be wrong)")
        elif r["orcid"]:
            bad(f"{where}: ORCID-style iD on a non-researcher")
        contacts[r["email"]] = r
    return contacts


def load_needs(path):
    needs = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                needs.append(json.loads(line))
            except json.JSONDecodeError as e:
                bad(f"match.jsonl line {ln}: bad JSON ({e})")
    return needs


def main():
    contacts = load_contacts(os.path.join(HERE, "contacts.csv"))
    needs = load_needs(os.path.join(HERE, "match.jsonl"))

    # contact-level summary checks
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            bad(f"contacts.csv: no contact of kind {k}")
    for r in REGION_COUNTRY:
        if not regions[r]:
            bad(f"contacts.csv: no contact in region {r}")
    if len(contacts) < 50:
        bad(f"contacts.csv: only {len(contacts)} contacts (need >= 50)")
    no_consent = [e for e, c in contacts.items() if c["consent"] == "no"]
    if not 4 <= len(no_consent) <= 8:
        bad(f"contacts.csv: {len(no_consent)} consent-no contacts (expected about 5)")
    orgs = Counter(c["organization"] for c in contacts.values())
    if sum(1 for v in orgs.values() if v >= 3) < 3:
        bad("contacts.csv: fewer than 3 organisations with 3+ people")
    slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    if not 0.35 <= slack / max(len(contacts), 1) <= 0.65:
        bad(f"contacts.csv: {slack}/{len(contacts)} Slack ids, expected about half")

    # need-level checks
    seen = set()
    per_cat = Counter()
    split_count = Counter()
    expected_split = {}
    for d in needs:
        nid = d.get("id", "?")
        where = f"match.jsonl {nid}"
        missing = REQUIRED - d.keys()
        if missing:
            bad(f"{where}: missing keys {sorted(missing)}")
            continue
        extra = d.keys() - KEYS
        if extra:
            bad(f"{where}: unknown keys {sorted(extra)}")
        if not re.match(r"^dm\d{2}$", nid):
            bad(f"{where}: id must look like dm01")
        if nid in seen:
            bad(f"{where}: duplicate id")
        seen.add(nid)
        cat = d["category"]
        if cat not in CATEGORIES:
            bad(f"{where}: unknown category {cat!r}")
            continue
        if not isinstance(d["need"], str) or len(d["need"].strip()) < 10:
            bad(f"{where}: need text missing or too short")
        for key in ("relevant", "peers", "closest", "excluded"):
            if key in d and (not isinstance(d[key], list) or len(set(d[key])) != len(d[key])):
                bad(f"{where}: {key} must be a list without duplicates")
        # references
        refs = list(d["relevant"]) + list(d["peers"]) + list(d.get("closest", [])) + list(d.get("excluded", []))
        if "requester" in d:
            refs.append(d["requester"])
        for e in refs:
            if e not in contacts:
                bad(f"{where}: unknown e-mail {e}")
        rel = set(d["relevant"])
        for e in d["relevant"]:
            if e in contacts and contacts[e]["consent"] != "yes":
                bad(f"{where}: relevant {e} has consent no")
        for key in ("peers", "closest", "excluded"):
            overlap = rel & set(d.get(key, []))
            if overlap:
                bad(f"{where}: relevant overlaps {key}: {sorted(overlap)}")
        if d.get("requester") in rel:
            bad(f"{where}: requester is listed as relevant")
        # filters
        if d["kind"] is not None and d["kind"] not in KINDS:
            bad(f"{where}: unknown kind filter {d['kind']!r}")
        if d["region"] is not None and d["region"] not in REGION_COUNTRY:
            bad(f"{where}: unknown region filter {d['region']!r}")
        for e in d["relevant"]:
            c = contacts.get(e)
            if not c:
                continue
            if d["kind"] and c["kind"] != d["kind"]:
                bad(f"{where}: relevant {e} is {c['kind']}, filter says {d['kind']}")
            if d["region"] and c["region"] != d["region"]:
                bad(f"{where}: relevant {e} is in {c['region']}, filter says {d['region']}")
        # shape per category
        if d["no_match"] is not (cat == "no_match"):
            bad(f"{where}: no_match must be true exactly for the no_match category")
        if cat == "no_match":
            if d["relevant"]:
                bad(f"{where}: no_match need with non-empty relevant")
            if "closest" not in d:
                bad(f"{where}: no_match need without closest")
        else:
            if not d["relevant"]:
                bad(f"{where}: empty relevant")
            if "closest" in d:
                bad(f"{where}: closest only belongs to no_match needs")
        if cat == "peers_on_purpose" and d["peers"]:
            bad(f"{where}: peers_on_purpose needs have peers == []")
        if cat == "negation":
            if not d.get("excluded"):
                bad(f"{where}: negation need without excluded")
        elif "excluded" in d:
            bad(f"{where}: excluded only belongs to negation needs")
        if cat == "self_described" and not d["peers"]:
            bad(f"{where}: self_described need without peers")
        # split alternation
        want = expected_split.get(cat, "tune")
        if d["split"] != want:
            bad(f"{where}: split is {d['split']!r}, alternation rule says {want!r}")
        expected_split[cat] = "test" if want == "tune" else "tune"
        per_cat[cat] += 1
        split_count[(cat, d["split"])] += 1

    for cat, minimum in CATEGORIES.items():
        if per_cat[cat] < minimum:
            bad(f"match.jsonl: {per_cat[cat]} {cat} needs (need >= {minimum})")
    if len(needs) < 34:
        bad(f"match.jsonl: only {len(needs)} needs (need >= 34)")
    # every consent-no contact should never be relevant (already checked) -- report them
    print(f"contacts: {len(contacts)}  consent no: {len(no_consent)}  slack ids: {slack}")
    print("kinds:   " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("regions: " + ", ".join(f"{k} {v}" for k, v in regions.most_common()))
    print("orgs 3+: " + ", ".join(f"{k} ({v})" for k, v in orgs.most_common() if v >= 3))
    print(f"{'category':<18} {'tune':>4} {'test':>4} {'total':>5}")
    for cat in CATEGORIES:
        print(f"{cat:<18} {split_count[(cat, 'tune')]:>4} {split_count[(cat, 'test')]:>4} {per_cat[cat]:>5}")
    tt = sum(v for (c, s), v in split_count.items() if s == "tune")
    ts = sum(v for (c, s), v in split_count.items() if s == "test")
    print(f"{'all':<18} {tt:>4} {ts:>4} {len(needs):>5}")
    print(f"with requester: {sum(1 for d in needs if 'requester' in d)}  "
          f"with kind/region filter: {sum(1 for d in needs if d.get('kind') or d.get('region'))}")
    if problems:
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
