"""The tenure layer derives the next batch while the one before is written: same batches, same order."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from supplygraph.graph.tenure_store import _ahead


def test_batches_come_in_order_and_are_made_off_the_callers_thread() -> None:
    makers: list[str] = []

    def batches() -> Iterator[int]:
        for n in range(5):
            makers.append(threading.current_thread().name)
            yield n

    assert list(_ahead(batches())) == [0, 1, 2, 3, 4]
    assert all(name.startswith("supplygraph-derive") for name in makers)


def test_a_batch_that_fails_to_derive_fails_the_refresh_after_the_ones_before_it() -> None:
    def batches() -> Iterator[int]:
        yield 1
        raise ValueError("contract c-2 has no buyer")

    seen = []
    with pytest.raises(ValueError, match="c-2"):
        for n in _ahead(batches()):
            seen.append(n)
    assert seen == [1]


def test_nothing_to_derive_writes_nothing() -> None:
    assert list(_ahead(iter([]))) == []
