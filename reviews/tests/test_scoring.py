"""Score arithmetic: weights, missing scores, averages, spread, ranking ties."""

from decimal import Decimal as D

from reviews.scoring import rank, summarise, weighted_total


def test_it_weights_each_criterion():
    assert weighted_total([(D("8"), D("2")), (D("7.5"), D("1")), (D("10"), D("0.5"))]) == D("28.50")


def test_it_has_no_total_while_a_score_is_missing():
    assert weighted_total([(D("8"), D("1")), (None, D("1"))]) is None


def test_it_counts_a_zero_as_a_score():
    assert weighted_total([(D("0"), D("1")), (D("5"), D("1"))]) == D("5.00")


def test_it_averages_submitted_totals_and_reports_the_spread_and_missing():
    summary = summarise([D("80"), D("90"), D("85.5")], missing=1)
    assert (summary.submitted, summary.missing) == (3, 1)
    assert summary.average == D("85.17")
    assert summary.spread == D("10")
    assert (summary.highest, summary.lowest) == (D("90"), D("80"))


def test_it_has_no_average_without_submitted_scores():
    summary = summarise([], missing=2)
    assert summary.average is None and summary.missing == 2


def test_it_shares_ranks_between_equal_averages_and_skips_after():
    ranks = rank({1: D("90"), 2: D("85"), 3: D("85"), 4: D("80"), 5: None})
    assert ranks == {1: 1, 2: 2, 3: 2, 4: 4, 5: None}


def test_it_ranks_everyone_first_when_all_are_equal():
    assert rank({1: D("70"), 2: D("70")}) == {1: 1, 2: 1}
