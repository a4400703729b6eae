from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sozialraeume.bezirke_file import BezirkeFileError, read_bezirke_file
from sozialraeume.services import bezirke_import


class Command(BaseCommand):
    help = (
        "Imports statistical districts (polygons, social space, residents per year) from a "
        "GeoJSON file. Validates every feature first; writes nothing unless all are valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="GeoJSON FeatureCollection, WGS84")

    def handle(self, *args, path: Path, **options):
        try:
            records = read_bezirke_file(path)
        except BezirkeFileError as error:
            for problem in error.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"{path}: {len(error.problems)} problem(s) found; nothing was imported."
            ) from None

        progress = tqdm(
            records,
            desc="Bezirke",
            unit=" Bezirke",
            file=self.stdout,
            disable=options["verbosity"] == 0,
        )
        try:
            result = bezirke_import(records=progress)
        except ValidationError as error:
            raise CommandError(
                f"{path}: {'; '.join(error.messages)}; nothing was imported."
            ) from None
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path}: {result.created} districts created, {result.updated} updated, "
                    f"{result.population_rows} population figures written."
                )
            )
