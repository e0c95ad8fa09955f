"""Real-browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots go to `artifacts/screenshots/` (ignored by git) so a person can look at the pages.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """`screenshot("project-page")` saves a full-page PNG under artifacts/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    follow(page, page.get_by_role("button", name="เข้าสู่ระบบ"))


# Every figure that has its data drawn by plotly, and the page's fonts in: what a person would look at.
DRAWN = """() => document.fonts.status === "loaded" && [...document.querySelectorAll("[data-figure]")].every(
    f => !document.getElementById(f.dataset.figure) || f.querySelector(".main-svg"))"""


def settled(page) -> None:
    """Wait until the page has loaded and drawn itself.

    Not Playwright's "networkidle" (500 ms without a request, which its documentation discourages for tests):
    on a loaded machine it once ran past its timeout on a page that had long finished loading.
    """
    page.wait_for_load_state("load")
    page.wait_for_function(DRAWN)


def follow(page, target) -> None:
    """Click a link or button that loads another page, and wait until that page has settled."""
    with page.expect_navigation():
        target.click()
    settled(page)
