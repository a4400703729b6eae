"""Limits for uploaded images (room photos)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_image_size(upload) -> None:
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Das Foto ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
            code="too_large",
        )
