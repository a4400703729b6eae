from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from angebote.models import Angebot, Kategorie
from angebote.services import angebote_locate_all
from sozialraeume.models import Akteur, Bezirk, Sozialraum

BEZIRKE_FILE = settings.BASE_DIR / "fixtures" / "jena" / "statistische_bezirke.geojson"


class Command(BaseCommand):
    help = (
        "Loads Jena's five social spaces and 41 statistical districts, the vocabularies of "
        "offers and, with --demo, demo actors and offers from fixtures/. Each part is loaded "
        "only while its tables are empty, so the city's own changes are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="also load demo actors and offers (fixtures/demo.json) if there are none yet",
        )

    def handle(self, *args, demo: bool = False, **options):
        self.verbosity = options["verbosity"]
        self._load_spaces()
        self._load_vocabulary()
        if demo:
            self._load_demo()

    def _load_spaces(self) -> None:
        if Sozialraum.objects.exists() or Bezirk.objects.exists():
            self._skip("Jena data (social spaces, districts)")
            return
        self._say("Loading Jena data (social spaces, districts, population)…")
        call_command("loaddata", "sozialraeume", verbosity=self.verbosity)
        call_command("import_bezirke", str(BEZIRKE_FILE), verbosity=self.verbosity)

    def _load_vocabulary(self) -> None:
        if Kategorie.objects.exists():
            self._skip("Vocabulary of offers")
            return
        self._say("Loading categories, target groups and accessibility features…")
        call_command("loaddata", "vokabular", verbosity=self.verbosity)

    def _load_demo(self) -> None:
        # Actors count too: the fixture's primary keys would overwrite existing actors.
        if Angebot.objects.exists() or Akteur.objects.exists():
            self._skip("Offers or actors")
            return
        self._say("Loading demo actors and offers (sample data)…")
        call_command("loaddata", "demo", verbosity=self.verbosity)
        # District and social space always follow the points, whatever ids the districts got.
        angebote_locate_all(Angebot.objects.filter(is_sample=True))

    def _say(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(message)

    def _skip(self, what: str) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"{what} already present; nothing loaded.")
