"""CPU ms per call of 24-bit simple_packing + szip encode and decode, tensogram_go vs upstream tensogram,
interleaved in one process.

Input: N float64 of a seeded standard normal distribution (bench_threading.py's codec rows use unseeded
np.random.randn), szip rsi 128, block 16, szip_flags 8, hashing on (the default). Two descriptor forms:
"explicit" carries compute_packing_params(data, 24, 0) as bench_threading.py does; "computed" gives only
sp_bits_per_value = 24 and lets the encoder find the parameters. CPU time (time.process_time: every
thread of the process) per call, so a loaded machine changes the ratio less than wall time would.

    python benchmarks/sp24szip_cost.py [N=2000000] [rounds=3] [calls=10]
"""
import sys
import time

import numpy as np
import tensogram as up
import tensogram_go as go

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 10
data = np.random.default_rng(1).standard_normal(n)
META = {"version": 3}
BASE = {"type": "ntensor", "shape": [n], "dtype": "float64", "encoding": "simple_packing",
        "compression": "szip", "szip_rsi": 128, "szip_block_size": 16, "szip_flags": 8}


def desc(mod, explicit):
    d = dict(BASE)
    if explicit:
        d.update(mod.compute_packing_params(data, 24, 0))
    else:
        d["sp_bits_per_value"] = 24
    return d


def cpu_ms(f):
    f()
    t = time.process_time()
    for _ in range(calls):
        f()
    return (time.process_time() - t) / calls * 1e3


for explicit in (True, False):
    kind = "explicit" if explicit else "computed"
    for r in range(rounds):
        row = []
        for mod in (go, up):
            d = desc(mod, explicit)
            msg = mod.encode(META, [(d, data)])
            row.append((cpu_ms(lambda: mod.encode(META, [(d, data)])), cpu_ms(lambda: mod.decode(msg))))
        (oe, od), (ue, ud) = row
        print(f"{kind:8s} round {r}: encode ours {oe:6.2f} up {ue:6.2f} ratio {ue / oe:4.2f}x | "
              f"decode ours {od:6.2f} up {ud:6.2f} ratio {ud / od:4.2f}x", flush=True)
