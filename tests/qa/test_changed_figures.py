"""Sentences that state a change: which figure holds now and which one it replaced."""

import pytest

from bot.qa.figures import changed_figure, current_figures, stale_figures


@pytest.mark.parametrize("sentence, now, before", [
    ("The Company Day has been moved from 9 March to 16 March 2027 so that it does not clash.", {"d:16march"}, {"d:9march"}),
    ("The steering group has raised the maximum grant for travel from the Øresund Region to North America "
     "from DKK 12,000 to DKK 15,000.", {"n:15000"}, {"n:12000"}),
    ("The review period has been shortened from 45 to 30 days.", {"t:30day"}, {"t:45day"}),
    ("- Application deadline — Original call: 1 February 2027; Corrected: 22 February 2027", {"d:22february"}, {"d:1february"}),
    ("A grant is now worth up to DKK 30,000 per project (up from DKK 25,000).", {"n:30000"}, {"n:25000"}),
    ("Every research group now gets 16 free hours (up from 12).", {"c:16"}, {"c:12"}),
])
def test_a_change_sentence_gives_the_new_figure_as_current(sentence, now, before):
    assert current_figures(sentence) == now
    assert stale_figures(sentence) == before


def test_a_period_from_one_date_to_another_is_not_a_change():
    assert stale_figures("A stay runs from 1 May to 31 December 2027.") == set()
    assert current_figures("A stay runs from 1 May to 31 December 2027.") == {"d:1may", "d:31december"}


def test_a_flat_change_table_row_gives_its_last_figure_as_current():
    row = "Application deadline 1 February 2027, 14:00 CET 22 February 2027, 14:00 CET"
    header = "What changes\nItem Original call Corrected\n"
    assert current_figures(row, header) == {"d:22february"}
    assert current_figures(row, "") == {"d:1february", "d:22february"}  # without the header: no way to tell
    assert changed_figure(row, header, {"d:"}) == ("22 February 2027, 14:00 CET", "1 February 2027, 14:00 CET")


def test_instead_of_names_the_figure_that_no_longer_holds():
    sentence = "From September 2026 the panel meets on the second Tuesday of each month instead of the first Thursday."
    assert current_figures(sentence) & {"d:firthursday"} == set()
    assert stale_figures(sentence) == {"d:firthursday"}


def test_a_year_or_a_reference_number_is_not_a_count():
    from bot.qa.answer_types import sentence_fits

    assert sentence_fits("Bridge Postdoctoral Fellowships 2027 – call reference BPF-2027-01", "count") == 0.0
    assert sentence_fits("The call received 212 applications.", "count") == 1.0


def test_a_range_of_weeks_is_not_a_change_but_a_changed_period_is():
    ranged = "Since 1 November 2026, scouting visits can last from 1 to 6 weeks (previously 2 to 8 weeks)."
    assert changed_figure(ranged, "", {"t:"}) == ("1 to 6 weeks", "2 to 8 weeks")
    assert changed_figure("The minimum stay is changed from 12 to 10 months in total.", "", {"t:"}) == \
        ("10 months", "12 months")


def test_counts_and_times_of_day_are_figures_two_documents_can_disagree_on():
    from bot.qa.figures import figures

    assert "c:28" in figures("The programme now offers 28 observerships in 2027.")
    assert "c:2027" not in figures("The programme now offers 28 observerships in 2027.")
    assert {"d:16:00", "d:10:00"} <= figures("The Grand Rounds start at 16:00 Copenhagen time (10:00 in Boston).")
    # Part of an amount, a date or a period, a number counts nothing by itself.
    assert not {f for f in figures("DKK 4,500 within 10 working days, on 3 June") if f.startswith("c:")}
    assert figures("Deadline 22 February 2027, 14:00 CET") == {"d:22february"}


def test_a_count_written_with_thousands_separators_is_one_number_and_a_date_is_no_count():
    from bot.qa.figures import figures

    sentence = "From 1 January 2027 the standard allocation is raised from 200,000 to 300,000 core hours per year."
    assert {f for f in figures(sentence) if f.startswith("c:")} == {"c:200000", "c:300000"}
    assert current_figures(sentence) >= {"c:300000"} and "c:200000" in stale_figures(sentence)
    assert changed_figure(sentence, "", {"c:"}) == ("300,000", "200,000")


def test_was_and_before_alone_name_no_replaced_figure():
    assert stale_figures("The fee was DKK 400 and is DKK 500 from 2027.") == set()
    assert stale_figures("Apply before 1 March to get DKK 5,000.") == set()


def test_a_bare_old_figure_after_instead_of_takes_the_new_figure_s_unit():
    sentence = "The final searches will now be delivered within five weeks of the kick-off meeting instead of six."
    assert "t:6week" in stale_figures(sentence)
    assert "t:5week" in current_figures(sentence) and "t:6week" not in current_figures(sentence)
    assert "c:4" in stale_figures("A visit lasts 3 weeks instead of 4 people")  # no unit given to a count of people
    assert "t:4week" not in stale_figures("A visit lasts 3 weeks instead of 4 people")
