#!/usr/bin/env python3
"""Validate held-out matching set M (contacts-match.csv + match.jsonl).

Standard library only. Prints counts; exits 1 on any problem, 0 when the set is consistent.
Usage: python3 eval/heldout-m/check_match.py [folder]   (default: the folder of this file)
"""
import collections
import csv
import io
import json
import os
import re
import sys

HEADER = ["name", "email", "organization", "kind", "country", "region", "title", "expertise",
          "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]
KINDS = ["researcher", "company", "hospital", "university", "investor", "public", "staff"]
REGIONS = ["capital-region-dk", "region-zealand", "region-skane", "massachusetts", "other"]
LIST_FIELDS = ["expertise", "offering", "seeking", "languages"]
CATEGORIES = ["self_described", "plain", "negation", "peers_on_purpose", "no_match"]
MINIMUM = {"self_described": 12, "plain": 8, "negation": 4, "peers_on_purpose": 3, "no_match": 6}
MIN_NEEDS = 36
MIN_CONTACTS = 48
REQUIRED_KEYS = ["id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"]
OPTIONAL_KEYS = ["requester", "excluded", "closest"]
EMAIL_RE = re.compile(r"^[a-z0-9]+([.\-][a-z0-9]+)*@example\.org$")
SLACK_RE = re.compile(r"^U0M\d{5}$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
ID_RE = re.compile(r"^mm\d{2}$")

problems = []


def problem(msg):
    problems.append(msg)


def orcid_check_digit(base15):
    """ISO 7064 11,2 check digit, as ORCID uses it."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def region_fits(region, country):
    if region in ("capital-region-dk", "region-zealand"):
        return country == "DK"
    if region == "region-skane":
        return country == "SE"
    if region == "massachusetts":
        return country == "US"
    return bool(re.fullmatch(r"[A-Z]{2}", country)) and country not in ("DK", "SE", "US")


def load_contacts(path):
    contacts = {}
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as exc:
        problem("cannot read %s: %s" % (path, exc))
        return contacts
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        problem("contacts: first line must be a # comment")
    elif not re.search(r"fictional|invented", lines[0], re.I):
        problem("contacts: the # comment must say the data is fictional / invented")
    reader = csv.reader(io.StringIO("\n".join(lines[1:]) + "\n"))
    try:
        header = next(reader)
    except StopIteration:
        problem("contacts: no header")
        return contacts
    if header != HEADER:
        problem("contacts: header is %r, expected %r" % (header, HEADER))
        return contacts
    slack_ids = set()
    for lineno, row in enumerate(reader, start=3):
        if not row:
            problem("contacts line %d: empty line" % lineno)
            continue
        if len(row) != len(HEADER):
            problem("contacts line %d: %d fields, expected %d" % (lineno, len(row), len(HEADER)))
            continue
        rec = dict(zip(HEADER, row))
        where = "contacts line %d (%s)" % (lineno, rec["name"] or "?")
        for field in ("name", "email", "organization", "title"):
            if not rec[field].strip():
                problem("%s: empty %s" % (where, field))
        for field in LIST_FIELDS:
            items = rec[field].split(";")
            if not rec[field].strip() or any(not item.strip() for item in items):
                problem("%s: %s is empty or has an empty ';' item" % (where, field))
        if rec["kind"] not in KINDS:
            problem("%s: unknown kind %r" % (where, rec["kind"]))
        if rec["region"] not in REGIONS:
            problem("%s: unknown region %r" % (where, rec["region"]))
        elif not region_fits(rec["region"], rec["country"]):
            problem("%s: country %r does not fit region %r" % (where, rec["country"], rec["region"]))
        if rec["consent"] not in ("yes", "no"):
            problem("%s: consent must be yes or no, not %r" % (where, rec["consent"]))
        sid = rec["slack_user_id"]
        if sid:
            if not SLACK_RE.match(sid):
                problem("%s: bad Slack ID %r (want U0M + 5 digits)" % (where, sid))
            if sid in slack_ids:
                problem("%s: duplicate Slack ID %s" % (where, sid))
            slack_ids.add(sid)
        email = rec["email"]
        if not EMAIL_RE.match(email):
            problem("%s: e-mail %r is not of the form ...@example.org" % (where, email))
        if email in contacts:
            problem("%s: duplicate e-mail %s" % (where, email))
        orcid = rec["orcid"]
        if rec["kind"] == "researcher":
            if not ORCID_RE.match(orcid):
                problem("%s: researcher without a well-formed ORCID-style iD (%r)" % (where, orcid))
            else:
                digits = orcid.replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    problem("%s: ORCID-style iD %s has a VALID check digit (must be wrong)" % (where, orcid))
        elif orcid:
            problem("%s: ORCID-style iD on a non-researcher" % where)
        contacts[email] = rec
    return contacts


def check_contacts(contacts):
    if len(contacts) < MIN_CONTACTS:
        problem("contacts: %d contacts, need at least %d" % (len(contacts), MIN_CONTACTS))
    kinds = collections.Counter(c["kind"] for c in contacts.values())
    regions = collections.Counter(c["region"] for c in contacts.values())
    for k in KINDS:
        if not kinds[k]:
            problem("contacts: no contact of kind %s" % k)
    for r in REGIONS:
        if not regions[r]:
            problem("contacts: no contact in region %s" % r)
    no_consent = [e for e, c in contacts.items() if c["consent"] == "no"]
    if not 4 <= len(no_consent) <= 8:
        problem("contacts: %d consent-no contacts, want 4-8" % len(no_consent))
    orgs = collections.Counter(c["organization"] for c in contacts.values())
    big = [o for o, n in orgs.items() if n >= 3]
    if len(big) < 3:
        problem("contacts: only %d organisations with 3+ people, want at least 3" % len(big))
    with_slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    share = with_slack / len(contacts) if contacts else 0
    if not 0.40 <= share <= 0.60:
        problem("contacts: %d of %d (%.0f %%) have Slack IDs, want 40-60 %%" % (with_slack, len(contacts), share * 100))
    languages = set()
    for c in contacts.values():
        languages.update(x.strip() for x in c["languages"].split(";"))
    if len(languages) < 6:
        problem("contacts: only %d languages, want at least 6" % len(languages))
    return kinds, regions, no_consent, big, with_slack, languages


def load_needs(path):
    needs = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        problem("cannot read %s: %s" % (path, exc))
        return needs
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                problem("needs line %d: empty line" % lineno)
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                problem("needs line %d: bad JSON (%s)" % (lineno, exc))
                continue
            if not isinstance(obj, dict):
                problem("needs line %d: not a JSON object" % lineno)
                continue
            needs.append(obj)
    return needs


def check_needs(needs, contacts):
    ids = set()
    seen_in_category = collections.Counter()
    for n in needs:
        nid = n.get("id", "?")
        where = "need %s" % nid
        unknown = set(n) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS)
        if unknown:
            problem("%s: unknown keys %s" % (where, sorted(unknown)))
        missing = [k for k in REQUIRED_KEYS if k not in n]
        if missing:
            problem("%s: missing keys %s" % (where, missing))
            continue
        if not isinstance(nid, str) or not ID_RE.match(nid):
            problem("%s: id must look like mm01" % where)
        if nid in ids:
            problem("%s: duplicate id" % where)
        ids.add(nid)
        if not isinstance(n["need"], str) or not n["need"].strip():
            problem("%s: empty need text" % where)
        cat = n["category"]
        if cat not in CATEGORIES:
            problem("%s: unknown category %r" % (where, cat))
            continue
        # split alternation: tune, test, tune, ... within each category in file order
        expected = "tune" if seen_in_category[cat] % 2 == 0 else "test"
        seen_in_category[cat] += 1
        if n["split"] not in ("tune", "test"):
            problem("%s: split must be tune or test" % where)
        elif n["split"] != expected:
            problem("%s: split is %s, the alternation rule says %s" % (where, n["split"], expected))
        if n["kind"] is not None and n["kind"] not in KINDS:
            problem("%s: kind filter %r is not a known kind" % (where, n["kind"]))
        if n["region"] is not None and n["region"] not in REGIONS:
            problem("%s: region filter %r is not a known region" % (where, n["region"]))
        if not isinstance(n["no_match"], bool):
            problem("%s: no_match must be a boolean" % where)
        lists = {}
        for key in ("relevant", "peers", "excluded", "closest"):
            if key not in n:
                continue
            val = n[key]
            if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
                problem("%s: %s must be a list of e-mails" % (where, key))
                continue
            if len(set(val)) != len(val):
                problem("%s: duplicates in %s" % (where, key))
            for email in val:
                if email not in contacts:
                    problem("%s: %s lists unknown contact %s" % (where, key, email))
                elif contacts[email]["consent"] != "yes":
                    problem("%s: %s lists consent-no contact %s" % (where, key, email))
            lists[key] = set(val)
        requester = n.get("requester")
        if "requester" in n:
            if not isinstance(requester, str) or requester not in contacts:
                problem("%s: unknown requester %r" % (where, requester))
            elif contacts[requester]["consent"] != "yes":
                problem("%s: requester %s has consent no" % (where, requester))
            if requester in lists.get("relevant", set()) or requester in lists.get("peers", set()):
                problem("%s: the requester is listed as relevant or as a peer" % where)
        rel = lists.get("relevant", set())
        for other in ("peers", "excluded", "closest"):
            both = rel & lists.get(other, set())
            if both:
                problem("%s: relevant and %s overlap: %s" % (where, other, sorted(both)))
        # hard filters
        for email in n["relevant"] if isinstance(n["relevant"], list) else []:
            c = contacts.get(email)
            if not c:
                continue
            if n["kind"] is not None and c["kind"] != n["kind"]:
                problem("%s: relevant %s is kind %s, filter says %s" % (where, email, c["kind"], n["kind"]))
            if n["region"] is not None and c["region"] != n["region"]:
                problem("%s: relevant %s is in %s, filter says %s" % (where, email, c["region"], n["region"]))
        # category structure
        if cat == "no_match":
            if n["no_match"] is not True:
                problem("%s: no_match category needs no_match true" % where)
            if n["relevant"]:
                problem("%s: no_match need with non-empty relevant" % where)
            if not n.get("closest"):
                problem("%s: no_match need without closest alternatives" % where)
        else:
            if n["no_match"] is not False:
                problem("%s: no_match true outside the no_match category" % where)
            if not n["relevant"]:
                problem("%s: empty relevant" % where)
            if "closest" in n:
                problem("%s: closest is only for no_match needs" % where)
        if cat == "self_described" and not n["peers"]:
            problem("%s: self_described need without peers" % where)
        if cat == "peers_on_purpose":
            if n["peers"]:
                problem("%s: peers_on_purpose need must have peers == []" % where)
            if "requester" not in n:
                problem("%s: peers_on_purpose need without requester" % where)
        if cat == "negation":
            if not n.get("excluded"):
                problem("%s: negation need without excluded" % where)
        elif "excluded" in n:
            problem("%s: excluded is only for negation needs" % where)
    if len(needs) < MIN_NEEDS:
        problem("needs: %d needs, want at least %d" % (len(needs), MIN_NEEDS))
    for cat, minimum in MINIMUM.items():
        if seen_in_category[cat] < minimum:
            problem("needs: %d %s needs, want at least %d" % (seen_in_category[cat], cat, minimum))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    contacts = load_contacts(os.path.join(folder, "contacts-match.csv"))
    needs = load_needs(os.path.join(folder, "match.jsonl"))
    if contacts:
        kinds, regions, no_consent, big, with_slack, languages = check_contacts(contacts)
        print("contacts: %d (consent no: %d, with Slack ID: %d, languages: %d)"
              % (len(contacts), len(no_consent), with_slack, len(languages)))
        print("organisations with 3+ people: %s" % ", ".join(sorted(big)))
        table = collections.Counter((c["kind"], c["region"]) for c in contacts.values())
        print("%-11s %s total" % ("kind", " ".join("%-17s" % r for r in REGIONS)))
        for k in KINDS:
            print("%-11s %s %d" % (k, " ".join("%-17d" % table[(k, r)] for r in REGIONS), kinds[k]))
        print("%-11s %s %d" % ("total", " ".join("%-17d" % regions[r] for r in REGIONS), len(contacts)))
    if needs:
        check_needs(needs, contacts)
        cs = collections.Counter((n.get("category"), n.get("split")) for n in needs)
        print("needs: %d" % len(needs))
        for cat in CATEGORIES:
            print("  %-17s tune %2d  test %2d  total %2d"
                  % (cat, cs[(cat, "tune")], cs[(cat, "test")], cs[(cat, "tune")] + cs[(cat, "test")]))
        print("  %-17s tune %2d  test %2d"
              % ("all", sum(v for (c, s), v in cs.items() if s == "tune"),
                 sum(v for (c, s), v in cs.items() if s == "test")))
        filtered = [n.get("id") for n in needs if n.get("kind") or n.get("region")]
        print("  with kind/region filter: %s" % ", ".join(filtered))
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK: set M matching files are consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
