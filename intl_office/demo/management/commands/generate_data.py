"""Fill the database with the demo data set multiplied about N times, for benchmarks and load tests."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from intl_office.core import figure_cache
from intl_office.core.models import Unit
from intl_office.demo import generate, loader
from intl_office.demo.common import SEED


class Command(BaseCommand):
    help = (
        "Create the demo data set about N times over (copy 1 is the demo itself; the others are built from further "
        "seeds with their unique keys suffixed). Deterministic; copies already in the database are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="How many copies of the demo (1 = the demo).")
        parser.add_argument("--seed", type=int, default=SEED, help=f"The demo's seed (default {SEED}).")

    def handle(self, *args, scale, seed, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        started = time.monotonic()
        demo = loader.build(seed)
        created = loader.load(demo)
        if sum(created.values()):
            self.stdout.write(f"Demo loaded: {sum(created.values())} rows.")
        missing = [copy for copy in range(1, scale) if not generate.copy_present(copy)]
        units = dict(Unit.objects.values_list("code", "pk"))
        total = generate.rows_per_copy(demo) * len(missing)
        with tqdm(total=total, unit="rows", unit_scale=True, disable=options["verbosity"] == 0 or None) as bar:
            writer = generate.Writer(progress=bar.update)
            for copy in missing:
                generate.write_copy(loader.build(seed + copy), copy, writer, units)
            writer.finish()
        # Rows written in bulk send no signal: forget the cached figures here.
        figure_cache.invalidate()
        if connection.vendor == "postgresql":
            # Lets `make bench` reuse a database generated with the same scale and seed.
            with connection.cursor() as cursor:
                name = connection.ops.quote_name(connection.settings_dict["NAME"])
                cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [f"generate_data scale={scale} seed={seed}"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{scale} copies of the demo ({len(missing)} written now, {scale - 1 - len(missing)} already there) "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
