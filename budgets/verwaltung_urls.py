"""The Fachdienst's budget office /verwaltung/budgets/. Personal work pages: never cached."""

from django.urls import path
from django.views.decorators.cache import never_cache

from budgets import views_verwaltung as views
from budgets import views_verwaltung_berichte as berichte

app_name = "budgetverwaltung"

urlpatterns = [
    path("", never_cache(views.overview), name="uebersicht"),
    path("neu/", never_cache(views.BudgetCreateView.as_view()), name="budget-neu"),
    path("<int:pk>/", never_cache(views.budget_detail), name="budget"),
    path("<int:pk>/buchen/", never_cache(views.budget_book), name="budget-buchen"),
    path("<int:pk>/umschichten/", never_cache(views.budget_reallocate), name="budget-umschichten"),
    path("<int:pk>/soll-ist/", never_cache(berichte.budget_plan_ist), name="budget-soll-ist"),
    path(
        "<int:pk>/soll-ist.<slug:fmt>",
        never_cache(berichte.budget_plan_ist_export),
        name="budget-soll-ist-export",
    ),
    path("antraege/", never_cache(views.review_queue), name="antraege"),
    path(
        "antraege/export.<slug:fmt>",
        never_cache(berichte.antraege_export),
        name="antraege-export",
    ),
    path("antraege/<int:pk>/", never_cache(views.antrag_detail), name="antrag"),
    path(
        "antraege/<int:pk>/pruefen/",
        never_cache(views.antrag_start_review),
        name="antrag-pruefen",
    ),
    path(
        "antraege/<int:pk>/zurueckgeben/",
        never_cache(views.antrag_send_back),
        name="antrag-zurueckgeben",
    ),
    path(
        "antraege/<int:pk>/bewilligen/", never_cache(views.antrag_approve), name="antrag-bewilligen"
    ),
    path("antraege/<int:pk>/ablehnen/", never_cache(views.antrag_reject), name="antrag-ablehnen"),
    path("antraege/<int:pk>/starten/", never_cache(views.antrag_start), name="antrag-starten"),
    path(
        "antraege/<int:pk>/soll-ist/",
        never_cache(berichte.antrag_plan_ist),
        name="antrag-soll-ist",
    ),
    path("abrufe/", never_cache(berichte.drawdowns), name="abrufe"),
    path(
        "abrufe/<int:pk>/entscheiden/",
        never_cache(berichte.drawdown_decide),
        name="abruf-entscheiden",
    ),
    path("berichte/", never_cache(berichte.reports), name="berichte"),
    path("berichte/<int:pk>/", never_cache(berichte.report_detail), name="bericht"),
    path(
        "berichte/<int:pk>/gespraech/",
        never_cache(berichte.report_talk),
        name="bericht-gespraech",
    ),
    path("nachweise/", never_cache(berichte.proofs), name="nachweise"),
    path("nachweise/<int:pk>/", never_cache(berichte.proof_detail), name="nachweis"),
    path(
        "nachweise/<int:pk>/pruefen/",
        never_cache(berichte.proof_review),
        name="nachweis-pruefen",
    ),
]
