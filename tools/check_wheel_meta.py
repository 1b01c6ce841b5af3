"""check_wheel_meta.py WHEEL TAG: check a built tensogram-go wheel without installing it.

Checks: the file name's interpreter tag is TAG and every platform tag is manylinux 2.28 or
older; `auditwheel show` (on PATH) rates the wheel manylinux_2_28 or older; the wheel holds the
extension, the Go library, the stubs and py.typed; METADATA has Requires-Python and a
free-threading classifier, and every classifier is one PyPI accepts (trove-classifiers). Prints one line per check; exits 1 on the first failure.
"""

import re
import subprocess
import sys
import zipfile
from typing import NoReturn

import trove_classifiers

MAX_GLIBC = (2, 28)
# The legacy manylinux names and the glibc they stand for.
LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


def fail(msg: str) -> NoReturn:
    print(f"check-wheel: FAIL {msg}", file=sys.stderr)
    sys.exit(1)


def glibc_of(platform: str) -> tuple[int, int]:
    """The glibc version a platform tag such as manylinux_2_28_x86_64 requires."""
    m = re.fullmatch(r"manylinux_(\d+)_(\d+)_x86_64", platform)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"(manylinux\d+)_x86_64", platform)
    if m and m.group(1) in LEGACY:
        return LEGACY[m.group(1)]
    fail(f"platform tag {platform!r} is not a manylinux x86_64 tag")


def check_filename(name: str, tag: str) -> None:
    parts = name[: -len(".whl")].split("-")
    if len(parts) != 5 or parts[0] != "tensogram_go":
        fail(f"{name}: not a tensogram_go wheel name")
    py, abi, plats = parts[2], parts[3], parts[4].split(".")
    if (py, abi) != (tag.rstrip("t"), tag):
        fail(f"{name}: interpreter tags {py}-{abi}, want {tag.rstrip('t')}-{tag}")
    worst = max(glibc_of(p) for p in plats)
    if worst > MAX_GLIBC:
        fail(f"{name}: platform tag needs glibc {worst}, newer than {MAX_GLIBC}")
    print(f"check-wheel: tags {py}-{abi}-{'.'.join(plats)}")


def check_auditwheel(path: str) -> None:
    out = subprocess.run(["auditwheel", "show", path], capture_output=True, text=True, check=False)
    text = " ".join(out.stdout.split())
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', text)
    if out.returncode != 0 or m is None:
        fail(f"auditwheel show gave no platform tag:\n{out.stdout}{out.stderr}")
    if glibc_of(m.group(1)) > MAX_GLIBC:
        fail(f"auditwheel show rates the wheel {m.group(1)}:\n{out.stdout}")
    print(f"check-wheel: auditwheel show: {m.group(1)}")


def check_contents(zf: zipfile.ZipFile, tag: str) -> None:
    names = set(zf.namelist())
    abi = "cpython-%s%s-x86_64-linux-gnu" % (tag[2:].rstrip("t"), "t" if tag.endswith("t") else "")
    want = [
        f"tensogram_go/_tensogram.{abi}.so",
        "tensogram_go/libtensogram_go.so",
        "tensogram_go/__init__.py",
        "tensogram_go/_tensogram.pyi",
        "tensogram_go/_version.pyi",
        "tensogram_go/py.typed",
        "tensogram_go/tensogram-go",
        "tensogram_go/_cli.py",
        "tensogram_go/xarray/__init__.py",
        "tensogram_go/xarray/backend.py",
    ]
    missing = [n for n in want if n not in names]
    if missing:
        fail(f"wheel lacks {missing}")
    stray = sorted(n for n in names if n.endswith((".c", ".h", ".go")))
    if stray:
        fail(f"wheel holds source files {stray}")
    eps = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
    ep = "tensogram_go = tensogram_go.xarray:TensogramBackendEntrypoint"
    if eps is None or "[xarray.backends]" not in zf.read(eps).decode() or ep not in zf.read(eps).decode():
        fail(f"wheel does not register the xarray engine ({ep!r} under [xarray.backends])")
    print(f"check-wheel: contents ok ({len(names)} files)")


def check_metadata(zf: zipfile.ZipFile) -> None:
    meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
    text = zf.read(meta).decode()
    headers = text.split("\n\n", 1)[0].splitlines()
    req = [h for h in headers if h.startswith("Requires-Python: ")]
    if req != ["Requires-Python: >=3.11"]:
        fail(f"METADATA Requires-Python is {req}, want ['Requires-Python: >=3.11']")
    ft = [h for h in headers if h.startswith("Classifier: Programming Language :: Python :: Free Threading :: ")]
    if len(ft) != 1:
        fail(f"METADATA has {len(ft)} free-threading classifiers, want 1")
    unknown = [h for h in headers if h.startswith("Classifier: ") and h[len("Classifier: ") :] not in trove_classifiers.classifiers]
    if unknown:
        fail(f"METADATA has classifiers PyPI does not know: {unknown}")
    print(f"check-wheel: metadata: {req[0]}; {ft[0]}")


def main() -> None:
    path, tag = sys.argv[1], sys.argv[2]
    check_filename(path.rsplit("/", 1)[-1], tag)
    check_auditwheel(path)
    with zipfile.ZipFile(path) as zf:
        check_contents(zf, tag)
        check_metadata(zf)


if __name__ == "__main__":
    main()
