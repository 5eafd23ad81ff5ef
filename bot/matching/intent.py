"""Does a chat message ask for partners (matching) rather than for information (question answering)?"""

from __future__ import annotations

import re

_WHO = (r"partners?|collaborators?|hospitals?|clinics?|companies|company|start-?ups?|investors?|researchers?|"
        r"scientists?|experts?|people|persons?|someone|somebody|anyone|anybody|contacts?|labs?|laboratories|"
        r"universit(?:y|ies)|groups?|teams?|sites?|organi[sz]ations?|institutions?|CROs?|clinicians?|doctors?|"
        r"physicians?|mentors?|co-?founders?|funders?|vcs?")
# "need"/"want" count only when the writer needs someone ("we need a lab…"), not in "does the form need a letter
# from the lab?"; "find me as a partner" asks how to be found, which the documents answer.
_ASK = (r"find(?! (?:me|us) as)|finding|looking for|look for|search(?:ing)? for|seek(?:ing)?|"
        r"(?:i|we)(?:'d| would| really| still| also| urgently)? (?:need|want)|^(?:need|want)|recommend|suggest|"
        r"know(?:s)? (?:of )?(?:any|a|an|some)|match me|connect(?:ing)? me|introduce me|introduction to|"
        r"put me in touch|who (?:can|could|works?|does|is)|any(?:one|body) (?:who|working|doing|with)")
_REQUEST = re.compile(rf"\b(?:{_ASK})\b(?:\W+\w+){{0,6}}?\W+(?:{_WHO})\b", re.I)
_DIRECT = re.compile(r"\b(?:match me|connect me|introduce me|put me in touch)\b", re.I)


def looks_like_match_request(text: str) -> bool:
    """True for "find me a hospital in Denmark for a wearable ECG trial", false for "how long can I stay?"."""
    text = (text or "").strip()
    if not text or len(text) > 1500:
        return False
    return bool(_DIRECT.search(text) or _REQUEST.search(text))
