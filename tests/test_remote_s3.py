"""Remote files on S3: a moto server on loopback, requests signed with SigV4.

moto[server] is installed by tools/make-venv.sh where wheels exist (not on
free-threaded 3.13, where these tests skip: moto's S3 needs cryptography,
whose cffi does not build there); the plain-HTTP tests in test_remote.py run
everywhere.
"""

import numpy as np
import pytest

import tensogram_go as tg
from test_remote import _sample, check_open_errors, check_store, check_with_env_credentials

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
    check_store(["s3://bkt/dir/sample.tgm", "s3a://bkt/dir/sample.tgm"], opts, local)


def test_s3_errors(s3):
    opts, _ = s3
    check_open_errors(opts, [
        ("s3://bkt/dir/missing.tgm", {}, "^RemoteError: Object at location dir/missing.tgm not found: .*404"),
        ("s3://nobucket/x.tgm", {}, "^RemoteError: "),
        ("s3://bkt/dir/sample.tgm", {"aws_role_arn": "arn:x"}, "^RemoteError: "),
    ])
    assert np.array_equal(
        tg.TensogramFile.open_remote("s3://bkt/dir/sample.tgm", opts).file_decode_object(1, 1)["data"],
        np.arange(200, dtype=np.int16) * 2,
    )


def test_s3_credentials_from_environment(s3, tmp_path):
    """No storage_options: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
    AWS_REGION name the server and sign the requests (moto checks the signature's form)."""
    opts, local = s3
    path = tmp_path / "sample.tgm"
    path.write_bytes(local.read_message(0) + local.read_message(1) + local.read_message(2) + local.read_message(3))
    check_with_env_credentials("s3://bkt/dir/sample.tgm", path, {
        "AWS_ENDPOINT_URL": opts["endpoint"], "AWS_ACCESS_KEY_ID": CREDS["access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDS["secret_access_key"], "AWS_REGION": CREDS["region"],
    })
