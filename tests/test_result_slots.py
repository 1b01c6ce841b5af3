"""Metadata and DataObjectDescriptor results built without their __init__ (python/tensogram_go/_slots.c).

The shim fills the slots of a registered class directly when, at registration, calling the class
with probe arguments filled them the same way; any other class is called. These tests pin that
both routes give the same objects, and that a class whose __init__ does more is still called."""

import gc
import sys

import numpy as np
import pytest

import tensogram_go as tg
from tensogram_go import DataObjectDescriptor, Message, Metadata
from tensogram_go import _tensogram

from conftest import desc


def message(n=2):
    meta = {"base": [{"i": i} for i in range(n)], "note": "x"}
    objs = [(desc([3 + i], "float32"), np.arange(3 + i, dtype=np.float32)) for i in range(n)]
    return tg.encode(meta, objs)


@pytest.fixture
def registered():
    """Restore the package's own classes after a test registered others."""
    yield
    _tensogram._register(Message, Metadata, DataObjectDescriptor)


def check_metadata(md, buf):
    assert type(md) is Metadata
    assert isinstance(md._raw, bytes) and isinstance(md._pad, int)
    assert md._view is None  # nothing asked for the view yet
    ref = Metadata(md._raw, md._pad)
    assert dict(md) == dict(ref) and md.base == ref.base
    assert gc.is_tracked(md)


def check_descriptor(d):
    assert type(d) is DataObjectDescriptor
    assert isinstance(d._raw, bytes) and d._map is None
    ref = DataObjectDescriptor(d._raw)
    assert repr(d) == repr(ref) and d.shape == ref.shape and d.dtype == ref.dtype


def test_results_match_constructed_objects():
    buf = message()
    check_metadata(tg.decode_metadata(buf), buf)
    msg = tg.decode(buf)
    check_metadata(msg.metadata, buf)
    for d, arr in msg.objects:
        check_descriptor(d)
    md, descs = tg.decode_descriptors(buf)
    check_metadata(md, buf)
    for d in descs:
        check_descriptor(d)
    md, d, arr = tg.decode_object(buf, 1)
    check_metadata(md, buf)
    check_descriptor(d)
    assert arr.tolist() == [0, 1, 2, 3]
    for m in tg.iter_messages(buf + buf):
        check_metadata(m.metadata, buf)


@pytest.mark.thread_unsafe(reason="compares reference counts of objects every thread uses")
def test_no_reference_left_behind():
    buf = message()
    for _ in range(200):
        tg.decode(buf)
    gc.collect()
    before = sys.getrefcount(buf), sys.getrefcount(Metadata), sys.getrefcount(DataObjectDescriptor)
    for _ in range(2000):
        tg.decode(buf)
        tg.decode_metadata(buf)
    gc.collect()
    after = sys.getrefcount(buf), sys.getrefcount(Metadata), sys.getrefcount(DataObjectDescriptor)
    assert after == before


class CountingMetadata(Metadata):
    """A subclass whose __init__ does more than fill the slots: must be called."""

    __slots__ = ("calls",)

    def __init__(self, raw, pad=-1):
        super().__init__(raw, pad)
        self.calls = 1


class QuietSubclass(Metadata):
    """No slots of its own, but an __init__ with a side effect: must be called."""

    __slots__ = ()
    made = 0

    def __init__(self, raw, pad=-1):
        super().__init__(raw, pad)
        QuietSubclass.made += 1


class PlainDescriptor:
    """No slots at all: must be called."""

    def __init__(self, raw):
        self.raw = raw


class SwappedDescriptor:
    """The right slots filled differently (probe fails): must be called."""

    __slots__ = ("_raw", "_map")

    def __init__(self, raw):
        self._raw = None
        self._map = raw


@pytest.mark.thread_unsafe(reason="registers other result classes for the whole process")
def test_other_classes_are_called(registered):
    buf = message(1)
    _tensogram._register(Message, CountingMetadata, PlainDescriptor)
    msg = tg.decode(buf)
    assert type(msg.metadata) is CountingMetadata and msg.metadata.calls == 1
    assert type(msg.objects[0][0]) is PlainDescriptor and isinstance(msg.objects[0][0].raw, bytes)
    _tensogram._register(Message, QuietSubclass, DataObjectDescriptor)
    made = QuietSubclass.made
    assert type(tg.decode_metadata(buf)) is QuietSubclass and QuietSubclass.made == made + 1
    _tensogram._register(Message, Metadata, SwappedDescriptor)
    d = tg.decode(buf).objects[0][0]
    assert d._raw is None and isinstance(d._map, bytes)


@pytest.mark.thread_unsafe(reason="registers other result classes for the whole process")
def test_failing_init_raises(registered):
    class Broken(Metadata):
        __slots__ = ()

        def __init__(self, raw, pad=-1):
            raise RuntimeError("no")

    _tensogram._register(Message, Broken, DataObjectDescriptor)
    with pytest.raises(RuntimeError, match="no"):
        tg.decode_metadata(message(1))


@pytest.mark.thread_unsafe(reason="replaces the result classes' __init__ for the whole process")
def test_package_classes_take_the_shortcut(monkeypatch):
    """The package's own Metadata and DataObjectDescriptor pass the registration probe: decoding
    builds them without calling their __init__ (a class change that made the probe fail would
    otherwise go unnoticed, every other test passing on the slower path)."""
    buf = message(2)
    calls = []
    for cls in (Metadata, DataObjectDescriptor):
        original = cls.__init__

        def counting(self, *args, _original=original, **kwargs):
            calls.append(type(self).__name__)
            _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", counting)
    msg = tg.decode(buf)
    md = tg.decode_metadata(buf)
    assert calls == []
    check_metadata(md, buf)
    assert type(msg.objects[0][0]) is DataObjectDescriptor
