from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from angebote.csv_import import CsvFileError, RowValidator, angebote_import, read_csv
from sozialraeume.models import Akteur


class Command(BaseCommand):
    help = (
        "Imports offers from a CSV file (columns: docs/import-angebote.md). Checks every row "
        "first and writes nothing unless all rows are valid; --skip-invalid writes the valid "
        "rows and lists the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file, UTF-8, separated by , or ;")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="write the valid rows and list the invalid ones instead of writing nothing",
        )
        parser.add_argument(
            "--akteur",
            metavar="SLUG",
            help="actor (slug) for rows whose akteur column is empty or missing",
        )

    def handle(self, *args, path: Path, skip_invalid: bool, akteur: str | None, **options):
        quiet = options["verbosity"] == 0
        default_akteur = None
        if akteur:
            default_akteur = Akteur.objects.filter(slug=akteur).first()
            if default_akteur is None:
                raise CommandError(f'--akteur: no actor with the slug "{akteur}".')
        try:
            records = read_csv(path)
        except CsvFileError as error:
            self._report(path, error.problems)
            raise CommandError(f"{path}: cannot be read; nothing was imported.") from None

        validate = RowValidator(akteur=default_akteur)
        valid, problems, invalid_lines = [], [], set()
        for line, values in tqdm(
            records, desc="Checking", unit=" rows", file=self.stdout, disable=quiet
        ):
            row, row_problems = validate(line, values)
            if row:
                valid.append(row)
            problems += row_problems
            invalid_lines.update(p.line for p in row_problems)
        if problems and not skip_invalid:
            self._report(path, problems)
            raise CommandError(
                f"{path}: {len(problems)} problem(s) in {len(invalid_lines)} of {len(records)} "
                "row(s); nothing was imported."
            )

        result = angebote_import(
            rows=tqdm(valid, desc="Writing", unit=" rows", file=self.stdout, disable=quiet),
            skip_invalid=skip_invalid,
        )
        problems += result.problems
        self._report(path, problems)
        if result.problems and not skip_invalid:
            raise CommandError(f"{path}: {len(result.problems)} problem(s); nothing was imported.")
        if not quiet:
            skipped = len({p.line for p in problems})
            message = f"{path}: {len(result.created)} offer(s) imported"
            if skipped:
                message += f", {skipped} invalid row(s) skipped (listed above)"
            self.stdout.write(self.style.SUCCESS(message + "."))

    def _report(self, path: Path, problems) -> None:
        for problem in sorted(problems, key=lambda p: p.line):
            self.stderr.write(problem.format(path))
