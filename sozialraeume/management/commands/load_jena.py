from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from angebote.demo_raeume import demo_raeume_seed
from angebote.models import Angebot, Ausstattung, Kategorie, Raum
from angebote.services import angebote_locate_all
from budgets.demo import demo_budgets_seed
from budgets.models import Angebotsbudget
from jena_sozialraum.page_cache import clear_page_cache
from sozialraeume.demo_ideen import demo_ideen_seed
from sozialraeume.demo_konferenzen import demo_konferenzen_seed
from sozialraeume.models import Akteur, Bezirk, Idee, Konferenz, Sozialraum

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
            help=(
                "also load demo actors and offers (fixtures/demo.json), demo rooms with "
                "bookings and demo budgets with applications, each if there are none yet"
            ),
        )

    def handle(self, *args, demo: bool = False, **options):
        self.verbosity = options["verbosity"]
        self._load_spaces()
        self._load_vocabulary()
        if demo:
            self._load_demo()
            self._load_demo_rooms()
            self._load_demo_budgets()
            self._load_demo_participation()

    def _load_spaces(self) -> None:
        if Sozialraum.objects.exists() or Bezirk.objects.exists():
            self._skip("Jena data (social spaces, districts)")
            return
        self._say("Loading Jena data (social spaces, districts, population)…")
        call_command("loaddata", "sozialraeume", verbosity=self.verbosity)
        call_command("import_bezirke", str(BEZIRKE_FILE), verbosity=self.verbosity)

    def _load_vocabulary(self) -> None:
        # Each fixture only into empty tables: loading again would undo the city's edits.
        if Kategorie.objects.exists():
            self._skip("Vocabulary of offers")
        else:
            self._say("Loading categories, target groups and accessibility features…")
            call_command("loaddata", "vokabular", verbosity=self.verbosity)
        if Ausstattung.objects.exists():
            self._skip("Equipment of rooms")
        else:
            self._say("Loading room equipment…")
            call_command("loaddata", "ausstattung", verbosity=self.verbosity)

    def _load_demo(self) -> None:
        # Actors count too: the fixture's primary keys would overwrite existing actors.
        if Angebot.objects.exists() or Akteur.objects.exists():
            self._skip("Offers or actors")
            return
        self._say("Loading demo actors and offers (sample data)…")
        call_command("loaddata", "demo", verbosity=self.verbosity)
        # District and social space always follow the points, whatever ids the districts got.
        angebote_locate_all(Angebot.objects.filter(is_sample=True))
        self._refresh_demo_dates()

    def _load_demo_rooms(self) -> None:
        if Raum.objects.exists():
            self._skip("Rooms")
            return
        self._say("Creating demo rooms with bookings (sample data)…")
        count = demo_raeume_seed()
        self._say(f"  {count} rooms")

    def _load_demo_budgets(self) -> None:
        if Angebotsbudget.objects.exists():
            self._skip("Budgets")
            return
        self._say("Creating demo budgets with applications and goals (sample data)…")
        count = demo_budgets_seed()
        self._say(f"  {count} applications")

    def _load_demo_participation(self) -> None:
        # Ideas first: past conferences link the ideas they discussed.
        if Idee.objects.exists():
            self._skip("Ideas")
        else:
            self._say("Creating demo ideas (sample data)…")
            self._say(f"  {demo_ideen_seed()} ideas")
        if Konferenz.objects.exists():
            self._skip("Conferences")
        else:
            self._say("Creating demo conferences (sample data)…")
            self._say(f"  {demo_konferenzen_seed()} conferences")

    def _refresh_demo_dates(self) -> None:
        """Move the fixture's check dates so the newest is today: demo offers never age out.

        One UPDATE by a fixed interval keeps the spread (and the few stale offers).
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Angebot._meta.db_table} SET checked_on = checked_on + "
                f"(%s - (SELECT max(checked_on) FROM {Angebot._meta.db_table} "
                "WHERE is_sample)) WHERE is_sample AND checked_on IS NOT NULL",
                [timezone.localdate()],
            )
        clear_page_cache()  # a raw UPDATE sends no signals

    def _say(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(message)

    def _skip(self, what: str) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"{what} already present; nothing loaded.")
