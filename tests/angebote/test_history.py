"""Audit trail: every change of an offer records who changed what and when."""

from datetime import time

from angebote.models import Angebot
from angebote.services import angebot_save
from tests.factories import AngebotFactory


def test_creating_and_changing_an_offer_records_versions_with_the_changed_fields(db):
    angebot = AngebotFactory(title="Spieletreff", kategorien=["treffpunkt"])

    angebot.title = "Spieleabend"
    angebot.cost = Angebot.Cost.ON_REQUEST
    angebot_save(angebot=angebot, kategorien=angebot.kategorien.all())

    newest, previous = angebot.history.all()[:2]
    changed = {change.field for change in newest.diff_against(previous).changes}
    assert [r.history_type for r in angebot.history.all()][-1] == "+"
    assert newest.history_type == "~"
    assert {"title", "cost"} <= changed
    assert previous.title == "Spieletreff"


def test_category_changes_are_part_of_the_history(db):
    angebot = AngebotFactory(kategorien=["treffpunkt"])

    angebot_save(
        angebot=angebot, kategorien=angebot.kategorien.model.objects.filter(code="beratung")
    )

    newest, previous = angebot.history.all()[:2]
    assert "kategorien" in {change.field for change in newest.diff_against(previous).changes}


def test_replaced_opening_times_are_recorded_as_deleted_and_created(db):
    angebot = AngebotFactory(zeiten=[(1, time(9), time(12))])

    angebot_save(angebot=angebot, zeiten=[(2, time(14), time(16))])

    types = sorted(angebot.zeiten.model.history.values_list("history_type", flat=True))
    assert types == ["+", "+", "-"]


def test_an_admin_edit_records_who_made_it_and_staff_can_see_the_history(admin_client, admin_user):
    angebot = AngebotFactory(title="Spieletreff")
    data = {
        "title": "Spieleabend",
        "slug": angebot.slug,
        "summary": angebot.summary,
        "akteur": angebot.akteur.pk,
        "kategorien": [k.pk for k in angebot.kategorien.all()],
        "place_kind": "vor-ort",
        "point": angebot.point.geojson,
        "sozialraum": angebot.sozialraum.pk,
        "cost": "kostenlos",
        "languages": "de",
        "status": "veroeffentlicht",
        "locality": "Jena",
        "zeiten-TOTAL_FORMS": "0",
        "zeiten-INITIAL_FORMS": "0",
    }

    response = admin_client.post(f"/admin/angebote/angebot/{angebot.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    newest = angebot.history.first()
    assert newest.title == "Spieleabend"
    assert newest.history_user == admin_user
    history_page = admin_client.get(f"/admin/angebote/angebot/{angebot.pk}/history/")
    assert "Spieleabend" in history_page.content.decode()
