"""The load test's mix of people, for Locust: agency staff entering reports and planners reading.

`make load` (bench/load.py) sets up the data and the server and runs this file headless; it can also be run
by hand against a server on this machine (`locust -f bench/locustfile.py --host http://127.0.0.1:8000`,
with the environment below), which gives Locust's web page. Only loopback hosts are accepted.

Environment (set by bench/load.py):
- `LOAD_STAFF`, `LOAD_PLANNERS`: comma-separated user names (password `bench.load_data.LOAD_PASSWORD`). Each
  simulated person takes one account and signs in once through the real form; staff accounts belong to
  separate agencies, so two people never save the same report and a refused save means a fault.
- `LOAD_FISCAL_YEAR`: the fiscal year whose projects people work on, as the list's filter takes it.
- `LOAD_THINK`: mean pause between one person's actions, seconds (default 1).

A request counts as failed on HTTP status ≥ 400, a refused save (no redirect), a save whose page does not
show the saved text, or a "PDF" that is not one.
"""

import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.exception import StopUser

from bench.forms import form_data
from bench.http_user import latest_report_edit_url, project_codes, require_loopback
from bench.load_data import LOAD_PASSWORD

STAFF = [name for name in os.environ.get("LOAD_STAFF", "").split(",") if name]
PLANNERS = [name for name in os.environ.get("LOAD_PLANNERS", "").split(",") if name]
FISCAL_YEAR = os.environ.get("LOAD_FISCAL_YEAR", "")
THINK = float(os.environ.get("LOAD_THINK", "1"))
LIST_FILTERS = ("status=active", "plan_status=on_plan", "status=delayed", "")
_accounts = {"staff": iter(STAFF), "planner": iter(PLANNERS)}


@events.init.add_listener
def only_loopback(environment, **kwargs):
    """A load test must never reach another machine."""
    if environment.host:
        require_loopback(urlsplit(environment.host).hostname or "")


class Person(HttpUser):
    abstract = True
    role = ""
    first_round: tuple[str, ...] = ()
    wait_time = between(0.5 * THINK, 1.5 * THINK)

    def on_start(self) -> None:
        # The host can also be typed into Locust's web page after start-up: checked again here.
        require_loopback(urlsplit(self.host).hostname or "")
        username = next(_accounts[self.role], None)
        if username is None:
            raise StopUser()  # more simulated people than accounts: the extra ones stay home
        self.username = username
        self.codes: list[str] = []
        self.sign_in()
        with self.client.get(
            f"/projects/?fiscal_year={FISCAL_YEAR}", name="project_list", catch_response=True
        ) as r:
            self.codes = project_codes(r.text)
            if r.ok and not self.codes:
                r.failure(f"{username} sees no project of {FISCAL_YEAR}")
        if not self.codes:
            raise StopUser()
        # Every kind of action once first, in a random order, then the weighted mix.
        for action in random.sample(self.first_round, len(self.first_round)):
            getattr(self, action)()
            self.wait()

    def sign_in(self) -> None:
        """The sign-in form as a person fills it: fetch it (CSRF cookie and token), post it, be redirected."""
        form = self.client.get("/accounts/login/", name="sign_in")
        fields = form_data(form.text) | {"username": self.username, "password": LOAD_PASSWORD}
        with self.client.post(
            "/accounts/login/", data=fields, name="sign_in", allow_redirects=False, catch_response=True
        ) as response:
            signed_in = response.status_code == 302 and "sessionid" in self.client.cookies
            if not signed_in:
                response.failure(f"sign-in of {self.username} failed: HTTP {response.status_code}")
        if not signed_in:
            raise StopUser()

    @task(3)
    def project_list(self) -> None:
        query = random.choice(LIST_FILTERS)
        self.client.get(f"/projects/?fiscal_year={FISCAL_YEAR}&{query}", name="project_list")

    @task(3)
    def project_page(self) -> None:
        self.client.get(f"/projects/{random.choice(self.codes)}/", name="project_page")


class Staff(Person):
    """Agency staff: lists and pages, a monthly report opened, changed and saved, the printed form."""

    role = "staff"
    first_round = ("project_list", "project_page", "report_entry", "pdf_form")

    def on_start(self) -> None:
        self.without_reports: set[str] = set()
        self.saves = 0
        super().on_start()

    @task(1)
    def pdf_form(self) -> None:
        url = f"/projects/{random.choice(self.codes)}/form.pdf"
        with self.client.get(url, name="pdf_form", catch_response=True) as response:
            if response.ok and not response.content.startswith(b"%PDF"):
                response.failure("the form is not a PDF")

    @task(2)
    def report_entry(self) -> None:
        """Open the newest report of one of the user's projects, change its text, save, see the change."""
        for _ in range(3):  # a project may have no report yet: try another
            candidates = [c for c in self.codes if c not in self.without_reports]
            if not candidates:
                return
            code = random.choice(candidates)
            page = self.client.get(f"/projects/{code}/", name="project_page")
            if not page.ok:
                return  # already counted as a failure
            edit_url = latest_report_edit_url(page.text)
            if edit_url is not None:
                break
            self.without_reports.add(code)
        else:
            return
        form = self.client.get(edit_url, name="report_form")
        if not form.ok:
            return
        fields = form_data(form.text)
        self.saves += 1
        marker = f"ปรับปรุงโดย {self.username} ครั้งที่ {self.saves}"
        fields["text"] = (fields.get("text") or "").split(" · ")[0] + f" · {marker}"
        with self.client.post(
            edit_url, data=fields, name="report_save", allow_redirects=False, catch_response=True
        ) as saved:
            location = saved.headers.get("location", "")
            if saved.status_code != 302:
                saved.failure(f"{edit_url}: save refused, HTTP {saved.status_code}")
                return
            if f"/projects/{code}/" not in location:
                saved.failure(f"{edit_url}: save led to {location!r}, not the project")
                return
        with self.client.get(location, name="project_page", catch_response=True) as after:
            if after.ok and marker not in after.text:
                after.failure(f"{location}: the page after the save does not show it")


class Planner(Person):
    """The planning office: every agency's projects, and the quarter's evaluation page."""

    role = "planner"
    # As many planners as accounts, spawned first; everyone else is staff.
    fixed_count = len(PLANNERS)
    first_round = ("project_list", "project_page", "quarter_page")

    @task(1)
    def quarter_page(self) -> None:
        self.client.get("/evaluation/", name="quarter_page")
