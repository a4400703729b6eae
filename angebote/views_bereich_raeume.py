"""Rooms in the provider area. (Work in progress: the requests list is minimal until the room
issue's provider pages land.)"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class RaumanfragenView(LoginRequiredMixin, TemplateView):
    template_name = "angebote/bereich/raumanfragen.html"
