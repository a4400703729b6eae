"""Moderation: an untrusted actor's first publication and later changes wait for the
Fachdienst; the queue shows a diff of exactly the changed fields; approve and send back."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from angebote import selectors, services
from angebote.models import Angebot, Kategorie, Merkmal
from tests.angebote.test_bereich import form_data
from tests.factories import AngebotFactory, load_vocabulary


@pytest.fixture(autouse=True)
def vocabulary(db):
    load_vocabulary()


@pytest.fixture
def published(akteur_a):
    return AngebotFactory(
        akteur=akteur_a,
        title="Kochen im Stadtteil",
        summary="Wir kochen einmal in der Woche zusammen.",
        easy_summary="Wir kochen zusammen. Alle dürfen kommen.",
        street_address="Karl-Marx-Allee 1",
        postal_code="07747",
        zeiten=[(2, "17:00", "19:30")],
    )


def edit(client, angebot, **changes):
    url = reverse("bereich:angebot-bearbeiten", kwargs={"pk": angebot.pk})
    return client.post(url, form_data(**changes))


def test_first_publication_needs_approval(
    client, member_a, akteur_a, fachdienst, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    client.post(reverse("bereich:angebot-neu"), form_data(akteur=akteur_a.pk))
    angebot = Angebot.objects.get()
    client.post(reverse("bereich:angebot-einreichen", kwargs={"pk": angebot.pk}))
    angebot.refresh_from_db()
    assert angebot.status == Angebot.Status.REVIEW
    assert client.get(angebot.get_absolute_url()).status_code == 404

    client.force_login(fachdienst)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "1 neues Angebot" in queue and angebot.title in queue
    page = client.get(reverse("moderation:item", kwargs={"pk": angebot.pk})).content.decode()
    assert "Neues Angebot" in page and "Lobeda-Ost" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation:freigeben", kwargs={"pk": angebot.pk}),
            {"seen": angebot.updated_at.isoformat()},
        )

    assert response["Location"] == reverse("moderation:queue")
    angebot.refresh_from_db()
    assert angebot.status == Angebot.Status.PUBLISHED
    assert angebot.history.first().history_user == fachdienst
    assert client.get(angebot.get_absolute_url()).status_code == 200
    assert [m.to for m in mail.outbox] == [[member_a.email]]
    assert "freigegeben" in mail.outbox[0].body


def test_change_of_published_offer_waits_and_the_public_keeps_the_approved_version(
    client, member_a, published
):
    client.force_login(member_a)

    edit(client, published, title="Kochen und Backen", postal_code="07747")

    published.refresh_from_db()
    assert published.title == "Kochen im Stadtteil"
    draft = published.pending_change
    assert draft.title == "Kochen und Backen" and draft.status == Angebot.Status.DRAFT
    public = client.get(published.get_absolute_url()).content.decode()
    assert "Kochen im Stadtteil" in public and "Kochen und Backen" not in public
    # Editing again changes the same pending change, not a second one.
    edit(client, published, title="Kochen, Backen, Reden")
    assert Angebot.objects.filter(draft_of=published).count() == 1


def test_diff_shows_exactly_the_changed_fields(member_a, published):
    changed = form_data(
        title="Kochen und Backen",
        summary=published.summary,
        **{"zeiten-0-closes": "20:00"},
    )
    draft = services.angebot_version_to_edit(angebot=published, user=member_a)
    for name in ("title", "summary", "easy_summary", "street_address", "postal_code"):
        setattr(draft, name, changed[name])
    services.angebot_edit(
        angebot=draft,
        user=member_a,
        kategorien=published.kategorien.all(),
        zielgruppen=[],
        merkmale=Merkmal.objects.filter(code="stufenlos"),
        zeiten=[(2, "17:00", "20:00")],
    )

    changes = selectors.angebot_changes(published.pending_change)

    assert [(c["label"], c["old"], c["new"]) for c in changes] == [
        ("Titel", "Kochen im Stadtteil", "Kochen und Backen"),
        ("Barrierefreiheit", "", str(Merkmal.objects.get(code="stufenlos"))),
        ("Öffnungszeiten", "Dienstag 17:00–19:30", "Dienstag 17:00–20:00"),
    ]


def test_approving_a_change_publishes_it_and_removes_the_copy(
    client, member_a, fachdienst, published
):
    client.force_login(member_a)
    edit(client, published, title="Kochen und Backen", **{"zeiten-0-weekday": "4"})
    client.post(reverse("bereich:angebot-einreichen", kwargs={"pk": published.pk}))
    draft = published.pending_change
    client.force_login(fachdienst)

    page = client.get(reverse("moderation:item", kwargs={"pk": draft.pk})).content.decode()
    assert "Kochen im Stadtteil" in page and "Kochen und Backen" in page
    client.post(
        reverse("moderation:freigeben", kwargs={"pk": draft.pk}),
        {"seen": draft.updated_at.isoformat()},
    )

    published.refresh_from_db()
    assert published.title == "Kochen und Backen"
    assert published.slug == "kochen-im-stadtteil"  # links keep working
    assert [z.weekday for z in published.zeiten.all()] == [4]
    assert not Angebot.objects.filter(draft_of=published).exists()
    record = published.history.first()
    assert record.history_user == fachdienst
    assert member_a.email in record.history_change_reason


def test_send_back_needs_a_comment_and_notifies_the_provider(
    client, member_a, fachdienst, published, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    edit(client, published, title="Kochen und Backen")
    client.post(reverse("bereich:angebot-einreichen", kwargs={"pk": published.pk}))
    draft = published.pending_change
    client.force_login(fachdienst)
    url = reverse("moderation:zurueckgeben", kwargs={"pk": draft.pk})

    response = client.post(url, {"comment": "  "})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Angebot.Status.REVIEW

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Bitte die Hausnummer ergänzen."})

    draft.refresh_from_db()
    assert draft.status == Angebot.Status.DRAFT
    assert draft.review_comment == "Bitte die Hausnummer ergänzen."
    assert mail.outbox[-1].to == [member_a.email]
    assert "Bitte die Hausnummer ergänzen." in mail.outbox[-1].body
    client.force_login(member_a)
    page = client.get(reverse("bereich:angebot", kwargs={"pk": published.pk})).content.decode()
    assert "Bitte die Hausnummer ergänzen." in page


def test_approving_what_changed_after_it_was_seen_is_refused(
    client, member_a, fachdienst, published
):
    client.force_login(member_a)
    edit(client, published, title="Kochen und Backen")
    client.post(reverse("bereich:angebot-einreichen", kwargs={"pk": published.pk}))
    draft = published.pending_change
    seen = draft.updated_at
    edit(client, published, title="Kochen, Backen, Reden")  # still in review, changed again

    with pytest.raises(ValidationError):
        services.angebot_approve(angebot=draft, user=fachdienst, seen=seen)
    published.refresh_from_db()
    assert published.title == "Kochen im Stadtteil"


def test_only_the_fachdienst_moderates(client, member_a, published):
    client.force_login(member_a)
    edit(client, published, title="Kochen und Backen")
    client.post(reverse("bereich:angebot-einreichen", kwargs={"pk": published.pk}))
    draft = published.pending_change

    assert client.get(reverse("moderation:queue")).status_code == 404
    assert client.post(reverse("moderation:freigeben", kwargs={"pk": draft.pk})).status_code == 404
    with pytest.raises(PermissionDenied):
        services.angebot_approve(angebot=draft, user=member_a)
    draft.refresh_from_db()
    assert draft.status == Angebot.Status.REVIEW


def test_fachdienst_edits_any_offer_directly(client, fachdienst, published):
    client.force_login(fachdienst)
    edit(client, published, title="Kochen und Backen")
    published.refresh_from_db()
    assert published.title == "Kochen und Backen"
    assert not Angebot.objects.filter(draft_of=published).exists()
    assert Kategorie.objects.filter(angebote=published).exists()


def test_fachdienst_marks_an_actor_trusted_from_the_queue(client, fachdienst, akteur_a):
    item = AngebotFactory(akteur=akteur_a, status=Angebot.Status.REVIEW)
    client.force_login(fachdienst)

    client.post(reverse("moderation:vertrauen", kwargs={"pk": item.pk}), {"trusted": "1"})

    akteur_a.refresh_from_db()
    assert akteur_a.is_trusted
    assert akteur_a.history.first().history_user == fachdienst


def test_unchanged_text_from_a_browser_is_not_a_change(client, member_a, published):
    """Browsers send line breaks as CRLF; that alone must not show up in the diff."""
    published.description = "Erste Zeile.\nZweite Zeile."
    published.save()
    client.force_login(member_a)

    edit(client, published, title="Kochen und Backen", description="Erste Zeile.\r\nZweite Zeile.")

    labels = [c["label"] for c in selectors.angebot_changes(published.pending_change)]
    assert "Beschreibung" not in labels and "Titel" in labels
