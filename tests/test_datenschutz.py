"""The privacy page (/datenschutz/): reachable in both languages, every form that collects
personal data links to its own section, and the cookies it names are the ones the code sets."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sozialraeume.models import Sozialraum
from sozialraeume.models.beteiligung import Idee
from sozialraeume.views_ideen import SUPPORT_COOKIE
from tests.factories import AngebotFactory, RaumFactory

PRIVACY_LINK = re.compile(r'href="(?P<path>[^"#]*/datenschutz/)#(?P<anchor>[\w-]+)"')


def page_of(response) -> str:
    return response.content.decode()


def privacy_page(client, language: str) -> str:
    response = client.get("/datenschutz/" if language == "de" else "/en/datenschutz/")
    assert response.status_code == 200
    return page_of(response)


@pytest.mark.parametrize("language", ["de", "en"])
def test_privacy_page_answers_in_german_and_english(client, db, language):
    page = privacy_page(client, language)

    assert f'<html lang="{language}">' in page
    assert 'id="rechte"' in page


def _form_url(form: str) -> str:
    if form == "idee":
        return reverse("ideen:neu")
    if form == "problem":
        return reverse("angebote:melden", kwargs={"slug": AngebotFactory().slug})
    return reverse("raeume:anfragen", kwargs={"slug": RaumFactory().slug})


@pytest.mark.parametrize(
    ("form", "anchor"),
    [("idee", "ideen"), ("problem", "problem-melden"), ("raum", "raumanfragen")],
)
@pytest.mark.parametrize("language", ["de", "en"])
def test_form_links_to_its_section_of_the_privacy_page(client, db, form, anchor, language):
    with translation.override(language):
        url = _form_url(form)
        privacy_path = reverse("datenschutz")

    response = client.get(url)

    assert response.status_code == 200
    links = PRIVACY_LINK.findall(page_of(response))
    assert links == [(privacy_path, anchor)]
    assert f'id="{anchor}"' in privacy_page(client, language)


def test_privacy_page_names_the_cookies_the_portal_sets(client, db):
    page = privacy_page(client, "de")

    assert SUPPORT_COOKIE == "ideen_browser"
    for name in [
        SUPPORT_COOKIE,
        settings.CSRF_COOKIE_NAME,
        settings.SESSION_COOKIE_NAME,
        "messages",
    ]:
        assert f"„{name}“" in page, name


def test_support_cookie_is_set_only_on_clicking_support(client, db):
    """What the privacy page promises about `ideen_browser`: no cookie for merely reading."""
    idee = Idee.objects.create(
        sozialraum=Sozialraum.objects.get(slug="lobeda"),
        title="Bank am Spielplatz",
        text="Am Spielplatz fehlt eine Bank zum Ausruhen.",
        consent=True,
        moderation=Idee.Moderation.PUBLISHED,
        ip_hash="0" * 64,
    )

    read = client.get(idee.get_absolute_url())
    supported = client.post(reverse("ideen:unterstuetzen", kwargs={"pk": idee.pk}))

    assert SUPPORT_COOKIE not in read.cookies
    cookie = supported.cookies[SUPPORT_COOKIE]
    assert cookie["max-age"] == 2 * 365 * 24 * 60 * 60
    assert cookie["httponly"]
