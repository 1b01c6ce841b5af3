"""The tensogram_go xarray engine at scale: the example file under Dask, pickled graphs, distributed.

The file is the example's forecast (examples/xarray_dask.py): 3 params x 4 steps, each message
a latitude and a longitude coordinate and one 24-bit simple_packing field, opened as one Dataset
with ``merge_objects=True, variable_key="param"``. Whatever the chunking, the scheduler or the
process that decodes, the numbers must be those of the eager (un-chunked) Dataset (sums to
1e-12: their order follows chunking and memory alignment). The distributed tests start a
LocalCluster of 2 spawned worker processes on loopback; the remote tests serve the same file
from tests/test_remote.py's HTTP server and from a moto S3 server, so the workers read it by URL. Chunk-level behaviour
(one chunk per object, row ranges per codec, concurrency) is tested in test_xarray_dask.py.
"""

import importlib.util
import pickle
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO

xr = pytest.importorskip("xarray", reason="xarray not installed for this interpreter")
dask = pytest.importorskip("dask", reason="dask not installed for this interpreter")
pytest.importorskip("dask.array", reason="dask[array] not installed for this interpreter")

from test_remote import server  # noqa: E402,F401  (the loopback HTTP fixture)

# Every test here starts clusters or subprocesses, or switches Dask's global scheduler.
# distributed's sampling profiler reads every thread's frames from another thread; on free-threaded
# CPython 3.13 that crashed the test process (segfault in distributed/profile.py), so it is off here.
NO_PROFILER = {"distributed.worker.profile.enabled": False}
pytestmark = pytest.mark.thread_unsafe(reason="Dask schedulers, clusters and subprocesses are process-wide")

ENGINE = "tensogram_go"
STEPS = [0, 6, 12, 18]


def _example():
    spec = importlib.util.spec_from_file_location("xarray_dask_example", REPO / "examples" / "xarray_dask.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


EXAMPLE = _example()
NLAT = EXAMPLE._grid(EXAMPLE.SIZES["small"])[0].size


def _distributed():
    """dask.distributed, or a visible skip where it cannot be installed for this interpreter."""
    return pytest.importorskip("dask.distributed", reason="distributed not installed for this interpreter")


@pytest.fixture(scope="module")
def forecast(tmp_path_factory):
    path = tmp_path_factory.mktemp("xarray_dask") / "forecast.tgm"
    EXAMPLE.write_forecast(path, EXAMPLE.SIZES["small"], STEPS)
    return path


@pytest.fixture(scope="module")
def eager(forecast):
    """The reference: the Dataset opened without Dask, fully loaded."""
    with xr.open_dataset(forecast, engine=ENGINE, merge_objects=True, variable_key="param") as ds:
        return ds.load()


def _open(path, chunks, **kw):
    return xr.open_dataset(path, engine=ENGINE, merge_objects=True, variable_key="param", chunks=chunks, **kw)


def test_eager_dataset_shape(eager):
    assert sorted(eager.data_vars) == sorted(EXAMPLE.PARAMS)
    for name in EXAMPLE.PARAMS:
        assert eager[name].dims == ("step", "latitude", "longitude")
    assert list(eager["step"].values) == STEPS
    assert eager.sizes["latitude"] == NLAT


@pytest.mark.parametrize("chunks", [{}, "auto", {"step": 1}, {"step": 1, "latitude": 23}, {"latitude": 10}])
def test_threaded_equals_eager(forecast, eager, chunks):
    ds = _open(forecast, chunks)
    for name in EXAMPLE.PARAMS:
        assert ds[name].chunks is not None, "not Dask-backed"
    with dask.config.set(scheduler="threads", num_workers=4):
        xr.testing.assert_identical(ds.compute(), eager)
        got = EXAMPLE.summarise(ds).compute()
    EXAMPLE.assert_same(got, EXAMPLE.summarise(eager))


def test_row_chunks_split_each_field(forecast, eager):
    ds = _open(forecast, {"step": 1, "latitude": 23})
    assert ds["2t"].chunks == ((1,) * len(STEPS), (23, 23, 23, NLAT - 69), (eager.sizes["longitude"],))
    with dask.config.set(scheduler="threads", num_workers=2):
        band = ds["msl"].isel(step=2, latitude=slice(23, 46)).compute()
    np.testing.assert_array_equal(band.values, eager["msl"].values[2, 23:46])


def test_pickled_graph_computes_in_a_fresh_process(forecast, eager, tmp_path):
    """A pickled Dask array computes in another interpreter, which reopens the file itself."""
    blob = tmp_path / "graph.pickle"
    blob.write_bytes(pickle.dumps(EXAMPLE.summarise(_open(forecast, {"step": 1, "latitude": 23}))))
    code = ("import pickle, sys, dask; r = pickle.load(open(sys.argv[1], 'rb'));"
            "dask.config.set(scheduler='threads'); sys.stdout.buffer.write(pickle.dumps(r.compute()))")
    p = subprocess.run([sys.executable, "-c", code, str(blob)], capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    EXAMPLE.assert_same(pickle.loads(p.stdout), EXAMPLE.summarise(eager))


@pytest.fixture(scope="module")
def cluster():
    """2 spawned worker processes, 1 thread each, on loopback, no dashboard."""
    distributed = _distributed()
    with dask.config.set({"distributed.worker.multiprocessing-method": "spawn", **NO_PROFILER}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None) as c:
            yield c


def _on_cluster(cluster, path, **kw):
    distributed = _distributed()
    with distributed.Client(cluster) as client:
        ds = _open(path, {"step": 1, "latitude": 23}, **kw)
        means = client.compute(EXAMPLE.summarise(ds)).result()
        loaded = ds.compute()
    return means, loaded


@pytest.mark.timeout(600)
def test_distributed_local_file(cluster, forecast, eager):
    means, loaded = _on_cluster(cluster, forecast)
    EXAMPLE.assert_same(means, EXAMPLE.summarise(eager))
    xr.testing.assert_identical(loaded, eager)


@pytest.mark.timeout(600)
def test_distributed_remote_http(cluster, server, forecast, eager):  # noqa: F811 - pytest fixture
    server.files["/xarray/forecast.tgm"] = forecast.read_bytes()
    url = server.base + "/xarray/forecast.tgm"
    means, loaded = _on_cluster(cluster, url, storage_options={"allow_http": True})
    EXAMPLE.assert_same(means, EXAMPLE.summarise(eager))
    xr.testing.assert_identical(loaded, eager)


@pytest.mark.timeout(600)
def test_distributed_s3(cluster, forecast, eager):
    """Workers sign their own S3 range requests with the pickled storage_options (moto on loopback)."""
    # exc_type: an old moto that pip may resolve where new wheels are missing fails with ImportError
    moto_server = pytest.importorskip("moto.server", reason="no working moto[server] for this interpreter",
                                      exc_type=ImportError)
    boto3 = pytest.importorskip("boto3", reason="boto3 not installed for this interpreter")
    srv = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    srv.start()
    try:
        host, port = srv.get_host_and_port()
        creds = {"access_key_id": "testing", "secret_access_key": "secret", "region": "us-east-1"}
        endpoint = f"http://{host}:{port}"
        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=creds["access_key_id"],
                              aws_secret_access_key=creds["secret_access_key"], region_name=creds["region"])
        client.create_bucket(Bucket="forecasts")
        client.put_object(Bucket="forecasts", Key="runs/forecast.tgm", Body=forecast.read_bytes())
        means, loaded = _on_cluster(cluster, "s3://forecasts/runs/forecast.tgm",
                                    storage_options=dict(creds, endpoint=endpoint, allow_http=True))
    finally:
        srv.stop()
    EXAMPLE.assert_same(means, EXAMPLE.summarise(eager))
    xr.testing.assert_identical(loaded, eager)


@pytest.mark.timeout(600)
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # the module's cluster has it (no dashboard)
def test_distributed_s3_credentials_from_worker_env(server, forecast, eager, monkeypatch):  # noqa: F811
    """S3 keys from the workers' environment sign the workers' requests, and none travel in the
    graph. The S3 endpoint is tests/test_remote.py's HTTP server (path-style URLs), which records
    every request's Authorization header."""
    import test_remote

    distributed = _distributed()
    seen = []
    serve = test_remote._Handler._object

    def recording(self):
        seen.append(self.headers.get("Authorization") or "")
        return serve(self)

    monkeypatch.setattr(test_remote._Handler, "_object", recording)
    server.files["/forecasts/runs/forecast.tgm"] = forecast.read_bytes()
    options = {"endpoint": server.base, "allow_http": True, "region": "us-east-1"}
    # Spawned workers start with this process's environment.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDWORKERENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret-in-worker-env")
    with dask.config.set(NO_PROFILER), distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as c, distributed.Client(c):
        ds = _open("s3://forecasts/runs/forecast.tgm", {"step": 1, "latitude": 23}, storage_options=options)
        assert b"secret-in-worker-env" not in pickle.dumps(dict(ds["2t"].data.__dask_graph__()))
        opened = len(seen)
        loaded = ds.compute()
    xr.testing.assert_identical(loaded, eager)
    workers = seen[opened:]
    assert workers and all("Credential=AKIDWORKERENV/" in a for a in workers), workers[:3]


@pytest.mark.timeout(900)
def test_example_runs():
    _distributed()
    p = subprocess.run([sys.executable, str(REPO / "examples" / "xarray_dask.py"), "--size", "small"],
                       capture_output=True, text=True, timeout=840)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "same result from both schedulers: yes" in p.stdout
    assert "LocalCluster (2 processes" in p.stdout
