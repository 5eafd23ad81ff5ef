"""The keyword index's reading of words the documents never use."""

from bot.kb.keyword import KeywordIndex


def index(*texts: str) -> KeywordIndex:
    built = KeywordIndex()
    built.build(list(texts))
    return built


def test_a_misspelt_word_maps_to_the_indexed_stem_it_is_one_slip_from():
    kw = index("Guest accommodation for visiting researchers", "Fill in the questionnaire before the course")
    assert kw.known_spelling(kw.stem("accomodation")) == kw.stem("accommodation")
    assert kw.known_spelling(kw.stem("questonaire")) == kw.stem("questionnaire")  # two slips in a long word


def test_short_words_and_words_of_other_beginnings_are_not_guessed():
    kw = index("The parking garage and the bench fee", "Hotel costs up to a ceiling per night")
    assert kw.known_spelling("cap") is None  # too short to tell a slip from another word
    assert kw.known_spelling(kw.stem("marking")) is None  # one letter from "parking", but not the same word
    assert kw.known_spelling(kw.stem("dental")) is None


def test_rebuilding_forgets_the_old_vocabulary():
    kw = index("accommodation")
    assert kw.known_spelling(kw.stem("accomodation"))
    kw.build(["something else entirely"])
    assert kw.known_spelling(kw.stem("accomodation")) is None


def test_among_equally_close_stems_the_choice_does_not_depend_on_hashing():
    # "weight" is one slip from "weigh" and from "height"; only a word of the same first letter is a slip.
    first = index("The box may weigh at most 25 kg.", "The height of the cabinet is 2 m.")
    second = index("The height of the cabinet is 2 m.", "The box may weigh at most 25 kg.")
    assert first.known_spelling("weight") == second.known_spelling("weight") == first.stem("weigh")


def test_a_compound_is_read_by_a_known_word_it_ends_with_but_not_by_a_short_tail():
    kw = index("Radioactive isotopes are stored in the hot lab", "Posters are printed on paper, one plate at a time")
    assert kw.known_part("radioisotopes") == kw.stem("isotopes")
    assert kw.known_part("template") is None  # no kind of plate
    assert kw.known_part("microgrant") is None and index("a small grant").known_part("microgrant") == kw.stem("grant")
