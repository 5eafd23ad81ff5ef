#!/usr/bin/env python3
"""Validator for held-out matching evaluation K (contacts-match.csv + match.jsonl).

Standard library only. Prints counts and exits 1 on any problem.
"""
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSV_PATH = HERE / "contacts-match.csv"
JSONL_PATH = HERE / "match.jsonl"

HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = ["researcher", "company", "hospital", "university", "investor", "public", "staff"]
REGIONS = ["massachusetts", "capital-region-dk", "region-zealand", "region-skane", "other"]
REGION_COUNTRY = {"capital-region-dk": "DK", "region-zealand": "DK", "region-skane": "SE",
                  "massachusetts": "US"}
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
CATEGORIES = {"self_described": 12, "plain": 8, "negation": 6, "peers_on_purpose": 3, "no_match": 8}
REQUIRED = ["id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"]
OPTIONAL = ["requester", "closest", "excluded"]
MIN_CONTACTS, MIN_NEEDS = 45, 42

problems = []


def bad(msg):
    problems.append(msg)


def orcid_check_digit(digits15):
    total = 0
    for ch in digits15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def load_contacts():
    text = CSV_PATH.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        bad("csv: first line must be a '#' comment")
    elif not re.search(r"fictional|invented", lines[0], re.I):
        bad("csv: the '#' comment must say the data is fictional / invented")
    reader = csv.reader(lines[1:])
    try:
        header = next(reader)
    except StopIteration:
        bad("csv: no header")
        return {}
    if header != HEADER:
        bad(f"csv: header is {header}, expected {HEADER}")
    contacts = {}
    slack_seen = set()
    for lineno, row in enumerate(reader, start=3):
        if len(row) != len(HEADER):
            bad(f"csv line {lineno}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        where = f"csv line {lineno} ({c['email'] or c['name']})"
        for key in ("name", "email", "organization", "title"):
            if not c[key].strip():
                bad(f"{where}: empty {key}")
        for key in LIST_FIELDS:
            items = c[key].split(";")
            if not c[key].strip() or any(not it.strip() for it in items):
                bad(f"{where}: list field {key} is empty or has an empty ';' item")
        if c["kind"] not in KINDS:
            bad(f"{where}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            bad(f"{where}: bad region {c['region']!r}")
        if not re.fullmatch(r"[A-Z]{2}", c["country"]):
            bad(f"{where}: country {c['country']!r} is not a two-letter code")
        elif c["region"] in REGION_COUNTRY and c["country"] != REGION_COUNTRY[c["region"]]:
            bad(f"{where}: country {c['country']} does not fit region {c['region']}")
        elif c["region"] == "other" and c["country"] in ("DK", "SE", "US"):
            bad(f"{where}: region other but country {c['country']}")
        if c["consent"] not in ("yes", "no"):
            bad(f"{where}: consent must be yes or no")
        if c["slack_user_id"]:
            if not re.fullmatch(r"U0K\d{5}", c["slack_user_id"]):
                bad(f"{where}: Slack ID {c['slack_user_id']!r} is not U0K + 5 digits")
            if c["slack_user_id"] in slack_seen:
                bad(f"{where}: duplicate Slack ID")
            slack_seen.add(c["slack_user_id"])
        if not re.fullmatch(r"[a-z0-9._-]+@example\.org", c["email"]):
            bad(f"{where}: e-mail must be lower-case local part @example.org")
        if c["email"] in contacts:
            bad(f"{where}: duplicate e-mail")
        if c["kind"] == "researcher":
            m = re.fullmatch(r"(\d{4})-(\d{4})-(\d{4})-(\d{3})([\dX])", c["orcid"])
            if not m:
                bad(f"{where}: researcher needs an ORCID-style iD 0000-000X-XXXX-XXXX")
            else:
                digits = "".join(m.groups()[:4])
                if not digits.startswith("0000000"):
                    bad(f"{where}: ORCID-style iD must start 0000-000")
                if orcid_check_digit(digits) == m.group(5):
                    bad(f"{where}: ORCID-style iD has a VALID check digit (must be wrong)")
        elif c["orcid"]:
            bad(f"{where}: ORCID on a non-researcher")
        contacts[c["email"]] = c
    if not contacts:
        return contacts
    n = len(contacts)
    if n < MIN_CONTACTS:
        bad(f"csv: {n} contacts, need at least {MIN_CONTACTS}")
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            bad(f"csv: no contact of kind {k}")
    for r in REGIONS:
        if not regions[r]:
            bad(f"csv: no contact in region {r}")
    no = [e for e, c in contacts.items() if c["consent"] == "no"]
    if not 5 <= len(no) <= 8:
        bad(f"csv: {len(no)} consent-no contacts, expected 5-8")
    orgs = Counter(c["organization"] for c in contacts.values())
    big = [o for o, k in orgs.items() if k >= 3]
    if len(big) < 3:
        bad(f"csv: only {len(big)} organisations with 3+ people, need 3")
    slack_share = len(slack_seen) / n
    if not 0.40 <= slack_share <= 0.60:
        bad(f"csv: Slack IDs on {slack_share:.0%} of contacts, expected 40-60 %")
    langs = set()
    for c in contacts.values():
        langs.update(x.strip() for x in c["languages"].split(";"))
    if len(langs) < 6:
        bad(f"csv: only {len(langs)} languages")

    print(f"contacts: {n}; consent no: {len(no)}; Slack IDs: {len(slack_seen)} ({slack_share:.0%}); "
          f"languages: {len(langs)}")
    print("organisations with 3+ people: " + ", ".join(f"{o} ({orgs[o]})" for o in sorted(big)))
    print("\n| kind \\ region | " + " | ".join(REGIONS) + " | total |")
    print("|---|" + "---|" * (len(REGIONS) + 1))
    for k in KINDS:
        cells = [sum(1 for c in contacts.values() if c["kind"] == k and c["region"] == r) for r in REGIONS]
        print(f"| {k} | " + " | ".join(map(str, cells)) + f" | {kinds[k]} |")
    print("| total | " + " | ".join(str(regions[r]) for r in REGIONS) + f" | {n} |\n")
    return contacts


def check_needs(contacts):
    needs = []
    for lineno, line in enumerate(JSONL_PATH.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            bad(f"jsonl line {lineno}: blank line")
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            bad(f"jsonl line {lineno}: not JSON ({exc})")
            continue
        if not isinstance(d, dict):
            bad(f"jsonl line {lineno}: not an object")
            continue
        needs.append((lineno, d))

    ids = set()
    per_cat = defaultdict(list)
    for lineno, d in needs:
        nid = d.get("id", f"line{lineno}")
        where = f"need {nid}"
        for key in REQUIRED:
            if key not in d:
                bad(f"{where}: missing key {key}")
        for key in d:
            if key not in REQUIRED and key not in OPTIONAL:
                bad(f"{where}: unknown key {key}")
        if not isinstance(nid, str) or not re.fullmatch(r"km\d{2}", nid):
            bad(f"{where}: id must look like km01")
        if nid in ids:
            bad(f"{where}: duplicate id")
        ids.add(nid)
        if not isinstance(d.get("need"), str) or not d.get("need", "").strip():
            bad(f"{where}: empty need text")
        cat = d.get("category")
        if cat not in CATEGORIES:
            bad(f"{where}: bad category {cat!r}")
        else:
            per_cat[cat].append((nid, d.get("split")))
        kind, region = d.get("kind"), d.get("region")
        if kind is not None and kind not in KINDS:
            bad(f"{where}: bad kind filter {kind!r}")
        if region is not None and region not in REGIONS:
            bad(f"{where}: bad region filter {region!r}")
        if not isinstance(d.get("no_match"), bool):
            bad(f"{where}: no_match must be a boolean")
        elif d["no_match"] != (cat == "no_match"):
            bad(f"{where}: no_match must be true exactly for the no_match category")
        if d.get("split") not in ("tune", "test"):
            bad(f"{where}: split must be tune or test")

        lists = {}
        for key in ("relevant", "peers", "closest", "excluded"):
            if key not in d:
                continue
            v = d[key]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                bad(f"{where}: {key} must be a list of e-mails")
                continue
            if len(set(v)) != len(v):
                bad(f"{where}: duplicates in {key}")
            lists[key] = v
        refs = [(k, e) for k, v in lists.items() for e in v]
        req = d.get("requester")
        if "requester" in d:
            if not isinstance(req, str):
                bad(f"{where}: requester must be an e-mail string")
            else:
                refs.append(("requester", req))
        for key, e in refs:
            c = contacts.get(e)
            if c is None:
                bad(f"{where}: {key} e-mail {e} not in contacts-match.csv")
            elif c["consent"] != "yes":
                bad(f"{where}: {key} lists consent-no contact {e}")
        rel = set(lists.get("relevant", []))
        for key in ("peers", "closest", "excluded"):
            both = rel & set(lists.get(key, []))
            if both:
                bad(f"{where}: relevant overlaps {key}: {sorted(both)}")
        if isinstance(req, str) and req in rel:
            bad(f"{where}: requester is relevant")
        if isinstance(req, str) and req in lists.get("peers", []):
            bad(f"{where}: requester is listed as a peer")
        for e in rel:
            c = contacts.get(e)
            if c is None:
                continue
            if kind and c["kind"] != kind:
                bad(f"{where}: relevant {e} is kind {c['kind']}, filter says {kind}")
            if region and c["region"] != region:
                bad(f"{where}: relevant {e} is in {c['region']}, filter says {region}")

        if cat == "no_match":
            if lists.get("relevant") != []:
                bad(f"{where}: no_match need must have relevant == []")
            if not lists.get("closest"):
                bad(f"{where}: no_match need needs a non-empty closest")
        elif cat in CATEGORIES:
            if not lists.get("relevant"):
                bad(f"{where}: relevant must not be empty")
        if cat == "self_described" and not lists.get("peers"):
            bad(f"{where}: self_described need needs peers")
        if cat == "peers_on_purpose":
            if lists.get("peers") != []:
                bad(f"{where}: peers_on_purpose need must have peers == []")
            if not isinstance(req, str):
                bad(f"{where}: peers_on_purpose need needs a requester")
        if cat == "negation" and not lists.get("excluded"):
            bad(f"{where}: negation need needs a non-empty excluded")
        if "closest" in d and cat != "no_match":
            bad(f"{where}: closest only allowed on no_match needs")
        if "excluded" in d and cat != "negation":
            bad(f"{where}: excluded only allowed on negation needs")

    # split rule: alternate tune/test within each category in file order, first tune
    for cat, items in per_cat.items():
        for i, (nid, split) in enumerate(items):
            want = "tune" if i % 2 == 0 else "test"
            if split != want:
                bad(f"need {nid}: split is {split}, alternation rule within {cat} says {want}")

    if len(needs) < MIN_NEEDS:
        bad(f"jsonl: {len(needs)} needs, need at least {MIN_NEEDS}")
    print("| category | tune | test | total |")
    print("|---|---|---|---|")
    tt = Counter()
    for cat, minimum in CATEGORIES.items():
        items = per_cat.get(cat, [])
        c = Counter(s for _, s in items)
        tt.update(c)
        print(f"| {cat} | {c['tune']} | {c['test']} | {len(items)} |")
        if len(items) < minimum:
            bad(f"jsonl: {len(items)} {cat} needs, need at least {minimum}")
    print(f"| all | {tt['tune']} | {tt['test']} | {len(needs)} |")


def main():
    for p in (CSV_PATH, JSONL_PATH):
        if not p.exists():
            print(f"missing {p}")
            return 1
    contacts = load_contacts()
    check_needs(contacts)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK: contacts-match.csv and match.jsonl are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
