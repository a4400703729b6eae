"""Form plumbing shared by all apps: accessible error and help-text wiring."""

from django import forms
from django.db import models
from django.forms.boundfield import BoundField

# For ModelAdmin.formfield_overrides: "verein.de" typed into a website field means
# https://verein.de (Django 6's default; 5.2 would still assume http and warn).
URL_ASSUMES_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class AccessibleBoundField(BoundField):
    """Ties help text and errors to the input (aria-describedby) and marks invalid inputs.

    The ids match templates/includes/form_field.html.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_hilfe")
        described_by += [f"{self.auto_id}_fehler{n}" for n in range(1, len(self.errors) + 1)]
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        if self.errors:
            attrs["aria-invalid"] = "true"
        return attrs


class AccessibleFormMixin:
    bound_field_class = AccessibleBoundField


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS and from assistive technology); bots fill it."""

    website = forms.CharField(required=False, label="Website")

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
