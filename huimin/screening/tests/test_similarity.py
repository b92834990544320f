"""Near-duplicate detection: normalization, exact Jaccard at the threshold, the same pairs as comparing every pair,
and fast enough for a call's 155 proposals (200 synthetic ones in well under a second of CPU)."""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction

import pytest

from huimin.proposals.models import Proposal

from ..checks import find_duplicates
from ..similarity import jaccard, normalize, shingles, similar_pairs


def test_normalization_drops_punctuation_spaces_and_symbols_and_unifies_full_width_forms():
    assert normalize(" 项目：关爱 老人！\n（ＡＢＣ１２３） ") == "项目关爱老人abc123"
    assert normalize("预算￥5000元＋税") == "预算5000元税"
    assert normalize("") == ""


def test_shingles_are_character_trigrams():
    assert shingles("项目关爱老人") == {"项目关", "目关爱", "关爱老", "爱老人"}
    assert shingles("项目") == {"项目"}
    assert shingles("") == set()


def test_exactly_the_threshold_is_a_match_and_just_below_is_not():
    a = set(range(100))
    at_threshold = set(range(80))  # 80 / 100
    below = set(range(79))  # 79 / 100
    assert jaccard(a, at_threshold) == Fraction(4, 5)
    assert similar_pairs({"a": a, "b": at_threshold}) == [("a", "b", Fraction(4, 5))]
    assert similar_pairs({"a": a, "b": below}) == []


def test_empty_documents_never_match():
    assert similar_pairs({"a": set(), "b": set(), "c": {1}}) == []


def test_a_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        similar_pairs({"a": {1}}, Fraction(0))


@pytest.mark.parametrize("seed", range(8))
def test_prefix_filtering_finds_exactly_the_pairs_a_full_comparison_finds(seed):
    rng = random.Random(seed)
    vocabulary = list(range(60))
    docs: dict[int, set[int]] = {}
    for i in range(40):
        base = docs[rng.randrange(i)] if i and rng.random() < 0.5 else set(rng.sample(vocabulary, rng.randint(1, 40)))
        doc = set(base)
        for _ in range(rng.randint(0, 6)):
            doc.symmetric_difference_update({rng.choice(vocabulary)})
        docs[i] = doc
    threshold = Fraction(rng.choice([1, 2, 3, 4]), 5) + Fraction(1, 10)
    expected = [
        (a, b, jaccard(docs[a], docs[b]))
        for a, b in itertools.combinations(docs, 2)
        if docs[a] and docs[b] and jaccard(docs[a], docs[b]) >= threshold
    ]
    assert similar_pairs(docs, threshold) == expected


def _synthetic_proposals(n: int, rng: random.Random) -> list[Proposal]:
    """Proposals in memory (never saved) with narratives drawn from one vocabulary of phrases, as real ones share
    wording (社区, 老年人, 志愿者 …), with a few copies among them."""
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 1500)]
    phrases = ["".join(rng.choice(chars) for _ in range(rng.randint(4, 12))) for _ in range(600)]
    proposals = []
    for i in range(n):
        summary = "，".join(rng.choice(phrases) for _ in range(30))
        need = "。".join(rng.choice(phrases) for _ in range(40))
        objectives = "；".join(rng.choice(phrases) for _ in range(25))
        proposals.append(
            Proposal(
                pk=i + 1,
                organization_id=i + 1,
                receipt_number=f"R-T-{i + 1:04d}",
                summary=summary,
                need_analysis=need,
                objectives=objectives,
            )
        )
    for original, copy in ((3, 150), (40, 199)):
        source = proposals[original]
        target = proposals[copy]
        target.summary, target.need_analysis = source.summary, source.need_analysis + "，略有改动"
        target.objectives = source.objectives
    return proposals


def test_200_synthetic_proposals_are_compared_in_well_under_a_second_of_cpu():
    proposals = _synthetic_proposals(200, random.Random(2030))
    assert sum(len(p.summary + p.need_analysis + p.objectives) for p in proposals) / 200 > 800  # ~840 characters
    started = time.process_time()
    duplicates, compared = find_duplicates(proposals)
    elapsed = time.process_time() - started
    assert len(compared) == 200
    assert {pk: [m.proposal.pk for m in found] for pk, found in duplicates.items()} == {
        4: [151],
        151: [4],
        41: [200],
        200: [41],
    }
    assert elapsed < 0.5, f"{elapsed:.3f} s of CPU"
