"""Remote files on S3: a moto server on loopback, requests signed with SigV4.

moto[server] is installed by tools/make-venv.sh where wheels exist (not on
free-threaded interpreters, where these tests skip); the plain-HTTP tests
in test_remote.py run everywhere.
"""

import numpy as np
import pytest

import tensogram_go as tg
from test_remote import RANGES, _check_all, _same_arrays, _same_object, _sample

moto_server = pytest.importorskip("moto.server", reason="moto[server] has no wheels for this interpreter")
boto3 = pytest.importorskip("boto3")

CREDS = {"access_key_id": "testing", "secret_access_key": "secret", "region": "us-east-1"}


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """(storage_options, local TensogramFile) with sample.tgm uploaded to s3://bkt/dir/sample.tgm."""
    srv = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    srv.start()
    host, port = srv.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=CREDS["access_key_id"],
        aws_secret_access_key=CREDS["secret_access_key"], region_name=CREDS["region"],
    )
    client.create_bucket(Bucket="bkt")
    p = tmp_path_factory.mktemp("s3") / "sample.tgm"
    client.put_object(Bucket="bkt", Key="dir/sample.tgm", Body=_sample(p))
    yield dict(CREDS, endpoint=endpoint, allow_http=True), tg.TensogramFile.open(str(p))
    srv.stop()


def test_s3_matches_local(s3):
    opts, local = s3
    for url in ("s3://bkt/dir/sample.tgm", "s3a://bkt/dir/sample.tgm"):
        f = tg.TensogramFile.open_remote(url, opts)
        assert f.is_remote() and f.source() == url
        _check_all(f, local)
    f = tg.TensogramFile.open_remote("s3://bkt/dir/sample.tgm", opts, bidirectional=False)
    got = f.file_decode_object_batch([3, 1], 2)
    _same_object(got[0], local.file_decode_object(3, 2))
    got = f.file_decode_range_batch([0, 2], 0, RANGES[0], join=True)
    _same_arrays(got[1], local.file_decode_range(2, 0, RANGES[0], join=True))


def test_s3_errors(s3):
    opts, _ = s3
    fast = dict(opts, max_retries=0)
    with pytest.raises(OSError, match="^RemoteError: .*404"):
        tg.TensogramFile.open_remote("s3://bkt/dir/missing.tgm", fast)
    with pytest.raises(OSError, match="^RemoteError: "):
        tg.TensogramFile.open_remote("s3://nobucket/x.tgm", fast)
    with pytest.raises(OSError, match="^RemoteError: "):
        tg.TensogramFile.open_remote("s3://bkt/dir/sample.tgm", dict(fast, aws_role_arn="arn:x"))
    assert np.array_equal(
        tg.TensogramFile.open_remote("s3://bkt/dir/sample.tgm", opts).file_decode_object(1, 1)["data"],
        np.arange(200, dtype=np.int16) * 2,
    )
