from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.gis.db.models import Union
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Func, OuterRef, Subquery

from jena_sozialraum.page_cache import clear_page_cache
from sozialraeume.bezirke_file import BezirkRecord
from sozialraeume.models import AccessibilityFeedback, Bezirk, Population, Sozialraum


@dataclass(frozen=True)
class BezirkeImportResult:
    created: int
    updated: int
    population_rows: int


@transaction.atomic
def bezirke_import(*, records: Iterable[BezirkRecord]) -> BezirkeImportResult:
    """Create or update districts by official number, upsert their population, redraw spaces.

    Districts missing from the records are kept: offers and rooms may refer to them.
    """
    created = updated = rows = 0
    for record in records:
        bezirk = Bezirk.objects.filter(number=record.number).first() or Bezirk(number=record.number)
        is_new = bezirk.pk is None
        bezirk.name = record.name
        bezirk.slug = record.slug
        bezirk.sozialraum = record.sozialraum
        bezirk.ortsteil = record.ortsteil
        bezirk.geometry = record.geometry
        try:
            bezirk.full_clean()
        except ValidationError as error:
            where = f"features[{record.index}] (bezirk_nr {record.number})"
            raise ValidationError(f"{where}: {'; '.join(error.messages)}") from error
        bezirk.save()
        created += is_new
        updated += not is_new
        population = [
            Population(bezirk=bezirk, year=year, residents=residents)
            for year, residents in record.population.items()
        ]
        Population.objects.bulk_create(
            population,
            update_conflicts=True,
            unique_fields=["bezirk", "year"],
            update_fields=["residents"],
        )
        rows += len(population)
    sozialraum_boundaries_refresh()
    return BezirkeImportResult(created=created, updated=updated, population_rows=rows)


def sozialraum_boundaries_refresh() -> None:
    """Set every social space's boundary to the union of its districts (one UPDATE)."""
    union = (
        Bezirk.objects.filter(sozialraum=OuterRef("pk"))
        .values("sozialraum")
        .annotate(shape=Func(Union("geometry"), function="ST_Multi"))
        .values("shape")
    )
    Sozialraum.objects.update(boundary=Subquery(union[:1]))
    clear_page_cache()  # bulk updates send no signals


def accessibility_feedback_create(
    *, message: str, name: str = "", email: str = "", page_url: str = ""
) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(message=message, name=name, email=email, page_url=page_url)
    feedback.full_clean()
    feedback.save()
    return feedback
