"""`manage.py forget_ip_hashes`: the keyed IP hashes behind the hourly limits are emptied after
IP_HASH_KEEP_DAYS, and they never enter the audit trail."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from angebote.models import Problemmeldung, Raumanfrage
from angebote.services_meldungen import problemmeldung_create
from sozialraeume import services_ideen as services
from sozialraeume.models import Idee, IdeeMeldung, IdeeUnterstuetzung, Sozialraum
from tests.factories import AngebotFactory

pytestmark = pytest.mark.django_db


def _entries(ip: str) -> list:
    idee = services.idee_submit(
        sozialraum=Sozialraum.objects.get(slug="lobeda"),
        bezirk=None,
        point=None,
        kind="idee",
        title="Bank am Spielplatz",
        text="Am Spielplatz fehlt eine Bank für Eltern.",
        email="",
        consent=True,
        ip=ip,
    )
    Idee.objects.filter(pk=idee.pk).update(moderation=Idee.Moderation.PUBLISHED)
    idee.refresh_from_db()
    services.idee_support(idee=idee, browser_token="b" * 43, ip=ip)
    services.idee_report(idee=idee, reason="Beleidigend.", ip=ip)
    problemmeldung_create(
        angebot=AngebotFactory(),
        reason=Problemmeldung.Reason.choices[0][0],
        message="Die Zeiten stimmen nicht.",
        email="",
        ip=ip,
    )
    return [
        Idee.objects.get(pk=idee.pk),
        IdeeUnterstuetzung.objects.get(idee=idee),
        IdeeMeldung.objects.get(idee=idee),
        Problemmeldung.objects.latest("pk"),
    ]


def test_old_ip_hashes_are_emptied_and_recent_ones_kept(jena, settings):
    settings.IP_HASH_KEEP_DAYS = 7
    old = _entries("10.0.0.1")
    recent = _entries("10.0.0.2")
    for entry in old:
        type(entry).objects.filter(pk=entry.pk).update(
            created_at=timezone.now() - timedelta(days=8)
        )

    output = io.StringIO()
    call_command("forget_ip_hashes", stdout=output)

    assert "Ideen: 1" in output.getvalue()

    for entry in old:
        entry.refresh_from_db()
        assert entry.ip_hash == "", type(entry).__name__
    for entry in recent:
        entry.refresh_from_db()
        assert entry.ip_hash != "", type(entry).__name__


def test_an_idea_without_ip_hash_can_still_be_answered(jena, fachdienst):
    idee = _entries("10.0.0.3")[0]
    Idee.objects.filter(pk=idee.pk).update(ip_hash="")
    idee.refresh_from_db()

    services.idee_answer(
        idee=idee,
        user=fachdienst,
        status="in-arbeit",
        answer="Wir prüfen das.",
        angebote=[],
        antraege=[],
    )

    assert Idee.objects.get(pk=idee.pk).status == "in-arbeit"


@pytest.mark.parametrize("model", [Idee, IdeeMeldung, Problemmeldung, Raumanfrage])
def test_ip_hashes_stay_out_of_the_audit_trail(model):
    assert "ip_hash" not in {field.name for field in model.history.model._meta.fields}
