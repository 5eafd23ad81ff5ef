"""The console in a real browser: Debian's chromium, headless, driven by Selenium through chromedriver.

One browser and one console server (uvicorn, in this process, over real services) for the module;
each scenario is what a secretariat member does, by keyboard-reachable links, buttons and fields.
Screenshots go to the test's tmp dir (tests/.../console-*.png); the README's comes from here.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = shutil.which("chromium") or "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/test.sh installs them with "
                "apt-get install -y chromium chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from bot import signin  # noqa: E402
from bot.db.models import AnswerRecord, Contact, Feedback, IntroEvent, IntroRequest, UnansweredQuestion  # noqa: E402
from bot.db.session import transaction  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.fakes import FakeSlackAPI  # noqa: E402

TOKEN = "xoxb-console"
STAFF = "slack:USTAFF"
DOC = """---
title: Parking at the secretariat
category: practical
updated: 2026-02-01
---
## Parking
Visitors to the secretariat park in the Lindholm garage on level 2; reception gives out the gate code.
"""
CSV = ("name,email,organization,kind,country,region,title,expertise,offering,seeking,languages,consent\n"
       "Ada Nilsson,ada@lund-bio.example.org,Lund Bio,researcher,SE,region-skane,PI,proteomics,,,,yes\n"
       "Bo Berg,not-an-email,Lund Bio,researcher,SE,region-skane,PI,proteomics,,,,yes\n")


class World:
    def __init__(self, tmp: Path) -> None:
        from bot.services import build_services

        self.tmp = tmp
        self.slack = FakeSlackAPI().start()
        self.slack.register("UADA", "UREQ", "USTAFF")
        self.services = build_services(make_settings(tmp, staff_slack_ids="USTAFF", intro_require_approval=True,
                                                     slack_bot_token=TOKEN, slack_api_url=self.slack.url))
        self.url = ""

    def seed(self) -> str:
        """A month of questions and introductions (for the overview), a gap, and a request to approve."""
        now = datetime.now(timezone.utc)
        with transaction(self.services.sessions) as session:
            for day in range(30):
                when = now - timedelta(days=day, hours=1)
                for i in range(3 + (day * 7) % 9):
                    session.add(AnswerRecord(question=f"q{day}-{i}", answer="a", confident=i % 4 != 0, created_at=when))
                if day % 3 == 0:
                    session.add(Feedback(question=f"q{day}", answer="a", rating=-1, user_ref=f"slack:U{day}", created_at=when))
            session.add(UnansweredQuestion(question="Where can visitors park at the secretariat?", user_ref="slack:UREQ",
                                           surface="slack", asked_at=now))
            contact = Contact(name="Ada Lindqvist", email="ada.lindqvist@ku.example.org", kind="researcher",
                              region="capital-region-dk", consent=True, slack_user_id="UADA")
            session.add(contact)
            session.flush()
            contact_id = contact.id
            for day in range(0, 30, 4):  # earlier introductions, some accepted, some declined
                when = now - timedelta(days=day)
                old = IntroRequest(requester_ref=f"slack:UR{day}", requester_name=f"R{day}", contact_id=contact_id,
                                   reason="x", state="accepted" if day % 8 else "declined", created_at=when, updated_at=when)
                session.add(old)
                session.flush()
                session.add(IntroEvent(request_id=old.id, at=when, actor="slack:UADA", from_state="pending_consent",
                                       to_state=old.state))
        outcome = self.services.intros.request(requester_ref="slack:UREQ", requester_name="Rita Requester",
                                               requester_org="Acme Diagnostics", contact_id=contact_id,
                                               reason="A joint wearable ECG trial in Copenhagen")
        return outcome.intro.id

    def deliver(self) -> dict:
        from handlers.slack.app import build_client
        from handlers.slack.notice_sender import SlackNoticeSender

        return self.services.outbox.deliver_due({"slack": SlackNoticeSender(build_client(self.services.settings), self.services)})


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    import uvicorn

    from handlers.console.app import build_app

    world = World(tmp_path_factory.mktemp("console-browser"))
    world.intro_id = world.seed()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    world.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(build_app(world.services), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield world
    server.should_exit = True
    thread.join(30)
    world.slack.stop()
    world.services.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                 "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def wait_for(driver, css: str, text: str | None = None):  # noqa: ANN001, ANN201
    wait = WebDriverWait(driver, 60)
    if text is not None:
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def replaced(element):  # noqa: ANN001, ANN201
    """A wait condition: the page holding `element` was replaced. Mid-navigation, chromedriver may report the
    element's node as "does not belong to the document" instead of stale; both mean the old page is gone."""
    def gone(_driver) -> bool:  # noqa: ANN001
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False
    return gone


def shot(driver, tmp_path: Path, name: str) -> Path:  # noqa: ANN001
    path = tmp_path / f"console-{name}.png"
    driver.save_screenshot(str(path))
    return path


def signed_in(world: World, browser, tmp_path: Path) -> None:  # noqa: ANN001
    link = signin.create_link(world.services.sessions, STAFF, now=datetime.now(timezone.utc))
    browser.get(f"{world.url}/signin/link?token={link.token}")
    button = wait_for(browser, "#signin")
    button.click()
    WebDriverWait(browser, 60).until(replaced(button))  # the overview replaced the sign-in page
    wait_for(browser, "main h1", "Overview")


def test_sign_in_through_a_one_time_link(world, browser, tmp_path):
    browser.get(world.url + "/")
    assert wait_for(browser, "main h1").text == "Sign in"
    signed_in(world, browser, tmp_path)
    assert STAFF in browser.find_element(By.CSS_SELECTOR, ".who").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 3
    path = shot(browser, tmp_path, "overview")
    assert path.stat().st_size > 10_000
    if os.environ.get("CONSOLE_README_SCREENSHOT"):  # refresh docs/images/console-overview.png
        shutil.copy(path, os.environ["CONSOLE_README_SCREENSHOT"])
    browser.set_window_size(375, 800)  # phone width: the page still fits, nothing scrolls sideways
    browser.refresh()
    wait_for(browser, "main h1", "Overview")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    shot(browser, tmp_path, "overview-phone")
    browser.set_window_size(1280, 900)
    assert width <= 375


def test_sign_in_and_navigate_with_the_keyboard_only(world, browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    browser.delete_all_cookies()
    link = signin.create_link(world.services.sessions, STAFF, now=datetime.now(timezone.utc))
    browser.get(f"{world.url}/signin/link?token={link.token}")
    button = wait_for(browser, "#signin")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link first, then the sign-in button
    for _ in range(5):
        if browser.switch_to.active_element == button:
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 60).until(replaced(button))
    wait_for(browser, "main h1", "Overview")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to content"
    for _ in range(2):  # from the skip link past "Overview" to "Gaps" in the navigation
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Gaps"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(browser, "main h1", "Gaps")


def test_find_a_gap(world, browser, tmp_path):
    signed_in(world, browser, tmp_path)
    browser.find_element(By.LINK_TEXT, "Gaps").click()
    wait_for(browser, "main h1", "Gaps")
    questions = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".gap-question")]
    shot(browser, tmp_path, "gaps")
    assert "Where can visitors park at the secretariat?" in questions


def test_upload_a_document_and_see_a_question_answered_from_it(world, browser, tmp_path):
    signed_in(world, browser, tmp_path)
    browser.find_element(By.LINK_TEXT, "Documents").click()
    wait_for(browser, "main h1", "Documents")
    doc = tmp_path / "parking.md"
    doc.write_text(DOC, encoding="utf-8")
    browser.find_element(By.ID, "file").send_keys(str(doc))
    browser.find_element(By.CSS_SELECTOR, "form[action='/documents/upload'] button").click()
    assert "Parking at the secretariat" in wait_for(browser, "p.ok", "Indexed").text
    field = browser.find_element(By.ID, "q")
    field.send_keys("Where do visitors park?")
    field.submit()
    answer = wait_for(browser, "#answer blockquote")
    shot(browser, tmp_path, "documents-answer")
    assert "Lindholm garage" in answer.text
    assert "Parking at the secretariat" in browser.find_element(By.CSS_SELECTOR, "ol.sources").text


def test_import_a_csv_with_a_bad_row_shows_its_line_before_committing(world, browser, tmp_path):
    signed_in(world, browser, tmp_path)
    browser.find_element(By.LINK_TEXT, "Contacts").click()
    wait_for(browser, "main h1", "Contacts")
    csv_file = tmp_path / "contacts.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    browser.find_element(By.ID, "csv").send_keys(str(csv_file))
    browser.find_element(By.CSS_SELECTOR, "form[action='/contacts/import'] button").click()
    rejected = wait_for(browser, "table.rejected").text
    shot(browser, tmp_path, "import-preview")
    assert "line 3" in rejected and "e-mail" in rejected.lower() or "email" in rejected.lower()
    with world.services.sessions() as session:
        assert session.query(Contact).filter_by(email="ada@lund-bio.example.org").first() is None
    browser.find_element(By.ID, "commit").click()
    assert "1 created" in wait_for(browser, "p.ok", "created").text
    with world.services.sessions() as session:
        assert session.query(Contact).filter_by(email="ada@lund-bio.example.org").first() is not None


def test_approve_an_introduction_and_the_notice_reaches_slack(world, browser, tmp_path):
    signed_in(world, browser, tmp_path)
    browser.find_element(By.LINK_TEXT, "Introductions").click()
    wait_for(browser, "main h1", "Introductions")
    approve = browser.find_element(By.CSS_SELECTOR, f"form[action='/introductions/{world.intro_id}/approve'] button")
    approve.click()
    wait_for(browser, "p.ok", "approved")
    shot(browser, tmp_path, "introductions")
    before = len(world.slack.calls("chat.postMessage"))
    counts = world.deliver()
    sent = world.slack.calls("chat.postMessage")[before:]
    assert counts.get("sent", 0) >= 1
    to_contact = [c for c in sent if "Rita Requester" in str(c.args)]  # the consent request names the requester
    assert to_contact, [c.args for c in sent]


UNLABELLED = """
return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.innerText.trim()))
  .map(e => e.outerHTML.slice(0, 120));
"""


def test_every_field_and_button_on_every_page_has_a_label(world, browser, tmp_path):
    signed_in(world, browser, tmp_path)
    with world.services.sessions() as session:
        contact_id = session.query(Contact.id).first()[0]
    missing = {}
    for path in ("/", "/gaps", "/documents", "/documents?q=parking", "/contacts", f"/contacts/{contact_id}",
                 f"/contacts/{contact_id}/forget", "/introductions", "/audit"):
        browser.get(world.url + path)
        wait_for(browser, "main h1")
        found = browser.execute_script(UNLABELLED)
        if found:
            missing[path] = found
    assert missing == {}
