"""A route asked is read with its direction; words that are not places make no route."""

from bot.qa.routes import asked_route, reversed_route


def test_a_route_is_read_from_arrows_and_from_to():
    assert asked_route("max travel cap for a speaker flying lund -> boston?") == ("lund", "boston")
    assert asked_route("and for boston to lund?") == ("boston", "lund")
    assert asked_route("how do i get to the lab?") is None
    assert asked_route("we moved from boston") is None


def test_a_row_naming_the_places_the_other_way_round_is_reversed():
    route = ("lund", "boston")
    assert reversed_route("Boston area — To: Lund or Malmö; Travel covered up to: DKK 10,000", route)
    assert not reversed_route("Lund or Malmö — To: Boston area; Travel covered up to: DKK 9,500", route)
    assert not reversed_route("Travel is covered up to DKK 9,000.", route)
