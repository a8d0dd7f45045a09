"""The web UI in headless Debian Chromium (Playwright): search, article, entity, events; RTL, bundled font, escaping."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import CHROMIUM
from test_api import LiveServer, build_archive, hostile_record

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium is not installed (make system-deps)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "archive.db"
    build_archive(db)
    live = LiveServer(db, token=None)
    try:
        yield live.url
    finally:
        live.stop()


@pytest.fixture
def page(browser, site: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield opened
    context.close()
    assert not errors, errors  # no script errors, no CSP violations, no failed resource loads


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_rtl_with_bundled_font(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'سلام')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.family.includes('Vazirmatn') && f.status === 'loaded').length")
    assert loaded >= 1
    family = page.evaluate("getComputedStyle(document.body).fontFamily").replace('"', '')
    assert family.startswith("Vazirmatn,") and family.rstrip().endswith("sans-serif")  # bundled font, then fallbacks


def test_web_search_shows_highlighted_snippets_and_facets(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert_rtl_with_bundled_font(page)
    page.fill("input[name=q]", "ایران")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("article.hit")
    assert page.locator("article.hit mark").count() >= 3
    assert page.locator(".facets li").count() >= 3
    shot(page, "search")
    # a facet narrows the results
    page.locator(".facets a").first.click()
    page.wait_for_selector(".chip")
    assert page.locator("article.hit").count() >= 1


def test_web_article_highlights_quotes_entities_time_and_events(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/?q=" + quote("عراقچی"))
    page.locator("article.hit h2 a").first.click()
    page.wait_for_selector("#text")
    assert_rtl_with_bundled_font(page)
    assert page.locator("#text .q").count() >= 1 and page.locator("#quotes li.quote").count() >= 1
    assert page.locator("#text a.ent").count() >= 5 and page.locator("#text .tx").count() >= 1
    assert page.locator("#text .ev").count() >= 1
    quote_bg = page.evaluate("getComputedStyle(document.querySelector('#text .q')).backgroundColor")
    assert quote_bg not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("#quotes .who a").count() >= 1  # speaker → quote, linked to the speaker's page
    # listed beside the text: events, names (with English names) and time expressions with their values
    assert page.locator("aside #events ul.events li").count() >= 1
    assert page.locator("aside ul.entities li a.ent").count() >= 5 and page.locator("aside ul.entities .en").count() >= 1
    assert page.locator("aside ul.timexes li .tx").count() >= 1
    shot(page, "article")


def test_web_journey_search_to_article_to_speaker_page(page) -> None:  # type: ignore[no-untyped-def]
    # One reader's path: a search, the article of the first hit, its first quote's speaker, their page.
    page.goto("/")
    page.fill("input[name=q]", "عراقچی")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("article.hit")
    hits = page.locator("article.hit h2 a")
    for i in range(hits.count()):  # the first hit whose article has a quote with a linked speaker
        page.goto(hits.nth(i).get_attribute("href"))
        if page.locator("#quotes .who a").count():
            break
        page.go_back()
        hits = page.locator("article.hit h2 a")
    assert page.locator("#text .q").count() >= 1
    speaker = page.locator("#quotes .who a").first
    name = speaker.inner_text().strip()
    speaker.click()
    page.wait_for_selector(".entity-head h1")
    assert_rtl_with_bundled_font(page)
    assert name in page.inner_text(".entity-head")
    assert page.locator("#timeline svg rect").count() >= 1 and page.locator("#quotes blockquote").count() >= 1
    network = page.locator("#network svg .node.centre").count()
    assert network == 1 or "ثبت نشده" in page.inner_text("#network")  # their network, or the empty state
    shot(page, "journey-speaker")


def test_web_article_shows_markup_as_text(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/articles/{hostile_record().id}")
    assert page.evaluate("typeof window.hacked") == "undefined"
    assert "<script>window.hacked = 1</script>" in page.inner_text("#text")
    assert "<script>window.hacked = 2</script>" in page.inner_text("h1")
    assert page.locator("#text b, h1 img, #text script").count() == 0
    shot(page, "article-markup")


def test_web_entity_page_shows_names_chart_quotes_events_and_network(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/entities")
    page.locator(".entity-grid a", has_text="ایران").first.click()
    page.wait_for_selector("#network svg")
    assert_rtl_with_bundled_font(page)
    assert page.inner_text("h1") == "ایران" and "Iran" in page.inner_text(".entity-head")
    assert page.locator("#timeline svg rect").count() >= 2
    assert page.locator("#network svg .node").count() >= 2 and page.locator("#network svg .edge").count() >= 1
    assert page.locator("#events .timeline li").count() >= 1
    assert page.locator(".entity-head .jalali").count() >= 1 and page.locator(".entity-head .greg").count() >= 1
    shot(page, "entity")
    page.locator("#network svg a.node:not(.centre)").first.click()
    page.wait_for_selector(".entity-head h1")
    assert page.inner_text("h1") != "ایران"


def test_web_person_page_lists_quotes(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/entities?type=PER")
    page.locator(".entity-grid a").first.wait_for()
    page.goto("/entities/" + quote("Abbas Araghchi", safe=""))
    assert page.locator("#quotes blockquote").count() >= 1
    shot(page, "entity-person")


def test_web_events_timeline_with_dates_in_both_calendars(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/events")
    assert_rtl_with_bundled_font(page)
    assert page.locator("#timeline .timeline li").count() >= 5
    assert page.locator("#histogram svg rect").count() >= 2
    assert page.locator("#network svg .node").count() >= 2
    first_date = page.locator("#timeline .timeline li .date").first
    assert first_date.locator(".jalali").count() == 1 and first_date.locator(".greg").count() == 1
    shot(page, "events")
    page.select_option("select[name=type]", "CONSULT")
    page.click(".filters button")
    page.wait_for_load_state()
    badges = page.locator("#timeline .badge").all_inner_texts()
    assert badges and set(badges) == {"دیدار و رایزنی"}


def test_web_narrow_screen_stays_readable(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=site)
    page = context.new_page()
    page.goto("/entities/Iran")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling on a phone
    shot(page, "entity-mobile")
    context.close()
