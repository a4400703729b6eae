from django import forms
from django.utils.translation import gettext_lazy as _

from jena_sozialraum.forms import AccessibleFormMixin, HoneypotMixin
from sozialraeume.models import AccessibilityFeedback


class AccessibilityFeedbackForm(AccessibleFormMixin, HoneypotMixin, forms.ModelForm):
    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email"]
        labels = {
            "message": _("Ihre Nachricht"),
            "page_url": _("Welche Seite betrifft es? (freiwillig)"),
            "name": _("Ihr Name (freiwillig)"),
            "email": _("Ihre E-Mail-Adresse für eine Antwort (freiwillig)"),
        }
        help_texts = {
            "message": _(
                "Beschreiben Sie, was nicht gut funktioniert oder schwer zu verstehen ist."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
