"""Writes for the social-space conferences (Sozialraumkonferenzen).

The HTML form and the demo data save through konferenz_save, so the rules (who may, which room,
which ideas, the database checks) are written once.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sozialraeume.models import Akteur, Idee, Konferenz, Sozialraum, User
from sozialraeume.permissions import can_edit_konferenz


def local_moment(day: date, clock: time) -> datetime:
    """The moment (in UTC) a wall-clock time in Europe/Berlin stands for.

    When the clocks go back, the hour from 2 to 3 o'clock happens twice; the first one (summer
    time) is meant, as in every printed invitation. When they go forward, 2:00 to 2:59 does not
    exist and is refused instead of silently becoming an hour later.
    """
    wall_clock = datetime.combine(day, clock)
    # In UTC: a time in the repeated hour never compares equal to one in another zone, and
    # astimezone() to the moment's own zone would return it unchanged, unchecked.
    moment = timezone.make_aware(wall_clock).astimezone(UTC)
    if timezone.localtime(moment).replace(tzinfo=None) != wall_clock:
        raise ValidationError(
            _("Diese Uhrzeit gibt es am %(day)s wegen der Zeitumstellung nicht."),
            code="nonexistent_time",
            params={"day": date_format(day, "DATE_FORMAT")},
        )
    return moment


@transaction.atomic
def konferenz_save(
    *,
    konferenz: Konferenz,
    user: User | None,
    akteure: Iterable[Akteur] | None = None,
    ideen: Iterable[Idee] | None = None,
) -> Konferenz:
    """Create or update a conference with its participating actors and discussed ideas.

    The room, if any, and every idea belong to the conference's social space. `akteure` and
    `ideen` None leave the links as they are. `user` None is for demo data (no permission
    check, no history user).
    """
    if user is not None:
        spaces = {konferenz.sozialraum_id}
        if konferenz.pk:
            # Moving a conference needs the right in the space it leaves, too.
            spaces |= set(
                Konferenz.objects.filter(pk=konferenz.pk).values_list("sozialraum", flat=True)
            )
        allowed = [can_edit_konferenz(user, s) for s in Sozialraum.objects.filter(pk__in=spaces)]
        if len(allowed) != len(spaces) or not all(allowed):
            raise PermissionDenied("Not allowed to edit conferences of this social space.")
        konferenz._history_user = user
    ideen = list(ideen) if ideen is not None else None
    errors: dict = {}
    if konferenz.raum is not None and konferenz.raum.sozialraum_id != konferenz.sozialraum_id:
        errors["raum"] = [_("Dieser Raum liegt nicht im Sozialraum der Konferenz.")]
    if ideen and any(idee.sozialraum_id != konferenz.sozialraum_id for idee in ideen):
        errors["ideen"] = [_("Es können nur Ideen aus dem Sozialraum der Konferenz sein.")]
    try:
        konferenz.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    konferenz.save()
    if akteure is not None:
        konferenz.akteure.set(akteure)
    if ideen is not None:
        konferenz.ideen.set(ideen)
    return konferenz
