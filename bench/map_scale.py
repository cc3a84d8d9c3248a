"""Map building at scale: server time and map HTML size for 100,000 and 1,000,000 events in the filter, against
a plain folium map with one Marker per event (measured in this run on 10,000 events, and scaled linearly).

    python bench/map_scale.py [--rows 1000000] [--eval ../shared/eval]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import folium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from store_scale import synthetic_export  # noqa: E402

from events.importers import parse_file  # noqa: E402
from events.store import EventFilter, Store  # noqa: E402
from ui.map import map_for  # noqa: E402


def measure(store: Store, flt: EventFilter) -> tuple[float, int, int]:
    started = time.perf_counter()
    fmap, count = map_for(store, flt)
    html = fmap.get_root().render()  # what the page sends for the map (streamlit-folium renders the same)
    return time.perf_counter() - started, len(html.encode()), count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="map-bench-"))
    csv_path = workdir / "acled.csv"
    synthetic_export(args.eval / "acled_2020_export_sample.csv", args.rows, csv_path)
    store = Store(f"sqlite:///{workdir / 'events.sqlite'}")
    store.insert_rows(parse_file(csv_path, "acled").rows)
    csv_path.unlink()

    # Baseline: one folium Marker per event, 10,000 events.
    sample = store.events(columns=("latitude", "longitude", "event_type", "notes"), limit=10_000)
    started = time.perf_counter()
    plain = folium.Map()
    for row in sample.itertuples():
        folium.Marker([row.latitude, row.longitude], popup=row.notes).add_to(plain)
    plain_html = plain.get_root().render()
    plain_s, plain_mb = time.perf_counter() - started, len(plain_html.encode()) / 1e6
    print(f"baseline plain folium, 10,000 Markers: {plain_s:.1f} s, {plain_mb:.1f} MB HTML "
          f"(scaled to 100,000: {plain_s * 10:.0f} s, {plain_mb * 10:.0f} MB)")

    for label, flt, target in (
        ("100,000", EventFilter(date_from=date(2018, 1, 1), date_to=date(2018, 8, 7)), "1 s, 5 MB"),
        ("1,000,000", EventFilter(), "2 s"),
    ):
        cold = measure(store, flt)[0]
        runs = [measure(store, flt) for _ in range(3)]  # a running app has the database warm
        seconds, size, count = min(runs)
        scale = count / 10_000
        print(f"{count:,} events in the filter ({label} asked): map built and rendered in {seconds:.2f} s warm "
              f"(first, cold: {cold:.2f} s), "
              f"{size / 1e6:.2f} MB HTML (target {target}) -> {plain_s * scale / seconds:,.0f}x faster and "
              f"{plain_mb * scale / (size / 1e6):,.0f}x smaller than plain Markers")
    print(f"files in {workdir}")


if __name__ == "__main__":
    main()
