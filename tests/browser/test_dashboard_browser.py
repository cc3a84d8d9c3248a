"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright, with no internet.
Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, resolver):
    port = free_port()
    db_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'browser.sqlite'}"
    os.environ["BROWSER_DB_URL"] = db_url  # the hostile-input test writes to the same store
    env = dict(os.environ, EVENTS_DB_URL=db_url)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                             "--server.headless", "true", "--server.port", str(port),
                             "--server.address", "127.0.0.1"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(1)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def event_paths(frame) -> int:
    """Markers and uncertainty circles of events (the country outlines are paths too, in grey)."""
    from ui.map import TYPE_COLOURS

    return sum(frame.locator(f'path.leaflet-interactive[stroke="{colour}"]').count()
               for colour in TYPE_COLOURS.values())


def stable_event_paths(page, tries: int = 10) -> int:
    """Event paths in the map frame, retried while a rerun replaces the frame."""
    for _ in range(tries):
        try:
            return event_paths(map_frame(page))
        except playwright.Error:
            time.sleep(1)
    raise AssertionError("the map frame kept changing")


def map_frame(page, timeout: float = 180):
    """The streamlit-folium iframe once Leaflet has drawn markers in it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator(".leaflet-container").count() and event_paths(frame):
                    return frame
            except playwright.Error:
                pass
        time.sleep(1)
    raise AssertionError("the map never drew its markers")


def test_map_shows_the_seed_events_offline(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(server, wait_until="domcontentloaded")
    frame = map_frame(page)
    time.sleep(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard_seed.png"))
    heights = page.evaluate("Array.from(document.querySelectorAll('iframe'))"
                            ".map(f => f.getBoundingClientRect().height)")
    assert max(heights) >= 400  # the map is visible, not a collapsed frame
    # Three events: three markers, plus a translucent uncertainty circle for the one at geo_precision 2.
    assert event_paths(frame) == 4
    assert not [u for u in failed if "127.0.0.1" not in u and "localhost" not in u]  # nothing fetched from outside
    page.close()


def test_moving_the_slider_changes_markers_and_rows(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server, wait_until="domcontentloaded")
    frame = map_frame(page)
    caption = page.get_by_text("events in the filter").first
    before_count, before_paths = int(caption.inner_text().split()[0]), event_paths(frame)
    page.get_by_role("slider").nth(1).focus()  # the end of the date range
    page.keyboard.press("Home")  # as far left as it goes: the first day only
    page.wait_for_function(
        f"() => !document.body.innerText.includes('{before_count} events in the filter')", timeout=60_000)
    time.sleep(4)  # let the page's reruns settle (the URL update reruns once more)
    after_count = int(page.get_by_text("events in the filter").first.inner_text().split()[0])
    page.screenshot(path=str(ARTIFACTS / "dashboard_slider.png"))
    assert after_count < before_count
    assert stable_event_paths(page) < before_paths
    assert "from=" not in page.url and "to=2019-04-18" in page.url  # the view is in the link
    page.close()


def test_filter_in_the_url_is_applied_on_load(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server + "/?type=Protests", wait_until="domcontentloaded")
    frame = map_frame(page)
    time.sleep(1)
    page.screenshot(path=str(ARTIFACTS / "dashboard_filtered.png"))
    assert event_paths(frame) == 1
    assert page.get_by_text("1 events in the filter").count() == 1
    page.close()


def test_html_in_articles_is_shown_as_text_and_never_runs(server, browser):
    from datetime import date

    from events import Article, Event
    from events.store import Store

    store = Store(os.environ.get("BROWSER_DB_URL", ""))
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    article = Article(text=f"Clashes in Sirte {hostile}", title=f"Title {hostile}", published=date(2019, 4, 18),
                      source=f"Src {hostile}", id="hostile-article")
    store.add_extraction(article, [Event(date(2019, 4, 18), 1, "Battles", "Armed clash", f"Sirte {hostile}",
                                         31.2, 16.6, 1, country="Libya", notes=f"Clashes {hostile}",
                                         evidence={"sentence": [0, 6, "Clash"]})])
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/?type=Battles", wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.locator('path.leaflet-interactive[stroke="#d62728"]').first.click(force=True)
    time.sleep(2)
    popup = frame.locator(".leaflet-popup-content")
    assert popup.count() == 1 and "<script>alert(2)</script>" in popup.inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard_hostile_popup.png"))
    assert dialogs == []
    assert frame.locator("img[src=x]").count() == 0 and page.locator("img[src=x]").count() == 0
    page.close()


def test_csv_download_holds_the_filtered_rows(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page.goto(server + "/?type=Explosions/Remote+violence", wait_until="domcontentloaded")
    map_frame(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "events.csv"
    download.value.save_as(path)
    import pandas as pd

    rows = pd.read_csv(path)
    assert len(rows) == 2 and set(rows.event_type) == {"Explosions/Remote violence"}
    page.close()


def test_pasted_article_appears_on_the_map_after_saving(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server + "/?type=Battles", wait_until="domcontentloaded")
    page.get_by_text("events in the filter").first.wait_for(timeout=180_000)
    before = int(page.get_by_text("events in the filter").first.inner_text().split()[0])
    page.get_by_role("tab", name="Add articles").click()
    box = page.get_by_label("Paste an article")
    box.fill("BENGHAZI (Reuters) - On Thursday, heavy clashes broke out between rival militias in Benghazi, "
             "killing three fighters, residents said.")
    box.press("Control+Enter")  # Streamlit takes a text area's value on submit or blur
    page.get_by_role("button", name="Extract events").click()
    page.get_by_role("button", name="Save reviewed events").click(timeout=120_000)
    page.get_by_text("Saved: 1 new event(s)").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Events").click()
    page.get_by_text(f"{before + 1} events in the filter").wait_for(timeout=60_000)
    frame = map_frame(page)
    time.sleep(1)
    page.screenshot(path=str(ARTIFACTS / "dashboard_after_paste.png"))
    assert event_paths(frame) == before + 1
    page.close()
