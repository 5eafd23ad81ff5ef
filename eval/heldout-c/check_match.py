"""Validate eval/heldout-c/contacts.csv and match.jsonl and print counts.

Standard library only. Exits 1 if any problem is found.
Usage: python eval/heldout-c/check_match.py
"""

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTACTS = HERE / "contacts.csv"
MATCH = HERE / "match.jsonl"

HEADER = ("name,email,organization,kind,country,region,title,expertise,offering,"
          "seeking,languages,consent,slack_user_id,orcid").split(",")
KINDS = {"researcher", "company", "hospital", "university", "investor", "public", "staff"}
REGIONS = {"capital-region-dk", "region-zealand", "region-skane", "massachusetts", "other"}
# countries each region may hold
REGION_COUNTRIES = {"capital-region-dk": {"DK"}, "region-zealand": {"DK"},
                    "region-skane": {"SE"}, "massachusetts": {"US"}, "other": None}
CATEGORIES = {"self_described": 16, "plain": 12, "negation": 7,
              "peers_on_purpose": 4, "no_match": 6}
KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category",
        "split", "requester", "closest", "excluded"}
REQUIRED = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._'+-]+@([A-Za-z0-9-]+\.)+example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0C\d{5}$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
MIN_CONTACTS, MIN_NEEDS, MIN_CONSENT_NO = 70, 45, 6

problems = []


def problem(msg):
    problems.append(msg)


def orcid_check_digit(digits15):
    """ISO 7064 11,2 check digit as ORCID uses it."""
    total = 0
    for ch in digits15:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def load_contacts():
    text = CONTACTS.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        problem("contacts.csv: first line must be a # comment")
    elif "invented" not in lines[0].lower() and "fictional" not in lines[0].lower():
        problem("contacts.csv: the comment line must say the data is invented")
    reader = csv.reader(lines[1:])
    header = next(reader, None)
    if header != HEADER:
        problem(f"contacts.csv: bad header {header}")
    contacts = {}
    for lineno, row in enumerate(reader, start=3):
        if len(row) != len(HEADER):
            problem(f"contacts.csv line {lineno}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        where = f"contacts.csv line {lineno}"
        if not c["name"].strip():
            problem(f"{where}: empty name")
        email = c["email"]
        if not EMAIL_RE.match(email):
            problem(f"{where}: e-mail {email!r} not under an example.org/.com/.net subdomain")
        if email in contacts:
            problem(f"{where}: duplicate e-mail {email}")
        if c["kind"] not in KINDS:
            problem(f"{where}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            problem(f"{where}: bad region {c['region']!r}")
        elif not re.fullmatch(r"[A-Z]{2}", c["country"]):
            problem(f"{where}: bad country {c['country']!r}")
        else:
            allowed = REGION_COUNTRIES[c["region"]]
            if allowed is not None and c["country"] not in allowed:
                problem(f"{where}: country {c['country']} does not fit region {c['region']}")
            if c["region"] == "other" and c["country"] in {"DK", "SE"}:
                problem(f"{where}: a {c['country']} contact should not be in region other")
        if c["consent"] not in {"yes", "no"}:
            problem(f"{where}: bad consent {c['consent']!r}")
        if c["slack_user_id"] and not SLACK_RE.match(c["slack_user_id"]):
            problem(f"{where}: bad Slack id {c['slack_user_id']!r}")
        orcid = c["orcid"]
        if orcid:
            if c["kind"] != "researcher":
                problem(f"{where}: ORCID-style iD on a non-researcher")
            if not ORCID_RE.match(orcid):
                problem(f"{where}: bad ORCID-style iD {orcid!r}")
            else:
                digits = orcid.replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    problem(f"{where}: ORCID-style iD {orcid} has a valid check digit")
        elif c["kind"] == "researcher":
            problem(f"{where}: researcher without ORCID-style iD")
        for field in ("expertise", "offering", "seeking", "languages"):
            if not c[field].strip():
                problem(f"{where}: empty {field}")
        contacts[email] = c
    return contacts


def check_contacts(contacts):
    if len(contacts) < MIN_CONTACTS:
        problem(f"contacts.csv: {len(contacts)} contacts, need at least {MIN_CONTACTS}")
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS - set(kinds):
        problem(f"contacts.csv: no contact of kind {k}")
    for r in REGIONS - set(regions):
        problem(f"contacts.csv: no contact in region {r}")
    no = sum(c["consent"] == "no" for c in contacts.values())
    if no < MIN_CONSENT_NO:
        problem(f"contacts.csv: {no} contacts with consent no, need at least {MIN_CONSENT_NO}")
    orgs = Counter(c["organization"] for c in contacts.values())
    big = [o for o, n in orgs.items() if n >= 3]
    if len(big) < 3:
        problem("contacts.csv: fewer than 3 organisations with 3+ people")
    slack = sum(bool(c["slack_user_id"]) for c in contacts.values())
    if not 0.35 <= slack / max(len(contacts), 1) <= 0.65:
        problem(f"contacts.csv: {slack} Slack ids, expected about half")
    return kinds, regions, no, big, slack


def load_needs():
    needs = []
    for lineno, line in enumerate(MATCH.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            needs.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            problem(f"match.jsonl line {lineno}: bad JSON ({exc})")
    return needs


def check_needs(needs, contacts):
    ids = set()
    order = Counter()
    counts = Counter()
    for lineno, n in needs:
        where = f"match.jsonl line {lineno} ({n.get('id')})"
        missing = REQUIRED - set(n)
        if missing:
            problem(f"{where}: missing keys {sorted(missing)}")
            continue
        extra = set(n) - KEYS
        if extra:
            problem(f"{where}: unknown keys {sorted(extra)}")
        if n["id"] in ids:
            problem(f"{where}: duplicate id")
        ids.add(n["id"])
        if not isinstance(n["need"], str) or not n["need"].strip():
            problem(f"{where}: empty need")
        cat = n["category"]
        if cat not in CATEGORIES:
            problem(f"{where}: bad category {cat!r}")
            continue
        if n["kind"] is not None and n["kind"] not in KINDS:
            problem(f"{where}: bad kind filter {n['kind']!r}")
        if n["region"] is not None and n["region"] not in REGIONS:
            problem(f"{where}: bad region filter {n['region']!r}")
        # references
        lists = {k: n.get(k, []) for k in ("relevant", "peers", "closest", "excluded")}
        for key, emails in lists.items():
            if not isinstance(emails, list):
                problem(f"{where}: {key} must be a list")
                continue
            if len(set(emails)) != len(emails):
                problem(f"{where}: duplicate e-mail in {key}")
            for e in emails:
                if e not in contacts:
                    problem(f"{where}: {key} e-mail {e} not in contacts.csv")
        requester = n.get("requester")
        if requester is not None and requester not in contacts:
            problem(f"{where}: requester {requester} not in contacts.csv")
        rel = lists["relevant"]
        for e in rel:
            c = contacts.get(e)
            if c is None:
                continue
            if c["consent"] != "yes":
                problem(f"{where}: relevant {e} has consent {c['consent']}")
            if n["kind"] is not None and c["kind"] != n["kind"]:
                problem(f"{where}: relevant {e} is {c['kind']}, filter says {n['kind']}")
            if n["region"] is not None and c["region"] != n["region"]:
                problem(f"{where}: relevant {e} is in {c['region']}, filter says {n['region']}")
        for key in ("peers", "closest", "excluded"):
            both = set(rel) & set(lists[key])
            if both:
                problem(f"{where}: {sorted(both)} both relevant and {key}")
        if requester is not None and requester in rel:
            problem(f"{where}: the requester is relevant to its own need")
        # shape per category
        if n["no_match"] is not (cat == "no_match"):
            problem(f"{where}: no_match must be true exactly for the no_match category")
        if cat == "no_match":
            if rel:
                problem(f"{where}: no_match need with relevant contacts")
        else:
            if not rel:
                problem(f"{where}: empty relevant")
            if "closest" in n:
                problem(f"{where}: closest only belongs on no_match needs")
        if cat == "peers_on_purpose" and n["peers"]:
            problem(f"{where}: peers_on_purpose needs have peers == []")
        if cat == "negation" and not lists["excluded"]:
            problem(f"{where}: negation need without excluded")
        if cat != "negation" and "excluded" in n:
            problem(f"{where}: excluded only belongs on negation needs")
        # split alternation within the category, in file order
        expected = "tune" if order[cat] % 2 == 0 else "test"
        order[cat] += 1
        if n["split"] != expected:
            problem(f"{where}: split {n['split']!r}, alternation rule says {expected!r}")
        counts[(cat, n["split"])] += 1
    if len(ids) < MIN_NEEDS:
        problem(f"match.jsonl: {len(ids)} needs, need at least {MIN_NEEDS}")
    for cat, minimum in CATEGORIES.items():
        total = counts[(cat, "tune")] + counts[(cat, "test")]
        if total < minimum:
            problem(f"match.jsonl: {total} {cat} needs, need at least {minimum}")
        if abs(counts[(cat, "tune")] - counts[(cat, "test")]) > 1:
            problem(f"match.jsonl: {cat} splits unbalanced")
    return counts


def main():
    contacts = load_contacts()
    kinds, regions, no, big, slack = check_contacts(contacts)
    needs = load_needs()
    counts = check_needs(needs, contacts)

    print(f"contacts: {len(contacts)} (consent no: {no}, Slack ids: {slack}, "
          f"organisations with 3+ people: {len(big)})")
    print("  kinds:   " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("  regions: " + ", ".join(f"{k} {v}" for k, v in regions.most_common()))
    print(f"needs: {len(needs)}")
    print(f"  {'category':<18} {'tune':>4} {'test':>4} {'total':>5}")
    tt = te = 0
    for cat in CATEGORIES:
        a, b = counts[(cat, "tune")], counts[(cat, "test")]
        tt, te = tt + a, te + b
        print(f"  {cat:<18} {a:>4} {b:>4} {a + b:>5}")
    print(f"  {'all':<18} {tt:>4} {te:>4} {tt + te:>5}")
    with_req = sum("requester" in n for _, n in needs)
    with_filter = sum(n.get("kind") is not None or n.get("region") is not None for _, n in needs)
    print(f"  with requester: {with_req}, with kind/region filter: {with_filter}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
