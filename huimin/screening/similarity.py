"""Near-duplicate text across the proposals of a call: character 3-gram shingles compared by exact Jaccard
similarity, with the candidate pairs found by prefix filtering (AllPairs, Bayardo, Ma & Srikant 2007).

    normalize("  项目：关爱 老人！ ")        → "项目关爱老人"   (NFKC, case-folded, punctuation/space/symbols gone)
    shingles("项目关爱老人")               → {"项目关", "目关爱", "关爱老", "爱老人"}
    similar_pairs({1: a, 2: b}, Fraction(4, 5)) → [(1, 2, Fraction(…))] for every pair with J(a, b) ≥ 0.8

Comparing every pair of 155 proposals of ~1 500 characters each means 11 935 set intersections; prefix filtering
avoids almost all of them and stays exact (no pair at or above the threshold is ever missed):

- tokens are ranked rarest first over the whole collection;
- a set x can only reach J ≥ t with y if they share a token among the first |x| − ⌈t·|x|⌉ + 1 of x (and likewise
  for y), because J ≥ t implies an overlap of at least ⌈t·max(|x|, |y|)⌉;
- sets are indexed by their prefix tokens in increasing size, so each candidate y of x has |y| ≤ |x|, and the size
  filter |y| ≥ t·|x| drops the rest;
- every surviving candidate is verified with the exact intersection, and the threshold is compared in integers
  (Fractions), so exactly 0.8 is "at the threshold".
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction

SHINGLE = 3
DEFAULT_THRESHOLD = Fraction(4, 5)
# Texts with fewer shingles than this are not compared: two blank or one-line narratives are not "duplicates" (the
# completeness check speaks about them).
MIN_SHINGLES = 20

_DROPPED_CATEGORIES = frozenset("PZSC")  # punctuation, separators (spaces), symbols, control/format characters


def normalize(text: str) -> str:
    """NFKC (full-width → ordinary), case-folded, without punctuation, white space, symbols or control characters."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _DROPPED_CATEGORIES)


def shingles(normalized: str, size: int = SHINGLE) -> set[str]:
    """The set of character n-grams of an already normalized text (a shorter non-empty text is its own shingle)."""
    if not normalized:
        return set()
    if len(normalized) < size:
        return {normalized}
    return {normalized[i : i + size] for i in range(len(normalized) - size + 1)}


def jaccard(a: set, b: set) -> Fraction:
    if not a and not b:
        return Fraction(0)
    inter = len(a & b)
    return Fraction(inter, len(a) + len(b) - inter)


def similar_pairs[K: Hashable](
    documents: Mapping[K, Iterable[Hashable]], threshold: Fraction = DEFAULT_THRESHOLD
) -> list[tuple[K, K, Fraction]]:
    """Every pair (a, b, J) of documents whose token sets have Jaccard similarity J ≥ threshold (0 < t ≤ 1).

    Exact: the same pairs as comparing all of them, found through prefix filtering. Empty documents never match.
    """
    if not 0 < threshold <= 1:
        raise ValueError("the threshold is a fraction in (0, 1]")
    keys = list(documents)
    sets = [d if isinstance(d, set) else set(d) for d in (documents[k] for k in keys)]
    frequency: Counter = Counter()
    for tokens in sets:
        frequency.update(tokens)
    # One global order of the tokens, rarest first. Tokens of a single document come first of all (in any order):
    # they can never be shared, so only how many of them a document has matters.
    common = {token for token, count in frequency.items() if count > 1}
    rank = {token: i for i, token in enumerate(sorted(common, key=frequency.__getitem__))}
    by_rank = rank.__getitem__

    num, den = threshold.numerator, threshold.denominator
    order = sorted((i for i in range(len(keys)) if sets[i]), key=lambda i: (len(sets[i]), i))
    index: dict[Hashable, list[int]] = defaultdict(list)
    pairs: list[tuple[K, K, Fraction]] = []
    for i in order:
        x = sets[i]
        size = len(x)
        min_overlap = math.ceil(threshold * size)
        prefix_length = size - min_overlap + 1
        shared = x & common
        own = size - len(shared)
        if own >= prefix_length:
            continue  # its whole prefix is its own: it matches nothing, and nothing later can match it
        prefix = sorted(shared, key=by_rank)[: prefix_length - own]
        candidates: set[int] = set()
        for token in prefix:
            postings = index.get(token)
            if postings:
                candidates.update(postings)
        for j in sorted(candidates):
            y = sets[j]
            if len(y) < min_overlap:  # size filter: |y| ≥ t·|x| (and |y| ≤ |x| by the order)
                continue
            inter = len(x & y)
            union = size + len(y) - inter
            if inter * den >= num * union:
                first, second = (j, i) if j < i else (i, j)
                pairs.append((keys[first], keys[second], Fraction(inter, union)))
        for token in prefix:
            index[token].append(i)
    position = {k: n for n, k in enumerate(keys)}
    pairs.sort(key=lambda p: (position[p[0]], position[p[1]]))
    return pairs
