"""The Streamlit page: layout and wiring only (no extraction, no SQL here).

So far it offers the offline gazetteer: type a place name as news writes it, with optional context
countries, and see where it resolves, how precisely, and which namesakes were considered.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import Context, load_resolver
from geo.resolver import UnknownCountry, country_code

ATTRIBUTION = ("Place data: GeoNames (geonames.org), CC BY 4.0; airports: airportsdata (MIT); "
               "country centres: countryinfo (MIT).")


@st.cache_resource(show_spinner="Loading the gazetteer (built once on first run, about a minute)...")
def resolver():
    return load_resolver()


def main() -> None:
    st.set_page_config(page_title="Conflict event map", layout="wide")
    st.title("Conflict event map")
    st.caption("Offline-first: every place below is resolved from the embedded gazetteer, no internet needed.")

    st.subheader("Place lookup")
    col_name, col_country = st.columns([3, 1])
    name = col_name.text_input("Place name as written in the news", value=st.query_params.get("name", "Tripoli"))
    countries = col_country.text_input("Context countries (codes or names, comma-separated)",
                                       value=st.query_params.get("focus", "LY"))
    try:
        focus = {country_code(resolver(), c): 1.0 for c in countries.split(",") if c.strip()}
    except UnknownCountry as exc:
        st.error(str(exc))
        focus = {}
    st.query_params.update({"name": name, "focus": countries})

    res = resolver().resolve(name, Context(focus=focus)) if name.strip() else None
    if res is None:
        st.warning(f"No place named {name!r} in the gazetteer." if name.strip() else "Type a place name.")
    else:
        p = res.place
        st.success(f"{p.name} ({', '.join(x for x in (p.admin1, p.country) if x)}): {p.latitude:.4f}, "
                   f"{p.longitude:.4f} - {p.kind}, geo_precision {res.precision}, {res.match} match")
        rows = [{"name": p.name, "country": p.country_code, "admin1": p.admin1, "kind": p.kind,
                 "latitude": p.latitude, "longitude": p.longitude, "score": round(res.score, 2), "chosen": True}]
        rows += [{"name": c.place.name, "country": c.place.country_code, "admin1": c.place.admin1,
                  "kind": c.place.kind, "latitude": c.place.latitude, "longitude": c.place.longitude,
                  "score": round(c.score, 2), "chosen": False} for c in res.runners_up]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.divider()
    st.caption(ATTRIBUTION)


main()
