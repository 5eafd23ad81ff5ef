#!/usr/bin/env python3
"""Validate held-out matching set B (contacts.csv + match.jsonl) and print its counts.

Standard library only. Exits 1 if any check fails.

    python eval/heldout-b/check_match.py
"""
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTACTS = HERE / "contacts.csv"
NEEDS = HERE / "match.jsonl"

HEADER = ("name,email,organization,kind,country,region,title,expertise,offering,"
          "seeking,languages,consent,slack_user_id,orcid").split(",")
KINDS = {"researcher", "company", "hospital", "university", "investor", "public", "staff"}
REGIONS = {"capital-region-dk", "region-zealand", "region-skane", "massachusetts", "other"}
REGION_COUNTRY = {"capital-region-dk": {"DK"}, "region-zealand": {"DK"},
                  "region-skane": {"SE"}, "massachusetts": {"US"}}
CATEGORIES = {"self_described": 14, "plain": 8, "negation": 6, "peers_on_purpose": 4, "no_match": 6}
EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@([a-z0-9-]+\.)+example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0B\d{5}$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
OPTIONAL = {"requester", "closest", "excluded"}

errors = []


def fail(msg):
    errors.append(msg)


def orcid_check_digit(digits15):
    total = 0
    for ch in digits15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


# ---------------------------------------------------------------- contacts
lines = CONTACTS.read_text(encoding="utf-8").splitlines()
if not lines or not lines[0].startswith("#"):
    fail("contacts.csv: first line must be a # comment")
if lines and "invented" not in lines[0].lower():
    fail("contacts.csv: the comment line must say the data is invented")
rows = list(csv.reader(lines[1:]))
if not rows or rows[0] != HEADER:
    fail(f"contacts.csv: header must be {','.join(HEADER)}")
contacts = {}
for lineno, row in enumerate(rows[1:], start=3):
    if len(row) != len(HEADER):
        fail(f"contacts.csv:{lineno}: {len(row)} fields, expected {len(HEADER)}")
        continue
    c = dict(zip(HEADER, row))
    where = f"contacts.csv:{lineno} ({c['email']})"
    if not c["name"].strip():
        fail(f"{where}: empty name")
    if not EMAIL_RE.match(c["email"]):
        fail(f"{where}: e-mail not under an example.org/.com/.net subdomain")
    if c["email"] in contacts:
        fail(f"{where}: duplicate e-mail")
    if c["kind"] not in KINDS:
        fail(f"{where}: bad kind {c['kind']!r}")
    if c["region"] not in REGIONS:
        fail(f"{where}: bad region {c['region']!r}")
    if not re.fullmatch(r"[A-Z]{2}", c["country"]):
        fail(f"{where}: bad country {c['country']!r}")
    elif c["region"] in REGION_COUNTRY and c["country"] not in REGION_COUNTRY[c["region"]]:
        fail(f"{where}: country {c['country']} does not fit region {c['region']}")
    if c["consent"] not in {"yes", "no"}:
        fail(f"{where}: consent must be yes or no")
    if c["slack_user_id"] and not SLACK_RE.match(c["slack_user_id"]):
        fail(f"{where}: bad Slack id {c['slack_user_id']!r}")
    for field in ("organization", "title", "expertise", "offering", "seeking", "languages"):
        if not c[field].strip():
            fail(f"{where}: empty {field}")
    if c["orcid"]:
        if c["kind"] != "researcher":
            fail(f"{where}: ORCID-style iD on a non-researcher")
        if not ORCID_RE.match(c["orcid"]):
            fail(f"{where}: ORCID-style iD has the wrong shape")
        else:
            digits = c["orcid"].replace("-", "")
            if orcid_check_digit(digits[:15]) == digits[15]:
                fail(f"{where}: ORCID-style iD has a VALID check digit (must be wrong)")
    contacts[c["email"]] = c

kinds_seen = Counter(c["kind"] for c in contacts.values())
regions_seen = Counter(c["region"] for c in contacts.values())
for k in sorted(KINDS - set(kinds_seen)):
    fail(f"contacts.csv: no contact of kind {k}")
for r in sorted(REGIONS - set(regions_seen)):
    fail(f"contacts.csv: no contact in region {r}")
if len(contacts) < 60:
    fail(f"contacts.csv: {len(contacts)} contacts, need at least 60")
no_consent = [e for e, c in contacts.items() if c["consent"] == "no"]
if not 6 <= len(no_consent) <= 8:
    fail(f"contacts.csv: {len(no_consent)} contacts with consent no, expected 6-8")
orgs = Counter(c["organization"] for c in contacts.values())
big_orgs = sorted(o for o, n in orgs.items() if n >= 3)
if len(big_orgs) < 3:
    fail("contacts.csv: fewer than 3 organisations with 3+ people")

# ---------------------------------------------------------------- needs
needs = []
for lineno, line in enumerate(NEEDS.read_text(encoding="utf-8").splitlines(), start=1):
    if not line.strip():
        continue
    try:
        needs.append((lineno, json.loads(line)))
    except json.JSONDecodeError as exc:
        fail(f"match.jsonl:{lineno}: invalid JSON ({exc})")

ids = Counter(n.get("id") for _, n in needs)
for i, k in ids.items():
    if k > 1:
        fail(f"match.jsonl: duplicate id {i}")

order_in_cat = Counter()
for lineno, n in needs:
    where = f"match.jsonl:{lineno} ({n.get('id')})"
    missing = KEYS - set(n)
    extra = set(n) - KEYS - OPTIONAL
    if missing:
        fail(f"{where}: missing keys {sorted(missing)}")
        continue
    if extra:
        fail(f"{where}: unknown keys {sorted(extra)}")
    if not isinstance(n["need"], str) or not n["need"].strip():
        fail(f"{where}: empty need")
    cat = n["category"]
    if cat not in CATEGORIES:
        fail(f"{where}: unknown category {cat!r}")
    expected_split = "tune" if order_in_cat[cat] % 2 == 0 else "test"
    order_in_cat[cat] += 1
    if n["split"] != expected_split:
        fail(f"{where}: split {n['split']!r}, the alternation rule gives {expected_split!r}")
    if n["kind"] is not None and n["kind"] not in KINDS:
        fail(f"{where}: bad kind filter {n['kind']!r}")
    if n["region"] is not None and n["region"] not in REGIONS:
        fail(f"{where}: bad region filter {n['region']!r}")

    lists = {k: n.get(k, []) for k in ("relevant", "peers", "closest", "excluded")}
    for key, emails in lists.items():
        if not isinstance(emails, list):
            fail(f"{where}: {key} must be a list")
            continue
        if len(set(emails)) != len(emails):
            fail(f"{where}: duplicates in {key}")
        for e in emails:
            if e not in contacts:
                fail(f"{where}: {key} e-mail {e} not in contacts.csv")
    req = n.get("requester")
    if req is not None:
        if req not in contacts:
            fail(f"{where}: requester {req} not in contacts.csv")
        if req in lists["relevant"]:
            fail(f"{where}: the requester is listed as relevant")

    rel = set(lists["relevant"])
    for e in lists["relevant"]:
        c = contacts.get(e)
        if not c:
            continue
        if c["consent"] != "yes":
            fail(f"{where}: relevant {e} has consent {c['consent']}")
        if n["kind"] and c["kind"] != n["kind"]:
            fail(f"{where}: relevant {e} is kind {c['kind']}, filter is {n['kind']}")
        if n["region"] and c["region"] != n["region"]:
            fail(f"{where}: relevant {e} is in {c['region']}, filter is {n['region']}")
    for key in ("peers", "closest", "excluded"):
        both = rel & set(lists[key])
        if both:
            fail(f"{where}: {sorted(both)} in both relevant and {key}")

    if n["no_match"] is not (cat == "no_match"):
        fail(f"{where}: no_match must be true exactly for category no_match")
    if cat == "no_match" and n["relevant"]:
        fail(f"{where}: no_match need with non-empty relevant")
    if cat != "no_match":
        if not n["relevant"]:
            fail(f"{where}: relevant is empty")
        if "closest" in n:
            fail(f"{where}: closest is only for no_match needs")
    if cat == "peers_on_purpose" and n["peers"]:
        fail(f"{where}: peers_on_purpose needs have the peers in relevant and peers == []")
    if cat == "negation" and not n.get("excluded"):
        fail(f"{where}: negation need without excluded")
    if cat != "negation" and "excluded" in n:
        fail(f"{where}: excluded is only for negation needs")

cat_counts = Counter(n["category"] for _, n in needs)
for cat, minimum in CATEGORIES.items():
    if cat_counts[cat] < minimum:
        fail(f"match.jsonl: {cat_counts[cat]} {cat} needs, need at least {minimum}")
if len(needs) < 40:
    fail(f"match.jsonl: {len(needs)} needs, need at least 40")

# ---------------------------------------------------------------- report
print(f"contacts: {len(contacts)} ({len(no_consent)} with consent no)")
print("  kinds:   " + ", ".join(f"{k} {kinds_seen[k]}" for k in sorted(KINDS)))
print("  regions: " + ", ".join(f"{r} {regions_seen[r]}" for r in sorted(REGIONS)))
print(f"  organisations with 3+ people: {len(big_orgs)}")
by = Counter((n["category"], n["split"]) for _, n in needs)
print(f"needs: {len(needs)}")
print(f"  {'category':<18}{'tune':>6}{'test':>6}{'total':>7}")
for cat in CATEGORIES:
    print(f"  {cat:<18}{by[(cat, 'tune')]:>6}{by[(cat, 'test')]:>6}{cat_counts[cat]:>7}")
tune = sum(v for (c, s), v in by.items() if s == "tune")
test = sum(v for (c, s), v in by.items() if s == "test")
print(f"  {'all':<18}{tune:>6}{test:>6}{len(needs):>7}")
with_peers = sum(1 for _, n in needs if n["peers"])
print(f"  needs with peers: {with_peers}; with requester: "
      f"{sum(1 for _, n in needs if 'requester' in n)}; with kind/region filter: "
      f"{sum(1 for _, n in needs if n['kind'] or n['region'])}")

if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("\nall checks passed")
