from shisaku.lib.shortlist import Shortlist


def test_an_unlimited_shortlist_is_the_whole_list():
    whole = Shortlist(["a", "b"])
    assert whole == ["a", "b"] and whole.total == 2 and whole.left_off == 0


def test_a_shortlist_extended_with_another_counts_both_whole_lists():
    shown = Shortlist(["a", "b"], total=5)
    shown.extend_with(Shortlist(["c"], total=4))
    assert shown == ["a", "b", "c"]
    assert (shown.total, shown.left_off) == (9, 6)
    del shown[2:]
    assert (shown.total, shown.left_off) == (9, 7)  # cut for the page: still counts all
