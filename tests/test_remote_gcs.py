"""Remote files on Google Cloud Storage: fake-gcs-server (its Go library, run by the small
internal/testservers/fakegcs command, built here with the Go toolchain and -tags testservers)
on a loopback port.

Options as upstream's emulator set-up (google_base_url, allow_http, skip_signature), and the
environment as the only source of the endpoint and credentials (STORAGE_EMULATOR_HOST,
GOOGLE_APPLICATION_CREDENTIALS with a token endpoint served here).
"""

import http.server
import json
import os
import shutil
import subprocess
import threading
import urllib.parse

import numpy as np
import pytest

import tensogram_go as tg
from test_remote import _same_object, _sample, check_open_errors, check_store, check_with_env_credentials

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
URL = "gs://bkt/dir/sample.tgm"


@pytest.fixture(scope="module")
def gcs(tmp_path_factory):
    """(base URL, local sample path) with sample.tgm served as gs://bkt/dir/sample.tgm."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("the Go toolchain is needed to build the fake GCS server")
    tmp = tmp_path_factory.mktemp("gcs")
    local = tmp / "sample.tgm"
    data = _sample(local)
    (tmp / "objects" / "bkt" / "dir").mkdir(parents=True)
    (tmp / "objects" / "bkt" / "dir" / "sample.tgm").write_bytes(data)
    exe = tmp / "fakegcs"
    subprocess.run([go, "build", "-tags", "testservers", "-o", str(exe), "./internal/testservers/fakegcs"], cwd=ROOT, check=True, timeout=600)
    proc = subprocess.Popen([str(exe), str(tmp / "objects")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:"), base
        yield base, local
    finally:
        proc.stdin.close()  # the server exits when its input closes
        proc.wait(timeout=10)


def _opts(base):
    return {"google_base_url": base, "allow_http": "true", "skip_signature": "true"}


def test_gcs_matches_local(gcs):
    base, path = gcs
    check_store([URL], _opts(base), tg.TensogramFile.open(str(path)))


def test_gcs_async(gcs):
    import asyncio

    base, path = gcs
    local = tg.TensogramFile.open(str(path))

    async def body():
        f = await tg.AsyncTensogramFile.open_remote(URL, _opts(base))
        assert await f.message_count() == 4
        got = await asyncio.gather(*(f.file_decode_object(i, 1) for i in range(4)))
        for i, o in enumerate(got):
            _same_object(o, local.file_decode_object(i, 1))

    asyncio.run(body())


def test_gcs_errors(gcs):
    base, _ = gcs
    check_open_errors(_opts(base), [
        ("gs://bkt/dir/missing.tgm", {}, "^RemoteError: Object at location dir/missing.tgm not found: .*404"),
        ("gs://nobucket/x.tgm", {}, "^RemoteError: .*404"),
        ("gs://bkt", {}, "^RemoteError: cannot open 'gs://bkt': "),
    ])


class _TokenHandler(http.server.BaseHTTPRequestHandler):
    grants: list

    def log_message(self, *args):
        pass

    def do_POST(self):
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.grants.append(form.get("grant_type", [""])[0])
        body = json.dumps({"access_token": "tok", "token_type": "Bearer", "expires_in": 3600}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_gcs_endpoint_and_credentials_from_environment(gcs, tmp_path):
    """No storage_options: STORAGE_EMULATOR_HOST names the server, GOOGLE_APPLICATION_CREDENTIALS
    an authorized-user file whose refresh token is exchanged at our token endpoint."""
    base, path = gcs
    grants = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_TokenHandler,), {"grants": grants}))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        cred = tmp_path / "adc.json"
        cred.write_text(json.dumps({
            "type": "authorized_user", "client_id": "cid", "client_secret": "cs", "refresh_token": "rt",
            "token_uri": f"http://127.0.0.1:{srv.server_address[1]}/token",
        }))
        check_with_env_credentials(URL, path, {
            "STORAGE_EMULATOR_HOST": base.removeprefix("http://"), "GOOGLE_APPLICATION_CREDENTIALS": str(cred),
        })
    finally:
        srv.shutdown()
        srv.server_close()
    assert grants and set(grants) == {"refresh_token"}
    assert np.array_equal(
        tg.TensogramFile.open_remote(URL, _opts(base)).file_decode_object(1, 1)["data"],
        np.arange(200, dtype=np.int16) * 2,
    )
