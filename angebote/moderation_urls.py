"""The Fachdienst's moderation queue. Personal work pages: never cached."""

from django.urls import path
from django.views.decorators.cache import never_cache

from angebote import views_moderation as views

app_name = "moderation"

urlpatterns = [
    path("", never_cache(views.moderation_queue), name="queue"),
    path("<int:pk>/", never_cache(views.moderation_item), name="item"),
    path("<int:pk>/freigeben/", never_cache(views.moderation_approve), name="freigeben"),
    path("<int:pk>/vertrauen/", never_cache(views.moderation_trust), name="vertrauen"),
    path("<int:pk>/zurueckgeben/", never_cache(views.moderation_return), name="zurueckgeben"),
]
