"""Account pages under /konto/: login, logout, passwords, invitations, API key, overview.

Every page here shows a form or personal data, so none may land in the shared page cache:
they are all marked never_cache (see konto_urls.py).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rest_framework.authtoken.models import Token

from sozialraeume.forms import (
    ChangePasswordForm,
    InvitationAcceptForm,
    InvitationForm,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
)
from sozialraeume.models import Invitation, User
from sozialraeume.permissions import is_fachdienst, manageable_akteure
from sozialraeume.services import invitation_accept, invitation_create


class KontoLoginView(auth_views.LoginView):
    template_name = "konto/anmelden.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class KontoOverviewView(LoginRequiredMixin, TemplateView):
    template_name = "konto/uebersicht.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = user.memberships.select_related("akteur")
        context["is_fachdienst"] = is_fachdienst(user)
        context["may_invite"] = manageable_akteure(user).exists()
        return context


class KontoPasswordResetView(auth_views.PasswordResetView):
    template_name = "konto/passwort_vergessen.html"
    form_class = PasswordResetRequestForm
    email_template_name = "konto/mail/passwort_reset.txt"
    subject_template_name = "konto/mail/passwort_reset_betreff.txt"
    success_url = reverse_lazy("konto:passwort-vergessen-gesendet")


class KontoPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "konto/passwort_vergessen_gesendet.html"


class KontoPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "konto/passwort_neu.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("konto:passwort-neu-fertig")


class KontoPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "konto/passwort_neu_fertig.html"


class KontoPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "konto/passwort_aendern.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("konto:uebersicht")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Ihr Passwort wurde geändert."))
        return response


class InvitationCreateView(LoginRequiredMixin, FormView):
    """The Fachdienst invites into any actor, an actor's admins into their own actors."""

    template_name = "konto/einladen.html"
    form_class = InvitationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.akteure = manageable_akteure(request.user)
            if not self.akteure.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "akteure": self.akteure}

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation_days=settings.INVITATION_DAYS, **kwargs)

    def form_valid(self, form):
        try:
            invitation = invitation_create(
                akteur=form.cleaned_data["akteur"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Die Einladung an %(email)s ist verschickt.") % {"email": invitation.email},
        )
        return redirect("konto:einladen")


def _invitation_refused(request, message: str, status: int):
    return render(request, "konto/einladung_ungueltig.html", {"message": message}, status=status)


def invitation_accept_view(request, token: str):
    invitation = (
        Invitation.objects.select_related("akteur")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        return _invitation_refused(
            request, _("Dieser Einladungslink ist ungültig. Bitte prüfen Sie den Link."), 404
        )
    if invitation.is_used or invitation.is_expired:
        message = (
            _("Diese Einladung wurde bereits angenommen. Bitte melden Sie sich an.")
            if invitation.is_used
            else _(
                "Diese Einladung ist abgelaufen. Bitten Sie die Person, die Sie eingeladen hat, "
                "um eine neue Einladung."
            )
        )
        return _invitation_refused(request, message, 410)

    existing = User.objects.filter(email__iexact=invitation.email).exists()
    form = None if existing else InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (existing or form.is_valid()):
        try:
            user = invitation_accept(
                invitation=invitation,
                password=None if existing else form.cleaned_data["password1"],
                name="" if existing else form.cleaned_data["name"],
            )
        except ValidationError as error:
            return _invitation_refused(request, " ".join(error.messages), 410)
        messages.success(
            request,
            _("Willkommen! Sie gehören jetzt zu %(akteur)s.") % {"akteur": invitation.akteur},
        )
        if existing:
            return redirect(reverse("konto:anmelden"))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("konto:uebersicht")
    return render(
        request,
        "konto/einladung.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


class ApiTokenView(LoginRequiredMixin, TemplateView):
    """The user's API key for /api/v1/eigene-angebote/ (one per user): create or renew it,
    see it once right after, delete it. The key acts with the user's own rights."""

    template_name = "konto/api_schluessel.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = Token.objects.filter(user=self.request.user).first()
        context["api_url"] = self.request.build_absolute_uri(reverse("api:eigenes-angebot-list"))
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("aktion")
        if action == "erstellen":
            with transaction.atomic():
                # Renewing replaces the key: programs with the old one are refused from now on.
                Token.objects.filter(user=request.user).delete()
                token = Token.objects.create(user=request.user)
            # Shown in this answer only (never cached); afterwards the page says only since
            # when a key exists.
            return self.render_to_response(self.get_context_data(new_key=token.key))
        if action == "loeschen":
            Token.objects.filter(user=request.user).delete()
            messages.success(
                request,
                _("Der API-Schlüssel ist gelöscht. Programme können ihn nicht mehr nutzen."),
            )
        return redirect("konto:api-schluessel")
