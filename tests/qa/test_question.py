"""Reading a question: which of its words make it this question."""

from bot.kb.keyword import KeywordIndex
from bot.qa.answer_types import asked_kinds
from bot.qa.question import analyse


def keyword(*texts: str) -> KeywordIndex:
    kw = KeywordIndex()
    kw.build(list(texts))
    return kw


KW = keyword("The secretariat does not arrange accommodation for grant holders.",
             "More information about the webinar follows.", "Prices include VAT.", "Bench fees per month.")


def key_words(question: str) -> set[str]:
    return {t.word.lower() for t in analyse(question, keyword=KW).key_terms}


def test_a_word_the_documents_never_use_is_key():
    assert "parking" in key_words("How much is parking at the host lab?")


def test_a_misspelt_word_of_the_documents_is_not_a_new_topic():
    profile = analyse("Does the secretariat arrange accomodation?", keyword=KW)
    term = next(t for t in profile.terms if t.word == "accomodation")
    assert term.known and not term.key and term.stem == KW.stem("accommodation")


def test_clipped_chat_words_are_read_in_full():
    assert key_words("any info on the webinar?") == set()
    assert "incl" not in key_words("are bench fees incl VAT?")


def test_how_fast_and_how_quickly_ask_for_a_duration():
    for question in ("How fast are decisions made?", "how quickly does the committee decide", "how soon will I hear?"):
        assert "duration" in asked_kinds(question), question


def test_a_place_typed_in_lower_case_is_a_name_only_its_own_word_covers():
    profile = analyse("what is the daily allowance in stockholm?", keyword=KW)
    place = next(t for t in profile.terms if t.word == "stockholm")
    assert place.key and place.literal
    york = [t for t in analyse("the top-up for a stay in new york?", keyword=KW).terms if t.word == "york"]
    assert york and york[0].literal
    assert not any(t.literal for t in analyse("what does the bench fee cover?", keyword=KW).terms)


def test_chat_contractions_and_fillers_are_not_topics():
    # "im" and "won't" are how people type; "at the moment" and "how big" say nothing about the topic.
    assert key_words("im new here, whats the bench fee") == set()
    assert key_words("what won't the secretariat arrange") == set()
    assert key_words("how big are bench fees at the moment") == set()


def test_a_compound_ending_in_a_word_of_the_documents_is_not_a_new_topic():
    kw = keyword("Visiting researchers may not handle radioactive isotopes.", "Bench fees per month.")
    term = next(t for t in analyse("can i work with radioisotopes?", keyword=kw).terms if t.word == "radioisotopes")
    assert term.known and not term.key


def test_a_continent_is_a_name_only_the_word_itself_covers():
    profile = analyse("max travel grant to a conference in asia", keyword=KW)
    term = next(t for t in profile.terms if t.word == "asia")
    assert term.key and term.literal
    assert "amount" in asked_kinds("max conference travel grant for flying to the us?")
    assert "amount" in asked_kinds("how big is the travel lump sum")


def test_a_nationality_is_a_place_name_not_a_word_of_like_meaning():
    from bot.qa.coverage import region_in

    term = next(t for t in analyse("whats a B+ in the norwegian grading scale", keyword=KW).terms if t.word == "norwegian")
    assert term.key and term.literal
    assert region_in("norwegian", "grades in Norway") and not region_in("norwegian", "the Danish 7-point scale")


def test_comparisons_reflexives_and_currency_words_are_not_topics():
    kw = keyword("A micro-grant is up to DKK 15,000; the maximum for a school visit is DKK 6,000.",
                 "Nominations are made by a head of department.", "The family allowance is paid per child.")

    def keys(question: str) -> set[str]:
        return {t.word.lower() for t in analyse(question, keyword=kw).key_terms}

    assert keys("is the microgrant cap still 15k kr?") == set()  # "cap": the documents say "maximum"
    assert keys("when does the higher max apply?") == set()
    assert keys("can i nominate myself?") == set()
    assert keys("is the allowance paid per child too?") == set()  # "too" is a filler
    assert "parking" in keys("is there a cap on parking?")  # an unknown thing is still key


def test_a_thing_the_documents_never_name_stays_key_though_a_loose_equivalent_is_there():
    kw = keyword("Partners in the Øresund Region and Massachusetts apply together.", "A seed grant is DKK 250,000.")
    keys = {t.word.lower() for t in analyse("what is the family allowance per child?", keyword=kw).key_terms}
    assert "child" in keys  # "partner" may cover a passage about spouses, not a word the documents never use


def test_an_irregular_past_form_says_how_not_what():
    assert "ran" not in key_words("our bench fee certificate ran out last week, is there a grace period?")
    assert "parking" in key_words("the parking ran out, what now?")


def test_a_yes_no_question_naming_a_period_asks_for_the_rule_that_states_one():
    assert {"yes_no", "duration"} <= asked_kinds("can I do a 7 week observership?")
    assert {"yes_no", "duration"} <= asked_kinds("do i still get two months after my exchange to send the report?")
    assert "duration" not in asked_kinds("is a postdoc 4 years ago still eligible?")
    assert asked_kinds("can master's students apply?") == {"yes_no"}


def test_questions_about_what_happened_and_sentences_that_tell_it():
    from bot.qa.answer_types import asks_history, tells_history

    assert asks_history("how many patients have been enrolled so far?")
    assert asks_history("who won the award last year?")
    assert not asks_history("what won't the ambassador help us with?")
    assert not asks_history("how many places are there?")
    assert tells_history("In 2025 the fund paid for 37 articles.")
    assert not tells_history("Each project can apply for up to DKK 50,000.")


def test_a_pronoun_with_its_verb_says_who_asks_not_what_about():
    assert key_words("We're grant holders - does the secretariat arrange accommodation?") == set()
    assert key_words("I'm a grant holder - what's the bench fee per month?") == set()
    assert "parking" in key_words("We've got a car, how much is parking?")


def test_when_opening_a_clause_does_not_make_a_question_ask_for_a_date():
    assert "date" not in asked_kinds("what share do inventors get when the invention is owned by a company?")
    assert "date" in asked_kinds("When does the project start?")
    assert "date" in asked_kinds("who do I contact, and when?")
    assert "date" in asked_kinds("what time do the grand rounds start?")


def test_a_yes_no_question_may_follow_a_sentence_that_says_who_asks():
    assert "yes_no" in asked_kinds("We're a medtech company in Malmö with 400 staff. Can we book the desk?")
    assert "yes_no" in asked_kinds("I booked a room for Friday - can I still cancel")
    assert "yes_no" not in asked_kinds("The fee. What is it?")


def test_a_year_tells_what_happened_only_when_it_is_the_year_asked_about():
    from bot.qa.answer_types import tells_history

    assert tells_history("In 2026 the award went to the sepsis team.", "who won in 2026?")
    assert not tells_history("Nominations close on 26 March 2027.", "who won in 2026?")
    assert tells_history("Nominations closed on 26 March 2025.", "how many were funded so far?")  # no year asked


def test_chat_fillers_and_clipped_months_are_no_topics():
    kw = keyword("Rejected applications can be resubmitted until 31 March.", "The committee meeting is in January.")
    assert {t.word.lower() for t in analyse("rejected only bc of the old rules, until when can i resubmit pls",
                                            keyword=kw).key_terms} <= {"old", "rules"}
    profile = analyse("when is the next mtg after the jan one?", keyword=kw)
    assert {t.stem for t in profile.terms} >= {kw.stem("meeting"), kw.stem("january")}


def test_a_year_still_to_come_tells_nothing_that_happened():
    from bot.qa.answer_types import this_year, tells_history

    assert not tells_history(f"The {this_year() + 1} round offers eight fellowships.", "how many got it in the previous round?")
    assert tells_history(f"In {this_year() - 1} six fellows were chosen.", "how many got it in the previous round?")


def test_words_that_place_or_add_are_no_topics():
    assert "ago" not in key_words("we're a startup founded 2 years ago, what bench fees apply?")
    assert key_words("what do i need besides the accommodation?") == set()


def test_what_someone_pays_or_charges_asks_for_an_amount():
    assert "amount" in asked_kinds("what do companies pay per hour at the biostat clinic?")
    assert "amount" in asked_kinds("what does the test lab charge for an EMC test")
    assert "amount" not in asked_kinds("who pays for the flights?")


def test_how_much_time_or_work_asks_for_a_duration_not_an_amount():
    kinds = asked_kinds("how much work outside the sessions is expected per week in the bootcamp")
    assert "duration" in kinds and "amount" not in kinds
    assert "amount" in asked_kinds("how much does the bootcamp cost?")


def test_a_yes_no_question_naming_a_date_and_lateness_asks_for_the_deadline():
    assert {"yes_no", "deadline"} <= asked_kinds("i'm submitting my application on feb 10 - is that too late?")
    assert "deadline" not in asked_kinds("is the course on 10 February held online?")


def test_a_day_of_the_month_is_a_deadline_when_something_must_reach_someone_by_it():
    from bot.qa.answer_types import sentence_fits

    assert sentence_fits("Contributions must now reach the editors by the 5th of the month before the issue.",
                         "deadline") == 1.0


def test_the_action_a_how_do_i_question_asks_about_is_key_when_the_documents_never_name_it():
    assert "unsubscribe" in key_words("how do i unsubscribe from the webinar?")
    assert "arrange" not in key_words("how do i arrange accommodation?")  # a word the documents use


def test_chat_words_for_statistics_and_for_when_or_where_one_is_name_nothing_new():
    kw = keyword("The statistics clinic gives eight free hours.", "The bootcamp breaks for Easter.")
    terms = {t.stem for t in analyse("how many free stats clinic hours do we get", keyword=kw).terms}
    assert kw.stem("statistics") in terms and "stats" not in {t.word for t in analyse("stats?", keyword=kw).key_terms}
    assert {t.word.lower() for t in analyse("i'm away that week, is there a break around easter?", keyword=kw).key_terms} \
        <= {"easter", "week"}


def test_the_verb_after_who_says_how_not_what():
    assert "picks" not in key_words("who picks the grant holders?")
    assert "signs" not in key_words("who signs off on the accommodation?")


def test_ordinals_deadline_words_and_amount_are_no_topic_of_their_own():
    words = {t.word.lower() for t in analyse("missed the deadline, can i still apply on the 10th? is that too late?",
                                             keyword=KW).terms}
    assert not words & {"th", "late"}
    assert "amount" not in {t.word.lower() for t in analyse("max amount for a travel grant?", keyword=KW).terms}
    # A late fee is a thing of its own, which the documents may not have.
    assert "late" in key_words("is there a late fee for bench space?")


def test_what_follows_the_question_mark_is_an_aside_and_chat_judgements_are_no_topic():
    profile = analyse("will the kids get to see the webinar? they'd love that", keyword=KW)
    assert "love" not in {t.word.lower() for t in profile.terms} and "love" in {t.word.lower() for t in profile.context}
    assert not any(t.key for t in profile.context)
    assert "fine" not in key_words("theres an academic coauthor on it so thats fine right?")
    assert "fine" in key_words("is there a fine for returning a loan late?")  # a penalty is a thing of its own


def test_chat_spellings_are_read_as_the_documents_write_them():
    from bot.qa.glossary import plain_chat

    assert plain_chat("whats it gonna cost, conf is in feb") == "whats it going to cost, conference is in feb"
    assert plain_chat("who do i ask abt the kickoff") == "who do i ask about the kick-off"


def test_kids_are_covered_by_a_passage_about_pupils():
    from bot.qa.coverage import passage_coverage

    profile = analyse("can the kids touch the samples?", keyword=KW)
    assert passage_coverage(profile, "Pupils must not touch samples.", stem=KW.stem).missing == []
    assert [t.word for t in passage_coverage(profile, "Visitors must not touch samples.", stem=KW.stem).missing] == ["kids"]


def test_the_measure_asked_for_is_no_topic_and_max_asks_for_an_amount():
    assert key_words("max size of a grant?") == set()
    assert "amount" in asked_kinds("whats the max for a public voices ppi grant now?")
    assert "amount" in asked_kinds("max size of a seed grant?")


def test_a_participle_says_how_the_thing_is_not_what_it_is():
    kw = keyword("The core does not accept tissue; extraction has to be done in your own lab.")
    assert {t.word for t in analyse("can i drop frozen tissue for the extraction?", keyword=kw).key_terms} == set()
    assert "frozen" in {t.word for t in analyse("is there space for the frozen samples?", keyword=kw).key_terms}


def test_chat_words_for_in_person_are_the_documents_words():
    from bot.qa.glossary import plain_chat

    assert plain_chat("where can i meet them irl in lund") == "where can i meet them in person in lund"
    assert plain_chat("rate in mass. per hour?") == "rate in Massachusetts per hour?"
    assert plain_chat("a mass. spec core") == "a mass. spec core"
    kw = keyword("An introduction to the webinar follows.")
    assert {t.word for t in analyse("any intro to the webinar?", keyword=kw).key_terms} == set()



def test_a_month_asked_about_is_a_key_name_and_a_month_that_dates_the_asker_is_not():
    kw = keyword("The cohort meets in March, June and September.", "The November workshop is online.",
                 "Visitors arriving in March get a buddy.", "The April meeting was held in Lund.")

    def keys(question: str) -> set[str]:
        return {t.word.lower() for t in analyse(question, keyword=kw).key_terms}

    assert "september" in keys("is there an inclusion fellowship cohort meeting in september?")
    assert "november" in keys("when's the november 'staying afloat' workshop?")
    assert "march" not in keys("our visiting postdoc arrives in march, can she get a buddy?")
    assert "april" not in keys("when is the next steering committee meeting after the april one?")


def test_a_plural_the_stemmer_keeps_an_e_in_is_the_documents_singular():
    kw = keyword("A booking of a research bus is for at least two consecutive days.")
    buses = next(t for t in analyse("minimum booking length for one of the research buses?", keyword=kw).terms
                 if t.word == "buses")
    assert buses.known and not buses.key and buses.stem == kw.stem("bus")
