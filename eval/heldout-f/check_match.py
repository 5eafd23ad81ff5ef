#!/usr/bin/env python3
"""Validate held-out matching set F (contacts.csv + match.jsonl). Standard library only; exit 1 on any problem."""
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = {"company", "hospital", "researcher", "investor", "public", "university", "staff"}
REGIONS = {"massachusetts", "capital-region-dk", "region-zealand", "region-skane", "other"}
REGION_COUNTRY = {"massachusetts": {"US"}, "capital-region-dk": {"DK"}, "region-zealand": {"DK"},
                  "region-skane": {"SE"}}
CATEGORIES = {"self_described": 10, "plain": 8, "negation": 5, "peers_on_purpose": 3, "no_match": 8}
REQUIRED_KEYS = ["id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"]
OPTIONAL_KEYS = {"requester", "closest", "excluded"}
EMAIL_RE = re.compile(r"^[a-z0-9._-]+@[a-z0-9.-]+\.example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0F\d{5}$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]

problems = []


def bad(msg):
    problems.append(msg)


def orcid_check_digit(base15):
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def load_contacts(path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or not lines[0].startswith("#"):
        bad("contacts.csv: first line is not a # comment")
    elif "fictional" not in lines[0].lower() and "invented" not in lines[0].lower():
        bad("contacts.csv: # comment does not say the data is invented")
    try:
        rows = list(csv.reader(lines[1:]))
    except csv.Error as exc:
        bad(f"contacts.csv: does not parse as CSV: {exc}")
        return {}
    rows = [r for r in rows if r]
    if not rows or rows[0] != HEADER:
        bad(f"contacts.csv: header is not exactly {','.join(HEADER)}")
        return {}
    contacts = {}
    slack_ids = set()
    for n, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            bad(f"contacts.csv line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        c = dict(zip(HEADER, row))
        em = c["email"]
        if not c["name"].strip():
            bad(f"line {n}: empty name")
        if not EMAIL_RE.match(em):
            bad(f"line {n}: e-mail {em!r} not under example.org/com/net")
        if em in contacts:
            bad(f"line {n}: duplicate e-mail {em}")
        if c["kind"] not in KINDS:
            bad(f"line {n}: bad kind {c['kind']!r}")
        if c["region"] not in REGIONS:
            bad(f"line {n}: bad region {c['region']!r}")
        elif c["region"] in REGION_COUNTRY and c["country"] not in REGION_COUNTRY[c["region"]]:
            bad(f"line {n}: country {c['country']} does not fit region {c['region']}")
        if not re.fullmatch(r"[A-Z]{2}", c["country"]):
            bad(f"line {n}: bad country {c['country']!r}")
        if c["consent"] not in {"yes", "no"}:
            bad(f"line {n}: bad consent {c['consent']!r}")
        for f in LIST_FIELDS:
            items = c[f].split(";")
            if not c[f].strip() or any(not i.strip() for i in items):
                bad(f"line {n}: empty item in list field {f}")
        if c["slack_user_id"]:
            if not SLACK_RE.match(c["slack_user_id"]):
                bad(f"line {n}: bad Slack ID {c['slack_user_id']!r}")
            if c["slack_user_id"] in slack_ids:
                bad(f"line {n}: duplicate Slack ID")
            slack_ids.add(c["slack_user_id"])
        if c["kind"] == "researcher":
            o = c["orcid"]
            if not ORCID_RE.match(o):
                bad(f"line {n}: researcher without a well-formed ORCID-style iD")
            else:
                digits = o.replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    bad(f"line {n}: ORCID-style iD has a VALID check digit (must be wrong)")
        elif c["orcid"]:
            bad(f"line {n}: ORCID on a non-researcher")
        contacts[em] = c
    # set-level checks
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    for k in KINDS - set(kinds):
        bad(f"kind {k} missing from contacts")
    for r in REGIONS - set(regions):
        bad(f"region {r} missing from contacts")
    n_no = sum(c["consent"] == "no" for c in contacts.values())
    if not 5 <= n_no <= 8:
        bad(f"{n_no} consent-no contacts, expected 5-8")
    orgs = Counter(c["organization"] for c in contacts.values())
    if sum(v >= 3 for v in orgs.values()) < 3:
        bad("fewer than 3 organisations with 3+ people")
    share = len(slack_ids) / max(1, len(contacts))
    if not 0.4 <= share <= 0.6:
        bad(f"Slack IDs on {share:.0%} of contacts, expected about half")
    if len(contacts) < 50:
        bad(f"only {len(contacts)} contacts, need at least 50")
    return contacts


def load_needs(path, contacts):
    needs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            needs.append(json.loads(line))
        except json.JSONDecodeError as exc:
            bad(f"match.jsonl line {n}: bad JSON: {exc}")
    ids = set()
    last_split = {}
    for d in needs:
        i = d.get("id", "?")
        for k in REQUIRED_KEYS:
            if k not in d:
                bad(f"{i}: missing key {k}")
        for k in d:
            if k not in REQUIRED_KEYS and k not in OPTIONAL_KEYS:
                bad(f"{i}: unknown key {k}")
        if not re.fullmatch(r"fm\d{2}", str(i)):
            bad(f"{i}: id does not look like fm01")
        if i in ids:
            bad(f"{i}: duplicate id")
        ids.add(i)
        cat = d.get("category")
        if cat not in CATEGORIES:
            bad(f"{i}: bad category {cat!r}")
            continue
        if d.get("split") not in {"tune", "test"}:
            bad(f"{i}: bad split {d.get('split')!r}")
        expected = "test" if last_split.get(cat) == "tune" else "tune"
        if d.get("split") != expected:
            bad(f"{i}: split {d.get('split')} breaks tune/test alternation in {cat} (expected {expected})")
        last_split[cat] = d.get("split")
        if not isinstance(d.get("need"), str) or not d["need"].strip():
            bad(f"{i}: empty need")
        rel = d.get("relevant", [])
        peers = d.get("peers", [])
        closest = d.get("closest", [])
        excluded = d.get("excluded", [])
        refs = [("relevant", rel), ("peers", peers), ("closest", closest), ("excluded", excluded)]
        if "requester" in d:
            refs.append(("requester", [d["requester"]]))
        for name, lst in refs:
            if not isinstance(lst, list):
                bad(f"{i}: {name} is not a list")
                continue
            for em in lst:
                if em not in contacts:
                    bad(f"{i}: {name} e-mail {em} not in contacts.csv")
                elif name != "relevant" and name != "requester" and contacts[em]["consent"] == "no":
                    bad(f"{i}: consent-no contact {em} listed in {name}")
        for em in rel:
            c = contacts.get(em)
            if not c:
                continue
            if c["consent"] != "yes":
                bad(f"{i}: relevant {em} has consent {c['consent']}")
            if d.get("kind") and c["kind"] != d["kind"]:
                bad(f"{i}: relevant {em} is not kind {d['kind']}")
            if d.get("region") and c["region"] != d["region"]:
                bad(f"{i}: relevant {em} is not region {d['region']}")
        if len(set(rel)) != len(rel):
            bad(f"{i}: duplicate relevant")
        for name, lst in (("peers", peers), ("closest", closest), ("excluded", excluded)):
            if set(rel) & set(lst):
                bad(f"{i}: relevant overlaps {name}")
        if d.get("requester") in rel:
            bad(f"{i}: requester is relevant")
        if d.get("no_match") is not (cat == "no_match"):
            bad(f"{i}: no_match must be true exactly for the no_match category")
        if cat == "no_match":
            if rel:
                bad(f"{i}: no_match need has non-empty relevant")
            if not closest:
                bad(f"{i}: no_match need without closest")
        elif not rel:
            bad(f"{i}: empty relevant")
        if cat == "self_described" and not peers:
            bad(f"{i}: self_described need without peers")
        if cat == "peers_on_purpose" and peers:
            bad(f"{i}: peers_on_purpose need must have peers == []")
        if cat == "negation" and not excluded:
            bad(f"{i}: negation need without excluded")
        if "closest" in d and cat != "no_match":
            bad(f"{i}: closest outside no_match")
        if "excluded" in d and cat != "negation":
            bad(f"{i}: excluded outside negation")
    counts = Counter((d.get("category"), d.get("split")) for d in needs)
    for cat, minimum in CATEGORIES.items():
        total = counts[(cat, "tune")] + counts[(cat, "test")]
        if total < minimum:
            bad(f"category {cat}: {total} needs, need at least {minimum}")
    if len(needs) < 34:
        bad(f"only {len(needs)} needs, need at least 34")
    return needs, counts


def main():
    contacts = load_contacts(HERE / "contacts.csv")
    needs, counts = load_needs(HERE / "match.jsonl", contacts)
    kinds = Counter(c["kind"] for c in contacts.values())
    regions = Counter(c["region"] for c in contacts.values())
    print(f"contacts: {len(contacts)} (consent no: {sum(c['consent'] == 'no' for c in contacts.values())}, "
          f"slack IDs: {sum(bool(c['slack_user_id']) for c in contacts.values())})")
    print("  kinds:   " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("  regions: " + ", ".join(f"{k} {v}" for k, v in regions.most_common()))
    print(f"needs: {len(needs)}")
    print(f"  {'category':<18}{'tune':>6}{'test':>6}{'total':>7}")
    for cat in CATEGORIES:
        t, s = counts[(cat, "tune")], counts[(cat, "test")]
        print(f"  {cat:<18}{t:>6}{s:>6}{t + s:>7}")
    tt = sum(v for (c, sp), v in counts.items() if sp == "tune")
    ts = sum(v for (c, sp), v in counts.items() if sp == "test")
    print(f"  {'all':<18}{tt:>6}{ts:>6}{tt + ts:>7}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
