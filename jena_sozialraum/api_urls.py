from rest_framework.routers import DefaultRouter

from angebote.api import (
    AngebotViewSet,
    KategorieViewSet,
    MerkmalViewSet,
    ZielgruppeViewSet,
)
from angebote.api_bereich import EigeneAngeboteViewSet
from angebote.api_raeume import AusstattungViewSet, RaumViewSet
from budgets.api import BudgetViewSet
from sozialraeume.api import AkteurViewSet, BezirkViewSet, SozialraumViewSet

app_name = "api"

router = DefaultRouter()
router.register("sozialraeume", SozialraumViewSet, basename="sozialraum")
router.register("bezirke", BezirkViewSet, basename="bezirk")
router.register("angebote", AngebotViewSet, basename="angebot")
router.register("akteure", AkteurViewSet, basename="akteur")
router.register("kategorien", KategorieViewSet, basename="kategorie")
router.register("zielgruppen", ZielgruppeViewSet, basename="zielgruppe")
router.register("merkmale", MerkmalViewSet, basename="merkmal")
router.register("raeume", RaumViewSet, basename="raum")
router.register("ausstattung", AusstattungViewSet, basename="ausstattung")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("eigene-angebote", EigeneAngeboteViewSet, basename="eigenes-angebot")

urlpatterns = router.urls
