"""Problem reports of residents, seen by the actor's members and the Fachdienst (private)."""

app_name = "meldungen"

urlpatterns: list = []
