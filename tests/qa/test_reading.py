"""Reading a passage: sentences as a reader sees them, and acronyms the documents spell out."""

from bot.kb.keyword import KeywordIndex
from bot.qa.coverage import acronym_in
from bot.qa.extractive import split_sentences


def test_a_title_or_abbreviation_does_not_end_a_sentence():
    text = "The chair of the jury is Dr. Rosalind Okafor-Berg. Prizes are paid in DKK. Bring e.g. Slides and a poster."
    assert split_sentences(text) == ["The chair of the jury is Dr. Rosalind Okafor-Berg.", "Prizes are paid in DKK.",
                                     "Bring e.g. Slides and a poster."]


def test_an_acronym_typed_in_lower_case_stands_for_the_words_it_abbreviates():
    assert acronym_in("bsc", "Certification of biological safety cabinets")
    assert acronym_in("MVA", "the Medicon Valley Alliance")
    assert not acronym_in("bsc", "biological cabinets, safety first")
    assert not acronym_in("fee", "for each employee")  # a word with vowels is a word, not an acronym


def test_a_where_answer_names_a_place_an_address_or_where_something_is_filed():
    from bot.qa.answer_types import sentence_fits

    assert sentence_fits("The pitch day takes place at the Glasshuset conference centre in Malmö.", "place") == 1.0
    assert sentence_fits("The lab manager uploads a copy to the shared equipment register.", "place") == 1.0
    assert sentence_fits("Send questions to pitchday@example.org.", "place") == 1.0
    # A lower-case word after "on"/"in" is no place, whatever the case-blind rest of the pattern does.
    assert sentence_fits("A green label is placed on the front of the cabinet.", "place") == 0.0
    assert sentence_fits("The meeting is held in the morning.", "place") == 0.0


def test_free_of_charge_covers_a_question_about_paying_or_a_fee():
    from bot.qa.coverage import equivalents_of

    stem = KeywordIndex().stem
    assert stem("free") in equivalents_of(stem("pay"), stem)
    assert stem("free") in equivalents_of(stem("fee"), stem)
    assert stem("free") not in equivalents_of(stem("deadline"), stem)


def test_a_region_covers_its_towns_unless_the_sentence_names_another_town_of_it():
    from bot.qa.coverage import region_in

    guide = "Shipping samples between the Øresund Region and Massachusetts"
    assert region_in("lund", f"{guide}. Boxes leave on Mondays.", sentence="Boxes leave on Mondays.")
    row = "Copenhagen -> Boston: DKK 2,850 per box."
    assert not region_in("roskilde", f"{guide}. {row}", sentence=row, asked="price from roskilde to boston?")
    assert not region_in("worcester", f"{guide}. Boston -> Copenhagen: 2 days.", sentence="Boston -> Copenhagen: 2 days.",
                         asked="transit time worcester to copenhagen")
    # A town of the other country is no rival: the embassy in Copenhagen serves Malmö too.
    embassy = "Swedish and Danish applicants are interviewed at the US Embassy in Copenhagen."
    assert region_in("malmö", embassy, sentence=embassy, asked="I live in Malmö, where is the visa interview?")


def test_a_country_or_region_asked_about_is_covered_by_a_town_of_it():
    from bot.qa.coverage import town_of_region_in

    hosts = "In the Øresund Region: intensive care at Linnevik University Hospital in Lund."
    assert town_of_region_in("Sweden", hosts) and town_of_region_in("skåne", hosts)
    assert not town_of_region_in("Denmark", hosts)
    assert not town_of_region_in("Norway", "Hosts in Copenhagen and Malmö.")


def test_a_month_or_holiday_is_covered_by_a_time_that_holds_it():
    from bot.qa.coverage import period_in

    assert period_in("March", "From February 2027 the sessions start at 16:00 Copenhagen time.")
    assert period_in("march", "The programme runs January to June 2027.")
    assert not period_in("January", "From February 2027 the sessions start at 16:00.")
    assert not period_in("September", "The programme runs January to June 2027.")
    assert not period_in("March", "The June session is about delirium.")
    assert period_in("Christmas", "The offices are closed from 24 December 2026 to 1 January 2027.")
    assert not period_in("Christmas", "The offices are closed in July.")
    assert not period_in("Lund", "From February 2027")  # not a time at all


def test_a_relative_time_or_a_half_year_answers_when():
    from bot.qa.answer_types import sentence_fits
    from bot.qa.figures import figures

    assert sentence_fits("Honoraria are paid within 30 days after the panel meeting.", "deadline") == 1.0
    assert sentence_fits("The phase I trial is now expected to start in the first half of 2028.", "date") == 1.0
    assert sentence_fits("Results are expected by the end of 2027.", "date") == 1.0
    # The time of day is part of when, if not all of it; two documents giving other times disagree.
    assert sentence_fits("They start at 15:00 Copenhagen time.", "date") == 0.6
    assert sentence_fits("They are held online.", "date") == 0.0
    first, second = figures("It starts in the first half of 2028."), figures("It starts in the second half of 2028.")
    assert first and second and first != second



def test_a_sentence_naming_another_language_or_month_than_the_one_asked_is_about_something_else():
    from bot.qa.extractive import members, names_another

    asked = members("how much is video interpreting in somali per hour")
    assert names_another("On-site interpreting in Arabic has changed from DKK 595 to DKK 640 per hour.", asked)
    assert not names_another("Somali and Arabic — Video: DKK 540 per hour", asked)
    assert not names_another("Interpreting is booked five working days ahead.", asked)  # names none
    march = members("which department presents at the march grand round?")
    assert names_another("3 June 2027 — Presenting department: Granhavn University Hospital", march)
    assert not names_another("From February 2027 the Grand Rounds start at 16:00.", march)  # holds March


def test_a_season_is_covered_only_by_its_own_months_or_name():
    from bot.qa.coverage import period_in
    from bot.qa.extractive import members, names_another

    assert period_in("autumn", "The course runs from 6 October to 14 November 2027.")
    assert period_in("autumn", "Registration for the autumn 2027 courses opens in May.")
    assert not period_in("autumn", "The bootcamp starts on 8 March 2027 and runs for six weeks.")
    assert names_another("Registration for the spring 2027 courses closes on 10 January.", members("autumn 2027 courses?"))


def test_a_season_asked_about_is_a_name_the_passage_must_cover():
    kw = KeywordIndex()
    kw.build(["The bootcamp starts on 8 March 2027.", "Autumn courses are listed below.", "Seed grants fund projects."])
    profile = analyse_question("what are the dates of the autumn 2027 bootcamp", kw)
    assert any(t.word == "autumn" and t.key and t.literal for t in profile.terms)


def analyse_question(question, kw):  # noqa: ANN001, ANN201
    from bot.qa.question import analyse

    return analyse(question, keyword=kw)


def test_a_standard_number_asked_is_not_answered_by_another_standard():
    from bot.qa.extractive import members, names_another

    asked = members("price for electrical safety testing to 60601-1 at the test lab?")
    assert names_another("The EMC test (IEC 60601-1-2) now costs DKK 41,500.", asked)
    assert not names_another("Electrical safety (IEC 60601-1) — Price: DKK 28,000", asked)
    assert "code" not in members("Last updated: 2026-11-23")  # a date is no standard


def test_a_numbered_part_of_a_programme_is_not_another_part():
    from bot.qa.extractive import members, names_another

    asked = members("where's the first module of the leadership programme")
    assert asked == {"part:module": {"1"}}
    assert names_another("Module 3 in Worcester has been moved to 7-9 June 2027.", asked)
    assert not names_another("Module 1 takes place at the Kronvig Conference Centre.", asked)
    assert not names_another("Module 2 builds on module 1.", asked)  # names the one asked too
    assert members("The bootcamp runs for 6 weeks.") == {}  # a period, not week 6


def test_a_compound_typed_without_its_hyphen_is_the_documents_word():
    from bot.qa.coverage import passage_stems

    assert "rnaseq" in passage_stems("Bulk RNA-seq (25 million reads): DKK 1,600 per sample", lambda w: w)


def test_an_acronym_may_take_a_letter_where_a_compound_word_s_second_part_begins():
    assert acronym_in("wgs", "human whole-genome sequencing (30x)")
    assert acronym_in("AMR", "surveillance of antimicrobial resistance")
    assert acronym_in("BSL-2", "work at biosafety level 2")
    # Not a letter from just anywhere inside a word: "data provider" does not spell DPO.
    assert not acronym_in("DPO", "the hospital (the data provider) shares data")


def test_relative_deadlines_keep_their_number_and_number_words_equal_digits():
    from bot.qa.figures import figures

    ten = figures("Blocks can now be cancelled free of charge until 10 working days before they start.")
    five = figures("A block can be cancelled free of charge until five working days before it starts.")
    assert {f for f in ten if f.startswith("d:")} != {f for f in five if f.startswith("d:")}
    assert figures("within 5 weeks") == figures("within five weeks")


def test_a_length_in_minutes_or_words_answers_how_long():
    from bot.qa.answer_types import sentence_fits

    assert sentence_fits("Shortlisted applicants are invited to a 25-minute online interview.", "duration") >= 0.5
    assert sentence_fits("Feature articles may be at most 350 words.", "duration") >= 0.5
    assert sentence_fits("Feature articles are welcome.", "duration") == 0.0


def test_a_change_of_date_or_a_time_of_arrival_is_no_deadline():
    from bot.qa.answer_types import date_role

    assert date_role("Module 3 in Worcester has been moved to 7-9 June 2027.") == "event"
    assert date_role("The first bus leaves at 06:55, so that passengers reach Lund before 08:00.") == "event"
    assert date_role("The deadline has been moved to 22 March 2027.") == "deadline"


def test_the_currencies_a_sentence_states_amounts_in():
    from bot.qa.figures import currencies_of

    assert currencies_of("up to DKK 30,000 per project, or USD 4,300 in Massachusetts") == {"DKK", "USD"}
    assert currencies_of("a booth costs 5,000 SEK; free for students") == {"SEK"}
    assert currencies_of("The course is free of charge.") == set()


def test_that_ok_at_the_end_makes_a_yes_no_question():
    from bot.qa.answer_types import asked_kinds

    assert "yes_no" in asked_kinds("want to 3d print mouthpieces for our pilot study, that ok?")
    assert "yes_no" not in asked_kinds("what is ok to print in the makerspace")


def test_the_time_of_the_last_session_answers_the_latest_start():
    from bot.qa.answer_types import sentence_fits

    assert sentence_fits("The last session of the day starts at 13:00 Boston time.", "deadline") == 0.5
    assert sentence_fits("Sessions start at 13:00 Boston time.", "deadline") == 0.0


def test_a_waiting_time_or_a_period_of_notice_is_not_how_long_a_thing_lasts():
    from bot.qa.answer_types import only_lead_times

    question = "how long is one counselling session?"
    assert only_lead_times("You will be offered a first counselling session within five working days.", question)
    assert only_lead_times("Sessions must be cancelled at least 48 hours before they start.", question)
    assert not only_lead_times("Each counselling session lasts 50 minutes.", question)
    assert not only_lead_times("Raw data files are kept for 12 months before they are deleted.", "how long are files kept?")
    # Asked for the notice itself, the notice answers.
    assert not only_lead_times("Apply at least 10 weeks before the visit.", "how far ahead do we apply?")


def test_a_figure_in_brackets_after_until_now_or_before_is_the_replaced_one():
    from bot.qa.figures import current_figures, stale_figures

    sentence = "Applicants now receive the feedback within 10 working days (until now: 15 working days)."
    assert stale_figures(sentence) == {"t:15workingday"} and current_figures(sentence) == {"t:10workingday"}
    assert stale_figures("Now DKK 30,000 (before: DKK 25,000)") == {"n:25000"}
