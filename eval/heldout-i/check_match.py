#!/usr/bin/env python3
"""Validate held-out matching set I (contacts-match.csv + match.jsonl).

Standard library only. Prints counts and the kinds x regions table, and exits 1 on any problem.
Usage: python3 eval/heldout-i/check_match.py
"""
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTACTS = HERE / "contacts-match.csv"
MATCH = HERE / "match.jsonl"

HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = ["company", "hospital", "researcher", "investor", "public", "university", "staff"]
REGIONS = ["massachusetts", "capital-region-dk", "region-skane", "region-zealand", "other"]
REGION_COUNTRY = {"massachusetts": {"US"}, "capital-region-dk": {"DK"}, "region-zealand": {"DK"},
                  "region-skane": {"SE"}}
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
EMAIL_RE = re.compile(r"^[a-z0-9.\-]+@([a-z0-9\-]+\.)*example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0I\d{5}$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
ID_RE = re.compile(r"^im\d{2}$")
CATEGORIES = {"self_described": 12, "plain": 8, "negation": 6, "peers_on_purpose": 3, "no_match": 8}
REQUIRED = ["id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"]
OPTIONAL = ["requester", "closest", "excluded"]

problems = []


def bad(msg):
    problems.append(msg)


def orcid_check_digit(digits15):
    total = 0
    for ch in digits15:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def load_contacts():
    if not CONTACTS.exists():
        bad(f"missing {CONTACTS.name}")
        return {}
    lines = CONTACTS.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines or not lines[0].startswith("#"):
        bad("contacts: first line must be a '#' comment")
        return {}
    low = lines[0].lower()
    if not any(w in low for w in ("fictional", "invented", "fictitious")):
        bad("contacts: the '#' comment must say the data is invented/fictional")
    rows = list(csv.reader(lines[1:]))
    if not rows or rows[0] != HEADER:
        bad(f"contacts: header must be exactly {','.join(HEADER)}")
        return {}
    contacts = {}
    slack_seen = set()
    for n, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"contacts line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        where = f"contacts line {n} ({c['email'] or c['name']})"
        for f in ("name", "email", "organization", "title"):
            if not c[f].strip():
                bad(f"{where}: empty {f}")
        for f in LIST_FIELDS:
            items = c[f].split(";")
            if not c[f].strip() or any(not i.strip() for i in items):
                bad(f"{where}: list field {f} empty or has empty ';' items")
        if c["kind"] not in KINDS:
            bad(f"{where}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            bad(f"{where}: bad region {c['region']!r}")
        if not re.fullmatch(r"[A-Z]{2}", c["country"]):
            bad(f"{where}: bad country {c['country']!r}")
        elif c["region"] in REGION_COUNTRY and c["country"] not in REGION_COUNTRY[c["region"]]:
            bad(f"{where}: country {c['country']} does not fit region {c['region']}")
        elif c["region"] == "other" and c["country"] in {"DK", "SE", "US"}:
            bad(f"{where}: region other but country {c['country']}")
        if c["consent"] not in ("yes", "no"):
            bad(f"{where}: consent must be yes/no")
        if c["slack_user_id"]:
            if not SLACK_RE.match(c["slack_user_id"]):
                bad(f"{where}: bad Slack id {c['slack_user_id']!r}")
            if c["slack_user_id"] in slack_seen:
                bad(f"{where}: duplicate Slack id")
            slack_seen.add(c["slack_user_id"])
        if not EMAIL_RE.match(c["email"]):
            bad(f"{where}: e-mail not under example.org/.com/.net")
        if c["email"] in contacts:
            bad(f"{where}: duplicate e-mail")
        if c["kind"] == "researcher":
            if not ORCID_RE.match(c["orcid"]):
                bad(f"{where}: researcher needs an ORCID-style iD")
            else:
                digits = c["orcid"].replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    bad(f"{where}: ORCID-style iD has a valid check digit (must be wrong)")
        elif c["orcid"]:
            bad(f"{where}: ORCID-style iD on a non-researcher")
        contacts[c["email"]] = c
    return contacts


def check_contacts(contacts):
    n = len(contacts)
    if n < 60:
        bad(f"contacts: {n} < 60")
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            bad(f"contacts: kind {k} missing")
    for r in REGIONS:
        if not regions[r]:
            bad(f"contacts: region {r} missing")
    no = [e for e, c in contacts.items() if c["consent"] == "no"]
    if not 5 <= len(no) <= 8:
        bad(f"contacts: {len(no)} consent-no contacts, expected 5-8")
    orgs = Counter(c["organization"] for c in contacts.values())
    big = [o for o, k in orgs.items() if k >= 3]
    if len(big) < 3:
        bad(f"contacts: only {len(big)} organisations with 3+ people")
    slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    if n and not 0.40 <= slack / n <= 0.60:
        bad(f"contacts: Slack ids on {slack}/{n}, expected 40-60 %")
    langs = Counter(l.strip() for c in contacts.values() for l in c["languages"].split(";"))
    if len(langs) < 6:
        bad(f"contacts: only {len(langs)} languages")
    return kinds, regions, no, big, slack, langs


def check_needs(contacts):
    if not MATCH.exists():
        bad(f"missing {MATCH.name}")
        return []
    needs = []
    for n, line in enumerate(MATCH.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            bad(f"match line {n}: empty line")
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            bad(f"match line {n}: bad JSON ({exc})")
            continue
        if not isinstance(d, dict):
            bad(f"match line {n}: not an object")
            continue
        needs.append(d)
    ids = set()
    order = defaultdict(int)
    for d in needs:
        nid = d.get("id", "?")
        where = f"need {nid}"
        for k in REQUIRED:
            if k not in d:
                bad(f"{where}: missing key {k}")
        for k in d:
            if k not in REQUIRED and k not in OPTIONAL:
                bad(f"{where}: unknown key {k}")
        if not isinstance(nid, str) or not ID_RE.match(nid):
            bad(f"{where}: id must look like im01")
        if nid in ids:
            bad(f"{where}: duplicate id")
        ids.add(nid)
        if not isinstance(d.get("need"), str) or not d.get("need", "").strip():
            bad(f"{where}: empty need text")
        cat = d.get("category")
        if cat not in CATEGORIES:
            bad(f"{where}: bad category {cat!r}")
            continue
        # split alternation within each category, in file order, first "tune"
        expected = "tune" if order[cat] % 2 == 0 else "test"
        order[cat] += 1
        if d.get("split") != expected:
            bad(f"{where}: split {d.get('split')!r}, expected {expected!r} (alternation rule)")
        kind, region = d.get("kind"), d.get("region")
        if kind is not None and kind not in KINDS:
            bad(f"{where}: bad kind filter {kind!r}")
        if region is not None and region not in REGIONS:
            bad(f"{where}: bad region filter {region!r}")
        lists = {}
        for key in ("relevant", "peers", "closest", "excluded"):
            if key in d:
                v = d[key]
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    bad(f"{where}: {key} must be a list of e-mails")
                    v = []
                if len(set(v)) != len(v):
                    bad(f"{where}: duplicates in {key}")
                lists[key] = v
                for e in v:
                    if e not in contacts:
                        bad(f"{where}: {key} e-mail {e} not in contacts")
                    elif contacts[e]["consent"] != "yes":
                        bad(f"{where}: consent-no contact {e} listed in {key}")
        req = d.get("requester")
        if req is not None:
            if req not in contacts:
                bad(f"{where}: requester {req} not in contacts")
            elif contacts[req]["consent"] != "yes":
                bad(f"{where}: consent-no contact {req} used as requester")
            if req in lists.get("relevant", []):
                bad(f"{where}: requester is relevant")
        rel = set(lists.get("relevant", []))
        for key in ("peers", "closest", "excluded"):
            if rel & set(lists.get(key, [])):
                bad(f"{where}: relevant overlaps {key}")
        for e in lists.get("relevant", []):
            c = contacts.get(e)
            if c and kind and c["kind"] != kind:
                bad(f"{where}: relevant {e} violates kind filter {kind}")
            if c and region and c["region"] != region:
                bad(f"{where}: relevant {e} violates region filter {region}")
        nm = d.get("no_match")
        if not isinstance(nm, bool):
            bad(f"{where}: no_match must be true/false")
        if (cat == "no_match") != (nm is True):
            bad(f"{where}: no_match must be true exactly for the no_match category")
        if cat == "no_match":
            if lists.get("relevant") != []:
                bad(f"{where}: no_match need must have relevant == []")
            if not lists.get("closest"):
                bad(f"{where}: no_match need needs a non-empty closest")
        else:
            if not lists.get("relevant"):
                bad(f"{where}: relevant must be non-empty")
            if "closest" in d:
                bad(f"{where}: closest only allowed on no_match needs")
        if cat == "self_described" and not lists.get("peers"):
            bad(f"{where}: self_described need needs peers")
        if cat == "peers_on_purpose":
            if lists.get("peers") != []:
                bad(f"{where}: peers_on_purpose need must have peers == []")
            if not req:
                bad(f"{where}: peers_on_purpose need needs a requester")
        if cat == "negation":
            if not lists.get("excluded"):
                bad(f"{where}: negation need needs a non-empty excluded")
        elif "excluded" in d:
            bad(f"{where}: excluded only allowed on negation needs")
    if len(needs) < 40:
        bad(f"match: {len(needs)} needs < 40")
    counts = Counter(d.get("category") for d in needs)
    for cat, minimum in CATEGORIES.items():
        if counts[cat] < minimum:
            bad(f"match: {counts[cat]} {cat} needs < {minimum}")
    return needs


def main():
    contacts = load_contacts()
    kinds, regions, no, big, slack, langs = check_contacts(contacts)
    needs = check_needs(contacts)

    print(f"contacts: {len(contacts)} (consent no: {len(no)}, Slack ids: {slack}, "
          f"languages: {len(langs)}, organisations with 3+ people: {len(big)})")
    print("kinds:", ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    print("regions:", ", ".join(f"{r} {regions[r]}" for r in REGIONS))
    table = Counter((c["kind"], c["region"]) for c in contacts.values())
    print("| kind \\ region | " + " | ".join(REGIONS) + " |")
    print("|---" * (len(REGIONS) + 1) + "|")
    for k in KINDS:
        print(f"| {k} | " + " | ".join(str(table[(k, r)]) for r in REGIONS) + " |")
    split = Counter((d.get("category"), d.get("split")) for d in needs)
    print(f"needs: {len(needs)}")
    print("| category | tune | test | total |")
    print("|---|---|---|---|")
    for cat in CATEGORIES:
        t, s = split[(cat, "tune")], split[(cat, "test")]
        print(f"| {cat} | {t} | {s} | {t + s} |")
    tt = sum(v for (c, sp), v in split.items() if sp == "tune")
    ts = sum(v for (c, sp), v in split.items() if sp == "test")
    print(f"| all | {tt} | {ts} | {tt + ts} |")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
