import random
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from angebote.demo import DemoDataError, demo_clear, demo_seed


class Command(BaseCommand):
    help = (
        "Creates plausible demo actors and offers inside Jena's districts, marked as sample data "
        "(is_sample, names starting with 'Beispiel:'). The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=200, help="number of offers (200)")
        parser.add_argument("--actors", type=int, default=30, help="number of actors (30)")
        parser.add_argument(
            "--seed", type=int, help="random seed for repeatable data (default: a random one)"
        )
        parser.add_argument(
            "--clear-samples",
            action="store_true",
            help="first delete earlier sample offers and actors (only rows marked as samples)",
        )

    def handle(self, *args, offers: int, actors: int, seed: int | None, **options):
        if offers < 0 or actors < 0:
            raise CommandError("--offers and --actors must not be negative.")
        verbosity = options["verbosity"]
        if seed is None:
            seed = random.SystemRandom().randrange(1, 2**31)
        started = time.monotonic()

        if options["clear_samples"]:
            removed_offers, removed_actors = demo_clear()
            if verbosity:
                self.stdout.write(
                    f"Deleted {removed_offers} sample offers and {removed_actors} sample actors."
                )

        with tqdm(
            total=actors + offers,
            desc="Demo data",
            unit=" rows",
            file=self.stdout,
            disable=verbosity == 0,
        ) as progress:
            try:
                result = demo_seed(
                    offers=offers, actors=actors, seed=seed, on_progress=progress.update
                )
            except DemoDataError as error:
                raise CommandError(str(error)) from None

        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {result.actors} sample actors and {result.offers} sample offers "
                    f"({result.located} located by PostGIS) in "
                    f"{time.monotonic() - started:.1f} s, seed {seed}."
                )
            )
