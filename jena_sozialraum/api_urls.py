from rest_framework.routers import DefaultRouter

from sozialraeume.api import BezirkViewSet, SozialraumViewSet

app_name = "api"

router = DefaultRouter()
router.register("sozialraeume", SozialraumViewSet, basename="sozialraum")
router.register("bezirke", BezirkViewSet, basename="bezirk")

urlpatterns = router.urls
