"""The rendered report in a real headless browser with the network off (Debian's chromium)."""

from pathlib import Path

import pytest

from analysis.render import CHROMIUM_FLAGS, chromium_executable
from analysis.report import RunSettings, run_report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "demo"
    return run_report(None, RunSettings(out=out, quiet=True, formats=["html"]))


def test_report_in_headless_chromium(report: Path) -> None:
    executable = chromium_executable()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    page_url = (report / "report.html").as_uri()
    errors: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=list(CHROMIUM_FLAGS[1:])
        )
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: None if r.url.startswith(("file:", "data:")) else requests.append(r.url),
        )
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort()
            ),
        )
        page.goto(page_url, wait_until="load")
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
        )
        broken_links = page.evaluate(
            "Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
            ".map(a => a.getAttribute('href').slice(1))"
            ".filter(id => !document.getElementById(decodeURIComponent(id)))"
        )
        toc_links = page.evaluate("document.querySelectorAll('nav.toc a').length")
        page.screenshot(path=str(report / "screenshot.png"))
        browser.close()
    assert errors == []
    assert requests == []
    assert images and all(done and width > 0 and height > 0 for done, width, height in images)
    assert toc_links >= 3 and broken_links == []
    assert (report / "screenshot.png").stat().st_size > 5_000
