"""Tests of the benchmark machinery (run: python -m pytest -q benchmarks/test_benchkit.py).

They use small fake implementation modules, so they need neither tensogram_go nor upstream.
"""

import os
import sys
import threading
import types

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import go_bench  # noqa: E402
from benchkit import eccodes_ref, impls, runner, stats, tables, targets, workloads  # noqa: E402


def fake_module(name, with_ops=True):
    """A module with upstream's call shapes: encode returns bytes, decode returns .objects."""
    m = types.ModuleType(name)
    m.__version__ = "9.9"
    if with_ops:
        def encode(meta, pairs, threads=0):
            return b"TENSOGRM" + pairs[0][1].tobytes()

        def decode(buf, threads=0):
            arr = np.frombuffer(buf[8:], dtype=np.float32).copy()
            return types.SimpleNamespace(metadata=None, objects=[(None, arr)])

        m.encode, m.decode = encode, decode
    sys.modules[name] = m
    return m


@pytest.fixture
def fakes():
    fake_module("fake_full")
    fake_module("fake_empty", with_ops=False)
    yield
    for n in ("fake_full", "fake_empty"):
        sys.modules.pop(n, None)


def test_upstream_table_format_is_exact():
    text = tables.upstream_table("Decode (1M f32, none+none, dim=python)",
                                 {1: {"throughput": 416.2, "speedup": 1.0}, 2: {"throughput": 775.0, "speedup": 1.98}}, [1, 2])
    assert text.splitlines() == [
        "",
        "  Decode (1M f32, none+none, dim=python)",
        "  Threads |     Throughput |  Speedup",
        "  ------- | -------------- | --------",
        "        1 |        416 op/s |    1.00x",
        "        2 |        775 op/s |    1.98x",
    ]


def test_compare_table_keeps_upstream_cells_and_adds_ratio():
    summ = {"a": {1: {"min": 90, "median": 100, "max": 110, "speedup": 1.0}},
            "tensogram": {1: {"min": 40, "median": 50, "max": 60, "speedup": 1.0}}}
    text = tables.compare_table("X", ["a", "tensogram"], summ, [1], stats.ratios(summ, ["a", "tensogram"], [1]), ["a note"])
    row = text.splitlines()[5]
    assert row.startswith("        1 |        100 op/s |    1.00x |           90..110 |")
    assert row.endswith("|       2.00x")
    assert "a/upstream" in text and "note: a note" in text


def test_summarize_median_and_speedup():
    raw = {"a": {1: {"ops": [10, 30, 20], "wall_ms": []}, 2: {"ops": [40, 41, 39], "wall_ms": []}}}
    s = stats.summarize(raw, [1, 2])["a"]
    assert (s[1]["min"], s[1]["median"], s[1]["max"]) == (10, 20, 30)
    assert s[2]["speedup"] == pytest.approx(2.0)
    assert stats.ratio(1, 0) is None and stats.ratio(None, 1) is None


def test_measure_counts_all_threads_and_interleaves():
    calls = []
    lock = threading.Lock()

    def op(tag):
        with lock:
            calls.append(tag)

    vs = [runner.Variant("x", op, ("x",)), runner.Variant("y", op, ("y",))]
    crews = runner.Crews()
    try:
        raw = runner.measure(vs, [1, 3], 4, 2, crews=crews)
    finally:
        crews.close()
    # per variant: warm-up (1 call per thread) + repeats x threads x iterations
    assert calls.count("x") == (1 + 2 * 4) + (3 + 2 * 3 * 4)
    assert len(raw["x"][3]["ops"]) == 2 and all(v > 0 for v in raw["x"][3]["ops"])


def test_fresh_threads_start_a_new_crew_per_sample_without_untimed_calls():
    workers = []
    lock = threading.Lock()

    def op():
        with lock:
            workers.append(threading.current_thread())

    before = threading.active_count()
    crews = runner.Crews(fresh=True)
    try:
        raw = runner.measure([runner.Variant("x", op, ())], [2], 3, 4, crews=crews)
    finally:
        crews.close()
    # repeats x threads x iterations, no warm-up call; each sample's 6 calls on its own 2 threads
    assert len(workers) == 4 * 2 * 3 and len(raw["x"][2]["ops"]) == 4
    samples = [set(workers[i:i + 6]) for i in range(0, len(workers), 6)]
    assert all(len(s) == 2 for s in samples)
    assert len(set().union(*samples)) == 4 * 2  # Thread objects: no crew serves two samples
    assert threading.active_count() == before  # every crew was joined


def test_failing_operation_becomes_a_reason_not_a_crash():
    def bad(*_):
        raise ValueError("FramingError: nope")

    v = runner.Variant("bad", bad, ())
    runner.probe(v, "python", 1, 1)
    assert v.error == "ValueError: FramingError: nope"
    crews = runner.Crews()
    try:
        raw = runner.measure([v], [1, 2], 3, 2, crews=crews)
    finally:
        crews.close()
    assert raw["bad"][1]["ops"] == []


def test_error_inside_threads_is_reported():
    n = {"calls": 0}

    def flaky():
        n["calls"] += 1
        if n["calls"] > 3:
            raise RuntimeError("boom")

    v = runner.Variant("flaky", flaky, ())
    crews = runner.Crews()
    try:
        runner.measure([v], [2], 5, 3, crews=crews)
    finally:
        crews.close()
    assert v.error == "RuntimeError: boom"


def test_tensogram_dimension_passes_threads(fakes):
    seen = []
    v = runner.Variant("t", lambda threads=None: seen.append(threads), ())
    runner.measure([v], [1, 4], 2, 1, dimension="tensogram")
    assert seen == [1, 1, 4, 4]


def test_missing_module_and_missing_op_are_clear(fakes):
    assert "cannot import" in impls.Impl("no_such_module_xyz").error
    imp = impls.Impl("fake_empty")
    with pytest.raises(impls.Unsupported, match=r"fake_empty 9.9 has no decode\(\)"):
        imp.func("decode")


def test_workloads_build_variants_and_fall_back_to_other_messages(fakes):
    full, empty = impls.Impl("fake_full"), impls.Impl("fake_empty")
    dec, enc = workloads.headline([empty, full], 2, "python")
    vs = dec.variants([empty, full])
    assert [v.name for v in vs] == ["fake_empty", "fake_full", "numpy-copy"]
    assert vs[0].error.endswith("has no decode()")
    assert vs[1].ok and vs[2].ok
    assert enc.variants([empty, full])[0].error.endswith("has no encode()")


def test_size_iterations_rule():
    assert [workloads.size_iterations(30, s) for s, _ in workloads.SIZES] == [30, 3, 3]


def test_targets_report_ratios():
    w = {"label": "Decode (1M f32, none+none, dim=python)", "dimension": "python", "summary": {
        "tensogram_go": {1: {"median": 800}, 2: {"median": 1400}},
        "tensogram": {1: {"median": 400}},
        "numpy-copy": {1: {"median": 1000}}}}
    text = dict(targets.rows([w]))
    assert "2.00x" in text["Decode (1M f32, none+none, dim=python): 1-thread go/upstream"]
    assert "BELOW" in text["Decode (1M f32, none+none, dim=python): 2-thread scaling (go)"]
    assert "0.80x" in text["Decode (1M f32, none+none, dim=python): 1-thread go/numpy-copy"]


def test_scaling_flags_against_the_control_of_the_run():
    def row(label, section, name, one, two):
        return {"label": label, "section": section, "dimension": "python",
                "summary": {name: {1: {"median": one}, 2: {"median": two}}}}

    ctl = row("Control (start): zlib", "control", "zlib-control", 100, 196)
    slow = row("Encode (1M f32, none+none, dim=python)", "headline", "tensogram_go", 2615, 1365)
    fine = row("Decode (1M f32, none+none, dim=python)", "headline", "tensogram_go", 1000, 1700)
    assert targets.control_scaling([slow]) is None
    assert targets.scaling_flags([slow], None) == []
    assert targets.control_scaling([ctl, slow]) == 1.96
    flags = targets.scaling_flags([ctl, slow, fine], 1.96)
    assert len(flags) == 1 and "Encode (1M f32" in flags[0] and "0.52x" in flags[0] and "1.96x" in flags[0]
    assert "FLAG Encode" in targets.report([ctl, slow, fine])


def test_targets_codec_rows_against_upstream_speed():
    def row(label, ours, theirs):
        return {"label": label, "dimension": "python", "section": "codec-extra", "summary": {
            "tensogram_go": {1: {"median": ours}, 2: {"median": 2 * ours}}, "tensogram": {1: {"median": theirs}}}}

    text = dict(targets.rows([row("Decode (1M float64, blosc2 zstd clevel 5)", 90, 100),
                              row("Encode (1M float64, zfp fixed_rate 16)", 120, 100),
                              row("Encode (1M float64, sz3 abs 0.01)", 50, 100)]))
    assert "0.90x  (target >= 1.0x: BELOW)" in text["Decode (1M float64, blosc2 zstd clevel 5): 1-thread go/upstream"]
    assert "1.20x  (target >= 1.0x: meets)" in text["Encode (1M float64, zfp fixed_rate 16): 1-thread go/upstream"]
    assert "Encode (1M float64, sz3 abs 0.01): 1-thread go/upstream" not in text


def test_extra_codec_workloads_check_lossy_results():
    data = np.linspace(-1, 1, 101)

    class Decoded:
        def __init__(self, arr):
            self.objects = [({}, arr)]

    workloads.check_same(Decoded(data + 0.009), data, "none", 0.01)
    with pytest.raises(impls.Unsupported):
        workloads.check_same(Decoded(data + 0.02), data, "none", 0.01)
    with pytest.raises(impls.Unsupported):
        workloads.check_same(Decoded(data + 1e-12), data, "none")
    assert [c[1] for c in workloads.EXTRA_CODECS] == ["blosc2", "blosc2", "zfp", "sz3"]


def test_go_bench_parse_and_summary():
    text = "\n".join([
        "pkg: example.com/m/core/codec/szip",
        "BenchmarkEncode/n=1M/threads=1-2   \t     100\t  10000000 ns/op\t 800.00 MB/s\t 0.7 ratio\t 3047552 B/op\t 35 allocs/op",
        "BenchmarkEncode/n=1M/threads=1-2   \t     100\t  12000000 ns/op\t 700.00 MB/s\t 0.7 ratio\t 3047552 B/op\t 35 allocs/op",
        "BenchmarkEncode/n=1M/threads=1-2   \t     100\t  11000000 ns/op\t 750.00 MB/s\t 0.7 ratio\t 3047552 B/op\t 35 allocs/op",
        "PASS",
    ])
    rows = go_bench.parse(text)
    assert len(rows) == 3 and rows[0][1] == "BenchmarkEncode/n=1M/threads=1"
    s = go_bench.summarize(rows)[("example.com/m/core/codec/szip", "BenchmarkEncode/n=1M/threads=1")]
    assert (s["runs"], s["ns_op"], s["mb_s"], s["mb_min"], s["mb_max"], s["allocs"]) == (3, 11e6, 750, 700, 800, 35)


def test_grid_shape_covers_all_points():
    for n in (10_000_000, 1_000_000, 7, 16_000):
        ni, nj = eccodes_ref.grid_shape(n)
        assert ni * nj == n and ni >= nj


def test_calibrate_raises_fast_and_lowers_slow_operations():
    import time

    fast = runner.Variant("fast", lambda: None, ())
    slow = runner.Variant("slow", time.sleep, (0.004,))
    runner.calibrate([fast, slow], 10, 0.002, max_sample_s=0.02)
    assert fast.iterations is not None and fast.iterations > 10
    assert slow.iterations is not None and 3 <= slow.iterations <= 5
    plain = runner.Variant("plain", time.sleep, (0.0001,))
    runner.calibrate([plain], 10, 0.0)
    assert plain.iterations is None and plain.call_s is None


def test_remote_md_rows_and_ratios():
    import results_md

    r = lambda req, b, s: {"requests": req, "bytes": b, "seconds": s}  # noqa: E731
    doc = {"args": {"messages": 2, "objects": 1, "side": 8, "runs": 1},
           "results": {"5ms": {"tensogram_go": {"object": r(2, 2048, 0.01)}, "tensogram": {"object": r(4, 4096, 0.03)}}}}
    lines = results_md.remote_md(doc)
    assert lines[0].startswith("### Remote reads over loopback HTTP (2 messages x 1 float32 [8, 8]")
    assert "| 5ms | object | 2 | 2 | 10.0 | 4 | 4 | 30.0 | 2.00x | 2.00x | 3.00x |" in lines


def test_bench_remote_server_counts_requests_and_bytes():
    import bench_remote

    srv = bench_remote.Server(b"x" * 100)
    try:
        import urllib.request

        req = urllib.request.Request(srv.url, headers={"Range": "bytes=10-19"})
        with urllib.request.urlopen(req) as resp:
            assert resp.status == 206 and resp.read() == b"x" * 10
        assert srv.counts() == (1, 10)
        srv.reset()
        assert srv.counts() == (0, 0)
    finally:
        srv.close()
