"""The page's logic without a browser (streamlit.testing)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "dashboard.py"


def test_dashboard_resolves_a_name_and_credits_geonames(resolver):
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["name"] = "Qaser Ben Ghasher"
    app.query_params["focus"] = "Libya"
    app.run()
    assert not app.exception
    assert "Qaşr Bin Ghashīr" in app.success[0].value
    assert any("GeoNames (geonames.org), CC BY 4.0" in c.value for c in app.caption)


def test_dashboard_reports_unknown_names_and_countries(resolver):
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["name"] = "Qqqxxzz Nowhere"
    app.query_params["focus"] = "Narnia"
    app.run()
    assert not app.exception
    assert "unknown country 'Narnia'" in app.error[0].value
    assert "No place named" in app.warning[0].value
