"""The English catalogue is complete, correct and current, and English pages show no German UI.

The catalogue is locale/en/LC_MESSAGES/django.po. Update it with
`manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=.pg`, then translate
every new entry. The page tests compile the .po themselves, so they check the catalogue as it
is in the checkout, not a stale .mo file.
"""

import ast
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

from sozialraeume.models import Bezirk, Sozialraum

BASE_DIR = Path(settings.BASE_DIR)
PO_FILE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"

# --- the catalogue itself -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_FILE))


def entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def describe(entry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


def test_english_catalogue_exists():
    assert PO_FILE.is_file(), f"{PO_FILE} is missing: run manage.py makemessages -l en"


def test_every_entry_of_the_english_catalogue_is_translated(catalogue):
    untranslated = [
        describe(entry)
        for entry in entries(catalogue)
        if not entry.translated() and "fuzzy" not in entry.flags
    ]

    assert not untranslated, "Untranslated entries:\n" + "\n".join(untranslated)


def test_no_entry_of_the_english_catalogue_is_fuzzy(catalogue):
    fuzzy = [describe(entry) for entry in entries(catalogue) if "fuzzy" in entry.flags]

    assert not catalogue.metadata_is_fuzzy, "The header is marked fuzzy."
    assert not fuzzy, "Fuzzy entries (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_catalogue_header_declares_english_utf8_and_english_plural_rule(catalogue):
    assert catalogue.metadata["Language"] == "en"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"


# %(name)s, %s, %d, %.2f, %% ... as Python's %-formatting reads them.
PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def test_every_translation_keeps_exactly_the_placeholders_of_its_source(catalogue):
    mismatches = []
    for entry in entries(catalogue):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if form == 0 else entry.msgid_plural, text)
                for form, text in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if translation and placeholders(source) != placeholders(translation):
                mismatches.append(
                    f"{source!r}: {sorted(placeholders(source).elements())} != "
                    f"{translation!r}: {sorted(placeholders(translation).elements())}"
                )

    assert not mismatches, "Placeholders changed in translation:\n" + "\n".join(mismatches)


def test_no_translation_contains_template_syntax(catalogue):
    """{{ name }} in a template becomes %(name)s in the catalogue; a translation needs the same."""
    leftovers = [
        describe(entry)
        for entry in entries(catalogue)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if "{{" in text or "{%" in text
    ]

    assert not leftovers, "Template syntax in translations:\n" + "\n".join(leftovers)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_catalogue_compiles_with_msgfmt_check(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


# --- the catalogue matches the source -----------------------------------------------------------
# The same extraction makemessages does (templates through Django's templatize, which writes
# _("…") for translated filter arguments such as date:_("j. F Y"); Python files by
# gettext keyword), without running xgettext or writing to the checkout.

SKIPPED_DIRS = {"staticfiles", "node_modules", "__pycache__", "locale"}
GETTEXT_FUNCTIONS = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}
STRING = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
TEMPLATIZED_CALL = re.compile(
    rf"\b(npgettext|ngettext|pgettext|gettext|_)\(\s*({STRING}(?:\s*,\s*{STRING})*)\s*(?:,\s*count)?\s*\)"
)


def source_files(*suffixes: str):
    for path in sorted(BASE_DIR.rglob("*")):
        parts = path.relative_to(BASE_DIR).parts
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts):
            continue
        if path.suffix in suffixes and path.is_file():
            yield path


def message(function: str, strings) -> tuple:
    values = dict(zip(GETTEXT_FUNCTIONS[function], strings, strict=True))
    return values.get("context"), values["msgid"], values.get("plural")


def template_messages(path: Path):
    for function, arguments in TEMPLATIZED_CALL.findall(templatize(path.read_text(), origin=path)):
        yield message(function, ast.literal_eval(f"({arguments},)"))


def python_messages(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_FUNCTIONS:
            continue
        arguments = node.args[: len(GETTEXT_FUNCTIONS[name])]
        if len(arguments) == len(GETTEXT_FUNCTIONS[name]) and all(
            isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            for argument in arguments
        ):
            yield message(name, [argument.value for argument in arguments])


def source_messages() -> dict[tuple, str]:
    found = {}
    for path in source_files(".html", ".txt"):
        for key in template_messages(path):
            found.setdefault(key, str(path.relative_to(BASE_DIR)))
    for path in source_files(".py"):
        for key in python_messages(path):
            found.setdefault(key, str(path.relative_to(BASE_DIR)))
    return found


def test_every_translatable_string_in_templates_and_code_is_in_the_catalogue(catalogue):
    in_catalogue = {
        (entry.msgctxt, entry.msgid, entry.msgid_plural or None) for entry in entries(catalogue)
    }

    missing = [
        f"{msgid!r} ({path})"
        for (context, msgid, plural), path in source_messages().items()
        if (context, msgid, plural) not in in_catalogue
    ]

    assert not missing, (
        "Not in the catalogue; run manage.py makemessages -l en and translate:\n"
        + "\n".join(missing)
    )


def test_catalogue_has_no_entries_the_source_no_longer_uses(catalogue):
    in_source = set(source_messages())

    stale = [
        describe(entry)
        for entry in entries(catalogue)
        if (entry.msgctxt, entry.msgid, entry.msgid_plural or None) not in in_source
    ]

    assert not stale, "No longer in the source; run manage.py makemessages -l en:\n" + "\n".join(
        stale
    )


# --- English pages ------------------------------------------------------------------------------


@pytest.fixture
def english_catalogue_compiled(settings, tmp_path):
    """Serve the .po as it is in the checkout, whether or not `make messages` has run since."""
    messages_dir = tmp_path / "en" / "LC_MESSAGES"
    messages_dir.mkdir(parents=True)
    polib.pofile(str(PO_FILE)).save_as_mofile(str(messages_dir / "django.mo"))
    # Changing LOCALE_PATHS makes Django drop its loaded translations (setting_changed signal).
    settings.LOCALE_PATHS = [tmp_path]


class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes, accessible names and texts for the map script.

    Scripts and styles are left out, and so is everything explicitly marked as another language
    (lang="de"): the language switch names German in German, and the social spaces'
    descriptions are German data, not interface text.
    """

    SKIPPED = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    # Accessible names and descriptions; data-* attributes carry texts the map script shows.
    ATTRIBUTES = ("aria-label", "aria-description", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: str | None = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipping:
            self.depth += tag == self.skipping
            return
        lang = (attributes.get("lang") or "en").lower()
        if tag not in self.VOID and (
            tag in self.SKIPPED or (tag != "html" and not lang.startswith("en"))
        ):
            self.skipping, self.depth = tag, 1
            return
        self.parts += [
            value or ""
            for name, value in attributes.items()
            if name in self.ATTRIBUTES or name.startswith("data-")
        ]

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping:
            self.depth -= 1
            if not self.depth:
                self.skipping = None

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        return " ".join(" ".join(parser.parts).split())


# German words that must never be part of the English interface. Matched as whole words.
GERMAN_WORDS = [
    r"Einwohner\w*",
    r"Sozialr(?:aum|äum)\w*",
    r"Bezirk\w*",
    r"Startseite",
    r"Barrierefrei\w*",
    r"Zum Inhalt",
    r"Leichte[rn]? Sprache",
    r"Sprache",
    r"Impressum",
    r"Datenschutz\w*",
    r"Erklärung\w*",
    r"Karte\w*",
    r"Seite\w*",
    r"Nachricht\w*",
    r"Angebot\w*",
    r"Träger\w*",
    r"Fachdienst\w*",
    r"Hauptnavigation",
    r"Rechtliches",
    r"Platzhalter",
    r"Quelle",
    r"Jahr",
    r"Fläche",
    r"Stadt",
    r"Bitte",
    r"und",
    r"für",
    r"mit",
    r"nicht",
    r"Sie",
    r"Ihr\w*",
]
GERMAN = re.compile(r"(?<!\w)(?:" + "|".join(GERMAN_WORDS) + r")(?!\w)")
# The data source credit the city requires, shown as it is in every language.
SOURCE_CREDIT = "Stadt Jena, Stand 2017"

ENGLISH_PAGES = [
    "/en/",
    "/en/sozialraeume/",
    "/en/sozialraeume/lobeda/",
    "/en/sozialraeume/winzerla/",
    "/en/sozialraeume/west-zentrum/",
    "/en/sozialraeume/nord/",
    "/en/sozialraeume/ost/",
    "/en/barrierefreiheit/",
    "/en/leichte-sprache/",
    "/en/impressum/",
    "/en/datenschutz/",
]


def proper_names() -> list[str]:
    """Names of social spaces, districts and localities: the same in every language."""
    names = set(Sozialraum.objects.values_list("name", flat=True))
    for name, ortsteil in Bezirk.objects.values_list("name", "ortsteil"):
        names |= {name, ortsteil}
    return sorted((name for name in names if name), key=len, reverse=True)


def german_words_in(html: str) -> list[str]:
    text = VisibleText.of(html).replace(SOURCE_CREDIT, " ")
    for name in proper_names():
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return [
        f"{match.group()!r} in …{text[max(match.start() - 40, 0) : match.end() + 40]}…"
        for match in GERMAN.finditer(text)
    ]


def test_german_word_check_finds_german_interface_text(db):
    html = '<html lang="en"><body><a href="#inhalt">Zum Inhalt springen</a></body></html>'

    assert german_words_in(html)


def test_german_word_check_ignores_text_marked_as_german_and_the_source_credit(db):
    html = (
        '<html lang="en"><body><a lang="de" href="/">Deutsch</a>'
        '<p lang="de">Der Sozialraum mit den meisten Einwohnern.</p>'
        f"<p>Source: {SOURCE_CREDIT}. Lobeda-West in Lobeda.</p></body></html>"
    )

    assert german_words_in(html) == []


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_english_page_shows_no_german_interface_text(client, db, english_catalogue_compiled, path):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    found = german_words_in(html)
    assert not found, f"German on {path}:\n" + "\n".join(found)


def test_english_not_found_page_shows_no_german_interface_text(
    client, db, english_catalogue_compiled
):
    response = client.get("/en/gibt-es-nicht/")

    assert response.status_code == 404
    found = german_words_in(response.content.decode())
    assert not found, "German on the 404 page:\n" + "\n".join(found)


def test_english_feedback_form_with_errors_shows_no_german_interface_text(
    client, db, english_catalogue_compiled
):
    response = client.post("/en/barrierefreiheit/", {"message": "", "email": "kaputt"})

    html = response.content.decode()
    assert "Please check your entries" in html
    found = german_words_in(html)
    assert not found, "German on the form with errors:\n" + "\n".join(found)


def test_english_thanks_for_feedback_is_in_english(client, db, english_catalogue_compiled):
    response = client.post(
        "/en/barrierefreiheit/", {"message": "The contrast is too low."}, follow=True
    )

    html = response.content.decode()
    assert "Thank you! We have received your message." in html
    assert not german_words_in(html)


def test_english_pages_use_the_agreed_terms(client, db, english_catalogue_compiled):
    home = VisibleText.of(client.get("/en/").content.decode())
    detail = VisibleText.of(client.get("/en/sozialraeume/lobeda/").content.decode())

    for term in ["social spaces", "Easy Read", "Accessibility statement", "Legal notice"]:
        assert term in home
    assert "Privacy" in home
    assert "Social Services Department" in home
    assert "residents" in home
    assert "Lobeda social space" in detail
    assert "Districts" in detail
    assert "Residents" in detail


@pytest.fixture
def angebot(db):
    from datetime import time

    from tests.factories import AngebotFactory

    return AngebotFactory(
        title="Offene Beratung",
        summary="Hilfe bei Fragen zu Wohnen und Alltag.",
        easy_summary="Hier bekommen Sie Hilfe.",
        description="Wir helfen bei Anträgen und Briefen.",
        kategorien=["beratung"],
        merkmale=["stufenlos", "leichte-sprache"],
        zeiten=[(1, time(10), time(12)), (6, time(22), time(2))],
        phone="03641 49 00",
        email="beratung@example.org",
        street_address="Karl-Marx-Allee 1",
        postal_code="07747",
    )


def test_english_service_pages_show_no_german_interface_text(
    client, angebot, english_catalogue_compiled
):
    paths = [
        "/angebote/",
        "/angebote/?kostenlos=1&sozialraum=lobeda",
        "/angebote/?q=gibt-es-nicht",
        "/karte/",
        "/akteure/",
        "/daten/",
        angebot.get_absolute_url(),
        f"{angebot.get_absolute_url()}leichte-sprache/",
        angebot.akteur.get_absolute_url(),
    ]

    problems = []
    for path in paths:
        response = client.get(f"/en{path}")
        assert response.status_code == 200, path
        problems += [f"{path}: {found}" for found in german_words_in(response.content.decode())]

    assert not problems, "German on service pages:\n" + "\n".join(problems)
