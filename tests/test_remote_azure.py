"""Remote files on Azure Blob Storage: Azurite (npm package azurite; tools/ensure-azurite.sh
installs it) started here on a free loopback port, in memory.

Without azurite-blob on PATH these tests skip, unless TENSOGRAM_REQUIRE_AZURITE is set (make
py-test sets it), where a missing emulator fails. Options as upstream's emulator set-up
(use_emulator, azure_storage_endpoint), and the environment alone
(AZURE_STORAGE_CONNECTION_STRING) as the source of endpoint and credentials.
"""

import base64
import email.utils
import hashlib
import hmac
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

import tensogram_go as tg
from test_remote import _sample, check_open_errors, check_store, check_with_env_credentials

# Azurite's well-known development account (public, documented by Microsoft).
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
URL = "az://cont/dir/sample.tgm"


def _sign(method, url, headers):
    """Add Shared Key authorization (Blob service, version 2021-12-02) to headers."""
    u = urllib.parse.urlsplit(url)
    length = headers.get("Content-Length", "")
    std = [method, "", "", "" if length == "0" else length, "", headers.get("Content-Type", ""), "", "", "", "", "", ""]
    canon_headers = "".join(f"{k.lower()}:{v}\n" for k, v in sorted(headers.items()) if k.lower().startswith("x-ms-"))
    # Azurite's path-style URLs carry the account in the path: the resource names it once more.
    resource = f"/{ACCOUNT}{u.path}"
    for k, v in sorted(urllib.parse.parse_qsl(u.query)):
        resource += f"\n{k.lower()}:{v}"
    sts = "\n".join(std) + "\n" + canon_headers + resource
    sig = base64.b64encode(hmac.new(base64.b64decode(KEY), sts.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {ACCOUNT}:{sig}"


def _put(method, url, body=b"", extra=None):
    headers = {"x-ms-date": email.utils.formatdate(usegmt=True), "x-ms-version": "2021-12-02",
               "Content-Length": str(len(body)), "Content-Type": "application/octet-stream", **(extra or {})}
    _sign(method, url, headers)
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


def _azurite():
    exe = shutil.which("azurite-blob")
    if exe is None:
        if os.environ.get("TENSOGRAM_REQUIRE_AZURITE"):
            pytest.fail("azurite-blob not on PATH (tools/ensure-azurite.sh installs it)")
        pytest.skip("azurite-blob not on PATH (npm install azurite)")
    return exe


@pytest.fixture(scope="module")
def azure(tmp_path_factory):
    """(account endpoint, local sample path) with sample.tgm served as az://cont/dir/sample.tgm."""
    exe = _azurite()
    tmp = tmp_path_factory.mktemp("azure")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "--blobHost", "127.0.0.1", "--blobPort", str(port), "--inMemoryPersistence",
                             "--silent", "--skipApiVersionCheck", "--disableTelemetry"],
                            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("azurite did not start within 30 s")
                time.sleep(0.1)
        endpoint = f"http://127.0.0.1:{port}/{ACCOUNT}"
        local = tmp / "sample.tgm"
        data = _sample(local)
        assert _put("PUT", endpoint + "/cont?restype=container") == 201
        assert _put("PUT", endpoint + "/cont/dir/sample.tgm", data, {"x-ms-blob-type": "BlockBlob"}) == 201
        yield endpoint, local
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _opts(endpoint):
    return {"use_emulator": "true", "azure_storage_endpoint": endpoint}


def test_azure_matches_local(azure):
    endpoint, path = azure
    urls = [URL, "azure://cont/dir/sample.tgm", "abfs://cont/dir/sample.tgm"]
    check_store(urls, _opts(endpoint), tg.TensogramFile.open(str(path)))


def test_azure_errors(azure):
    endpoint, _ = azure
    explicit = {"azure_storage_account_name": ACCOUNT, "azure_storage_account_key": KEY, "use_emulator": "false"}
    check_open_errors(_opts(endpoint), [
        ("az://cont/dir/missing.tgm", {}, "^RemoteError: Object at location dir/missing.tgm not found: .*404"),
        (URL, {"account_key": base64.b64encode(b"wrong").decode()}, "^RemoteError: The operation lacked .* 403"),
        (URL, explicit, "^RemoteError: cannot open .*allow_http"),  # an http endpoint given in the options
    ])


def test_azure_credentials_from_environment(azure):
    """No storage_options: the connection string names account, key and endpoint."""
    endpoint, path = azure
    check_with_env_credentials(URL, path, {
        "AZURE_STORAGE_CONNECTION_STRING":
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};BlobEndpoint={endpoint};",
    })
