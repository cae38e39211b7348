"""Related pages: for each lesson, interview and meetup, the pages that share the most themes and places with it.

A page's *signature* is the set of its themes and places. Pages with the same signature have the same related
pages (apart from themselves), so the work is done once per signature. Every theme and place is a bit set over
all pages in newest-first order (a Python int: bit *i* is the *i*-th newest page); for a signature of *m* themes
and places, *m*(*m*+1)/2 ANDs and ORs of those sets give, for each *s*, the pages sharing at least *s* of them
(a bit-sliced counter), and the lowest bits of the highest levels are the newest best pages. Each operation runs
in C over N/64 machine words, so no Python loop ever visits the pages a signature shares nothing (or little) with.

Why not a library: MkDocs, Material and pymdown-extensions have no related-pages feature (Material's tags plugin
lists pages per tag only), and a related-posts plugin knows neither the site's places nor its page records.
Counting shared themes per candidate with an inverted index and ``collections.Counter`` (the first version)
took 6.6 s at 10,000 pages with 350 places, as most pages then have a combination of their own.

Cost for all pages (``.venv/bin/python benchmarks/bench_related.py --runs 3``, fastest of 3, this shared 2-core
machine, two runs): the model's themes and places 0.01 / 0.03 / 0.14-0.18 s at 1,000 / 3,000 / 10,000 pages;
350 places 0.02-0.03 / 0.10 / 0.28-0.87 s; every page with up to all 15 themes and places 0.03-0.05 / 0.13-0.17 /
0.64-0.95 s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .pages import PageRecord

LIMIT = 5  # related pages under a page

Key = tuple[str, str]  # ("theme", name) or ("city", name): a theme and a place of the same name stay apart
Signature = frozenset[Key]


def signature(record: PageRecord) -> Signature:
    """The themes and places of a page, as one set."""
    return frozenset([("theme", name) for name in record.tags] + [("city", name) for name in record.cities])


def newest_first_key(record: PageRecord) -> tuple[int, str, str]:
    """Newest first, then by title, then by file (so that equal dates and titles still have one order)."""
    return (-record.date.toordinal(), record.title.casefold(), record.src)


def related_pages(records: Sequence[PageRecord], limit: int = LIMIT) -> dict[str, list[PageRecord]]:
    """Every page's ``src`` -> up to ``limit`` other pages sharing the most themes and places with it.

    Ties are broken newest first, then by title. A page that shares nothing with any other page gets an empty list.
    """
    ordered = sorted(records, key=newest_first_key)
    positions_by_signature: dict[Signature, list[int]] = defaultdict(list)
    for position, record in enumerate(ordered):
        positions_by_signature[signature(record)].append(position)
    pages_by_key = inverted_index(positions_by_signature, len(ordered))
    related: dict[str, list[PageRecord]] = {}
    for sig, own_positions in positions_by_signature.items():
        # limit + 1 pages: each page of this signature then leaves itself out and still has `limit` left.
        best = best_positions([pages_by_key[key] for key in sig], limit + 1)
        for own in own_positions:
            related[ordered[own].src] = [ordered[other] for other in best if other != own][:limit]
    return related


def inverted_index(positions_by_signature: dict[Signature, list[int]], size: int) -> dict[Key, int]:
    """Each theme and place -> the set of pages that have it, as an int whose bit *i* is the *i*-th page."""
    flags_by_key: dict[Key, bytearray] = {}
    for sig, positions in positions_by_signature.items():
        for key in sig:
            if key not in flags_by_key:
                flags_by_key[key] = bytearray(size // 8 + 1)
            flags = flags_by_key[key]
            for position in positions:
                flags[position // 8] |= 1 << (position % 8)
    return {key: int.from_bytes(flags, "little") for key, flags in flags_by_key.items()}


def best_positions(key_sets: Sequence[int], wanted: int) -> list[int]:
    """The positions of the ``wanted`` pages in the most of ``key_sets``, lowest position (newest) first per count.

    ``at_least[s]`` is the set of pages in at least ``s`` of the sets; it is built one set at a time, as a
    binary counter is (a page in ``at_least[s - 1]`` that is also in the next set moves up to ``at_least[s]``).
    """
    everything = -1  # every bit set: every page is in at least 0 of the sets
    at_least = [everything] + [0] * len(key_sets)
    for count, pages in enumerate(key_sets, start=1):
        for level in range(count, 0, -1):
            at_least[level] |= at_least[level - 1] & pages
    at_least.append(0)
    best: list[int] = []
    for level in range(len(key_sets), 0, -1):
        exactly = at_least[level] & ~at_least[level + 1]
        while exactly and len(best) < wanted:
            lowest = exactly & -exactly
            best.append(lowest.bit_length() - 1)
            exactly ^= lowest
        if len(best) == wanted:
            break
    return best
