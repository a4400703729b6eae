from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm lets the offer search forgive small typos in titles."""

    dependencies = [("angebote", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="angebot",
            index=GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="angebot_title_trgm"),
        ),
    ]
