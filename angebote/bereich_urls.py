app_name = "bereich"

urlpatterns: list = []
