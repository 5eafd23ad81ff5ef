#!/usr/bin/env python3
"""Validate held-out matching set G (contacts.csv + match.jsonl). Standard library only.

Usage: python eval/heldout-g/check_match.py   (exit 0 = ok, 1 = problems found)
"""
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTACTS = HERE / "contacts.csv"
MATCH = HERE / "match.jsonl"

HEADER = ("name,email,organization,kind,country,region,title,expertise,offering,seeking,"
          "languages,consent,slack_user_id,orcid").split(",")
KINDS = ["company", "hospital", "researcher", "investor", "public", "university", "staff"]
REGIONS = ["massachusetts", "capital-region-dk", "region-skane", "region-zealand", "other"]
REGION_COUNTRY = {"massachusetts": {"US"}, "capital-region-dk": {"DK"}, "region-zealand": {"DK"},
                  "region-skane": {"SE"}}
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
CATEGORIES = {"self_described": 12, "plain": 8, "negation": 5, "peers_on_purpose": 3, "no_match": 8}
REQUIRED_KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
OPTIONAL_KEYS = {"closest", "excluded", "requester"}
EMAIL_RE = re.compile(r"^[a-z0-9._-]+@([a-z0-9-]+\.)+example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0G\d{5}$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
ID_RE = re.compile(r"^gm\d{2}$")

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
    text = CONTACTS.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        bad("contacts.csv: first line must be a # comment")
    elif "invented" not in lines[0].lower() and "fictional" not in lines[0].lower():
        bad("contacts.csv: the # comment must say the data is invented")
    rows = list(csv.reader(lines[1:]))
    if not rows or rows[0] != HEADER:
        bad("contacts.csv: header differs from data/README.md")
        return {}, []
    contacts, order = {}, []
    slack_ids = set()
    for n, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"contacts.csv line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        e = c["email"]
        if not c["name"].strip():
            bad(f"line {n}: empty name")
        if not EMAIL_RE.match(e):
            bad(f"line {n}: e-mail {e!r} not under example.org/.com/.net")
        if e in contacts:
            bad(f"line {n}: duplicate e-mail {e}")
        if c["kind"] not in KINDS:
            bad(f"line {n}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            bad(f"line {n}: bad region {c['region']!r}")
        elif c["region"] in REGION_COUNTRY and c["country"] not in REGION_COUNTRY[c["region"]]:
            bad(f"line {n}: country {c['country']} does not fit region {c['region']}")
        elif c["region"] == "other" and not re.fullmatch(r"[A-Z]{2}", c["country"]):
            bad(f"line {n}: bad country {c['country']!r}")
        if c["consent"] not in ("yes", "no"):
            bad(f"line {n}: consent must be yes/no")
        for f in LIST_FIELDS:
            items = c[f].split(";")
            if not c[f].strip() or any(not i.strip() for i in items):
                bad(f"line {n}: list field {f} empty or has an empty item")
        s = c["slack_user_id"]
        if s:
            if not SLACK_RE.match(s):
                bad(f"line {n}: bad Slack id {s!r}")
            if s in slack_ids:
                bad(f"line {n}: duplicate Slack id {s}")
            slack_ids.add(s)
        o = c["orcid"]
        if c["kind"] == "researcher":
            if not ORCID_RE.match(o):
                bad(f"line {n}: researcher needs an ORCID-style iD, got {o!r}")
            else:
                digits = o.replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    bad(f"line {n}: ORCID-style iD {o} has a VALID check digit (must be wrong)")
        elif o:
            bad(f"line {n}: ORCID only allowed on researchers")
        contacts[e] = c
        order.append(e)
    return contacts, order


def check_contacts(contacts):
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            bad(f"no contact of kind {k}")
    for r in REGIONS:
        if not regions[r]:
            bad(f"no contact in region {r}")
    if len(contacts) < 60:
        bad(f"only {len(contacts)} contacts (need >= 60)")
    no = [e for e, c in contacts.items() if c["consent"] == "no"]
    if not 5 <= len(no) <= 8:
        bad(f"{len(no)} consent-no contacts (want 5-8)")
    orgs = Counter(c["organization"] for c in contacts.values())
    if sum(1 for v in orgs.values() if v >= 3) < 3:
        bad("fewer than 3 organisations with 3+ people")
    slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    if not 0.4 <= slack / max(len(contacts), 1) <= 0.6:
        bad(f"{slack} of {len(contacts)} contacts have Slack ids (want 40-60 %)")
    langs = Counter(l.strip() for c in contacts.values() for l in c["languages"].split(";"))
    if len(langs) < 6:
        bad("languages column is not varied enough")
    return kinds, regions, no, orgs, slack


def load_needs():
    needs = []
    for n, line in enumerate(MATCH.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            bad(f"match.jsonl line {n}: empty line")
            continue
        try:
            needs.append(json.loads(line))
        except json.JSONDecodeError as ex:
            bad(f"match.jsonl line {n}: bad JSON ({ex})")
    return needs


def check_needs(needs, contacts):
    ids = Counter(d.get("id") for d in needs)
    for i, k in ids.items():
        if k > 1:
            bad(f"duplicate id {i}")
    seen_split = defaultdict(list)
    for d in needs:
        nid = d.get("id", "?")
        keys = set(d)
        if not REQUIRED_KEYS <= keys:
            bad(f"{nid}: missing keys {sorted(REQUIRED_KEYS - keys)}")
            continue
        if keys - REQUIRED_KEYS - OPTIONAL_KEYS:
            bad(f"{nid}: unknown keys {sorted(keys - REQUIRED_KEYS - OPTIONAL_KEYS)}")
        if not ID_RE.match(str(nid)):
            bad(f"{nid}: id must look like gm01")
        if not isinstance(d["need"], str) or len(d["need"].strip()) < 10:
            bad(f"{nid}: need text too short")
        cat = d["category"]
        if cat not in CATEGORIES:
            bad(f"{nid}: unknown category {cat!r}")
            continue
        if d["split"] not in ("tune", "test"):
            bad(f"{nid}: split must be tune/test")
        seen_split[cat].append((nid, d["split"]))
        if d["kind"] is not None and d["kind"] not in KINDS:
            bad(f"{nid}: bad kind filter")
        if d["region"] is not None and d["region"] not in REGIONS:
            bad(f"{nid}: bad region filter")
        lists = {k: d.get(k, []) for k in ("relevant", "peers", "closest", "excluded")}
        for k, v in lists.items():
            if not isinstance(v, list):
                bad(f"{nid}: {k} must be a list")
                lists[k] = []
                continue
            if len(set(v)) != len(v):
                bad(f"{nid}: duplicates in {k}")
            for e in v:
                if e not in contacts:
                    bad(f"{nid}: {k} e-mail {e} not in contacts.csv")
                elif contacts[e]["consent"] != "yes":
                    bad(f"{nid}: consent-no contact {e} listed in {k}")
        req = d.get("requester")
        if req is not None:
            if req not in contacts:
                bad(f"{nid}: requester {req} not in contacts.csv")
            elif contacts[req]["consent"] != "yes":
                bad(f"{nid}: consent-no contact {req} used as requester")
            if req in lists["relevant"]:
                bad(f"{nid}: requester is listed as relevant")
        rel = set(lists["relevant"])
        for k in ("peers", "closest", "excluded"):
            if rel & set(lists[k]):
                bad(f"{nid}: relevant overlaps {k}")
        for e in lists["relevant"]:
            c = contacts.get(e)
            if c and d["kind"] and c["kind"] != d["kind"]:
                bad(f"{nid}: relevant {e} breaks kind filter {d['kind']}")
            if c and d["region"] and c["region"] != d["region"]:
                bad(f"{nid}: relevant {e} breaks region filter {d['region']}")
        if d["no_match"] is not (cat == "no_match"):
            bad(f"{nid}: no_match must be true exactly for the no_match category")
        if cat == "no_match":
            if lists["relevant"]:
                bad(f"{nid}: no_match need has relevant contacts")
            if not lists["closest"]:
                bad(f"{nid}: no_match need without closest")
        elif not lists["relevant"]:
            bad(f"{nid}: relevant is empty")
        if "closest" in d and cat != "no_match":
            bad(f"{nid}: closest only allowed on no_match needs")
        if "excluded" in d and cat != "negation":
            bad(f"{nid}: excluded only allowed on negation needs")
        if cat == "negation" and not lists["excluded"]:
            bad(f"{nid}: negation need without excluded")
        if cat == "self_described" and not lists["peers"]:
            bad(f"{nid}: self_described need without peers")
        if cat == "peers_on_purpose":
            if lists["peers"]:
                bad(f"{nid}: peers_on_purpose needs must have peers == []")
            if req is None:
                bad(f"{nid}: peers_on_purpose need without requester")
    for cat, items in seen_split.items():
        for i, (nid, sp) in enumerate(items):
            want = "tune" if i % 2 == 0 else "test"
            if sp != want:
                bad(f"{nid}: split {sp}, alternation in category {cat} wants {want}")
    if len(needs) < 40:
        bad(f"only {len(needs)} needs (need >= 40)")
    for cat, minimum in CATEGORIES.items():
        if len(seen_split.get(cat, [])) < minimum:
            bad(f"category {cat}: {len(seen_split.get(cat, []))} needs, minimum {minimum}")
    return seen_split


def main():
    contacts, order = load_contacts()
    if not contacts:
        print("\n".join(problems))
        return 1
    kinds, regions, no, orgs, slack = check_contacts(contacts)
    needs = load_needs()
    splits = check_needs(needs, contacts)

    print(f"contacts: {len(contacts)}  (Slack ids {slack}, consent no {len(no)})")
    print("kinds:   " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("regions: " + ", ".join(f"{r} {regions[r]}" for r in REGIONS))
    print("kind \\ region".ljust(14) + "".join(r[:12].rjust(14) for r in REGIONS))
    for k in KINDS:
        row = [sum(1 for c in contacts.values() if c["kind"] == k and c["region"] == r) for r in REGIONS]
        print(k.ljust(14) + "".join(str(x).rjust(14) for x in row))
    print("organisations with 3+ people: " +
          ", ".join(f"{o} ({n})" for o, n in orgs.most_common() if n >= 3))
    print(f"needs: {len(needs)}")
    for cat in CATEGORIES:
        items = splits.get(cat, [])
        t = sum(1 for _, s in items if s == "tune")
        print(f"  {cat:17s} tune {t:2d}  test {len(items) - t:2d}  total {len(items):2d}")
    tt = sum(1 for d in needs if d.get("split") == "tune")
    print(f"  {'all':17s} tune {tt:2d}  test {len(needs) - tt:2d}  total {len(needs):2d}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
