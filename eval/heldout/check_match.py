"""Validate the held-out matching evaluation (contacts.csv + match.jsonl).

Run from anywhere:  python eval/heldout/check_match.py
Exits 1 and prints every problem found; prints a summary of counts otherwise.
Only the standard library is used, and nothing of the project is imported.
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
CATEGORIES = {"self_described", "plain", "negation", "peers_on_purpose", "no_match"}
MINIMUM = {"self_described": 14, "plain": 5, "negation": 4, "peers_on_purpose": 3, "no_match": 5}
EMAIL_RE = re.compile(r"^[a-z0-9._+-]+@([a-z0-9-]+\.)+example\.(org|com|net)$")
ORCID_RE = re.compile(r"^0000-000\d-\d{4}-\d{3}[\dX]$")
SLACK_RE = re.compile(r"^U0HOLD\d{3}$")
NEED_KEYS = {"id", "need", "kind", "region", "relevant", "peers", "no_match", "category", "split"}
OPTIONAL_KEYS = {"closest", "requester", "excluded"}


def orcid_check_digit(base15: str) -> str:
    """ISO 7064 11,2 check character as used by ORCID."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def load_contacts(problems):
    text = CONTACTS.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#") or "fictional" not in lines[0].lower():
        problems.append("contacts.csv: first line must be a # comment saying the data is fictional")
    rows = list(csv.reader(lines[1:]))
    if not rows or rows[0] != HEADER:
        problems.append(f"contacts.csv: header must be {','.join(HEADER)}")
        return {}
    contacts = {}
    for n, row in enumerate(rows[1:], start=3):
        if len(row) != len(HEADER):
            problems.append(f"contacts.csv line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        r = dict(zip(HEADER, row))
        where = f"contacts.csv line {n} ({r['email']})"
        if not EMAIL_RE.match(r["email"]):
            problems.append(f"{where}: e-mail not under an example.org/.com/.net subdomain")
        if r["email"] in contacts:
            problems.append(f"{where}: duplicate e-mail")
        if r["kind"] not in KINDS:
            problems.append(f"{where}: invalid kind {r['kind']!r}")
        if r["region"] not in REGIONS:
            problems.append(f"{where}: invalid region {r['region']!r}")
        if not re.fullmatch(r"[A-Z]{2}", r["country"]):
            problems.append(f"{where}: country must be a two-letter ISO code")
        if r["consent"] not in ("yes", "no"):
            problems.append(f"{where}: consent must be yes or no")
        if r["slack_user_id"] and not SLACK_RE.match(r["slack_user_id"]):
            problems.append(f"{where}: slack_user_id should look like U0HOLD001")
        for field in ("name", "organization", "title", "expertise", "offering", "seeking", "languages"):
            if not r[field].strip():
                problems.append(f"{where}: empty {field}")
        if r["orcid"]:
            if r["kind"] != "researcher":
                problems.append(f"{where}: orcid given for a non-researcher")
            elif not ORCID_RE.match(r["orcid"]):
                problems.append(f"{where}: orcid does not match 0000-000X-XXXX-XXXX")
            else:
                digits = r["orcid"].replace("-", "")
                if orcid_check_digit(digits[:15]) == digits[15]:
                    problems.append(f"{where}: orcid has a VALID check digit; it must be deliberately wrong")
        elif r["kind"] == "researcher":
            problems.append(f"{where}: researcher without orcid")
        contacts[r["email"]] = r
    return contacts


def main() -> int:
    problems = []
    contacts = load_contacts(problems)

    needs = []
    for n, line in enumerate(NEEDS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            needs.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"match.jsonl line {n}: invalid JSON ({exc})")

    ids = Counter(d.get("id") for _, d in needs)
    for i, c in ids.items():
        if c > 1:
            problems.append(f"match.jsonl: id {i!r} used {c} times")

    def known(where, field, emails):
        for e in emails:
            if e not in contacts:
                problems.append(f"{where}: {field} e-mail {e} not in contacts.csv")

    for n, d in needs:
        where = f"match.jsonl line {n} ({d.get('id')})"
        missing = NEED_KEYS - d.keys()
        extra = d.keys() - NEED_KEYS - OPTIONAL_KEYS
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
            continue
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        if d["category"] not in CATEGORIES:
            problems.append(f"{where}: invalid category {d['category']!r}")
        if d["split"] not in ("tune", "test"):
            problems.append(f"{where}: split must be tune or test")
        if d["kind"] is not None and d["kind"] not in KINDS:
            problems.append(f"{where}: invalid kind filter {d['kind']!r}")
        if d["region"] is not None and d["region"] not in REGIONS:
            problems.append(f"{where}: invalid region filter {d['region']!r}")
        if not isinstance(d["need"], str) or not d["need"].strip():
            problems.append(f"{where}: empty need")

        rel, peers = d["relevant"], d["peers"]
        closest, excluded = d.get("closest", []), d.get("excluded", [])
        known(where, "relevant", rel)
        known(where, "peers", peers)
        known(where, "closest", closest)
        known(where, "excluded", excluded)
        for field, lst in (("relevant", rel), ("peers", peers), ("closest", closest), ("excluded", excluded)):
            if len(set(lst)) != len(lst):
                problems.append(f"{where}: duplicate e-mail in {field}")
        for e in rel:
            c = contacts.get(e)
            if c is None:
                continue
            if c["consent"] != "yes":
                problems.append(f"{where}: relevant {e} has consent {c['consent']}")
            if d["kind"] and c["kind"] != d["kind"]:
                problems.append(f"{where}: relevant {e} is {c['kind']}, filter says {d['kind']}")
            if d["region"] and c["region"] != d["region"]:
                problems.append(f"{where}: relevant {e} is in {c['region']}, filter says {d['region']}")
        for e in closest:
            if e in contacts and contacts[e]["consent"] != "yes":
                problems.append(f"{where}: closest {e} has consent no")
        if set(rel) & set(peers):
            problems.append(f"{where}: e-mails both relevant and peers: {sorted(set(rel) & set(peers))}")
        if set(rel) & set(excluded):
            problems.append(f"{where}: e-mails both relevant and excluded: {sorted(set(rel) & set(excluded))}")
        if d["no_match"]:
            if rel:
                problems.append(f"{where}: no_match need with relevant contacts")
            if d["category"] != "no_match":
                problems.append(f"{where}: no_match true but category {d['category']}")
        else:
            if not rel:
                problems.append(f"{where}: needs at least one relevant contact")
            if "closest" in d:
                problems.append(f"{where}: closest is only for no_match needs")
            if d["category"] == "no_match":
                problems.append(f"{where}: category no_match but no_match false")
        if d["category"] == "peers_on_purpose" and peers:
            problems.append(f"{where}: peers_on_purpose needs have relevant = the peers and peers = []")
        if "requester" in d:
            r = d["requester"]
            known(where, "requester", [r])
            if r in rel:
                problems.append(f"{where}: requester listed as relevant to itself")

    if problems:
        print("\n".join(problems))
        print(f"\n{len(problems)} problem(s)")
        return 1

    cats = Counter(d["category"] for _, d in needs)
    for cat, low in MINIMUM.items():
        if cats[cat] < low:
            problems.append(f"only {cats[cat]} {cat} needs, want at least {low}")
    if len(needs) < 34:
        problems.append(f"only {len(needs)} needs, want at least 34")
    if len(contacts) < 48:
        problems.append(f"only {len(contacts)} contacts, want at least 48")
    if sum(1 for _, d in needs if "requester" in d) < 4:
        problems.append("want at least 4 needs with a requester")
    kinds = {c["kind"] for c in contacts.values()}
    regions = {c["region"] for c in contacts.values()}
    if kinds != KINDS:
        problems.append(f"kinds not represented: {sorted(KINDS - kinds)}")
    if regions != REGIONS:
        problems.append(f"regions not represented: {sorted(REGIONS - regions)}")
    orgs = Counter(c["organization"] for c in contacts.values())
    if sum(1 for v in orgs.values() if v >= 3) < 2:
        problems.append("want several organisations with 3+ people")
    if problems:
        print("\n".join(problems))
        return 1

    no_consent = [c for c in contacts.values() if c["consent"] == "no"]
    slack = sum(1 for c in contacts.values() if c["slack_user_id"])
    print(f"contacts: {len(contacts)}  (consent no: {len(no_consent)}, with slack id: {slack}, "
          f"organisations with 3+ people: {sum(1 for v in orgs.values() if v >= 3)})")
    print(f"needs: {len(needs)}  (with requester: {sum(1 for _, d in needs if 'requester' in d)}, "
          f"with kind/region filter: {sum(1 for _, d in needs if d['kind'] or d['region'])})")
    split = Counter((d["category"], d["split"]) for _, d in needs)
    print(f"{'category':<18}{'tune':>6}{'test':>6}{'total':>7}")
    for cat in MINIMUM:
        print(f"{cat:<18}{split[(cat, 'tune')]:>6}{split[(cat, 'test')]:>6}{cats[cat]:>7}")
    print(f"{'all':<18}{sum(v for (c, s), v in split.items() if s == 'tune'):>6}"
          f"{sum(v for (c, s), v in split.items() if s == 'test'):>6}{len(needs):>7}")
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
