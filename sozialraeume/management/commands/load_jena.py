from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sozialraeume.models import Bezirk, Sozialraum

BEZIRKE_FILE = settings.BASE_DIR / "fixtures" / "jena" / "statistische_bezirke.geojson"


class Command(BaseCommand):
    help = (
        "Loads Jena's five social spaces and 41 statistical districts from fixtures/ into an "
        "empty database. Does nothing when social spaces or districts already exist, so the "
        "city's own changes are never overwritten."
    )

    def handle(self, *args, **options):
        if Sozialraum.objects.exists() or Bezirk.objects.exists():
            if options["verbosity"] > 1:
                self.stdout.write("Jena data already present; nothing loaded.")
            return
        if options["verbosity"]:
            self.stdout.write("Loading Jena data (social spaces, districts, population)…")
        call_command("loaddata", "sozialraeume", verbosity=options["verbosity"])
        call_command("import_bezirke", str(BEZIRKE_FILE), verbosity=options["verbosity"])
