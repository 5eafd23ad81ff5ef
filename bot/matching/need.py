"""Reading a need as a person writes it: what is looked for, who is asking, and where.

"We are a Boston CAR-T manufacturer looking for a Danish hospital" names a requester (a company in
Massachusetts) and a target (a hospital in Denmark). Place and kind words become soft preferences;
only the explicit --kind/--region options are hard filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot import text_input
from bot.config import KINDS, REGIONS
from bot.errors import InvalidInput
from bot.matching import languages
from bot.matching.negation import FILLER, KIND_ALIASES, SYNONYMS, Exclusion, find_negations
from bot.matching.places import INSIDE, Place, find_places, place_only
from bot.matching.sentences import SELF, split_sides, trim
from bot.nordic import gloss_inline

MAX_NEED_CHARS = 1000
_I = re.IGNORECASE

# Agencies that are companies, not public bodies.
_COMPANY_AGENCIES = ("translation", "marketing", "staffing", "recruitment", "advertising", "travel", "creative", "media")
_NOT_WHO = (r"(?!\s+(?:benche?s?|space|spaces|facilit(?:y|ies)|equipment|exchanges?|mobility|programmes?|programs?|"
            r"visas?|stays?)\b)")
# "a swedish consumer dive tech AB", "danish ApS, 3 ppl": the legal form after a name or description says what the
# requester is (case kept: "as"); a target is not sought by its legal form.
_LEGAL_FORM = re.compile(r"(?<=[\w)] )(?:AB|ApS|A/S|Inc\.?|LLC|GmbH|Ltd\.?)(?=[\s,.;:!?)]|$)")
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:university hospitals?|hospitals?|clinics?|transplant(?:ation)? cent(?:re|er)s?|"
                # "ICU software", "our ICU study": what it is for, not an ICU
                r"(?:n?icus?|intensive care units?)(?!\s+(?:software|stud(?:y|ies)|data(?:sets?)?|trials?|registr(?:y|ies)|"
                r"monitoring|patients?|beds?|nurses?|workflows?|devices?))|(?:clinical|cardiology|radiology|oncology|neurology|"
                r"ha?ematology|hospital|medical|inpatient|outpatient|psychiatric|day-care) (?:departments?|depts?|units?|wards?)|"
                # "nuclear med depts", "a surgical dept": the speciality stays a topic word
                r"(?:(?<=medicine )|(?<=med )|(?<=surgical )|(?<=surgery )|(?<=pathology ))(?:departments?|depts?|units?|wards?))\b",
                _I), "hospital"),
    (re.compile(r"\b(?:investors?|investments?|venture capital|(?:venture |vc |investment )?funds?|vcs?|angels?|backers?)\b", _I), "investor"),
    # "manufacterer": the word as it is often typed too
    (re.compile(r"\b(?:compan(?:y|ies)|start-?ups?|firms?|shops?|manufac?t\w{0,3}?e?rers?|vendors?|suppliers?|industry partners?|"
                # "Consultant dermatologist" is a hospital doctor, not a consultancy.
                r"corporates?|consultan(?:cy|cies)|consulting|"
                # only "agency" is the kind: "not a translation agency" keeps "translation" to tell which companies
                r"(?:" + "|".join(rf"(?<={sort} )" for sort in _COMPANY_AGENCIES) + r")agenc(?:y|ies)|"
                r"consultants?(?!\s*(?:,|in\b|\w+(?:ologists?|iatrists?|icians?|eons?)\b))|"
                r"developers?|cdmos?|cros?|contract research organi[sz]ations?|"
                r"(?:co-?)?founders?|biotechs?(?=\s*(?:[,.;:!?+&/]|-based|$)|\s+(?:and|or|that|which|who|with|in|from)\b))\b", _I), "company"),
    # "a swedish consumer dive tech AB", "our ApS": the legal form after a name or description (case kept: "as")
    (_LEGAL_FORM, "company"),
    (re.compile(r"\b(?:universit(?:y|ies)|(?:technology|tech) transfer(?: offices?)?|ttos?|international offices?|"
                r"graduate schools?|colleges?)\b", _I), "university"),
    # "a wet lab bench", "the researcher exchange programme": a place to work or a scheme, not who is sought
    (re.compile(r"\b(?:(?:neuro|data )?scientists?|(?:researchers?|labs?|laborator(?:y|ies))" + _NOT_WHO +
                r"|research groups?|professors?|"
                r"academics?|postdocs?|clinicians?|\w+ologists?)\b", _I), "researcher"),
    (re.compile(r"\b(?:government(?:al)?|public (?:agenc(?:y|ies)|authorit(?:y|ies)|bodies|body|funding|funders?|sector)|"
                # a translation or staffing agency is a company
                + "".join(rf"(?<!{sort} )" for sort in _COMPANY_AGENCIES) +
                r"agenc(?:y|ies)|ministr(?:y|ies)|municipalit(?:y|ies))\b", _I), "public"),
    (re.compile(r"\b(?:ambassadors?|secretariat|liaison office)\b", _I), "staff"),
]

# Visitors to be hosted ("a visiting PhD student from Copenhagen") and the one to be helped ("help a Danish
# medtech company", "investment for a gene therapy startup") are on the requester's side, not the target.
_VISITOR = re.compile(
    r"\b(?:(?:visiting|incoming)\s+(?:[\w-]+\s+){0,2}?(?:students?|researchers?|scholars?|scientists?|postdocs?|fellows?)|"
    r"exchange\s+students?|(?:students?|scholars?|visitors?|postdocs?|fellows?|delegations?|trainees?)(?=\s+from\b))"
    r"(?:\s+from\s+(?:the\s+)?[\w\u00C0-\u024F-]+(?:\s+region)?)?", _I)
_KIND_NOUN = (r"(?:compan(?:y|ies)|start-?ups?|firms?|manufacturers?|labs?|hospitals?|clinics?|universit(?:y|ies)|"
              r"investors?|researchers?|scientists?|teams?|groups?|spin-?outs?|founders?|developers?|biotechs?|n?icus?)")
# "for a danish postdoc moving to a boston hospital", "for a danish academic haematology project": who is helped,
# with where they are going.
_HELPED_NOUN = (r"(?:" + _KIND_NOUN[3:-1] + r"|postdocs?|phd students?|students?|projects?|fellows?|clinicians?|"
                r"doctors?|nurses?|employees?|staff)")
_BENEFICIARY = re.compile(r"\b(?:help(?:s|ing)?|support(?:s|ing)?|advis(?:e|es|ing)|for)\s+((?:a|an|our|my)\s+"
                          r"(?:[\w'-]+\s+){0,5}?" + _HELPED_NOUN + r"(?:\s+(?:moving|relocating|going|coming|"
                          r"heading)\s+to\s+(?:a|an|the)?\s*(?:[\w'-]+\s+){0,3}?" + _KIND_NOUN + r")?)\b", _I)
_PEERS = re.compile(r"\b(?:peers?|like us|like ours|like me|like ourselves|similar (?:compan(?:y|ies)|organi[sz]ations?|"
                    r"labs?|groups?|startups?)|fellow \w+|counterparts?|others? in (?:the )?same|who else|"
                    # "other exoskeleton / exosuit cos here?", "other compression garment makers in the network?"
                    r"other\s+(?!than\b)(?:[\w'’/+-]+\s+){1,5}?(?:here|in (?:the|this|our) network))\b", _I)
# "other CDMOs, we're one ourselves" asks for peers; "no food companies please, we are one ourselves" rules them out.
_ONE_OURSELVES = re.compile(r"\b(?:we(?:'re|’re| are)|i(?:'m|’m| am)) (?:one|one of them|one too|also one)"
                            r"(?: ourselves| myself)?\b", _I)
# A target of several parts ("a formulation partner and respiratory clinicians"): a part naming no kind
# means the kind named by another part is not asked of everyone.
_CONJUNCTS = re.compile(r"\s*(?:\band\b|\bor\b|\bplus\b|&)\s*", _I)
# After a comma, a part is another one sought only when it opens like one ("a CRO, a hospital and ..."), or
# names a kind; otherwise it says more about the same ("zebrafish CRO in scandinavia, fee for service").
_COMMA = re.compile(r"\s*,\s*")
_SOUGHT = re.compile(r"^(?:an?|some|any|one|the|someone|somebody|people|partners?)\b", _I)
_DESTINATION = re.compile(r"\b(?:to|into|towards)\s+(?:the\s+)?[A-Z\u00C0-\u00DE][\w\u00C0-\u024F-]*(?:\s+[A-Z][\w-]*)?"
                          # "US medtech cos entering the nordics", "heading to the us": where they go, however typed
                          r"|(?i:\b(?:entering|heading (?:to|for|into)|expanding (?:to|into)|moving (?:to|into)|coming to)\s+"
                          r"(?:the\s+)?[\w\u00C0-\u024F-]+)")
# "other Skåne biotech startups", "other CDMOs": peers when the kind named is the requester's own.
# "other SCD / haemoglobinopathy centres": a slash or a plus joins the field's words.
_OTHERS = re.compile(r"\bother\s+(?!than\b)((?:[\w'’/+-]+\s+){0,5}?(?:" + _KIND_NOUN[3:-1] + r"|depts?|departments?|units?" +
                     r"|cdmos?|cros?|biotechs?|providers?|centres?|centers?|\w+ologists?))\b", _I)


# Sorts of a kind that people ask for by name, and the words a profile of that sort uses: asking for an angel
# network, a venture fund with an angel in its name is no fit, nor a hospital for a patient organisation.
SORTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "an angel investor": (re.compile(r"\bangels?\b(?!\s+(?:of|for)\b)", _I), re.compile(r"\bangels?\b", _I)),
    "a patient organisation": (
        re.compile(r"\bpatient (?:organi[sz]ations?|orgs?|associations?|groups?|networks?|advocacy groups?)\b", _I),
        re.compile(r"\bpatients?['’]? (?:associations?|organi[sz]ations?|networks?|advocacy|involvement|panels?|"
                   r"perspective)|\bPPI\b|patient(?:forening|förening|förbund)", _I)),
}


def find_sorts(text: str) -> frozenset[str]:
    return frozenset(name for name, (pattern, _) in SORTS.items() if pattern.search(text))


# "Danish biotechs that need antibody manufacturing": the clause says what the target seeks, which the
# requester offers; the target is "Danish biotechs".
_SEEKING_CLAUSE = re.compile(r"\s*,?\s+(?:that|who|which)\s+(?:(?:would|might|could|will|may)\s+)?(?:need|needs|seek|seeks|"
                             r"(?:is|are)\s+(?:looking|searching)\s+for|require|requires|want|wants)\s+(.+)$", _I)


@dataclass
class Need:
    text: str
    target: str
    requester: str = ""
    kinds: frozenset[str] = frozenset()
    places: tuple[Place, ...] = ()
    located: tuple[Place, ...] = ()  # where the target must be; not "a trip to Boston"
    place_only: bool = False  # "US only": a contact elsewhere is left out, not offered as a near match
    requester_kinds: frozenset[str] = frozenset()
    requester_places: tuple[Place, ...] = ()
    wants_peers: bool = False
    kinds_required: bool = True  # False when a part of the target names no kind ("a partner and clinicians")
    others: frozenset[str] = frozenset()  # kinds asked for as "other ...": peers if the requester is one
    other_unkinded: bool = False  # "other radiotherapy physics groups": peers, when the requester is known
    exclusions: tuple[Exclusion, ...] = ()
    sorts: frozenset[str] = frozenset()  # sorts of a kind asked for by name (SORTS), each required of a fit
    sorts_beside: frozenset[str] = frozenset()  # sorts asked as alternatives to the kind ("patient orgs or hospitals")
    languages: frozenset[str] = frozenset()  # language codes a fit must list ("Spanish-speaking")
    preferred_languages: frozenset[str] = frozenset()  # ranked first, not required ("incl. Arabic speakers")
    target_seeks: str = ""  # what the target itself looks for ("Which companies need scale-up?")
    words: list[str] = field(default_factory=list)
    target_query: str = ""  # the target without place words: what the embedding compares
    requester_query: str = ""

    @property
    def has_requester(self) -> bool:
        return bool(self.requester)


def validate_filters(kind: str | None, region: str | None) -> tuple[str | None, str | None]:
    """Explicit --kind/--region: normalised, or a clear message listing the valid values."""
    kind = kind.strip().lower() if kind and kind.strip() else None
    region = region.strip().lower() if region and region.strip() else None
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    if region is not None and region not in REGIONS:
        raise InvalidInput(f"unknown region {region!r}; valid regions: {', '.join(REGIONS)}")
    return kind, region


# A part that starts with a preposition once its places are blanked ("in skåne or cph for an app") says what
# for, not whom: it is no part of the target.
_PURPOSE = re.compile(r"^(?:for|to|with|in|at|from|on)\b", _I)


def _every_part_has_a_kind(scope: str) -> bool:
    pieces = _COMMA.split(find_places(scope)[1])
    pieces = [pieces[0]] + [p for p in pieces[1:] if _SOUGHT.match(p) or find_kinds(p) or _CONJUNCTS.search(p)]
    parts = [p for piece in pieces for p in _CONJUNCTS.split(piece)
             if len(re.findall(r"[^\W\d_]{3,}", p)) >= 2 and not _PURPOSE.match(p.strip())]
    # "patient orgs or hospitals": a sort named apart from the kind is another kind of target, not one of it.
    sort_apart = any(find_sorts(p) and not find_kinds(p) for piece in pieces for p in _CONJUNCTS.split(piece))
    return not any(find_kinds(scope)) or not sort_apart and (len(parts) < 2 or all(find_kinds(p) for p in parts))


# "industrial phd w/ a skåne univ - who do i talk to?": a kind after "with a" is whom the topic involves, not who asks.
_INVOLVED = re.compile(r"(?:\bwith|\bw/|\bfrom|\bat|\bfor|\bto|\bby)\s+(?:an?|the)\s+[^,.;:!?]*", _I)


def _names_own_kind(text: str) -> bool:
    return bool(find_kinds(_INVOLVED.sub(" ", text)))


def find_kinds(text: str) -> set[str]:
    return _kinds_in(text)[0]


_INVESTING = re.compile(r"\b(?:pre-?seed|seed|series [a-d]|early [a-d]|(?:funding |investment )?rounds?|tickets?|cap table|"
                        r"(?:foreign |smart )?money|raise|raising|valuations?|term sheets?)\b", _I)
_RAISING = re.compile(r"\b(?:pitch(?:ing)?(?:\s+to)?\s+for|(?:for|raise|raising|close|closing)\s+(?:our|my|a|the)\s+"
                      r"(?:pre-?seed|seed|series [a-d])(?!\s+grants?))\b", _I)
_OURS = re.compile(r"\b(?:our|my)\s+(?:[\w-]+\s+)?$", _I)


def _wanted_kinds(scope: str) -> set[str]:
    """Kinds the target names, but not the requester's own ("our investors want an EU supply chain")."""
    kinds: set[str] = set()
    for pattern, kind in _KINDS:
        if pattern is not _LEGAL_FORM and any(not _OURS.search(scope[: m.start()]) for m in pattern.finditer(scope)):
            kinds.add(kind)
    return kinds


def _kinds_in(text: str) -> tuple[set[str], str]:
    """Kinds named in the text, and the text with those words blanked out."""
    kinds: set[str] = set()
    for pattern, kind in _KINDS:
        for m in pattern.finditer(text):
            kinds.add(kind)
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return kinds, text


def _requester_side(target: str) -> tuple[str, list[str], str]:
    """The target without the phrases about the requester's side, those phrases, and who is helped."""
    scope, side, helped = target, [], ""
    for pattern in (_VISITOR, _BENEFICIARY):
        for m in pattern.finditer(target):
            phrase = m.group(0) if pattern is _VISITOR else m.group(1)
            helped = helped or (phrase if pattern is _BENEFICIARY else "")
            side.append(phrase)
            scope = scope[: m.start()] + " " * (m.end() - m.start()) + scope[m.end():]
    return scope, side, trim(helped)


# Words of chat read as the profiles write them: "our dx startup", "a skåne univ".
_CHAT_WORDS = {"dx": "diagnostics", "ivd": "in-vitro diagnostics", "univ": "university", "uni": "university",
               "unis": "universities"}
_CHAT = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(w) for w in _CHAT_WORDS) + r")(?![\w/-])", _I)
# "seed round for our dx startup in cph": the place of the requester's own organisation, not of the target.
_OWN_PLACE = re.compile(r"\b(?:our|my)\s+(?:[\w'-]+\s+){0,3}?" + _KIND_NOUN +
                        r"\s+(?:(?:based\s+)?in|from|at)\s+(?:the\s+)?[\w\u00C0-\u024F-]+(?:\s+area)?", _I)


def _chat(text: str) -> str:
    return _CHAT.sub(lambda m: _CHAT_WORDS[m.group(1).lower()], text)


def parse_need(text: str) -> Need:
    clean = _chat(gloss_inline(" ".join(text_input.clean(text).split())))
    if not text_input.has_words(clean):
        raise InvalidInput("Describe what you are looking for, e.g. \"a Danish hospital to run a CAR-T trial\".")
    if len(clean) > MAX_NEED_CHARS:
        raise InvalidInput(f"The description is too long ({len(clean)} characters); keep it under {MAX_NEED_CHARS}.")
    # "not outside scandinavia" says where, twice negated: in Scandinavia.
    negated, kept = find_negations(INSIDE.sub("in ", clean), names=_names_kind_or_place)
    sides = split_sides(" ".join(kept.split()), names_kind=_names_own_kind)
    requester, target, target_seeks = sides.requester, sides.target, sides.target_seeks
    clause = _SEEKING_CLAUSE.search(target)
    if clause and not target_seeks and clause.start() > 0:
        target, target_seeks = trim(target[: clause.start()]), trim(clause.group(1))
    scope, side, helped = _requester_side(target)
    requester = requester or helped
    own = []  # the scope is the target with the requester's phrases blanked, of the same length
    for m in _OWN_PLACE.finditer(target):
        own.append(m.group(0))
        scope = scope[: m.start()] + " " * (m.end() - m.start()) + scope[m.end():]
    requester_places: list[Place] = []
    for phrase in [requester, *side, *own]:
        requester_places += [p for p in find_places(phrase)[0] if p not in requester_places]
    without_places = find_places(languages.blank(target))[1]
    # Topic words: the whole target but its place, kind and language words ("host a visiting PhD student" counts).
    topic = _kinds_in(without_places)[1]
    spoken, preferred = languages.asked(target)
    if "investor" in _wanted_kinds(scope) or _RAISING.search(scope):
        # "seed / early A", "for our series A", "foreign money on the cap table" say what an investor is, not a field.
        topic = _RAISING.sub(" ", _INVESTING.sub(" ", topic))
    requester_kinds = frozenset(find_kinds(requester))
    other_phrases = [find_kinds(m.group(1)) for m in _OTHERS.finditer(clean)]
    others = frozenset().union(*other_phrases)
    wanted = frozenset(_wanted_kinds(scope))
    if not wanted and _RAISING.search(scope):  # "who should we pitch for our series A?": investors
        wanted = frozenset({"investor"})
    exclusions = _exclusions(negated, wanted)
    # A kind ruled out as a whole ("no investors please") is not asked for, whatever else mentions it.
    ruled_out = frozenset().union(*(e.kinds for e in exclusions if not (e.words or e.regions or e.countries
                                                                        or e.elsewhere or e.spelled_out or e.sorts)))
    every_part = _every_part_has_a_kind(scope)
    return Need(
        text=clean,
        target=target,
        requester=requester,
        kinds=wanted - ruled_out,
        places=tuple(find_places(scope)[0]),
        located=tuple(find_places(_DESTINATION.sub(" ", scope))[0]),
        place_only=place_only(scope),
        requester_kinds=requester_kinds,
        requester_places=tuple(requester_places),
        wants_peers=bool(_PEERS.search(clean)) or bool(_ONE_OURSELVES.search(clean) and not negated)
        or bool(others & requester_kinds),
        kinds_required=every_part,
        others=others,
        other_unkinded=any(not kinds for kinds in other_phrases),
        exclusions=exclusions,
        sorts=find_sorts(scope) if every_part else frozenset(),
        sorts_beside=frozenset() if every_part else find_sorts(scope),
        languages=spoken,
        preferred_languages=preferred,
        target_seeks=target_seeks,
        words=re.findall(r"[\w'-]+", topic.lower()),
        target_query=" ".join((topic if text_input.has_words(topic) else without_places).split()),
        requester_query=" ".join(find_places(SELF.sub("", requester))[1].split()),
    )


_ACADEMIC = re.compile(r"\bacademi(?:c|cs|a)\b", _I)


def _exclusion(phrase: str) -> Exclusion | None:
    """What a negated phrase rules out; None when it names nothing a profile could match."""
    places, rest = find_places(phrase)
    kinds, rest = _kinds_in(rest)
    spelled_out = tuple(text for w in phrase.split() for text in SYNONYMS.get(w.lower().strip(",.;:()"), ())
                        if not (places and w.lower().strip(",.;:()") in KIND_ALIASES))
    words = trim(" ".join(w for w in rest.split() if w.lower() not in FILLER and w.lower() not in SYNONYMS))
    if not (places or kinds or words or spelled_out):
        return None
    if _ACADEMIC.search(phrase):
        # "don't want an academic collab": universities and the researchers at one, whatever the noun after,
        # and whoever offers academic work ("academic collaboration on porcine models").
        kinds, words = {"university"}, ""
        return Exclusion(phrase=phrase, kinds=frozenset(kinds), or_said=("academic",))
    return Exclusion(phrase=phrase, kinds=frozenset(kinds),
                     regions=frozenset().union(*(p.regions for p in places)) - {"other"} if places else frozenset(),
                     countries=frozenset().union(*(p.countries for p in places if p.whole)) if places else frozenset(),
                     words=words, spelled_out=spelled_out,
                     elsewhere=frozenset().union(*(p.countries for p in places if p.regions == {"other"} and not p.whole)))


def _exclusions(phrases: list[str], wanted: frozenset[str]) -> tuple[Exclusion, ...]:
    """The exclusions of the negated phrases. One naming only a kind that is wanted ("Boston venture funds, not
    angel investors") rules out the sort its other words name (angels), not the whole kind."""
    out = []
    for phrase in phrases:
        exclusion = _exclusion(phrase)
        if exclusion is None:
            continue
        if sorts := find_sorts(phrase):  # "no angels": angel investors, not every investor
            out.append(replace(exclusion, sorts=sorts))
            continue
        if exclusion.kinds & wanted and not (exclusion.words or exclusion.regions or exclusion.countries
                                            or exclusion.elsewhere or exclusion.spelled_out):
            # "no investors please" says all of it: the kind is ruled out, though "VCs" stand elsewhere in the need.
            said = [w for w in phrase.split() if w.lower().strip(",.;:!") not in FILLER]
            sort = trim(" ".join(said[:-1]))
            if sort:
                exclusion = replace(exclusion, words=sort)
            elif len(said) == len(phrase.split()):
                continue  # a bare "investors" cut from "not investors who only do series B": too little to go on
        out.append(exclusion)
    return tuple(out)


def _names_kind_or_place(phrase: str) -> bool:
    places, rest = find_places(phrase)
    return bool(places or find_kinds(rest) or any(w.lower() in SYNONYMS for w in rest.split()))
