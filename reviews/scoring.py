"""Score arithmetic, kept in one place and free of the database where it can be.

- An expert's total is Σ score × weight over the rubric's criteria; it exists only when every
  criterion is scored (a missing score is not a zero).
- An application's average is the mean of its submitted totals; the spread is the highest
  minus the lowest; assignments not yet submitted are counted as missing.
- Ranking is by average, highest first; equal averages share a rank and the next rank skips
  (1, 2, 2, 4); applications with no submitted score come last, unranked.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def weighted_total(scores: list[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """(score, weight) pairs → the weighted total, or None while any score is missing."""
    if any(score is None for score, _ in scores):
        return None
    return sum((score * weight for score, weight in scores), Decimal(0)).quantize(TWO_PLACES)


def max_total(criteria) -> Decimal:
    """The highest total a rubric allows: Σ weight × max_score over its criteria."""
    return sum((c.weight * c.max_score for c in criteria), Decimal(0))


@dataclass(frozen=True)
class Summary:
    submitted: int
    missing: int
    average: Decimal | None
    spread: Decimal | None
    highest: Decimal | None
    lowest: Decimal | None


def summarise(totals: list[Decimal], missing: int) -> Summary:
    if not totals:
        return Summary(0, missing, None, None, None, None)
    average = (sum(totals, Decimal(0)) / len(totals)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return Summary(
        len(totals), missing, average, max(totals) - min(totals), max(totals), min(totals)
    )


def rank(averages: dict[int, Decimal | None]) -> dict[int, int | None]:
    """Competition ranking of ``{key: average}``; None for those without an average."""
    ordered = sorted((a, k) for k, a in averages.items() if a is not None)
    ordered.reverse()
    ranks: dict[int, int | None] = {k: None for k, a in averages.items() if a is None}
    previous, previous_rank = None, 0
    for position, (average, key) in enumerate(ordered, start=1):
        if average != previous:
            previous, previous_rank = average, position
        ranks[key] = previous_rank
    return ranks
