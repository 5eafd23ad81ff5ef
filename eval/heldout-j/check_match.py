#!/usr/bin/env python3
"""Validate the held-out matching set J (contacts-match.csv and match.jsonl).

Standard library only. Prints the counts and the kinds x regions table and exits 1 on any problem.
All data checked here is fictional.
"""
import csv
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CSV_PATH = os.path.join(HERE, "contacts-match.csv")
JSONL_PATH = os.path.join(HERE, "match.jsonl")

HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = ["company", "hospital", "researcher", "investor", "public", "university", "staff"]
REGIONS = ["massachusetts", "capital-region-dk", "region-skane", "region-zealand", "other"]
REGION_COUNTRY = {"capital-region-dk": {"DK"}, "region-zealand": {"DK"}, "region-skane": {"SE"},
                  "massachusetts": {"US"}}
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)*example\.(org|com|net)$")
SLACK_RE = re.compile(r"^U0J\d{5}$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ID_RE = re.compile(r"^jm\d{2}$")
CATEGORIES = {"self_described": 12, "plain": 8, "negation": 6, "peers_on_purpose": 3, "no_match": 8}
REQUIRED = ["id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"]
OPTIONAL = ["requester", "closest", "excluded"]

problems = []


def problem(msg):
    problems.append(msg)


def orcid_check_digit(base15):
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def load_contacts():
    with open(CSV_PATH, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if not lines or not lines[0].startswith("#"):
        problem("contacts: first line must be a '#' comment")
    elif "fictional" not in lines[0].lower() and "invented" not in lines[0].lower():
        problem("contacts: the '#' comment must say the data is fictional / invented")
    reader = csv.reader(lines[1:])
    rows = [r for r in reader if r]
    if not rows or rows[0] != HEADER:
        problem("contacts: header is not exactly %s" % ",".join(HEADER))
        return {}
    contacts = {}
    slack_ids = set()
    for n, r in enumerate(rows[1:], start=3):
        if len(r) != len(HEADER):
            problem("contacts line %d: %d fields, expected %d" % (n, len(r), len(HEADER)))
            continue
        d = dict(zip(HEADER, r))
        where = "contacts line %d (%s)" % (n, d["email"])
        for key in ("name", "email", "organization", "title"):
            if not d[key].strip():
                problem("%s: empty %s" % (where, key))
        for key in LIST_FIELDS:
            items = d[key].split(";")
            if not d[key].strip() or any(not i.strip() for i in items):
                problem("%s: empty list or empty ';' item in %s" % (where, key))
        if d["kind"] not in KINDS:
            problem("%s: bad kind %r" % (where, d["kind"]))
        if d["region"] not in REGIONS:
            problem("%s: bad region %r" % (where, d["region"]))
        if d["consent"] not in ("yes", "no"):
            problem("%s: bad consent %r" % (where, d["consent"]))
        if not re.match(r"^[A-Z]{2}$", d["country"]):
            problem("%s: bad country %r" % (where, d["country"]))
        elif d["region"] in REGION_COUNTRY:
            if d["country"] not in REGION_COUNTRY[d["region"]]:
                problem("%s: country %s does not fit region %s" % (where, d["country"], d["region"]))
        elif d["region"] == "other" and d["country"] in ("DK", "SE", "US"):
            problem("%s: region other but country %s" % (where, d["country"]))
        if not EMAIL_RE.match(d["email"]):
            problem("%s: e-mail not under example.org/.com/.net" % where)
        if d["email"] in contacts:
            problem("%s: duplicate e-mail" % where)
        if d["slack_user_id"]:
            if not SLACK_RE.match(d["slack_user_id"]):
                problem("%s: bad Slack ID %r" % (where, d["slack_user_id"]))
            if d["slack_user_id"] in slack_ids:
                problem("%s: duplicate Slack ID" % where)
            slack_ids.add(d["slack_user_id"])
        if d["kind"] == "researcher":
            if not ORCID_RE.match(d["orcid"]):
                problem("%s: researcher without a well-formed ORCID-style iD" % where)
            else:
                digits = d["orcid"].replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    problem("%s: ORCID-style iD has a VALID check digit (must be wrong)" % where)
        elif d["orcid"]:
            problem("%s: ORCID-style iD on a non-researcher" % where)
        contacts[d["email"]] = d
    return contacts


def check_contacts(contacts):
    n = len(contacts)
    if n < 60:
        problem("contacts: %d contacts, need at least 60" % n)
    kinds = Counter(d["kind"] for d in contacts.values())
    regions = Counter(d["region"] for d in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            problem("contacts: kind %s missing" % k)
    for r in REGIONS:
        if not regions[r]:
            problem("contacts: region %s missing" % r)
    no = [d for d in contacts.values() if d["consent"] == "no"]
    if not 5 <= len(no) <= 8:
        problem("contacts: %d consent-no contacts, need 5-8" % len(no))
    orgs = Counter(d["organization"] for d in contacts.values())
    big = [o for o, c in orgs.items() if c >= 3]
    if len(big) < 3:
        problem("contacts: only %d organisations with 3+ people" % len(big))
    slack = sum(1 for d in contacts.values() if d["slack_user_id"])
    if n and not 0.40 <= slack / n <= 0.60:
        problem("contacts: %d of %d with Slack IDs, need 40-60 %%" % (slack, n))
    langs = set()
    for d in contacts.values():
        langs.update(x.strip() for x in d["languages"].split(";"))
    if len(langs) < 6:
        problem("contacts: only %d languages" % len(langs))
    return kinds, regions, no, big, slack, langs


def load_needs():
    needs = []
    with open(JSONL_PATH, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                problem("match line %d: empty line" % n)
                continue
            try:
                needs.append(json.loads(line))
            except ValueError as e:
                problem("match line %d: bad JSON (%s)" % (n, e))
    return needs


def check_needs(needs, contacts):
    ids = set()
    seen_cat = Counter()
    for d in needs:
        nid = d.get("id", "?")
        where = "need %s" % nid
        for k in REQUIRED:
            if k not in d:
                problem("%s: missing key %s" % (where, k))
        for k in d:
            if k not in REQUIRED and k not in OPTIONAL:
                problem("%s: unknown key %s" % (where, k))
        if any(k not in d for k in REQUIRED):
            continue
        if not isinstance(nid, str) or not ID_RE.match(nid):
            problem("%s: bad id" % where)
        if nid in ids:
            problem("%s: duplicate id" % where)
        ids.add(nid)
        if not isinstance(d["need"], str) or not d["need"].strip():
            problem("%s: empty need" % where)
        cat = d["category"]
        if cat not in CATEGORIES:
            problem("%s: bad category %r" % (where, cat))
            continue
        expected = "tune" if seen_cat[cat] % 2 == 0 else "test"
        seen_cat[cat] += 1
        if d["split"] != expected:
            problem("%s: split %r breaks the alternation rule (expected %r)" % (where, d["split"], expected))
        if d["kind"] is not None and d["kind"] not in KINDS:
            problem("%s: bad kind filter %r" % (where, d["kind"]))
        if d["region"] is not None and d["region"] not in REGIONS:
            problem("%s: bad region filter %r" % (where, d["region"]))
        if not isinstance(d["no_match"], bool):
            problem("%s: no_match must be a boolean" % where)
        lists = {}
        for key in ("relevant", "peers", "closest", "excluded"):
            if key in d:
                v = d[key]
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    problem("%s: %s must be a list of e-mails" % (where, key))
                    v = []
                if len(set(v)) != len(v):
                    problem("%s: duplicates in %s" % (where, key))
                lists[key] = v
        refs = [(k, e) for k, v in lists.items() for e in v]
        if "requester" in d:
            refs.append(("requester", d["requester"]))
        for key, e in refs:
            if e not in contacts:
                problem("%s: %s e-mail %s not in contacts" % (where, key, e))
            elif contacts[e]["consent"] != "yes":
                problem("%s: consent-no contact %s listed in %s" % (where, e, key))
        rel = set(lists.get("relevant", []))
        for key in ("peers", "closest", "excluded"):
            both = rel & set(lists.get(key, []))
            if both:
                problem("%s: relevant overlaps %s: %s" % (where, key, sorted(both)))
        if d.get("requester") in rel:
            problem("%s: requester is relevant" % where)
        for e in rel:
            c = contacts.get(e)
            if not c:
                continue
            if d["kind"] and c["kind"] != d["kind"]:
                problem("%s: relevant %s breaks kind filter %s" % (where, e, d["kind"]))
            if d["region"] and c["region"] != d["region"]:
                problem("%s: relevant %s breaks region filter %s" % (where, e, d["region"]))
        # category structure
        if (cat == "no_match") != (d["no_match"] is True):
            problem("%s: no_match must be true exactly for the no_match category" % where)
        if cat == "no_match":
            if lists.get("relevant"):
                problem("%s: no_match need with relevant contacts" % where)
            if not lists.get("closest"):
                problem("%s: no_match need without closest" % where)
        else:
            if not lists.get("relevant"):
                problem("%s: empty relevant" % where)
            if "closest" in d:
                problem("%s: closest only allowed on no_match needs" % where)
        if cat == "self_described" and not lists.get("peers"):
            problem("%s: self_described need without peers" % where)
        if cat == "peers_on_purpose":
            if lists.get("peers"):
                problem("%s: peers_on_purpose need must have peers == []" % where)
            if not d.get("requester"):
                problem("%s: peers_on_purpose need without requester" % where)
        if cat == "negation":
            if not lists.get("excluded"):
                problem("%s: negation need without excluded" % where)
        elif "excluded" in d:
            problem("%s: excluded only allowed on negation needs" % where)
    if len(needs) < 40:
        problem("needs: %d needs, need at least 40" % len(needs))
    for cat, minimum in CATEGORIES.items():
        if seen_cat[cat] < minimum:
            problem("needs: %d %s needs, need at least %d" % (seen_cat[cat], cat, minimum))
    return seen_cat


def main():
    contacts = load_contacts()
    kinds, regions, no, big, slack, langs = check_contacts(contacts)
    needs = load_needs()
    cats = check_needs(needs, contacts)
    split = Counter((d.get("category"), d.get("split")) for d in needs)

    print("contacts: %d (consent no: %d, Slack IDs: %d, languages: %d)" % (len(contacts), len(no), slack, len(langs)))
    print("kinds:", dict(kinds))
    print("regions:", dict(regions))
    print("organisations with 3+ people:", ", ".join(sorted(big)))
    print()
    print("| kind \\ region | " + " | ".join(REGIONS) + " |")
    print("|---" * (len(REGIONS) + 1) + "|")
    for k in KINDS:
        cells = [str(sum(1 for d in contacts.values() if d["kind"] == k and d["region"] == r)) for r in REGIONS]
        print("| %s | %s |" % (k, " | ".join(cells)))
    print()
    print("| category | tune | test | total |")
    print("|---|---|---|---|")
    for cat in CATEGORIES:
        print("| %s | %d | %d | %d |" % (cat, split[(cat, "tune")], split[(cat, "test")], cats[cat]))
    print("| all | %d | %d | %d |" % (sum(v for (c, s), v in split.items() if s == "tune"),
                                      sum(v for (c, s), v in split.items() if s == "test"), len(needs)))
    print()
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        print("%d problem(s)" % len(problems))
        return 1
    print("OK: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
