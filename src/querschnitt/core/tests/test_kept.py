"""The keeper of pieces drawn from rows (`core.kept.Kept`)."""

from querschnitt.core.kept import Kept


def test_a_key_that_cannot_be_one_is_drawn_each_time_empty_or_not() -> None:
    kept: Kept[str] = Kept(2)
    drawn: list[str] = []

    def draw(text: str) -> str:
        drawn.append(text)
        return text

    assert kept.get(([1],), lambda: draw("a")) == "a"  # empty: dict.pop would not hash it
    assert kept.get((1,), lambda: draw("b")) == "b"
    assert kept.get(([1],), lambda: draw("c")) == "c"
    assert kept.get((1,), lambda: draw("d")) == "b"
    assert drawn == ["a", "b", "c"]
    assert list(kept.pieces) == [(1,)]


def test_the_least_recently_used_piece_is_forgotten_first() -> None:
    kept: Kept[str] = Kept(2)
    kept.get((1,), lambda: "one")
    kept.get((2,), lambda: "two")
    kept.get((1,), lambda: "one again")
    kept.get((3,), lambda: "three")
    assert kept.pieces == {(1,): "one", (3,): "three"}
