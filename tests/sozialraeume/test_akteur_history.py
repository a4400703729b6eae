from sozialraeume.models import Sozialraum
from tests.factories import AkteurFactory


def test_changing_an_actor_records_who_changed_which_fields(admin_client, admin_user):
    akteur = AkteurFactory(name="Nachbarschaftsverein", kind="verein")
    data = {
        "name": "Nachbarschaftsverein Lobeda",
        "slug": akteur.slug,
        "kind": "verein",
        "locality": "Jena",
        "sozialraeume": [Sozialraum.objects.get(slug="lobeda").pk],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }

    response = admin_client.post(f"/admin/sozialraeume/akteur/{akteur.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    # The admin saves the row, then the relations: compare with the version before the edit.
    newest, created = akteur.history.first(), akteur.history.last()
    changed = {change.field for change in newest.diff_against(created).changes}
    assert {"name", "sozialraeume"} <= changed
    assert newest.history_user == admin_user
    history_page = admin_client.get(f"/admin/sozialraeume/akteur/{akteur.pk}/history/")
    assert "Nachbarschaftsverein Lobeda" in history_page.content.decode()
