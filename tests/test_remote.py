"""Remote files over a loopback HTTP server with Range support.

Every remote method must give what the local decode of the same file gives,
sync and async, from many threads on one handle; transport failures are
OSError with the "RemoteError:" prefix; argument errors are raised eagerly.
"""

import asyncio
import hashlib
import http.server
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc, run_together

# Fail fast on injected faults instead of retrying for minutes.
FAST = {"max_retries": 0, "timeout": "5s"}


class _Store:
    """Objects the server serves, request counters and injected faults."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.truncate: set[str] = set()  # paths whose ranged bodies are cut short
        self.requests = 0
        self.body_bytes = 0  # payload bytes sent in GET answers
        self.auth: list[str] = []  # Authorization headers seen, in order
        self.lock = threading.Lock()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    store: _Store

    def log_message(self, *args):
        pass

    def _object(self):
        with self.store.lock:
            self.store.requests += 1
            self.store.auth.append(self.headers.get("Authorization") or "")
            body = self.store.files.get(self.path.split("?")[0])
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
        return body

    def _headers(self, status, body, length, extra=()):
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.send_header("ETag", '"' + hashlib.sha1(body).hexdigest() + '"')
        self.send_header("Accept-Ranges", "bytes")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()

    def do_HEAD(self):
        body = self._object()
        if body is not None:
            self._headers(200, body, len(body))

    def do_GET(self):
        body = self._object()
        if body is None:
            return
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        want = self.headers.get("If-Match")
        if want is not None and want != etag:
            self.send_response(412)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        rng = self.headers.get("Range")
        if rng is None:
            self._headers(200, body, len(body))
            self.wfile.write(body)
            return
        a, b = rng.removeprefix("bytes=").split("-")
        a, b = int(a), min(int(b), len(body) - 1)
        part = body[a : b + 1]
        self._headers(206, body, len(part), [("Content-Range", f"bytes {a}-{b}/{len(body)}")])
        with self.store.lock:
            self.store.body_bytes += len(part)
        if self.path in self.store.truncate:
            self.wfile.write(part[: len(part) // 2])
            self.close_connection = True
            return
        self.wfile.write(part)


@pytest.fixture(scope="module")
def server():
    store = _Store()
    handler = type("Handler", (_Handler,), {"store": store})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    store.base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield store
    srv.shutdown()
    srv.server_close()


def _sample(path) -> bytes:
    """Four messages with raw, compressed, masked and integer objects."""
    rng = np.random.default_rng(7)
    f = tg.TensogramFile.create(str(path))
    for i in range(4):
        big = rng.standard_normal((64, 300)).astype(np.float32)  # > 64 KiB: edge + span reads
        masked = np.linspace(0, 1, 50)
        masked[[3, 17]] = np.nan
        f.append(
            {"i": i, "mars": {"step": i * 6}},
            [
                (desc([64, 300]), big),
                (desc([200], "int16", compression="zstd"), np.arange(200, dtype=np.int16) * (i + 1)),
                (desc([50], "float64"), masked),
                (desc([10, 10], "float32", compression="lz4"), rng.standard_normal((10, 10)).astype(np.float32)),
            ],
            allow_nan=True,
        )
    return path.read_bytes()


@pytest.fixture(scope="module")
def sample(server, tmp_path_factory):
    """(url, local TensogramFile) of the same four-message file."""
    p = tmp_path_factory.mktemp("remote") / "sample.tgm"
    server.files["/data/sample.tgm"] = _sample(p)
    return server.base + "/data/sample.tgm", tg.TensogramFile.open(str(p))


def _desc_key(d):
    return (d.obj_type, d.shape, d.dtype, d.byte_order, d.encoding, d.filter, d.compression, d.params)


def _same_arrays(a, b):
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b):
            _same_arrays(x, y)
        return
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a, b)


def _same_message(a, b):
    assert a.metadata == b.metadata
    assert len(a.objects) == len(b.objects)
    for (da, xa), (db, xb) in zip(a.objects, b.objects):
        assert _desc_key(da) == _desc_key(db)
        _same_arrays(xa, xb)


def _same_object(a, b):
    assert a["metadata"] == b["metadata"]
    assert _desc_key(a["descriptor"]) == _desc_key(b["descriptor"])
    _same_arrays(a["data"], b["data"])


RANGES = {0: [(0, 5), (1000, 300), (19100, 100)], 1: [(0, 1), (10, 20)], 2: [(0, 10), (15, 5)], 3: [(3, 4)]}


def _check_all(f, local):
    """Every read method of remote handle f against the local handle."""
    assert f.message_count() == len(f) == local.message_count() == 4
    for i in range(4):
        assert f.read_message(i) == local.read_message(i)
        _same_message(f.decode_message(i), local.decode_message(i))
        assert f.file_decode_metadata(i) == local.file_decode_metadata(i)
        rd, ld = f.file_decode_descriptors(i), local.file_decode_descriptors(i)
        assert rd["metadata"] == ld["metadata"]
        assert [_desc_key(d) for d in rd["descriptors"]] == [_desc_key(d) for d in ld["descriptors"]]
        for j in range(4):
            _same_object(f.file_decode_object(i, j), local.file_decode_object(i, j))
            for join in (False, True):
                _same_range(f, local, i, j, join)


def _same_range(f, local, i, j, join):
    """file_decode_range on both handles: equal arrays, or the same error (zstd, lz4: no range decode)."""
    try:
        want = local.file_decode_range(i, j, RANGES[j], join=join)
    except ValueError as e:
        with pytest.raises(ValueError) as got:
            f.file_decode_range(i, j, RANGES[j], join=join)
        assert str(got.value) == str(e)
        return
    _same_arrays(f.file_decode_range(i, j, RANGES[j], join=join), want)


def check_store(urls, opts, local):
    """Every method on each of urls (with storage options opts) against the local handle, then the
    batch methods on a forward-only handle of the first: the common body of the S3, GCS and Azure
    tests."""
    for url in urls:
        f = tg.TensogramFile.open_remote(url, opts)
        assert f.is_remote() and f.source() == url
        _check_all(f, local)
    f = tg.TensogramFile.open_remote(urls[0], opts, bidirectional=False)
    got = f.file_decode_object_batch([3, 1], 2)
    _same_object(got[0], local.file_decode_object(3, 2))
    got = f.file_decode_range_batch([0, 2], 0, RANGES[0], join=True)
    _same_arrays(got[1], local.file_decode_range(2, 0, RANGES[0], join=True))


def check_open_errors(opts, cases):
    """open_remote(url, opts | extra | max_retries=0) raises OSError matching pattern, for every
    (url, extra, pattern) of cases: the error tables of the S3, GCS and Azure tests."""
    for url, extra, pattern in cases:
        with pytest.raises(OSError, match=pattern):
            tg.TensogramFile.open_remote(url, {**opts, **extra, "max_retries": "0"})


_ENV_CHILD = """
import sys
sys.path.insert(0, sys.argv[3])
import tensogram_go as tg
from test_remote import _check_all
_check_all(tg.TensogramFile.open_remote(sys.argv[1]), tg.TensogramFile.open(sys.argv[2]))
"""


def check_with_env_credentials(url, local_path, env):
    """Open url with no storage_options in a child process whose environment is ours minus every
    AWS_*, GOOGLE_*, AZURE_* and STORAGE_EMULATOR_HOST variable plus env, and check every method
    against the local file. A child, because the Go runtime reads the environment once at load."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("AWS_", "GOOGLE_", "AZURE_", "STORAGE_EMULATOR_HOST"))}
    clean.update(env, HOME=os.path.dirname(str(local_path)))  # no ~/.aws or gcloud files
    r = subprocess.run([sys.executable, "-c", _ENV_CHILD, url, str(local_path), os.path.dirname(__file__)],
                       env=clean, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]


@pytest.mark.thread_unsafe(reason="assigns process environment variables")
def test_credentials_assigned_to_os_environ_after_start_sign_requests(server, monkeypatch):
    """The Go runtime copies the environment when it starts; keys a notebook assigns to os.environ
    afterwards must still sign S3 requests (they are read from the live environment)."""
    msg = tg.encode({}, [(desc([4]), np.arange(4, dtype="f4"))])  # the Go runtime is running now
    server.files["/envbucket/late.tgm"] = msg
    for k in [k for k in os.environ if k.startswith("AWS_")]:
        monkeypatch.delenv(k)
    monkeypatch.setenv("HOME", "/nonexistent")  # no ~/.aws files
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDLATEASSIGNED")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    with server.lock:
        server.auth.clear()
    f = tg.TensogramFile.open_remote("s3://envbucket/late.tgm",
                                     {"endpoint": server.base, "allow_http": True, "region": "us-east-1"})
    assert np.array_equal(f.decode_message(0).objects[0][1], np.arange(4, dtype="f4"))
    with server.lock:
        seen = list(server.auth)
    assert seen and all(a.startswith("AWS4-HMAC-SHA256 Credential=AKIDLATEASSIGNED/") for a in seen), seen[:2]


@pytest.mark.parametrize("bidirectional", [True, False])
def test_every_method_matches_local(sample, bidirectional):
    url, local = sample
    f = tg.TensogramFile.open_remote(url, bidirectional=bidirectional)
    assert f.is_remote() and f.source() == url and not local.is_remote()
    assert repr(f) == f"TensogramFile(source={url!r})"
    _check_all(f, local)
    _same_message(f[-1], local[3])
    assert [m.metadata["i"] for m in f[1:3]] == [1, 2]


def test_open_detects_urls_and_options(sample):
    url, local = sample
    f = tg.TensogramFile.open(url)
    assert f.is_remote()
    _same_message(f.decode_message(2), local.decode_message(2))
    g = tg.TensogramFile.open_remote(url, {"max_retries": 2, "allow_http": True, "timeout": "30s"})
    assert g.message_count() == 4
    with pytest.raises(OSError, match="RemoteError"):
        tg.TensogramFile.open_remote(url, {"no_such_option": "1"})


def test_golden_files(server, golden_dir):
    for p in sorted(golden_dir.glob("*.tgm")):
        server.files["/golden/" + p.name] = p.read_bytes()
        f, local = tg.TensogramFile.open(server.base + "/golden/" + p.name), tg.TensogramFile.open(str(p))
        assert len(f) == len(local)
        for i in range(len(local)):
            _same_message(f.decode_message(i, verify_hash=True), local.decode_message(i, verify_hash=True))
            n = len(local.file_decode_descriptors(i)["descriptors"])
            for j in range(n):
                _same_object(f.file_decode_object(i, j, verify_hash=True), local.file_decode_object(i, j))


def test_batches(sample):
    url, local = sample
    f = tg.TensogramFile.open_remote(url)
    msgs = [2, 0, 2, 3]
    for j in range(4):
        got = f.file_decode_object_batch(msgs, j)
        assert len(got) == len(msgs)
        for k, i in enumerate(msgs):
            _same_object(got[k], local.file_decode_object(i, j))
        for join in (False, True):
            if j in (1, 3):  # zstd, lz4: no range decode
                with pytest.raises(ValueError, match="range decode not supported"):
                    f.file_decode_range_batch(msgs, j, RANGES[j], join=join)
                continue
            got = f.file_decode_range_batch(msgs, j, RANGES[j], join=join)
            for k, i in enumerate(msgs):
                _same_arrays(got[k], local.file_decode_range(i, j, RANGES[j], join=join))
    assert f.file_decode_object_batch([], 0) == [] and f.file_decode_range_batch((), 0, [(0, 1)]) == []
    with pytest.raises(ValueError, match="FramingError"):
        f.file_decode_object_batch([0, 9], 0)
    with pytest.raises(ValueError, match="ObjectError"):
        f.file_decode_range_batch([0, 1], 7, [(0, 1)])
    with pytest.raises(TypeError):
        f.file_decode_object_batch("01", 0)
    with pytest.raises(OverflowError):
        f.file_decode_object_batch([-1], 0)
    with pytest.raises(OSError, match="^batch object decode requires a remote backend$"):
        local.file_decode_object_batch([0], 0)
    with pytest.raises(OSError, match="^batch range decode requires a remote backend$"):
        local.file_decode_range_batch([0], 0, [(0, 1)])


def test_remote_only_rules(sample):
    url, _ = sample
    f = tg.TensogramFile.open_remote(url)
    with pytest.raises(RuntimeError, match="iteration not supported on remote files"):
        iter(f)
    with pytest.raises(OSError, match="^RemoteError: operation not supported on remote files$"):
        f.messages()
    with pytest.raises(OSError, match="^RemoteError: operation not supported on remote files$"):
        f.append({}, [(desc([1]), np.zeros(1, np.float32))])
    with pytest.raises(ValueError, match="FramingError"):
        f.decode_message(4)
    with pytest.raises(ValueError, match="ObjectError"):
        f.file_decode_object(0, 4)
    with pytest.raises(AttributeError):
        f.prefetch_layouts  # noqa: B018 - async only
    f.close()
    with pytest.raises(ValueError, match="closed"):
        f.message_count()


@pytest.mark.thread_unsafe(reason="counts the bytes the module's shared server sends")
def test_range_reads_fetch_only_what_they_need(server, sample):
    url, local = sample
    f = tg.TensogramFile.open_remote(url)
    f.file_decode_metadata(3)  # discovery and layout of message 3
    before = server.body_bytes
    got = f.file_decode_range(3, 0, [(5, 3), (19000, 2)])  # a 76.8 KB uncompressed object
    _same_arrays(got, local.file_decode_range(3, 0, [(5, 3), (19000, 2)]))
    assert server.body_bytes - before < 20 * 1024  # frame edges (8 KiB each) and 20 payload bytes
    before = server.body_bytes
    _same_object(f.file_decode_object(3, 2), local.file_decode_object(3, 2))
    assert server.body_bytes - before < 4 * 1024  # one small frame, not the message


def test_threads_share_one_handle(sample):
    url, local = sample
    f = tg.TensogramFile.open_remote(url)
    want = {(i, j): local.file_decode_object(i, j) for i in range(4) for j in range(4)}

    def body(tid):
        for k in range(12):
            i, j = (tid + k) % 4, (tid * 3 + k) % 4
            _same_object(f.file_decode_object(i, j), want[(i, j)])
            _same_range(f, local, i, j, False)
        assert f.message_count() == 4

    run_together(8, body)


def test_errors(server, sample):
    url, _ = sample
    base = server.base
    # Upstream's wording (object_store): the key, the request, the status.
    with pytest.raises(OSError, match="^RemoteError: Object at location missing.tgm not found: Error performing HEAD .* 404 Not Found"):
        tg.TensogramFile.open_remote(base + "/missing.tgm", FAST)
    with pytest.raises(OSError, match="^RemoteError: cannot open 'ftp://h/x': Generic URL error: Unable to recognise URL"):
        tg.TensogramFile.open_remote("ftp://h/x")
    with pytest.raises(OSError, match="Generic Config error: failed to parse \"30\" as Duration"):
        tg.TensogramFile.open_remote(url, {"timeout": "30"})
    server.files["/small.tgm"] = b"x" * 20
    with pytest.raises(OSError, match="^RemoteError: remote file too small"):
        tg.TensogramFile.open_remote(base + "/small.tgm", FAST)
    server.files["/junk.tgm"] = b"not a tensogram file at all" * 10
    with pytest.raises(OSError, match="^RemoteError: "):
        tg.TensogramFile.open_remote(base + "/junk.tgm", FAST)
    with pytest.raises(OSError, match="invalid"):
        tg.TensogramFile.open("http://[invalid]/file.tgm")
    with pytest.raises(OSError, match="^RemoteError: "):
        tg.TensogramFile.open_remote("http://127.0.0.1:1/x.tgm", FAST)


@pytest.mark.thread_unsafe(reason="injects truncation and changes into the module's shared server")
def test_truncated_and_changed_objects(server, sample, tmp_path):
    url, _ = sample
    data = server.files["/data/sample.tgm"]
    server.files["/trunc.tgm"] = data
    f = tg.TensogramFile.open_remote(server.base + "/trunc.tgm", FAST)
    server.truncate.add("/trunc.tgm")
    try:
        with pytest.raises(OSError, match="^RemoteError: "):
            f.decode_message(0)
    finally:
        server.truncate.discard("/trunc.tgm")
    server.files["/changing.tgm"] = data
    g = tg.TensogramFile.open_remote(server.base + "/changing.tgm", FAST)
    assert g.file_decode_metadata(0)["i"] == 0
    other = tmp_path / "other.tgm"
    h = tg.TensogramFile.create(str(other))
    h.append({"i": 9}, [(desc([4]), np.ones(4, np.float32))])
    server.files["/changing.tgm"] = other.read_bytes() + data[len(other.read_bytes()):]
    with pytest.raises(OSError, match="^RemoteError: .*(412|changed)"):
        g.decode_message(3)


def test_argument_errors():
    url = "http://127.0.0.1:1/x.tgm"
    with pytest.raises(TypeError):
        tg.TensogramFile.open_remote(url, None, True)
    with pytest.raises(TypeError):
        tg.TensogramFile.open_remote(url, bidirectional=1)
    with pytest.raises(TypeError):
        tg.TensogramFile.open(url, bidirectional="yes")
    with pytest.raises(TypeError):
        tg.TensogramFile.open_remote(url, [("a", "b")])
    with pytest.raises(TypeError):
        tg.TensogramFile.open_remote(url, {1: "b"})
    with pytest.raises(TypeError):
        tg.TensogramFile.open_remote(123)

    class Bad:
        def __str__(self):
            raise RuntimeError("no")

    with pytest.raises(ValueError, match="^storage_options value for key 'k' must be convertible to string$"):
        tg.TensogramFile.open_remote(url, {"k": Bad()})


def test_async_matches_local(sample):
    url, local = sample

    async def main():
        af = await tg.AsyncTensogramFile.open_remote(url, {"max_retries": 1})
        assert af.is_remote() and af.source() == url
        with pytest.raises(RuntimeError):
            len(af)
        await af.prefetch_layouts([3, 1])
        await af.prefetch_layouts([])
        assert await af.message_count() == 4 and len(af) == 4
        jobs = [af.decode_message(i) for i in range(4)] + [af.file_decode_object(i, 1) for i in range(4)]
        res = await asyncio.gather(*jobs)
        for i in range(4):
            _same_message(res[i], local.decode_message(i))
            _same_object(res[4 + i], local.file_decode_object(i, 1))
        assert await af.file_decode_metadata(1) == local.file_decode_metadata(1)
        d = await af.file_decode_descriptors(2)
        assert d["metadata"] == local.file_decode_descriptors(2)["metadata"]
        _same_arrays(await af.file_decode_range(0, 0, RANGES[0]), local.file_decode_range(0, 0, RANGES[0]))
        got = await af.file_decode_object_batch([1, 3], 2)
        _same_object(got[1], local.file_decode_object(3, 2))
        got = await af.file_decode_range_batch([0, 2], 0, RANGES[0], join=True)
        _same_arrays(got[1], local.file_decode_range(2, 0, RANGES[0], join=True))
        assert await af.read_message(1) == local.read_message(1)
        assert await af.messages() == local.messages()
        assert [m.metadata["i"] async for m in af] == [0, 1, 2, 3]
        with pytest.raises(ValueError, match="FramingError"):
            await af.prefetch_layouts([9])
        g = await tg.AsyncTensogramFile.open(url)
        assert g.is_remote() and await g.message_count() == 4

    asyncio.run(main())


def test_async_eager_and_lazy_errors(sample, tmp_path):
    url, _ = sample

    class Bad:
        def __str__(self):
            raise RuntimeError("no")

    with pytest.raises(TypeError):
        tg.AsyncTensogramFile.open_remote(url, bidirectional=1)
    with pytest.raises(TypeError):
        tg.AsyncTensogramFile.open(url, bidirectional="yes")
    with pytest.raises(ValueError, match="convertible to string"):
        tg.AsyncTensogramFile.open_remote(url, {"k": Bad()})
    p = tmp_path / "l.tgm"
    tg.TensogramFile.create(str(p)).append({}, [(desc([2]), np.zeros(2, np.float32))])

    async def main():
        af = await tg.AsyncTensogramFile.open(str(p))
        assert not af.is_remote()
        with pytest.raises(TypeError):
            af.file_decode_object_batch("0", 0)
        with pytest.raises(OverflowError):
            af.prefetch_layouts([-1])
        pending = af.file_decode_object_batch([0], 0)  # the local-handle error surfaces when awaited
        with pytest.raises(OSError, match="batch object decode requires a remote backend"):
            await pending
        await af.prefetch_layouts([5])  # local: no-op, even for bad indices
        missing = tg.AsyncTensogramFile.open_remote(url + ".missing", FAST)
        with pytest.raises(OSError, match="^RemoteError: "):
            await missing

    asyncio.run(main())
