"""What kind of answer a question asks for, and whether a sentence holds one.

"When is the last day to apply?" asks for a deadline: a sentence with a date *and* closing
words ("Applications close on 15 March 2027") answers it; the course dates do not. The same
patterns pull the figures out of a sentence (`bot.qa.figures`), so two documents can be compared on them.
"""

from __future__ import annotations

import re

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
MONTHS = "(?:" + "|".join(MONTH_NAMES) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})
WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)"
_CURRENCY = r"(?:DKK|SEK|NOK|USD|EUR|GBP|US\$|\$|€|£|kr\.?)"

# What the question asks for. Order matters only for readability; a question may ask for several.
QUESTION_KINDS: dict[str, re.Pattern] = {
    "deadline": re.compile(
        r"\b(deadline|last day|latest|due date|cut-?off|closing date|close[sd]?|apply by|submit\w* by|frist|sista dag)\b"
        r"|\bwhen\b.*\b(apply|application|submit|submission|register|registration|sign up|enrol|enroll|pay|paid|payment|send|return|accept)\w*\b"
        r"|\bby when\b", re.I),
    "meeting": re.compile(r"\b(when|how often|what day|which day)\b.*\b(meet|meets|meeting|convene|convenes|gather)\b", re.I),
    "date": re.compile(r"\bwhen\b|\bwhat (date|day|time|year|month)\b|\bwhich (date|day|year|month)\b|\bhvornår\b|\bnär\b", re.I),
    "duration": re.compile(r"\bhow long\b|\bhow (fast|quickly|soon)\b|\bhow far (ahead|in advance)\b|\bhow (early|much notice)\b|\bwithin how\b|\bhow much time\b|\bduration\b|\bhow many (days|weeks|months|years)\b|\bhvor længe\b|\bhur länge\b|\bmaximum (stay|length|period)\b|\bminimum (stay|length|period)\b"
                          # "longest i can book the laser cutter in one go?"
                          r"|\b(longest|shortest)\b(\s+[\w'’-]+){0,4}\s+(book|booking|stay|rent|borrow|keep|loan|visit|period)\w*\b", re.I),
    "amount": re.compile(
        r"\bhow much\b|\bcost\w*\b|\bfees?\b|\bprice\w*\b|\bcharge[sd]?\b|\bamount\b|\bbudget\b|\ballowance\b|\bstipend\b"
        r"|\bsalary\b|\brate\b|\bper diem\b|\bfunding (per|of|up to)\b|\b(maximum|max|minimum) (funding|grant|award|amount)\b"
        r"|\b(maximum|max|minimum|min)\b(\s+[\w'’-]+){0,7}\s+(funding|grants?|award|amount|top-?up|allowance|reimbursement|prize|money)\b"
        r"|\bhow big\b|\bgrant size\b|\bhvor meget\b|\bhur mycket\b|\bworth\b|\bceiling\b|\bcap\b|\brent\b"
        # "what do companies pay per hour", "what does the lab charge"
        r"|\bwhat (do|does|did|will|would)\b(\s+[\w'’-]+){0,4}\s+(pay|charge|get paid|earn)\b"
        # "label-free quant per sample in usd?"
        r"|\bin (dkk|sek|usd|eur|nok|gbp|euros?|dollars|kroner|kronor)\s*\??\s*$",
        re.I),
    "count": re.compile(r"\bhow many\b(?! (days|weeks|months|years))|\bnumber of\b", re.I),
    "person": re.compile(r"^\s*who\b|\bwho (is|are|should|do|does|can|handles|leads|chairs|to contact)\b|\bwhom\b|\bcontact person\b|\bhvem\b|\bvem\b", re.I),
    "place": re.compile(r"^\s*where\b|\bwhere (is|are|can|do|does|should|will)\b|\bwhich (city|building|room|campus|address|location)\b|\bhvor (er|ligger)\b|\bvar (ligger|är)\b", re.I),
}
# At the start of the question or of its last sentence: "We're a company in Malmö with 400 staff. Can we book it?"
_AUX = r"(is|are|can|could|do|does|did|may|might|must|should|will|would|has|have|am|was|were|shall|kan|må|får|er|är|skal|ska)\b"
YES_NO = re.compile(rf"^\s*{_AUX}|(?:[.!?]|\s[-–—])\s+(?:(?:and|but|so|ok|okay|then)\s+)?{_AUX}(?=[^.!?]*\??\s*$)"
                    # "want to 3d print mouthpieces for our pilot study, that ok?"
                    r"|[,.;-]\s*(?:is\s+)?(?:that|it|this)\s+(?:ok|okay|fine|allowed|possible|alright|a problem)\s*\??\s*$", re.I)

# Words that say what kind of answer is wanted; they are satisfied by the kind of sentence, not by
# the passage repeating them ("how much does it cost?" is answered by "DKK 9,000 per sample").
ANSWER_WORDS = {
    "when", "much", "many", "long", "who", "whom", "where", "which", "what", "whether", "how", "why", "often",
    "exactly", "possible", "able", "maximum", "minimum", "max", "min", "limit", "highest", "lowest", "longest",
    "shortest", "largest", "biggest", "smallest", "latest", "earliest", "up",
    # the measure asked for, not the thing measured: "max size of a seed grant", "the amount of the prize"
    "size", "amount", "sum",
    # words of asking, not of the thing asked about
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "can", "may", "might", "must",
    "shall", "should", "will", "would", "could", "need", "needs",
    "do", "does", "did", "done", "doing", "make", "makes", "sure", "find", "know", "tell", "usually", "normally",
    "typically", "actually", "really", "please", "part", "want", "wants", "like", "get", "gets", "got",
    "someone", "somebody", "anyone", "anybody", "something", "anything", "thing", "things", "way", "ways", "kind",
    "sort", "type", "me", "my", "mine", "we", "us", "our", "you", "your", "i", "it", "its", "they", "them", "their",
    "she", "he", "her", "his", "him", "there", "here", "also", "still", "even", "just", "else", "other", "others",
    "any", "some", "all", "every", "each", "more", "most", "less", "least", "only", "ever", "yet", "already",
    "again", "go", "going", "come", "use", "used", "using", "give", "given", "available", "currently", "now",
    "today", "new", "current", "right", "ok", "okay", "hi", "hello", "thanks", "thank", "supposed", "allowed",
    "exist", "exists", "happen", "happens", "take", "takes", "behind", "about", "regarding", "concerning",
    "basically", "generally", "anyway", "guys", "folks", "ok", "hey",
    # chat English: contractions typed without (or with) the apostrophe, fillers, number words
    "im", "ive", "id", "whats", "wheres", "whos", "hows", "whens", "thats", "theres", "dont", "doesnt", "didnt",
    "cant", "wont", "isnt", "arent", "wasnt", "shouldnt", "wouldnt", "couldnt", "youre", "theyre", "lets",
    "won't", "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "shouldn't", "wouldn't", "couldn't",
    "i'm", "i've", "i'd", "what's", "where's", "who's", "how's", "that's", "there's", "you're", "they're", "let's",
    "moment", "far", "big", "altogether", "whenever", "wherever", "whatever", "soon", "ahead", "advance",
    "million", "millions", "thousand", "billion", "hundred",
    # reflexives and comparisons: "nominate myself", "the higher max", "one piece of equipment"
    "myself", "yourself", "ourselves", "themselves", "himself", "herself", "higher", "lower", "bigger", "smaller",
    "larger", "newer", "older", "anymore", "piece", "pieces", "too", "either",
    # "max amount for a travel grant?", "its due in march": the kind of answer, not its topic
    "amount", "amounts", "due",
    # "sessions do i get via quiet harbour", "anything extra i need": how it is asked, not what about
    "via", "thru", "extra", "additional", "these", "nowadays", "back", "off",
}

DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\b|\b{MONTHS}\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    rf"|\b{MONTHS}\s+\d{{4}}\b|\b{WEEKDAYS}\b|\b(first|second|third|fourth|last)\s+{WEEKDAYS}\b"
    rf"|\b(first|last|final)\s+(banking|working|business|calendar)?\s*day\b|\bday of (each|the|every) month\b"
    rf"|\b\d{{1,2}}(st|nd|rd|th) of (the|each|every) month\b"
    rf"|\bwithin (\d+|{NUMBER_WORDS}) (days?|weeks?|months?|years?)\b"
    # "until 10 working days before it starts": the number is part of the date, so 10 and five differ
    rf"|\b(?:(\d+|{NUMBER_WORDS})\s+(working |business |calendar )?)?(days?|weeks?|months?) (before|after)\b"
    # "expected to start in the first half of 2028", "by the end of 2026", "in Q3 2027", "in spring 2027"
    rf"|\b(first|second) half of (19|20)\d\d\b|\b(early|mid|late)[- ](19|20)\d\d\b|\bQ[1-4] (19|20)\d\d\b"
    rf"|\b(end|beginning|start|middle) of (19|20)\d\d\b|\b(spring|summer|autumn|fall|winter) (of )?(19|20)\d\d\b", re.I)
_DEADLINE_WORDS = re.compile(
    r"\b(deadline|clos(e|es|ed|ing)|no later than|submit\w*|due|last day|cut-?off|apply (by|before)|before|until|by \d|"
    r"must (be )?(received|submitted|paid)|accepted until|open until|register by|extended to|postponed to|moved to|"
    r"registration|applications?|by the \d{1,2}(st|nd|rd|th)|must (now )?reach|within (\d+|one|two|three|four|five|six|ten|fourteen|thirty) (working |business )?(days?|weeks?|months?))\b", re.I)
_MEETING_WORDS = re.compile(r"\b(meet|meets|met|meeting|meetings|convene\w*|gathers?|sessions? (are|is) held)\b", re.I)
_RECURRENCE = re.compile(rf"\b{WEEKDAYS}\b|\b(every|each|monthly|weekly|quarterly|annually|twice|once)\b|\bquarter\b|\b{MONTHS}\b", re.I)
DURATION = re.compile(rf"\b(\d+|{NUMBER_WORDS})(\s*(?:to|-|–|and)\s*(\d+|{NUMBER_WORDS}))?\s*(working |business |calendar |full |consecutive )?(days?|weeks?|months?|years?|semesters?|nights?|hours?)\b", re.I)
AMOUNT = re.compile(
    rf"{_CURRENCY}\s?\d[\d,.\s]*\d|{_CURRENCY}\s?\d|\b\d[\d,.]*\s?(?:{_CURRENCY}|kroner|kronor|dollars|euros?)(?![a-z])|\b\d+(?:[.,]\d+)?\s?(%|percent\b|per cent\b)|\bfree of charge\b|\bno (fee|charge|cost)\b",
    re.I)
# "25 TB of storage", "300,000 core hours", "40 m²": how much of something measured.
_QUANTITY = re.compile(r"\b\d[\d,.]*\s?(?:TB|GB|MB|PB|kg|mg|ml|km|m²|m2|square met(?:re|er)s|core hours|GPU hours)\b")
# "a meeting of 45 minutes": a period, though rarely the one a "how long" question is after.
_MINUTES = re.compile(r"\b\d+[\s-]*(minutes?|mins?)\b", re.I)  # "a 25-minute interview"
# "How long can a feature article be?": a length in words or pages answers it too.
_LENGTH = re.compile(r"\b\d[\d,]*[\s-]*(words?|pages?|characters?|slides?)\b", re.I)
_MONEY = re.compile(rf"{_CURRENCY}\s?\d|\b\d[\d,.]*\s?(?:{_CURRENCY}|kroner|kronor|dollars|euros?)(?![a-z])|\bfree of charge\b|\bno (fee|charge|cost)\b", re.I)
CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
# A whole number as written ("28", "200,000"), not a year, nor part of a decimal, a time or a reference.
WHOLE_NUMBER = re.compile(r"(?<![\w.,:-])(?!(?:19|20)\d\d\b)(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w-]|[.,:]\d)")
# A number that counts something: not a year ("2027"), nor part of a reference ("BPF-2027-01") or a date.
_COUNT = re.compile(rf"(?<![\w-])(?!(?:19|20)\d\d\b)\d+(?![\w-])|\b{NUMBER_WORDS}\b", re.I)
_PERSON = re.compile(
    r"\b(Dr|Prof|Professor|Mr|Ms|Mrs)\.?\s+[A-Z]|\b[A-Z][a-zæøåäöé]+\s+[A-Z][a-zæøåäöé]+(?:-[A-Z][a-zæøåäöé]+)?\b"
    r"|\b(coordinator|officer|secretariat|committee|chair|director|manager|office|team|desk|ambassador|contact)\b")
_TITLED = re.compile(r"\b(Dr|Prof|Professor|Mr|Ms|Mrs)\.?\s+[A-Z]")
_NAME = re.compile(r"\b[A-Z][a-zæøåäöé]+\s+[A-Z][a-zæøåäöé]+(?:-[A-Z][a-zæøåäöé]+)?\b")
_ROLE = re.compile(r"\b(coordinator|officer|chair|director|manager|lead|leader|head|instructor|teacher|contact|secretary|"
                   r"editor|host|organiser|organizer|supervisor|administrator|responsible|expert|specialist|adviser|"
                   r"advisor|mentor|technician|statistician|librarian|led by|run by|headed by)\b", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+")
# A named place ("at the Glasshuset conference centre in Malmö": the capital letter counts, though the rest is
# read case-blind), a web or e-mail address, or where something is filed ("to the shared equipment register").
_PLACE = re.compile(r"https?://|\bwww\.|\b[\w.+-]+@[\w-]+\.[\w.]+|\b(at|in|on)\s+(the\s+)?(?-i:[A-Z])[\w'’-]+|"
                    r"\b(building|room|campus|street|road|floor|address|office|hall|centre|center|venue)\b|"
                    r"\b(to|in|on|via|through)\s+(the|our|a|an)\s+([\w-]+\s+){0,3}?"
                    r"(register|portal|platform|website|web page|folder|drive|mailbox|inbox|system)\b", re.I)
_RULE = re.compile(
    r"\b(not|no|only|must|(?<!\d )may(?! \d)|can|cannot|can't|eligible|ineligible|allowed|permitted|required|requires?|excluded|"
    r"includes?|covers?|does not|do not|are welcome|is open to|are open to|need to|needs to|have to|has to|should|"
    r"mandatory|optional|forbidden|prohibited)\b", re.I)


def asked_kinds(question: str) -> set[str]:
    kinds = {kind for kind, pattern in QUESTION_KINDS.items() if pattern.search(question)}
    if "date" in kinds and _WHEN_CLAUSE.search(question) and not _DATE_ASKED.search(question):
        kinds.discard("date")  # "what share do inventors get when the invention is owned by a company?"
    if kinds & {"deadline", "meeting"}:
        kinds.discard("date")  # the more particular kind decides what a fitting sentence holds
    if kinds & {"deadline", "meeting", "date"} and re.search(r"\bwhen\b|\bwhat date\b", question, re.I):
        kinds.discard("amount")  # "when do I pay the fee?" asks for a date, not an amount
    if "amount" in kinds and not re.search(r"\bhow much\b", question, re.I) and \
            re.search(r"\b(cover|covers|include|includes|spent on|spend on|used for|use it for|paid for|pay for|attach|"
                      r"attached|enclose|fill in|fill out)\b", question, re.I):
        kinds.discard("amount")  # "what is the per diem supposed to cover?" asks what, not how much
    if re.search(r"\bhow much (time|work|effort|study|studying|reading|homework|preparation)\b", question, re.I):
        kinds = (kinds - {"amount"}) | {"duration"}  # "how much work is expected per week?" asks for hours
    if "duration" in kinds:
        kinds -= {"count", "amount"}  # "how long can I rent it?" asks for a period, not the rent
    if YES_NO.search(question) and not kinds & {"person", "place"}:
        kinds.add("yes_no")
        # "can I do a 7 week observership?": the rule that decides it states a period; two documents can
        # disagree on that period like on any other.
        if _ASKED_PERIOD.search(question):
            kinds.add("duration")
        # "I'm submitting on feb 10 - is that too late?": the rule that decides it states the deadline.
        if DATE.search(question) and re.search(r"\b(late|deadline|in time|still|too early|early enough)\b", question, re.I):
            kinds.add("deadline")
    return kinds


# "when" opening a clause of a question that asks something else, not "when" asked ("and when?", "by when").
_WHEN_CLAUSE = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(what|which|who|whom|how|where|why|is|are|can|could|do|does|"
                          r"will|would|should|may|must)\b.*\w\s+when\s+\w", re.I)
_DATE_ASKED = re.compile(r"\b(what|which) (date|day|time|year|month)\b|\b(and|by|since|until|till) when\b|"
                         r"\bwhen\s*(\?|$)|\bhvornår\b|\bnär\b", re.I)
_ASKED_PERIOD = re.compile(rf"\b(\d+|{NUMBER_WORDS})[\s-]*(days?|weeks?|months?|years?)\b(?! ago)", re.I)


def sentence_fits(sentence: str, kind: str) -> float:
    """How well a sentence holds an answer of this kind: 1 a direct one, 0.5 a partial one, 0 none."""
    if kind == "deadline":
        has_date = bool(DATE.search(sentence))
        if has_date:
            return 1.0 if _DEADLINE_WORDS.search(sentence) else 0.3
        # "what's the latest a session can start?": the time of the last one
        return 0.5 if CLOCK.search(sentence) and re.search(r"\b(last|latest|final)\b", sentence, re.I) else 0.0
    if kind == "meeting":
        meets = bool(_MEETING_WORDS.search(sentence))
        return 1.0 if meets and _RECURRENCE.search(sentence) else (0.4 if meets else 0.0)
    if kind == "date":
        if DATE.search(sentence):
            return 1.0
        # "They start at 15:00 Copenhagen time": the time of day, for "what time…?" and part of "when…?"
        return 0.6 if CLOCK.search(sentence) else (0.3 if re.search(r"\b(19|20)\d\d\b", sentence) else 0.0)
    if kind == "duration":
        return 1.0 if DURATION.search(sentence) else (0.5 if _MINUTES.search(sentence) or _LENGTH.search(sentence) else 0.0)
    if kind == "amount":
        if _MONEY.search(sentence):
            return 1.0
        if AMOUNT.search(sentence):
            return 0.6
        return 0.5 if _QUANTITY.search(sentence) else (0.3 if _COUNT.search(sentence) else 0.0)
    if kind == "count":
        return 1.0 if _COUNT.search(sentence) else 0.0
    if kind == "person":
        # A person named as one ("Dr. Aino Rasmussen", a name with a role or an e-mail address) answers "who";
        # two capitalised words alone may be a programme ("The Clinical Data Science Bootcamp teaches nurses").
        if not _PERSON.search(sentence):
            return 0.0
        titled = _TITLED.search(sentence)
        named = _NAME.search(sentence)
        return 1.0 if titled or (named and (_ROLE.search(sentence) or _EMAIL.search(sentence))) else 0.6
    if kind == "place":
        return 1.0 if _PLACE.search(sentence) else 0.0
    if kind == "yes_no":
        return 1.0 if _RULE.search(sentence) else 0.0
    return 0.0


# "Module 3 has been moved to 7-9 June", "so that passengers reach Lund before 08:00": a change of date or a
# time of arrival, not a deadline.
_NOT_A_DEADLINE = re.compile(r"\b(moved|postponed|brought forward|rescheduled) to\b|\bbefore \d{1,2}[:.]\d\d\b", re.I)


# "apply at least 10 weeks before the visit": a period of notice, not how long the visit lasts.
_LEAD_TIME = re.compile(rf"\b(\d+|{NUMBER_WORDS})(\s*(?:to|-|–)\s*(\d+|{NUMBER_WORDS}))?\s*(working |business |calendar )?"
                        r"(days?|weeks?|months?|hours?)\s+(?:(?:before|ahead of|prior to)\s+(?:the|a|an|your|each|every|its|you|we|our|(?:they|it)\s+(?:start|begin|open|"
                        r"take place|leave|arrive)s?)\b"
                        r"|in advance\b|ahead\b)", re.I)
_ASKS_LEAD_TIME = re.compile(r"\bhow (far|early|soon|late|much notice|much time|many \w+ (before|ahead|in advance))\b|"
                             r"\b(before|ahead|in advance|notice|beforehand|deadline|latest|earliest|by when)\b", re.I)


# "how long is one counselling session?", "how long does the interview last?": the length of a thing, which a
# waiting time ("offered a session within five working days") does not answer.
_ASKS_LENGTH = re.compile(r"\bhow long (?:is|are|was|were)\s+(?:a|an|one|the|each|my|our)\b|\bhow long do(?:es)?\b.*\blast\b|"
                          r"\blength of\b", re.I)
_WAIT = re.compile(rf"\bwithin\s+(\d+|{NUMBER_WORDS})(\s*(?:to|-|–)\s*(\d+|{NUMBER_WORDS}))?\s*(working |business |calendar )?"
                   r"(days?|weeks?|months?|hours?)\b", re.I)


def only_lead_times(sentence: str, question: str) -> bool:
    """Whether every period the sentence states is a period of notice (or, for a question asking how long a thing
    lasts, a waiting time), which a question asking how long something lasts is not answered by."""
    if _ASKS_LEAD_TIME.search(question):
        return False
    periods = len(DURATION.findall(sentence))
    notice = len(_LEAD_TIME.findall(sentence))
    if _ASKS_LENGTH.search(question):
        notice += len(_WAIT.findall(sentence))
    return periods > 0 and notice >= periods


def date_role(sentence: str) -> str:
    """A date sentence states a deadline or the time of an event; two of different roles never disagree."""
    return "deadline" if _DEADLINE_WORDS.search(_NOT_A_DEADLINE.sub(" ", sentence)) else "event"


# "How many projects were funded last year?", "who won in 2026?": what happened, not what the rules are.
# Calls, guides and FAQs rarely say; a sentence that does speaks of the past or of a time.
_ASKS_HISTORY = re.compile(
    r"\b(so far|to date|until now|up to now|last year'?s?|previous (years?|rounds?)|past years?|won(?!['’]t)|came|"
    r"(were|was|have been|has been) (funded|given( out)?|awarded|selected|enrolled|accepted|approved|helped)|helped)\b"
    r"|\bdid\b.*\bget\b", re.I)
_TELLS_HISTORY = re.compile(
    r"\b(so far|to date|until now|last year|this year|since|previous|(19|20)\d\d|was|were|has been|have been|had|won|"
    r"awarded|funded|received|enrolled|helped|attended|came)\b", re.I)


def asks_history(question: str) -> bool:
    return bool(_ASKS_HISTORY.search(question))


def tells_history(sentence: str, question: str = "") -> bool:
    """Whether the sentence tells what happened; a year counts only as one the question asks about, if it asks
    about one ("who won in 2026?" is not answered by "the ceremony is on 10 June 2027")."""
    asked_years = set(re.findall(r"\b(?:19|20)\d\d\b", question))
    for m in _TELLS_HISTORY.finditer(sentence):
        word = m.group(0)
        if not re.fullmatch(r"(19|20)\d\d", word):
            return True
        # A year to come tells nothing that happened ("the 2027 round offers eight" for "the previous round").
        if (word in asked_years if asked_years else int(word) <= this_year()):
            return True
    return False


def this_year() -> int:
    import datetime

    return datetime.date.today().year
