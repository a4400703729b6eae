"""Freshness loop: reminders, the signed "still current" link, hiding stale offers.

Dates are set relative to timezone.localdate(), so the tests hold on any day.
"""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from angebote.freshness import angebot_from_token, confirm_token
from angebote.models import Angebot
from sozialraeume.models import Membership, User
from tests.factories import AkteurFactory, AngebotFactory

SITE = "https://portal.example"


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def unchecked_for(days: int, **kwargs) -> Angebot:
    angebot = AngebotFactory(**kwargs)
    Angebot.objects.filter(pk=angebot.pk).update(checked_on=days_ago(days))
    angebot.refresh_from_db()
    return angebot


def run_reminders() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def link_path(angebot: Angebot) -> str:
    return reverse(
        "angebote:noch-aktuell", kwargs={"slug": angebot.slug, "token": confirm_token(angebot)}
    )


@pytest.fixture
def akteur(db):
    akteur = AkteurFactory(email="info@verein.example")
    user = User.objects.create_user("mitglied@verein.example", "x-Passwort-123")
    Membership.objects.create(user=user, akteur=akteur)
    return akteur


@override_settings(SITE_URL=SITE)
def test_reminder_lists_stale_offers_with_a_confirm_link_each(akteur):
    stale = unchecked_for(200, akteur=akteur, title="Mittagstisch")
    also_stale = unchecked_for(181, akteur=akteur, title="Nähcafé")
    unchecked_for(10, akteur=akteur, title="Frisch geprüft")

    output = run_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["info@verein.example", "mitglied@verein.example"]
    assert "noch aktuell" in message.subject
    assert "Mittagstisch" in message.body and "Nähcafé" in message.body
    assert "Frisch geprüft" not in message.body
    assert SITE + link_path(stale) in message.body
    assert SITE + link_path(also_stale) in message.body
    assert "Reminded 2 offers of 1 actors" in output
    stale.refresh_from_db()
    assert stale.reminded_on == timezone.localdate()


def test_second_run_does_not_remind_again(akteur):
    unchecked_for(200, akteur=akteur)
    run_reminders()
    run_reminders()
    assert len(mail.outbox) == 1


def test_reminder_is_repeated_after_thirty_days(akteur):
    angebot = unchecked_for(200, akteur=akteur)
    Angebot.objects.filter(pk=angebot.pk).update(reminded_on=days_ago(30))
    run_reminders()
    assert len(mail.outbox) == 1


def test_actor_without_any_address_is_skipped_and_not_marked(db):
    angebot = unchecked_for(200, akteur=AkteurFactory(email=""))
    output = run_reminders()
    assert mail.outbox == []
    assert "1 offers skipped" in output
    angebot.refresh_from_db()
    assert angebot.reminded_on is None


def test_link_confirms_offer_without_login(client, akteur):
    angebot = unchecked_for(200, akteur=akteur)
    page = client.get(link_path(angebot))
    assert page.status_code == 200
    assert "Ja, das Angebot ist noch aktuell" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    angebot.refresh_from_db()
    assert angebot.checked_on == days_ago(200)  # GET only asks

    response = client.post(link_path(angebot))

    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    angebot.refresh_from_db()
    assert angebot.checked_on == timezone.localdate()
    assert angebot.status == Angebot.Status.PUBLISHED
    assert angebot.history.first().checked_on == timezone.localdate()


def test_link_post_needs_csrf_token(akteur):
    from django.test import Client

    angebot = unchecked_for(200, akteur=akteur)
    response = Client(enforce_csrf_checks=True).post(link_path(angebot))
    assert response.status_code == 403
    angebot.refresh_from_db()
    assert angebot.checked_on == days_ago(200)


@override_settings(FRESHNESS_LINK_DAYS=30)
def test_expired_link_is_refused_with_410_and_a_hint_to_log_in(client, akteur, monkeypatch):
    angebot = unchecked_for(200, akteur=akteur)
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: timezone.now().timestamp() - 31 * 24 * 3600)
        path = link_path(angebot)

    response = client.post(path)

    assert response.status_code == 410
    assert reverse("konto:anmelden") in response.content.decode()
    angebot.refresh_from_db()
    assert angebot.checked_on == days_ago(200)


def test_tampered_link_is_refused_with_400(client, akteur):
    angebot = unchecked_for(200, akteur=akteur)
    token = confirm_token(angebot)
    tampered = f"{angebot.pk + 1}:" + token.split(":", 1)[1]
    path = reverse("angebote:noch-aktuell", kwargs={"slug": angebot.slug, "token": tampered})

    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    angebot.refresh_from_db()
    assert angebot.checked_on == days_ago(200)


def test_link_for_another_offer_is_refused(client, akteur):
    angebot = unchecked_for(200, akteur=akteur)
    other = unchecked_for(200, akteur=akteur)
    path = reverse(
        "angebote:noch-aktuell", kwargs={"slug": other.slug, "token": confirm_token(angebot)}
    )
    assert client.post(path).status_code == 400
    angebot.refresh_from_db()
    other.refresh_from_db()
    assert angebot.checked_on == other.checked_on == days_ago(200)


def test_token_names_its_offer(akteur):
    angebot = AngebotFactory(akteur=akteur)
    assert angebot_from_token(confirm_token(angebot)) == angebot


def public_views_show(client, angebot: Angebot) -> dict[str, bool]:
    return {
        "list": angebot.title in client.get("/angebote/").content.decode(),
        "api": angebot.slug
        in [a["slug"] for a in client.get("/api/v1/angebote/").json()["results"]],
        "geojson": angebot.slug
        in [
            f["properties"]["slug"]
            for f in client.get("/api/v1/angebote/?format=geojson").json()["features"]
        ],
        "daten": angebot.slug in b"".join(client.get("/daten/angebote.geojson")).decode(),
        "detail": client.get(angebot.get_absolute_url()).status_code == 200,
    }


@override_settings(FRESHNESS_HIDE_DAYS=365)
def test_offer_older_than_the_limit_is_hidden_everywhere_but_kept(client, akteur):
    shown = unchecked_for(365, akteur=akteur, title="Gerade noch sichtbar")
    hidden = unchecked_for(366, akteur=akteur, title="Zu lange nicht geprüft")

    assert all(public_views_show(client, shown).values())
    assert not any(public_views_show(client, hidden).values())
    hidden.refresh_from_db()
    assert hidden.status == Angebot.Status.PUBLISHED


def test_never_checked_offer_counts_from_its_creation(client, akteur):
    angebot = AngebotFactory(akteur=akteur)
    assert client.get(angebot.get_absolute_url()).status_code == 200
    Angebot.objects.filter(pk=angebot.pk).update(created_at=timezone.now() - timedelta(days=400))
    assert client.get(angebot.get_absolute_url()).status_code == 404


@override_settings(SITE_URL=SITE)
def test_hidden_notice_is_sent_once_with_a_link_to_show_it_again(akteur):
    hidden = unchecked_for(400, akteur=akteur, title="Alter Kurs")

    output = run_reminders()
    run_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "ausgeblendet" in message.subject
    assert "nicht mehr öffentlich angezeigt" in message.body
    assert SITE + link_path(hidden) in message.body
    assert "notified 1 actors of 1 hidden offers" in output
    hidden.refresh_from_db()
    assert hidden.hidden_notice_on == timezone.localdate()
    assert hidden.reminded_on is None  # hidden offers get the notice, not a reminder


def test_confirming_makes_a_hidden_offer_visible_again(client, akteur):
    hidden = unchecked_for(400, akteur=akteur)
    run_reminders()
    assert client.get(hidden.get_absolute_url()).status_code == 404

    client.post(link_path(hidden))

    assert client.get(hidden.get_absolute_url()).status_code == 200
    hidden.refresh_from_db()
    assert hidden.hidden_notice_on is None  # told again should it go stale once more


def test_drafts_and_archived_offers_get_no_mail(akteur):
    unchecked_for(400, akteur=akteur, status=Angebot.Status.DRAFT)
    unchecked_for(200, akteur=akteur, status=Angebot.Status.ARCHIVED)
    run_reminders()
    assert mail.outbox == []


def test_demo_data_is_loaded_checked_up_to_today_with_its_spread_kept(db):
    import json
    from datetime import date

    from django.conf import settings

    fixture = json.loads((settings.BASE_DIR / "fixtures" / "demo.json").read_text())
    dates = [
        date.fromisoformat(row["fields"]["checked_on"])
        for row in fixture
        if row["model"] == "angebote.angebot" and row["fields"].get("checked_on")
    ]

    call_command("load_jena", demo=True, verbosity=0)

    checked = Angebot.objects.filter(is_sample=True).values_list("checked_on", flat=True)
    assert max(checked) == timezone.localdate()
    assert max(checked) - min(checked) == max(dates) - min(dates)
