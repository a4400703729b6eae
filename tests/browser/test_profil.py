"""axe-core on a social-space profile and on the comparison, in German and English. The data is
the demo (load_jena --demo) plus a published idea and an upcoming conference, so every part of
the profile shows its full form: charts, tables, the budget, ideas and the next conference.
Loading the demo takes a few seconds, so one test per language walks both pages."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Idee, Konferenz, Sozialraum

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(jena):
    call_command("load_jena", "--demo", verbosity=0)
    nord = Sozialraum.objects.get(slug="nord")
    Idee.objects.create(
        sozialraum=nord,
        title="Bänke am Saaleufer",
        text="Am Radweg fehlen Bänke zum Ausruhen.",
        consent=True,
        status=Idee.Status.IN_PROGRESS,
        moderation=Idee.Moderation.PUBLISHED,
    )
    start = timezone.now() + timedelta(days=10)
    Konferenz.objects.create(
        sozialraum=nord,
        title="Sozialraumkonferenz Nord",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        address="Stadtteilbüro Nord",
    )


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_profile_and_comparison_have_no_accessibility_violations(page, axe, demo, language):
    base = page.base_url + LANGUAGE_PREFIXES[language]

    response = page.goto(f"{base}/sozialraeume/nord/")
    assert response.status == 200
    assert page.locator("svg[role=img]").count() == 3
    for chart in page.locator("svg[role=img]").all():
        assert chart.is_visible()
    assert page.locator("[data-indikator=next_konferenz]").is_visible()
    assert page.locator(".profil-ideen table").is_visible()
    assert_accessible(page, axe, language)

    page.locator(".profil-netzwerk ~ p a[href$='/sozialraeume/vergleich/']").click()
    assert page.url.endswith(f"{LANGUAGE_PREFIXES[language]}/sozialraeume/vergleich/")
    assert page.locator("svg[role=img]").is_visible()
    assert page.locator("table.vergleich-kennzahlen thead th[scope=col]").count() == 7
    assert_accessible(page, axe, language)
