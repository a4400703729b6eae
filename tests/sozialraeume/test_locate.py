from django.contrib.gis.geos import Point

from sozialraeume.models import Bezirk
from sozialraeume.selectors import locate


def test_point_in_lobeda_ost_is_located_in_that_district_and_lobeda(db):
    lobeda_ost = Bezirk.objects.get(name="Lobeda-Ost")
    point = lobeda_ost.geometry.point_on_surface

    location = locate(point)

    assert location.bezirk == lobeda_ost
    assert location.sozialraum.slug == "lobeda"


def test_every_district_locates_a_point_inside_it_to_itself(db, django_assert_num_queries):
    for bezirk in Bezirk.objects.select_related("sozialraum"):
        with django_assert_num_queries(1):
            location = locate(bezirk.geometry.point_on_surface)
        assert location.bezirk.number == bezirk.number
        assert location.sozialraum == bezirk.sozialraum


def test_point_outside_jena_returns_none(db):
    leipzig = Point(12.3731, 51.3397, srid=4326)

    assert locate(leipzig) is None
