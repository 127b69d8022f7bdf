"""The rules of a date's list on their own: places in order of arrival, the waiting list moving
up strictly in order, offers that run out, nothing after registration has closed."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.events import waitlist
from querschnitt.events.waitlist import Entry, Rules

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def rules(capacity: int | None = 10, *, offers: bool = False, closes_in: int = 24) -> Rules:
    return Rules(
        capacity=capacity,
        offers=offers,
        offer_hours=48,
        closes_at=NOW + timedelta(hours=closes_in),
        begins_at=NOW + timedelta(hours=closes_in + 24),
    )


def confirmed(n: int, start: int = 1, places: int = 1) -> list[Entry]:
    return [Entry(i, i, places, "confirmed") for i in range(start, start + n)]


def waiting(n: int, start: int, places: int = 1) -> list[Entry]:
    return [Entry(i, i, places, "waiting") for i in range(start, start + n)]


def test_seven_free_places_and_ten_waiting_make_exactly_seven_offers() -> None:
    entries = confirmed(13) + waiting(10, start=14)
    moves = waitlist.moves(entries, rules(20, offers=True), NOW)
    assert [move.to for move in moves] == ["offered"] * 7
    assert [move.id for move in moves] == list(range(14, 21)), "the first seven in line"
    assert {move.offer_expires_at for move in moves} == {NOW + timedelta(hours=48)}


def test_seven_free_places_confirm_seven_at_once_when_the_event_says_so() -> None:
    entries = confirmed(13) + waiting(10, start=14)
    moves = waitlist.moves(entries, rules(20), NOW)
    assert [(move.id, move.to) for move in moves] == [(i, "confirmed") for i in range(14, 21)]


def test_an_expired_offer_passes_to_the_next_in_line() -> None:
    offered = Entry(5, 5, 1, "offered", NOW - timedelta(minutes=1))
    entries = [*confirmed(4), offered, *waiting(3, start=6)]
    moves = waitlist.moves(entries, rules(5, offers=True), NOW)
    assert [(move.id, move.to) for move in moves] == [(5, "expired"), (6, "offered")]


def test_an_offer_still_open_holds_its_place() -> None:
    offered = Entry(5, 5, 1, "offered", NOW + timedelta(hours=1))
    entries = [*confirmed(4), offered, *waiting(3, start=6)]
    assert waitlist.moves(entries, rules(5, offers=True), NOW) == []


def test_no_offers_after_registration_has_closed_only_expiries() -> None:
    offered = Entry(5, 5, 1, "offered", NOW - timedelta(minutes=1))
    entries = [*confirmed(3), offered, *waiting(3, start=6)]
    closed = rules(5, offers=True, closes_in=-1)
    assert [(move.id, move.to) for move in waitlist.moves(entries, closed, NOW)] == [(5, "expired")]
    assert waitlist.moves(entries, rules(5, closes_in=-1), NOW)[1:] == []


def test_the_first_in_line_who_does_not_fit_stops_the_line() -> None:
    family = Entry(6, 6, 4, "waiting")
    entries = [*confirmed(4), family, *waiting(2, start=7)]
    assert waitlist.moves(entries, rules(6), NOW) == [], "two free places; a family of four waits"
    assert [move.id for move in waitlist.moves(entries, rules(8), NOW)] == [6]


def test_a_newcomer_waits_while_someone_waits_even_if_a_place_is_free() -> None:
    entries = [*confirmed(3), Entry(4, 4, 3, "waiting")]
    assert waitlist.newcomer_state(entries, 1, rules(5), NOW) == "waiting"
    assert waitlist.newcomer_state(confirmed(3), 2, rules(5), NOW) == "confirmed"
    assert waitlist.newcomer_state(confirmed(3), 3, rules(5), NOW) == "waiting"
    full = Rules(5, False, 48, NOW + timedelta(hours=1), NOW + timedelta(hours=2), False)
    assert waitlist.newcomer_state(confirmed(5), 1, full, NOW) is None
    assert waitlist.newcomer_state(confirmed(500), 50, rules(None), NOW) == "confirmed"


def test_ranks_follow_the_order_of_arrival() -> None:
    entries = [Entry(9, 30, 1, "waiting"), Entry(3, 12, 2, "waiting"), *confirmed(2)]
    assert waitlist.ranks(entries) == {3: 1, 9: 2}


def test_an_offer_never_runs_past_the_start() -> None:
    soon = Rules(1, True, 48, NOW + timedelta(hours=1), NOW + timedelta(hours=3))
    (move,) = waitlist.moves([Entry(1, 1, 1, "waiting")], soon, NOW)
    assert move.offer_expires_at == NOW + timedelta(hours=3)


entry_lists = st.lists(
    st.tuples(
        st.integers(1, 4),
        st.sampled_from(["confirmed", "waiting", "offered"]),
        st.integers(-5, 5),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(entry_lists, st.integers(1, 40), st.booleans(), st.booleans())
def test_the_rules_never_overbook_and_keep_the_order(rows, capacity, offers, open_) -> None:
    entries = [
        Entry(
            index,
            index,
            places,
            state,
            NOW + timedelta(hours=hours) if state == "offered" else None,
        )
        for index, (places, state, hours) in enumerate(rows, start=1)
    ]
    # a list the rules made: what holds places fits the capacity
    held = 0
    kept = []
    for entry in entries:
        if entry.state in ("confirmed", "offered") and held + entry.places > capacity:
            entry = Entry(entry.id, entry.arrival, entry.places, "waiting")
        if entry.state in ("confirmed", "offered"):
            held += entry.places
        kept.append(entry)
    current = rules(capacity, offers=offers, closes_in=24 if open_ else -1)
    moves = waitlist.moves(kept, current, NOW)
    after = waitlist.apply(kept, moves)
    assert waitlist.holding(after, NOW) <= capacity
    moved = {move.id for move in moves if move.to != "expired"}
    still_waiting = [entry for entry in after if entry.state == "waiting"]
    if moved and still_waiting:
        assert max(e.arrival for e in kept if e.id in moved) < min(
            e.arrival for e in still_waiting
        ), "nobody overtakes someone still waiting"
    if not open_:
        assert moved == set(), "nobody moves up after registration has closed"
    for move in moves:
        if move.to == "expired":
            assert next(e for e in kept if e.id == move.id).offer_expired(NOW)
    if open_ and still_waiting:
        free = waitlist.free_places(after, current, NOW) or 0
        assert still_waiting[0].places > free, "the line stops only at someone who does not fit"
    assert waitlist.moves(after, current, NOW) == [], "applying the moves leaves nothing to do"
