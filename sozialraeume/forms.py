from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jena_sozialraum.forms import AccessibleFormMixin, HoneypotMixin
from sozialraeume.models import AccessibilityFeedback, Akteur, Role, User


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


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """E-mail and password. One message for every failure, so the form never tells whether
    an address has an account."""

    username = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "E-Mail-Adresse oder Passwort sind nicht richtig. Bitte prüfen Sie beide Angaben."
        ),
    }


class PasswordResetRequestForm(AccessibleFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordForm(AccessibleFormMixin, SetPasswordForm):
    pass


class ChangePasswordForm(AccessibleFormMixin, PasswordChangeForm):
    pass


class InvitationForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der eingeladenen Person"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    akteur = forms.ModelChoiceField(label=_("Akteur"), queryset=Akteur.objects.none())
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=Role.choices,
        initial=Role.EDITOR,
        help_text=_(
            "Redaktion pflegt Angebote und Angaben des Akteurs; die Verwaltung des Akteurs darf "
            "außerdem weitere Personen einladen."
        ),
    )

    def __init__(self, *args, akteure: QuerySet[Akteur], **kwargs):
        super().__init__(*args, **kwargs)
        # Only the actors this user may manage are offered; any other id is an invalid choice.
        self.fields["akteur"].queryset = akteure
        if akteure.count() == 1:
            self.fields["akteur"].initial = akteure.first()


class InvitationAcceptForm(AccessibleFormMixin, forms.Form):
    """Name and password for a new account, checked by Django's password validators."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 8 Zeichen, nicht nur Ziffern und kein häufiges Passwort."),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif password1:
            candidate = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
