"""One iterator shared by many threads: every message is delivered exactly once.

Covers each iterator class of the package: MessageIter (iter_messages), TensogramFileIter
(iter(TensogramFile)) and AsyncTensogramFileIter (async for over AsyncTensogramFile, driven
from event loops in several threads). Messages are tiny so that threads spend most of their
time in ``next`` itself, where an unguarded position counter hands the same index to two
threads (or skips one) on free-threaded CPython. Each test repeats over ROUNDS fresh
iterators to make such a race show up reliably. (On GIL builds the few bytecodes of an
unguarded ``next`` run without a thread switch, so the race shows only on free-threaded
builds; the tests still check the contract there.)
"""

import asyncio
import collections
import threading

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc, run_together

N_THREADS = 8
N_MESSAGES = 200
ROUNDS = 25


def message(k: int, hash: str | None = "xxh3") -> bytes:
    return tg.encode({"version": 3}, [(desc([1], "int32"), np.array([k], np.int32))], hash=hash)


def ident(msg) -> int:
    return int(msg.objects[0][1][0])


@pytest.fixture(scope="module")
def buf() -> bytes:
    # garbage between messages: iter_messages must skip it
    return b"junk" + b"".join(message(k) + b"\x00\x01" for k in range(N_MESSAGES))


@pytest.fixture(scope="module")
def tgm(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("iter") / "m.tgm")
    f = tg.TensogramFile.create(path)
    for k in range(N_MESSAGES):
        f.append({"version": 3}, [(desc([1], "int32"), np.array([k], np.int32))])
    f.close()
    return path


def drain_shared(it, n=N_THREADS, expect=()):
    """Advance one iterator from n threads released together until it is exhausted.

    Returns (ids per thread, exceptions of the types in ``expect``); fails on any other
    exception or a thread that does not finish.
    """
    got = [[] for _ in range(n)]
    expected = []

    def body(tid):
        while True:
            try:
                m = next(it)
            except StopIteration:
                return
            except expect as e:
                expected.append(e)
                continue
            got[tid].append(ident(m))

    run_together(n, body, barrier_timeout=30)
    return got, expected


def assert_each_once(got, n=N_MESSAGES):
    flat = [k for per in got for k in per]
    dup = sorted(k for k, c in collections.Counter(flat).items() if c > 1)
    missing = sorted(set(range(n)) - set(flat))
    assert not dup and not missing, f"duplicated {dup[:10]}, missing {missing[:10]} ({len(flat)} delivered)"
    assert len(flat) == n
    for per in got:  # within one thread, messages come in increasing index order
        assert per == sorted(per)


def drain_shared_and_check(it):
    """Drain it from several threads: every message once, then it is exhausted."""
    got, _ = drain_shared(it)
    assert_each_once(got)
    assert len(it) == 0
    with pytest.raises(StopIteration):
        next(it)
    assert "remaining=0" in repr(it)


@pytest.mark.timeout(300)
def test_message_iter_shared_by_threads(buf):
    for _ in range(ROUNDS):
        it = tg.iter_messages(buf)
        drain_shared_and_check(it)


@pytest.mark.timeout(300)
def test_message_iter_integrity_error_shared_by_threads():
    """verify_hash: one unhashed message in the middle ends iteration for all threads, once."""
    bad = 120
    data = b"".join(message(k, hash=None if k == bad else "xxh3") for k in range(N_MESSAGES))
    for _ in range(ROUNDS):
        it = tg.iter_messages(data, verify_hash=True)
        got, errs = drain_shared(it, expect=(tg.IntegrityError,))
        assert len(errs) == 1 and isinstance(errs[0], tg.MissingHashError)
        flat = [k for per in got for k in per]
        assert len(flat) == len(set(flat)), "a message was delivered twice"
        assert bad not in flat
        # everything before the bad message was reserved before it, so it was delivered
        assert set(range(bad)) <= set(flat) <= set(range(N_MESSAGES))
        with pytest.raises(StopIteration):
            next(it)


@pytest.mark.timeout(300)
def test_file_iter_shared_by_threads(tgm):
    with tg.TensogramFile.open(tgm) as f:
        for _ in range(ROUNDS):
            it = iter(f)
            assert len(it) == N_MESSAGES
            drain_shared_and_check(it)


@pytest.mark.timeout(300)
def test_file_iter_shared_while_appending(tmp_path):
    """Appends during iteration are not visited; the messages counted at iter() each come once.

    Message k of the file carries the value k (one appender thread keeps the count).
    """
    path = str(tmp_path / "a.tgm")
    f = tg.TensogramFile.create(path)
    for k in range(N_MESSAGES):
        f.append({"version": 3}, [(desc([1], "int32"), np.array([k], np.int32))])
    for _ in range(ROUNDS // 5):
        it = iter(f)
        n = len(it)
        stop = threading.Event()

        def appender(k=f.message_count()):
            # bounded: on a slow interpreter (ThreadSanitizer) an unbounded appender grew the
            # file to 16k messages, and every later round iterates all of them
            for _ in range(2 * N_MESSAGES):
                if stop.is_set():
                    return
                f.append({"version": 3}, [(desc([1], "int32"), np.array([k], np.int32))])
                k += 1

        t = threading.Thread(target=appender)
        t.start()
        try:
            got, _ = drain_shared(it, n=N_THREADS - 1)
        finally:
            stop.set()
            t.join(60)
        assert_each_once(got, n)
    f.close()


@pytest.mark.timeout(300)
def test_async_file_iter_shared_by_event_loops(tgm):
    """One AsyncTensogramFileIter, consumed by several tasks in each of several threads' loops."""
    tasks_per_loop = 3

    async def setup():
        af = await tg.AsyncTensogramFile.open(tgm)
        assert await af.message_count() == N_MESSAGES
        return af

    af = asyncio.run(setup())
    for _ in range(ROUNDS // 5):
        it = af.__aiter__()
        got = [[] for _ in range(N_THREADS * tasks_per_loop)]

        async def consume(slot):
            async for m in it:
                got[slot].append(ident(m))

        async def loop_body(tid):
            await asyncio.gather(*(consume(tid * tasks_per_loop + j) for j in range(tasks_per_loop)))

        run_together(N_THREADS, lambda tid: asyncio.run(loop_body(tid)), barrier_timeout=30)
        assert_each_once(got)
        assert len(it) == 0
        assert "remaining=0" in repr(it)


@pytest.mark.timeout(300)
def test_iterators_single_thread_unchanged(buf, tgm):
    """The lock changes nothing for one thread: order and content as a plain loop."""
    assert [ident(m) for m in tg.iter_messages(buf)] == list(range(N_MESSAGES))
    with tg.TensogramFile.open(tgm) as f:
        assert [ident(m) for m in f] == list(range(N_MESSAGES))
