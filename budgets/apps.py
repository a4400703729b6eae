from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Angebotsbudgets")

    def ready(self):
        from budgets import models
        from jena_sozialraum.page_cache import clear_page_cache_on_change

        # What the public budget pages and /api/v1/budgets/ show. Applications count too:
        # their status decides whether they appear. Reports and proofs of use are never public.
        clear_page_cache_on_change(
            models.Angebotsbudget,
            models.Budgetbuchung,
            models.Foerderantrag,
            models.Mittelabruf,
            models.Ziel,
            models.Massnahme,
        )
        # budgets is the portal's last app: when post_migrate reaches it, Django has created
        # the permissions of all of them, so the Fachdienst group can get them.
        from sozialraeume.roles import ensure_fachdienst_group

        post_migrate.connect(ensure_fachdienst_group, sender=self, dispatch_uid="fachdienst-group")
