"""factory_boy factories with predictable places inside Jena's districts."""

from datetime import time

import factory
from django.core.management import call_command

from angebote.models import Angebot, Ausstattung, Kategorie, Merkmal, Raum
from angebote.services import angebot_save
from sozialraeume.models import Akteur, Bezirk


def point_in(bezirk_number: int):
    """A point certainly inside the district (PostGIS point on surface)."""
    return Bezirk.objects.get(number=bezirk_number).geometry.point_on_surface


def load_vocabulary() -> None:
    if not Kategorie.objects.exists():
        call_command("loaddata", "vokabular", verbosity=0)
    if not Ausstattung.objects.exists():
        call_command("loaddata", "ausstattung", verbosity=0)


class AkteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Akteur

    name = factory.Sequence(lambda n: f"Testverein {n}")
    slug = factory.Sequence(lambda n: f"testverein-{n}")
    kind = Akteur.Kind.VEREIN


class AngebotFactory(factory.django.DjangoModelFactory):
    """Saved through angebot_save, so district and space come from the point like in real use.

    `kategorien`, `merkmale`, `zielgruppen` take vocabulary codes; `zeiten` (weekday, opens,
    closes) tuples. Default place: a point in Lobeda-Ost (district 63).
    """

    class Meta:
        model = Angebot
        exclude = ["bezirk_number"]

    title = factory.Sequence(lambda n: f"Testangebot {n}")
    summary = "Ein offenes Angebot zum Testen."
    akteur = factory.SubFactory(AkteurFactory)
    status = Angebot.Status.PUBLISHED
    bezirk_number = 63
    point = factory.LazyAttribute(lambda o: point_in(o.bezirk_number))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        load_vocabulary()
        relations = {
            "kategorien": Kategorie.objects.filter(
                code__in=kwargs.pop("kategorien", ["treffpunkt"])
            ),
            "merkmale": kwargs.pop("merkmale", []),
            "zielgruppen": kwargs.pop("zielgruppen", []),
            "zeiten": kwargs.pop("zeiten", []),
        }
        from angebote.models import Merkmal, Zielgruppe

        relations["merkmale"] = Merkmal.objects.filter(code__in=relations["merkmale"])
        relations["zielgruppen"] = Zielgruppe.objects.filter(code__in=relations["zielgruppen"])
        angebot = model_class(*args, **kwargs)
        if angebot.point is None and not kwargs.get("sozialraum"):
            raise ValueError("An offer without a point needs a sozialraum.")
        return angebot_save(angebot=angebot, **relations)


class RaumFactory(factory.django.DjangoModelFactory):
    """Saved through raum_save (district from the point). Default: a room in Winzerla
    (district 90) for 20 people, bookable Monday to Sunday 8 to 22 o'clock, 24 hours notice.

    `merkmale` and `ausstattung` take codes; `zeiten` (weekday, opens, closes) tuples.
    """

    class Meta:
        model = Raum
        exclude = ["bezirk_number"]

    name = factory.Sequence(lambda n: f"Testraum {n}")
    akteur = factory.SubFactory(AkteurFactory)
    street_address = "Teststraße 1"
    bezirk_number = 90
    point = factory.LazyAttribute(lambda o: point_in(o.bezirk_number))
    capacity = 20
    min_notice_hours = 24
    max_days_ahead = 90

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from angebote.services_raeume import raum_save

        load_vocabulary()
        merkmale = Merkmal.objects.filter(code__in=kwargs.pop("merkmale", []))
        ausstattung = Ausstattung.objects.filter(code__in=kwargs.pop("ausstattung", []))
        zeiten = kwargs.pop("zeiten", [(day, time(8), time(22)) for day in range(1, 8)])
        raum = model_class(*args, **kwargs)
        return raum_save(
            raum=raum, user=None, merkmale=merkmale, ausstattung=ausstattung, zeiten=zeiten
        )
