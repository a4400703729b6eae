"""Stub until the pages land."""

app_name = "konferenzen"

urlpatterns: list = []
