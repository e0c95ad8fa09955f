"""Every evaluation route with every role: planning office and administrators do everything, agency staff
read their own projects' evaluations, anyone else signed in gets 403, anonymous users the sign-in page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Evaluation, QuarterClosure
from tests.factories import AgencyFactory, EvaluationFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_quarter")]


Q = {"fiscal_year": 2566, "quarter": 1}


@pytest.fixture
def roles_and_evaluations():
    own = AgencyFactory(name="สำนักงานเขตบางรัก")
    other = AgencyFactory(name="สำนักการแพทย์")
    own_project = ProjectFactory(code="OWN", agency=own)
    other_project = ProjectFactory(code="OTHER", agency=other)
    EvaluationFactory(project=own_project, quarter=1, score=Decimal("81"), comment="ของหน่วยงานเอง")
    EvaluationFactory(project=other_project, quarter=1, score=Decimal("42"), comment="ของหน่วยงานอื่น")
    users = {
        "anonymous": None,
        "no_role": UserFactory(username="norole"),
        "staff": UserFactory(staff=True, username="staff", agency=own),
        "planner": UserFactory(planner=True, username="planner"),
        "admin": UserFactory(admin=True, username="admin"),
    }
    return users, own_project


def client_as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def routes(project_pk: int):
    score = reverse("reports:score-project", kwargs=Q | {"pk": project_pk})
    return {
        "current": ("get", reverse("reports:current-quarter"), {}),
        "mine": ("get", reverse("reports:mine"), {}),
        "overdue": ("get", reverse("reports:overdue"), {}),
        "overdue_csv": ("get", reverse("reports:overdue") + "?export=csv", {}),
        "quarter": ("get", reverse("reports:quarter", kwargs=Q), {}),
        "quarter_csv": ("get", reverse("reports:quarter", kwargs=Q) + "?export=csv", {}),
        "rollups": ("get", reverse("reports:rollups", kwargs=Q), {}),
        "score_form": ("get", score, {}),
        "score_post": ("post", score, {"score": "90"}),
        "bulk_post": (
            "post",
            reverse("reports:score-bulk", kwargs=Q),
            {"select": [project_pk], "score": "90"},
        ),
        "close": ("post", reverse("reports:close", kwargs=Q), {}),
        "reopen": ("post", reverse("reports:reopen", kwargs=Q), {}),
    }


PLANNER_ONLY = [
    "overdue",
    "overdue_csv",
    "quarter",
    "quarter_csv",
    "rollups",
    "score_form",
    "score_post",
    "bulk_post",
    "close",
    "reopen",
]
EXPECTED = {
    # route: (anonymous, no_role, staff, planner, admin); "login" = redirect to the sign-in page
    "current": ("login", 403, 302, 302, 302),
    "mine": ("login", 403, 200, 200, 200),
    **{
        name: ("login", 403, 403, 302 if name.endswith(("post", "close", "reopen")) else 200, None)
        for name in PLANNER_ONLY
    },
}
ROLES = ["anonymous", "no_role", "staff", "planner", "admin"]


@pytest.mark.parametrize("route", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_route_by_role(client, roles_and_evaluations, route, role):
    users, project = roles_and_evaluations
    method, url, data = routes(project.pk)[route]
    if route == "reopen":
        QuarterClosure.objects.create(fiscal_year=2566, quarter=1, closed=True)
    expected = EXPECTED[route][ROLES.index(role)]
    if expected is None:  # administrators may do what the planning office may
        expected = EXPECTED[route][ROLES.index("planner")]
    response = getattr(client_as(client, users[role]), method)(url, data)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["no_role", "staff"])
def test_refused_writes_change_nothing(client, roles_and_evaluations, role):
    users, project = roles_and_evaluations
    client_as(client, users[role])
    client.post(reverse("reports:score-project", kwargs=Q | {"pk": project.pk}), {"score": "1"})
    client.post(reverse("reports:score-bulk", kwargs=Q), {"select": [project.pk], "score": "1"})
    client.post(reverse("reports:close", kwargs=Q))
    assert Evaluation.objects.get(project=project).score == Decimal("81")
    assert not QuarterClosure.objects.exists()


def test_staff_read_only_their_own_projects_evaluations(client, roles_and_evaluations):
    users, _ = roles_and_evaluations
    html = client_as(client, users["staff"]).get(reverse("reports:mine")).content.decode()
    assert "OWN" in html and "81.00" in html and "ของหน่วยงานเอง" in html
    assert "OTHER" not in html and "ของหน่วยงานอื่น" not in html
    assert '<form method="post"' not in html


def test_staff_are_sent_from_the_evaluation_home_to_their_evaluations(client, roles_and_evaluations):
    users, _ = roles_and_evaluations
    response = client_as(client, users["staff"]).get(reverse("reports:current-quarter"))
    assert response["Location"] == reverse("reports:mine")


def test_staff_filter_their_evaluations_by_year_and_quarter(client, roles_and_evaluations):
    users, project = roles_and_evaluations
    EvaluationFactory(project=project, quarter=2, score=Decimal("64"), comment="ไตรมาสสอง")
    client_as(client, users["staff"])
    response = client.get(reverse("reports:mine"), {"fiscal_year": 2566, "quarter": 2})
    assert [(e.quarter, e.score) for e in response.context["table"].data] == [(2, Decimal("64"))]
    response = client.get(reverse("reports:mine"), {"fiscal_year": 2567})
    assert list(response.context["table"].data) == []


def test_staff_are_not_shown_links_to_pages_they_may_not_open(client, roles_and_evaluations):
    users, _ = roles_and_evaluations
    html = client_as(client, users["staff"]).get(reverse("reports:mine")).content.decode()
    assert reverse("reports:overdue") not in html
    assert "โครงการรายไตรมาส" not in html
    planner_html = client_as(client, users["planner"]).get(reverse("reports:mine")).content.decode()
    assert reverse("reports:overdue") in planner_html
