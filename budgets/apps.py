from django.apps import AppConfig
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
