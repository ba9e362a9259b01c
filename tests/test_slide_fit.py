"""Every slide of every deck fits the screen at 1280x720 and 1920x1080, measured in Chromium (issue 14).

Measured before this test existed: 104 of 278 slides taller than the screen, 15 two or more
screens tall (worst 3.2 screens, 06 slide 12), reachable only with the mouse wheel. The decks now
leave out the set-up cell, give a chart and its caption a slide of their own, start a new slide
below where the content would overflow, and scale what is still too tall (``data-crm-fit``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from crm_lessons.publish import slides

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "build" / "vendor"
CHROMIUM = Path("/usr/bin/chromium")
SIZES = [(1280, 720), (1920, 1080)]
MIN_SCALE = 0.5  # below this, text would be too small to read: split the slide instead

pytestmark = pytest.mark.slow

# Visit every slide (no transitions) and measure what is on screen, in the deck's own 1280x720 units.
_MEASURE = """async () => {
  const R = window.Reveal;
  R.configure({transition: 'none', backgroundTransition: 'none'});
  const seen = [];
  for (const slide of R.getSlides()) {
    const at = R.getIndices(slide);
    R.slide(at.h, at.v);
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const current = R.getCurrentSlide();
    seen.push({h: at.h, v: at.v, height: current.getBoundingClientRect().height / R.getScale(),
               limit: R.getConfig().height, fit: parseFloat(current.dataset.crmFit || '1'),
               text: current.innerText.slice(0, 60)});
  }
  return seen;
}"""


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    if not (VENDOR / ".complete").exists():
        pytest.skip("offline assets missing: run `make vendor` (needs the npm registry)")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: `make browser-deps` installs it")
    from playwright.sync_api import sync_playwright

    decks = slides.build(ROOT / "notebooks", tmp_path_factory.mktemp("decks") / "slides", vendor=VENDOR)
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            for deck in decks:
                page.goto(deck.as_uri())
                page.wait_for_function("() => window.Reveal && window.Reveal.isReady()", timeout=60_000)
                page.wait_for_timeout(300)  # widgets render after load
                results[(deck.name, width)] = page.evaluate(_MEASURE)
            page.close()
        browser.close()
    return results


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_fits_the_screen_without_scrolling(measured, size):
    rows = [(deck, s) for (deck, width), seen in measured.items() if width == size[0] for s in seen]
    assert len(rows) > 200, "every deck was measured"
    too_tall = [f"{deck} {s['h']}/{s['v']}: {s['height']:.0f} px > {s['limit']} ({s['text']!r})"
                for deck, s in rows if s["height"] > s["limit"] + 1]
    assert not too_tall, too_tall


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_slide_is_shrunk_past_reading(measured, size):
    rows = [(deck, s) for (deck, width), seen in measured.items() if width == size[0] for s in seen]
    tiny = [f"{deck} {s['h']}/{s['v']} scaled to {s['fit']:.2f} ({s['text']!r})" for deck, s in rows
            if s["fit"] < MIN_SCALE]
    assert not tiny, tiny
    scaled = sum(s["fit"] < 1 for _, s in rows)
    assert scaled <= len(rows) // 10, f"{scaled} of {len(rows)} slides needed scaling: split more of them"
