"""People named in documents, and the roles they hold: who holds a role changes like a fee does."""

from __future__ import annotations

import re

# A person's name as documents write it: two or three capitalised words, none of them a word of an
# organisation, a place or a title ("Ylva Hedenstam", "Rasmus Kjærgaard"; not "Linnevik University").
_NAME = re.compile(r"(?<![\w-])[A-ZÆØÅÄÖÉ][a-zæøåäöéüß]+(?:[ -][A-ZÆØÅÄÖÉ][a-zæøåäöéüß]+){1,2}(?![\w-])")
_NOT_PERSONAL = frozenset("""university universitet hospital hospitals institute institution college school
centre center park campus region regional council office desk secretariat programme program foundation fund
agency authority board committee department clinic laboratory lab labs service services studio unit group
house hall building street road wharf square avenue the a an of and in at for from with to on by this these
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december new old science sciences medical medicine health life north south east west
danish swedish american boston copenhagen lund malmö massachusetts denmark sweden zealand skåne øresund
cambridge roskilde worcester helsingborg bio biotech pharma therapeutics diagnostics""".split())
_TITLES = frozenset({"professor", "prof", "dr", "doctor", "mr", "ms", "mrs"})
_NAME_REPLACED = re.compile(r"\b(?:from|replac(?:es|ing)|succeed(?:s|ing)|instead of|previously|formerly|after)\s+$")
_NAME_LEAVING = re.compile(r"^,?\s+(?:(?:has|have)\s+(?:moved|left|retired|stepped down)|is leaving|leaves|retires|will leave)\b")


def person_names(sentence: str, *, stale: bool = False) -> set[str]:
    """The people a sentence names ("p:ylva hedenstam"); with `stale`, only those it names as replaced
    ("takes over from Ylva Hedenstam")."""
    found: set[str] = set()
    for m in _NAME.finditer(sentence):
        name = m.group(0)
        words = re.split(r"[ -]", name.lower())
        if words[0] in _TITLES and len(words) > 2:  # "Professor Tomas Hjelm" is Tomas Hjelm
            name, words = name.split(" ", 1)[1], words[1:]
        if any(w in _NOT_PERSONAL for w in words):
            continue
        replaced = bool(_NAME_REPLACED.search(sentence[max(0, m.start() - 24):m.start()])
                        or _NAME_LEAVING.search(sentence[m.end():m.end() + 30]))
        if replaced == stale:
            found.add("p:" + name.lower())
    return found


# The roles people hold, each as the words that name it: two sentences naming different people disagree
# only when they name them for the same role ("coordinator", not "led by" and "coordinator").
_ROLES = {
    "coordinator": r"co-?ordinat\w*", "director": r"(?:co-)?direct(?:or|ors|s)", "chair": r"chair\w*",
    "lead": r"lead|leads|led|leader|head|heads", "manager": r"manag(?:er|ers|es)", "officer": r"officers?",
    "contact": r"contact(?: person)?", "organiser": r"organi[sz](?:er|ers|es)", "producer": r"produc(?:er|ers)",
    "host": r"hosts?|hosted", "editor": r"editors?", "administrator": r"administrators?", "secretary": r"secretary",
    "runs": r"runs|run by", "supervisor": r"supervis(?:or|ors|es)", "mentor": r"mentors?",
}
_ROLE_PATTERNS = {role: re.compile(rf"\b(?:{words})\b", re.I) for role, words in _ROLES.items()}


def person_roles(sentence: str) -> set[str]:
    return {role for role, pattern in _ROLE_PATTERNS.items() if pattern.search(sentence)}
