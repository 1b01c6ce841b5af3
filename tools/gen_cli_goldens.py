#!/usr/bin/env python3
"""Record what upstream's `tensogram` CLI (crate tensogram-cli 0.24.0) prints
for every case the Go CLI's golden test replays.

    cargo install tensogram-cli --version 0.24.0 --root /work/venvs/tgcli
    python tools/gen_cli_goldens.py /work/venvs/tgcli/bin/tensogram [build/bin/tensogram-go]

Runs from cmd/tensogram-go (paths in the cases are relative to it) through a
symlink named `tensogram-go`, so clap's usage lines name our binary. Writes
cmd/tensogram-go/testdata/cases.json: per case the arguments, environment,
exit code, stdout and stderr, and for writer cases the `dump -j` and `ls`
output upstream gives on every file the writer produced ("$OUT" stands for
the per-case output directory). CI replays the file without cargo.
Given our binary too, every writer case is also run with it and upstream's
`dump -j`/`ls`/`validate --json` of our files is compared with upstream's
reading of its own; differences are printed.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, "..", "cmd", "tensogram-go")
C = "testdata/corpus/"


def corpus():
    return sorted(f for f in os.listdir(os.path.join(PKG, C)) if f.endswith(".tgm"))


# files whose damage makes the library print its CBOR parser's own error text
DAMAGED_CBOR = ("badmeta.tgm", "corrupt.tgm")


def read_cases():
    files = [C + f for f in corpus()]
    intact = [C + f for f in corpus() if f not in DAMAGED_CBOR]
    cases = []

    def add(name, *args, env=None, outputs=None):
        cases.append({"name": name, "args": list(args), "env": env or {}, "outputs": outputs or []})

    for f in files:
        b = os.path.basename(f)[:-4]
        add("info/" + b, "info", f)
        add("ls/" + b, "ls", f)
        add("dump/" + b, "dump", f)
        add("dump-json/" + b, "dump", "-j", f)
        add("validate/" + b, "validate", f)
        add("validate-json/" + b, "validate", "--json", f)
        add("validate-full/" + b, "validate", "--full", f)
        add("validate-full-json/" + b, "validate", "--full", "--json", f)
        add("validate-quick/" + b, "validate", "--quick", f)
        add("validate-checksum/" + b, "validate", "--checksum", "--json", f)
        add("validate-canonical/" + b, "validate", "--canonical", "--json", f)
        add("get-param/" + b, "get", "-p", "param", f)
        add("ls-keys/" + b, "ls", "-p", "version,param,mars.param,mars.step,codec,m,centre,source", f)
        add("ls-json/" + b, "ls", "-j", "-p", "version,param,mars.param,mars.date,extra.param,_extra_.source,nope", f)
        add("dump-json-keys/" + b, "dump", "-j", "-p", "param,mars,centre,version,_reserved_.tensor", f)
    add("info/all", "info", *intact)
    add("info/none", "info")
    add("info/missing", "info", "testdata/missing.tgm")
    # upstream spins forever on a directory (`info testdata`): not recorded
    add("ls/none", "ls")
    add("ls/all", "ls", "-p", "version,param,mars.param", *intact)
    add("dump/all", "dump", *intact)
    add("ls/missing", "ls", C + "E.tgm", "testdata/missing.tgm")
    add("validate/all", "validate", *intact)
    add("validate/all-json", "validate", "--json", *intact)
    add("validate/missing", "validate", "testdata/missing.tgm")
    add("validate/missing-json", "validate", "--json", C + "E.tgm", "testdata/missing.tgm")
    add("validate/full-canonical", "validate", "--full", "--canonical", C + "M.tgm", C + "masks.tgm")
    vals = C + "values.tgm"
    for k in ("f25", "f1", "f20", "fsmall", "f5", "neg", "u64", "i64min", "b", "n", "nested", "nested.a",
              "nested.a.y", "arr", "nan", "inf", "ninf", "negzero", "text", "Upper", "version", "_extra_.version",
              "extra.version", "deep", "deep.k", "extra.deep.k", "extra", "_extra_", "", ".", ".x", "nested.",
              "_reserved_", "_reserved_.tensor", "shape", "dtype", " text", "text "):
        add("get-values/" + k, "get", "-p", k, vals)
        add("ls-values/" + k, "ls", "-p", k, vals)
        add("ls-values-json/" + k, "ls", "-j", "-p", k, vals)
    add("get-values/all", "get", "-p", "f25,f1 , f20,fsmall,,neg", vals)
    add("dump-values/keys", "dump", "-j", "-p", "f25,f1,f20,nested,arr,nan,u64,f25", vals)
    add("ls-values/dups", "ls", "-p", "f25,f25,nope", vals)
    add("ls-values/dups-json", "ls", "-j", "-p", "f25,f25,nope,", vals)
    m, e, p = C + "M.tgm", C + "E.tgm", C + "P.tgm"
    wheres = ["param=2t", "param!=2t", "param=2t/msl", "param=nonexistent", "param!=nonexistent", "mars.param=msl",
              "mars.step=6", "mars.step!=0", "mars.step=6.0", "f1=1", "f1=1.0", "nope=", "nope!=", "param=",
              "a=b=c", "a=b!=c", "mars.param =2t", "version=3", "source=test", "extra.source=test",
              "param=2t//msl", "bad-clause", "", "=x", "!=x"]
    for w in wheres:
        add("ls-where/" + w, "ls", "-w", w, "-p", "version,param,mars.param,mars.step", e, m, p, vals)
        add("dump-where/" + w, "dump", "-w", w, e, m)
        add("get-where/" + w, "get", "-w", w, "-p", "version", e, m, p)
    add("get/missing-key", "get", "-p", "param,nope", e)
    add("get/missing-key-later", "get", "-p", "mars.param", m, e)
    add("get/no-keys", "get", e)
    add("get/mars", "get", "-p", "mars.param,mars.step,source", "-w", "mars.step!=0", m)
    add("get/eq-attached", "get", "-p=param", e)
    add("get/attached", "get", "-pparam", e)
    add("get/long", "get", "--keys", "param", e)
    add("get/long-eq", "get", "--keys=param", "--where=param=msl", e)
    add("ls/json-multi", "ls", "-j", "-p", "mars.param,version,mars.step", m)
    add("ls/mars-nope", "ls", "-p", "mars.date,mars.step,nope", m)
    add("ls/dashdash", "ls", "--", e)
    add("ls/interleaved", "ls", e, "-p", "param", m)
    # usage errors and global options
    add("usage/none")
    add("usage/unknown", "frobnicate")
    add("usage/globals-only", "--threads", "2")
    add("usage/similar", "lss", e)
    add("usage/similar-flag", "validate", "--ful", e)
    add("usage/short-cluster", "ls", "-jx", e)
    add("usage/get-where-no-keys", "get", "-w", "param=2t", e)
    add("usage/merge-strategy-no-output", "merge", "-s", "last", e)
    add("usage/validate-json-conflict", "validate", "--json", "--full", e, "--quick")
    add("usage/similar-after-flag", "validate", "--json", "--quik", e)
    add("usage/convert-grib", "convert-grib", "x.grib")
    add("usage/convert-netcdf", "convert-netcdf", "x.nc")
    add("usage/to-grib", "to-grib", "x.tgm")
    add("usage/to-netcdf", "to-netcdf", "x.tgm", "-o", "y.nc")
    add("usage/bad-flag", "ls", "--nope", e)
    add("usage/bad-short", "ls", "-1", e)
    add("usage/threads-bad", "--threads", "abc", "ls", e)
    add("usage/threads-neg", "ls", "--threads=-1", e)
    add("usage/threads-env-bad", "ls", e, env={"TENSOGRAM_THREADS": "not-a-number"})
    add("usage/threads-env-empty", "ls", e, env={"TENSOGRAM_THREADS": ""})
    add("usage/threads-ok", "--threads", "4", "ls", e)
    add("usage/threads-after", "ls", e, "--threads", "2")
    add("usage/allow-nan-bad", "ls", "--allow-nan=maybe", e)
    add("usage/allow-nan-env-bad", "ls", e, env={"TENSOGRAM_ALLOW_NAN": "maybe"})
    add("usage/allow-nan-env-empty", "ls", e, env={"TENSOGRAM_ALLOW_NAN": ""})
    add("usage/allow-inf-ok", "ls", "--allow-inf=YES", "--allow-nan", e)
    add("usage/mask-threshold-bad", "ls", "--small-mask-threshold", "x", e)
    add("usage/validate-none", "validate")
    add("usage/validate-conflict", "validate", "--quick", "--full", e)
    add("usage/validate-conflict2", "validate", "--checksum", "--quick", e)
    add("usage/merge-no-output", "merge", e)
    add("usage/split-no-output", "split", e)
    add("usage/split-no-input", "split", "-o", "x.tgm")
    add("usage/set-none", "set", e, "x.tgm")
    add("usage/copy-one", "copy", e)
    add("usage/reshuffle-none", "reshuffle")
    add("usage/get-missing-value", "get", "-p")
    add("usage/ls-extra-value", "ls", "-j=x", e)
    add("usage/doctor-arg", "doctor", "x")
    add("usage/info-flag", "info", "-j", e)
    add("usage/help-bogus", "help", "frobnicate")
    add("usage/version", "--version")
    add("usage/version-short", "-V")
    add("usage/version-sub", "ls", "--version")
    add("run/remote", "ls", "https://example.com/x.tgm")
    add("run/dash", "info", "-")
    add("run/set-bad-where", "set", "-s", "a=b", "-w", "bad", e, "$OUT/o.tgm")
    for s in ("no_equals_sign", "shape=broken", "mars.type=x", "_reserved_.foo=bar", "objects.99.key=val",
              "objects.0=val", "objects.x.key=val", "extra=val", "a=1,,b=2", " a = 1 ", "hash=x",
              "_reserved_=x", "objects.0.zstd_level=9"):
        add("set/" + s, "set", "-s", s, p, "$OUT/o.tgm", outputs=["o.tgm"])
    # writers
    add("set/source", "set", "-s", "source=modified", "-w", "param=2t", e, "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/mars", "set", "-s", "mars.class=rd,mars.stream=oper", m, "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/scalar-then", "set", "-s", "mars=scalar,mars.class=od", m, "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/zero", "set", "-s", "mars.param=2t", C + "zero.tgm", "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/extra", "set", "-s", "extra.a.b=c,_extra_.d=e", e, "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/objects", "set", "-s", "objects.1.foo.bar=x", p, "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/streaming", "set", "-s", "k=v", C + "streaming.tgm", "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/codecs", "set", "-s", "k=v", C + "codec_shuffle_zstd.tgm", "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/masks", "set", "-s", "k=v", C + "masks.tgm", "$OUT/o.tgm", outputs=["o.tgm"])
    add("set/missing", "set", "-s", "k=v", "testdata/missing.tgm", "$OUT/o.tgm", outputs=["o.tgm"])
    add("copy/all", "copy", e, "$OUT/o.tgm", outputs=["o.tgm"])
    add("copy/where", "copy", "-w", "param=2t", e, "$OUT/o.tgm", outputs=["o.tgm"])
    add("copy/none", "copy", "-w", "param=nonexistent", e, "$OUT/o.tgm", outputs=["o.tgm"])
    add("copy/placeholder", "copy", e, "$OUT/[param].tgm", outputs=["2t.tgm", "msl.tgm"])
    add("copy/placeholder-unknown", "copy", m, "$OUT/[mars.param]_[mars.step]_[nope].tgm",
        outputs=["2t_0_unknown.tgm", "msl_6_unknown.tgm"])
    add("copy/version", "copy", m, "$OUT/v[version].tgm", outputs=["v3.tgm"])
    add("copy/mixed", "copy", C + "mixed.tgm", "$OUT/o.tgm", outputs=["o.tgm"])
    add("copy/missing-dir", "copy", e, "$OUT/nodir/o.tgm")
    add("copy/missing", "copy", "testdata/missing.tgm", "$OUT/o.tgm")
    add("merge/ep", "merge", e, p, "-o", "$OUT/m.tgm", outputs=["m.tgm"])
    add("merge/mp", "merge", m, p, "-o", "$OUT/m.tgm", outputs=["m.tgm"])
    add("merge/last", "merge", e, "-o", "$OUT/m.tgm", "-s", "last", outputs=["m.tgm"])
    add("merge/error", "merge", e, "-o", "$OUT/m.tgm", "--strategy", "error")
    add("merge/error-same", "merge", m, "-o", "$OUT/m.tgm", "--strategy=error", outputs=["m.tgm"])
    add("merge/bad-strategy", "merge", e, "-o", "$OUT/m.tgm", "-s", "bogus")
    add("merge/empty", "merge", C + "empty.tgm", "-o", "$OUT/m.tgm", outputs=["m.tgm"])
    add("merge/none", "merge", "-o", "$OUT/m.tgm")
    add("merge/nan", "merge", C + "masks.tgm", "-o", "$OUT/m.tgm")
    add("merge/nan-allowed", "--allow-nan", "--allow-inf", "merge", C + "masks.tgm", "-o", "$OUT/m.tgm", outputs=["m.tgm"])
    add("merge/codecs", "merge", *[C + f for f in corpus() if f.startswith("codec_")], "-o", "$OUT/m.tgm",
        outputs=["m.tgm"])
    add("merge/bad-mask", "merge", e, "-o", "$OUT/m.tgm", "--nan-mask-method", "bogus")
    add("split/p", "split", p, "-o", "$OUT/split_[index].tgm", outputs=["split_0000.tgm", "split_0001.tgm"])
    add("split/stem", "split", p, "-o", "$OUT/out.tgm", outputs=["out_0000.tgm", "out_0001.tgm"])
    add("split/noext", "split", m, "-o", "$OUT/noext", outputs=["noext_0000", "noext_0001"])
    add("split/mixed", "split", C + "mixed.tgm", "-o", "$OUT/s_[index]_[index].tgm",
        outputs=["s_%04d_%04d.tgm" % (i, i) for i in range(5)])
    add("split/dtypes", "split", C + "dtypes.tgm", "-o", "$OUT/d.tgm", outputs=["d_%04d.tgm" % i for i in range(8)])
    add("split/masks", "split", C + "golden_multi_object.tgm", "-o", "$OUT/g.tgm", outputs=["g_0000.tgm", "g_0001.tgm"])
    add("reshuffle/streaming", "reshuffle", C + "streaming.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/mixed", "reshuffle", C + "mixed.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/nan", "reshuffle", C + "nan_raw.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/nan-allowed", "reshuffle", "--allow-nan", C + "nan_raw.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/nan-env", "reshuffle", C + "nan_raw.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"],
        env={"TENSOGRAM_ALLOW_NAN": "1"})
    add("reshuffle/bad-mask", "reshuffle", "--allow-nan", "--nan-mask-method=bogus", C + "nan_raw.tgm", "-o",
        "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/masks-inf", "reshuffle", "--allow-nan", C + "masks.tgm", "-o", "$OUT/r.tgm")
    add("reshuffle/masks", "reshuffle", "--allow-nan", "--allow-inf", "--nan-mask-method", "rle",
        "--small-mask-threshold", "0", C + "masks.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/codecs", "--threads", "2", "reshuffle", C + "codec_sp_szip.tgm", "-o", "$OUT/r.tgm", outputs=["r.tgm"])
    add("reshuffle/threads-env", "reshuffle", e, "-o", "$OUT/r.tgm", outputs=["r.tgm"], env={"TENSOGRAM_THREADS": "2"})
    return cases


def run(binary, args, env, out):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TENSOGRAM_")}
    full_env.update(env)
    args = [a.replace("$OUT", out) for a in args]
    p = subprocess.run([binary] + args, cwd=PKG, env=full_env, capture_output=True)
    clean = lambda b: b.decode("utf-8", "replace").replace(out, "$OUT")
    return p.returncode, clean(p.stdout), clean(p.stderr)


def cross_check(binary, ours, c, out):
    """Run our binary's writer on the same case and let upstream read the
    result: returns the files whose dump/ls/validate differ."""
    mine = out + "-ours"
    os.mkdir(mine)
    run(ours, c["args"], c["env"], mine)
    bad = []
    for ck in c["checks"]:
        path = os.path.join(mine, ck["file"])
        if not os.path.exists(path):
            if not ck.get("missing"):
                bad.append(ck["file"] + " (missing)")
            continue
        _, dj, de = run(binary, ["dump", "-j", path], {}, mine)
        _, ls, _ = run(binary, ["ls", "-p", "version,param,mars.param,codec,k,source", path], {}, mine)
        _, val, _ = run(binary, ["validate", "--json", path], {}, mine)
        if dj + de != ck.get("dump_json") or ls != ck.get("ls") or val != ck.get("validate"):
            bad.append(ck["file"])
    return bad


def main():
    upstream = os.path.abspath(sys.argv[1])
    ours = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
    tmp = tempfile.mkdtemp()
    binary = os.path.join(tmp, "tensogram-go")
    os.symlink(upstream, binary)
    results = []
    for i, c in enumerate(read_cases()):
        out = os.path.join(tmp, "case%04d" % i)
        os.mkdir(out)
        code, so, se = run(binary, c["args"], c["env"], out)
        c.update(exit=code, stdout=so, stderr=se)
        checks = []
        for o in c["outputs"]:
            path = os.path.join(out, o)
            if not os.path.exists(path):
                checks.append({"file": o, "missing": True})
                continue
            _, dj, de = run(binary, ["dump", "-j", path], {}, out)
            _, ls, _ = run(binary, ["ls", "-p", "version,param,mars.param,codec,k,source", path], {}, out)
            _, val, _ = run(binary, ["validate", "--json", path], {}, out)
            checks.append({"file": o, "dump_json": dj + de, "ls": ls, "validate": val})
        c["checks"] = checks
        if ours and checks:
            for f in cross_check(binary, ours, c, out):
                print("upstream reads our output differently: %s %s" % (c["name"], f))
        results.append(c)
    with open(os.path.join(PKG, "testdata", "cases.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%d cases" % len(results))


if __name__ == "__main__":
    main()
