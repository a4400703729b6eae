"""The public budget pages and /api/v1/budgets/: figures from the ledger, committed
applications and paid drawdowns; nothing internal and no unfunded application on the page;
the chart, the table and the API agree; a constant number of queries."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgets import selectors, services
from budgets.models import Angebotsbudget, Foerderantrag, Massnahme, Mittelabruf, Ziel
from budgets.views import BAR_SPACE, default_year
from sozialraeume.models import Sozialraum
from tests.budgets.conftest import make_antrag
from tests.factories import AngebotFactory

S = Foerderantrag.Status
SECRETS = {
    "internal_note": "GEHEIM-NOTIZ",
    "review_comment": "GEHEIM-HINWEIS",
    "rejection_reason": "GEHEIM-ABLEHNUNG",
    "conditions": "GEHEIM-AUFLAGE",
}
UNFUNDED = {
    S.DRAFT: "Titel-Entwurf",
    S.SUBMITTED: "Titel-Eingereicht",
    S.IN_REVIEW: "Titel-In-Pruefung",
    S.REJECTED: "Titel-Abgelehnt",
}
OVERVIEW = "/budgets/?jahr=2026"
LOBEDA = "/budgets/2026/lobeda/"


def space(slug: str) -> Sozialraum:
    return Sozialraum.objects.get(slug=slug)


def new_budget(slug: str, year: int, amount: str, user) -> Angebotsbudget:
    budget = Angebotsbudget.objects.create(sozialraum=space(slug), year=year)
    services.budget_book(
        budget=budget, kind="ansatz", amount=Decimal(amount), reason="Haushalt", user=user
    )
    return budget


@pytest.fixture
def figures(budget, fachdienst, akteur_a, akteur_b):
    """Lobeda 2026: 10,000 € + 2,000 € increase - 1,500 € moved to Winzerla (5,000 €);
    approved 2,000 + 3,000 + 500 € (approved, running, closed), paid 1,000 € of drawdowns
    of 1,000 (paid), 700 (released), 300 (requested) and 200 € (rejected). Every application
    carries marker texts in its internal fields."""
    services.budget_book(
        budget=budget, kind="erhoehung", amount=Decimal("2000"), reason="Nachtrag", user=fachdienst
    )
    winzerla = new_budget("winzerla", 2026, "5000", fachdienst)
    services.budget_reallocate(
        source=budget, target=winzerla, amount=Decimal("1500"), reason="Bedarf", user=fachdienst
    )
    for status, title in UNFUNDED.items():
        # An amount on them too: only the status may keep them out of "approved".
        make_antrag(
            budget, akteur_a, status=status, title=title, approved_amount=Decimal("999"), **SECRETS
        )
    approved = make_antrag(
        budget,
        akteur_a,
        Decimal("2500"),
        status=S.APPROVED,
        approved_amount=Decimal("2000"),
        title="Seniorencafé",
        **SECRETS,
    )
    running = make_antrag(
        budget,
        akteur_a,
        Decimal("3000"),
        status=S.RUNNING,
        approved_amount=Decimal("3000"),
        title="Stadtteiltreff",
        period_start=date(2026, 3, 1),
        **SECRETS,
    )
    running.partners.add(akteur_b)
    closed = make_antrag(
        budget,
        akteur_b,
        Decimal("500"),
        status=S.CLOSED,
        approved_amount=Decimal("500"),
        title="Ferienspiele",
        **SECRETS,
    )
    for amount, status in [("1000", "ausgezahlt"), ("700", "freigegeben"), ("300", None)]:
        abruf = services.mittelabruf_request(
            antrag=running, user=fachdienst, amount=Decimal(amount)
        )
        if status:
            abruf = services.mittelabruf_decide(abruf=abruf, user=fachdienst, status="freigegeben")
        if status == "ausgezahlt":
            services.mittelabruf_decide(abruf=abruf, user=fachdienst, status="ausgezahlt")
    refused = services.mittelabruf_request(antrag=approved, user=fachdienst, amount=Decimal("200"))
    services.mittelabruf_decide(abruf=refused, user=fachdienst, status=Mittelabruf.Status.REJECTED)
    return {"budget": budget, "approved": approved, "running": running, "closed": closed}


# --- Figures --------------------------------------------------------------------------------


def test_figures_follow_the_ledger_committed_applications_and_paid_drawdowns(figures):
    rows = {row.sozialraum.slug: row for row in selectors.budgets_with_figures(2026)}

    lobeda, winzerla = rows["lobeda"], rows["winzerla"]
    assert lobeda.ledger_amount == Decimal("10500") == services.budget_amount(figures["budget"])
    assert lobeda.approved == Decimal("5500") == services.budget_approved(figures["budget"])
    assert lobeda.paid == Decimal("1000")
    assert lobeda.funded_projects == 3
    assert (winzerla.ledger_amount, winzerla.approved, winzerla.paid) == (Decimal("6500"), 0, 0)
    assert selectors.budget_totals(list(rows.values()))["ledger_amount"] == Decimal("17000")


def test_funded_offers_are_the_public_offers_linked_to_funded_projects(figures, akteur_a):
    published, other = AngebotFactory(akteur=akteur_a), AngebotFactory(akteur=akteur_a)
    hidden = AngebotFactory(akteur=akteur_a, status="entwurf")
    figures["running"].angebote.add(published, hidden)
    figures["closed"].angebote.add(published)  # the same offer twice counts once
    Foerderantrag.objects.get(title=UNFUNDED[S.DRAFT]).angebote.add(other)

    lobeda = selectors.budgets_with_figures(2026).get(sozialraum__slug="lobeda")

    assert lobeda.funded_offers == 1


def test_goal_progress_is_the_share_of_actions_done(budget):
    lobeda = space("lobeda")
    ziel = Ziel.objects.create(sozialraum=lobeda, year=2026, perspective="menschen", title="A")
    for status in ["erledigt", "laufend", "geplant", "geplant"]:
        Massnahme.objects.create(ziel=ziel, title=status, status=status)
    Ziel.objects.create(sozialraum=lobeda, year=2026, perspective="finanzen", title="Leer")

    goals = selectors.goals_with_progress(sozialraum_id=lobeda.pk, year=2026)

    assert [(g.title, g.actions_done, g.actions_total, g.progress) for g in goals] == [
        ("A", 1, 4, 25),
        ("Leer", 0, 0, 0),
    ]


# --- What the pages show --------------------------------------------------------------------


@pytest.mark.parametrize("url", [OVERVIEW, LOBEDA, "/en" + OVERVIEW, "/en" + LOBEDA])
def test_public_pages_show_no_internal_texts_and_no_unfunded_applications(client, figures, url):
    Foerderantrag.objects.update(description="GEHEIM-BESCHREIBUNG", goals="GEHEIM-ZIELE")
    ziel = Ziel.objects.create(
        sozialraum=space("lobeda"), year=2026, perspective="menschen", title="Alle erreichen"
    )
    ziel.antraege.set(Foerderantrag.objects.all())  # drafts linked to a goal stay hidden too

    html = client.get(url).content.decode()

    for marker in [*SECRETS.values(), *UNFUNDED.values(), "GEHEIM-BESCHREIBUNG", "GEHEIM-ZIELE"]:
        assert marker not in html, marker


def test_space_page_lists_funded_projects_with_actors_amounts_periods_and_offers(
    client, figures, akteur_b
):
    angebot = AngebotFactory(title="Offener Treff am Markt")
    figures["running"].angebote.add(angebot)

    response = client.get(LOBEDA)

    html = response.content.decode()
    assert response.status_code == 200
    for text in ["Seniorencafé", "Stadtteiltreff", "Ferienspiele", "3.000,00 €", "Laufend"]:
        assert text in html
    assert "01.03.2026 bis 31.12.2026" in html
    assert akteur_b.get_absolute_url() in html  # partner of the running project
    assert angebot.get_absolute_url() in html


def test_space_page_shows_goals_with_a_labelled_progress_bar(client, budget, akteur_a):
    ziel = Ziel.objects.create(
        sozialraum=space("lobeda"), year=2026, perspective="sozialraum", title="Vernetzung"
    )
    Massnahme.objects.create(ziel=ziel, title="Kalender", status="erledigt", responsible=akteur_a)
    Massnahme.objects.create(ziel=ziel, title="Treffen", status="geplant")

    html = client.get(LOBEDA).content.decode()

    assert f'<label for="ziel-{ziel.pk}-fortschritt">' in html
    assert f'<progress id="ziel-{ziel.pk}-fortschritt" max="100" value="50">' in html
    assert "1 von 2 Maßnahmen erledigt (50 %)" in html
    assert akteur_a.get_absolute_url() in html


def test_space_page_of_a_year_or_space_without_budget_is_not_found(client, budget):
    assert client.get("/budgets/2025/lobeda/").status_code == 404
    assert client.get("/budgets/2026/winzerla/").status_code == 404
    assert client.get("/budgets/2026/atlantis/").status_code == 404


def test_year_selector_offers_the_years_with_budgets_and_shows_the_chosen_one(
    client, budget, fachdienst
):
    new_budget("lobeda", 2025, "7777", fachdienst)

    html = client.get("/budgets/?jahr=2025").content.decode()

    assert '<option value="2025" selected>2025</option>' in html
    assert '<option value="2026">2026</option>' in html
    assert html.count("<option") == 2
    assert "7.777,00" in html
    assert "10.000,00" not in html


def test_without_a_year_the_current_year_or_else_the_newest_is_shown(client, budget, fachdienst):
    this_year = timezone.localdate().year
    assert default_year([this_year + 1, this_year, this_year - 1]) == this_year
    assert default_year([this_year - 1, this_year - 2]) == this_year - 1
    assert default_year([]) is None
    if this_year != 2026:
        new_budget("nord", this_year, "100", fachdienst)

    html = client.get("/budgets/").content.decode()

    assert f'<option value="{this_year}" selected>' in html


@pytest.mark.parametrize("value", ["abc", "1999", "2026.5"])
def test_a_wrong_year_shows_an_error_not_a_server_error(client, budget, value):
    response = client.get("/budgets/", {"jahr": value})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "<table" not in html


def test_overview_without_any_budget_says_so(client, db):
    response = client.get("/budgets/")

    assert response.status_code == 200
    assert "Es gibt noch keine Angebotsbudgets." in response.content.decode()


class Figures(HTMLParser):
    """The figures of the chart (SVG) and of the table, by (space, field): value and text."""

    def __init__(self):
        super().__init__()
        self.chart, self.table = {}, {}
        self.part, self.space, self.entry = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.part = {"svg": self.chart, "table": self.table}.get(tag, self.part)
        self.space = attrs.get("data-sozialraum", self.space)
        if "data-field" in attrs and self.part is not None:
            entry = self.part.setdefault((self.space, attrs["data-field"]), {})
            if "data-value" in attrs:
                entry["value"] = attrs["data-value"]
            if tag == "rect":
                entry["width"] = attrs["width"]
            if tag in ("text", "td"):
                self.entry = entry
                entry["text"] = ""

    def handle_endtag(self, tag):
        if tag in ("text", "td"):
            self.entry = None

    def handle_data(self, data):
        if self.entry is not None:
            self.entry["text"] += data


def figures_of(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_chart_and_table_show_the_same_numbers(client, figures, prefix):
    parsed = figures_of(client.get(prefix + OVERVIEW).content.decode())

    assert len(parsed.chart) == 2 * 3  # two spaces, three bars each
    for key, bar in parsed.chart.items():
        cell = parsed.table[key]
        assert Decimal(bar["value"]) == Decimal(cell["value"]), key
        assert bar["text"].replace("€", "").strip() == cell["text"].strip(), key
    assert (
        parsed.table[("lobeda", "approved")]["text"] == {"": "5.500,00", "/en": "5,500.00"}[prefix]
    )
    assert Decimal(parsed.table[("", "ledger_amount")]["value"]) == Decimal("17000")


def test_bars_are_as_long_as_their_figures(client, figures):
    bars = figures_of(client.get(OVERVIEW).content.decode()).chart.values()

    largest = max(Decimal(bar["value"]) for bar in bars if "value" in bar)
    for bar in (bar for bar in bars if "value" in bar):
        expected = float(Decimal(bar["value"]) / largest) * BAR_SPACE
        assert float(bar["width"]) == pytest.approx(expected, abs=0.1)


def test_overview_needs_the_same_number_of_queries_however_many_applications(
    client, figures, akteur_a, fachdienst, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        client.get(OVERVIEW)
    for n in range(15):
        antrag = make_antrag(
            figures["budget"],
            akteur_a,
            Decimal("10"),
            status=S.RUNNING,
            approved_amount=Decimal("10"),
            title=f"Projekt {n}",
        )
        services.mittelabruf_request(antrag=antrag, user=fachdienst, amount=Decimal("5"))

    with django_assert_max_num_queries(len(few)):
        response = client.get(OVERVIEW)

    assert len(few) <= 3
    assert response.context["budgets"][0].funded_projects == 18


def test_space_page_needs_a_constant_number_of_queries(
    client, figures, akteur_b, django_assert_max_num_queries
):
    for n in range(10):
        antrag = make_antrag(
            figures["budget"],
            akteur_b,
            Decimal("10"),
            status=S.APPROVED,
            approved_amount=Decimal("10"),
            title=f"Projekt {n}",
        )
        antrag.partners.add(akteur_b)
        antrag.angebote.add(AngebotFactory(akteur=akteur_b))
        ziel = Ziel.objects.create(
            sozialraum=space("lobeda"), year=2026, perspective="menschen", title=f"Ziel {n}"
        )
        ziel.antraege.add(antrag)
        Massnahme.objects.create(ziel=ziel, title="M", responsible=akteur_b)

    with django_assert_max_num_queries(8):
        assert client.get(LOBEDA).status_code == 200


def test_public_pages_refuse_to_change_anything(client, figures):
    assert client.post(OVERVIEW).status_code == 405
    assert client.post(LOBEDA).status_code == 405


# --- API ------------------------------------------------------------------------------------


def test_api_lists_the_same_figures_as_the_page(client, figures):
    table = figures_of(client.get(OVERVIEW).content.decode()).table

    data = client.get("/api/v1/budgets/", {"jahr": 2026}).json()

    assert data["count"] == 2
    for row in data["results"]:
        assert row["year"] == 2026
        for field, column in [
            ("amount", "ledger_amount"),
            ("approved", "approved"),
            ("paid", "paid"),
            ("funded_projects", "funded_projects"),
            ("funded_offers", "funded_offers"),
        ]:
            cell = table[(row["sozialraum"], column)]
            assert Decimal(str(row[field])) == Decimal(cell["value"]), field
        assert row["url"] == f"http://testserver/budgets/2026/{row['sozialraum']}/"
    lobeda = next(row for row in data["results"] if row["sozialraum"] == "lobeda")
    assert lobeda["amount"] == "10500.00"
    assert lobeda["approved"] == "5500.00"
    assert lobeda["paid"] == "1000.00"
    assert set(lobeda) == {
        "year",
        "sozialraum",
        "sozialraum_name",
        "amount",
        "approved",
        "paid",
        "funded_projects",
        "funded_offers",
        "url",
    }


def test_api_filters_by_year(client, budget, fachdienst):
    new_budget("nord", 2025, "100", fachdienst)

    def years(query):
        return [row["year"] for row in client.get("/api/v1/budgets/", query).json()["results"]]

    assert years({"jahr": 2025}) == [2025]
    assert years({"jahr": 2026}) == [2026]
    assert years({"jahr": 2024}) == []
    assert years({}) == [2026, 2025]


def test_api_answers_a_wrong_year_with_a_field_error(client, db):
    response = client.get("/api/v1/budgets/", {"jahr": "abc"})

    assert response.status_code == 400
    assert "jahr" in response.json()


def test_api_is_read_only(client, budget, fachdienst):
    client.force_login(fachdienst)

    assert client.post("/api/v1/budgets/", {"year": 2030}).status_code == 405
    assert Angebotsbudget.objects.count() == 1


# --- Page cache -----------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "jena_sozialraum.page_cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["pages"]
    caches["pages"].clear()


def test_an_approval_clears_the_cached_public_pages(
    client, budget, akteur_a, fachdienst, page_cache, django_capture_on_commit_callbacks
):
    antrag = make_antrag(budget, akteur_a, Decimal("800"), status=S.IN_REVIEW, title="Chor")
    assert "Chor" not in client.get(LOBEDA).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("800"))

    assert "Chor" in client.get(LOBEDA).content.decode()
    assert "800,00" in client.get(OVERVIEW).content.decode()


def test_reverse_names_of_the_public_pages():
    assert reverse("budgets:uebersicht") == "/budgets/"
    assert reverse("budgets:sozialraum", kwargs={"year": 2026, "slug": "ost"}) == (
        "/budgets/2026/ost/"
    )
    assert reverse("api:budget-list") == "/api/v1/budgets/"
