"""The Fachdienst's moderation queue /verwaltung/moderation/: new offers and changes of
published offers wait here for approval. Everyone else gets 404, as for other actors' data."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from angebote import selectors, services
from angebote.models import Angebot
from angebote.views_bereich import language_names
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.permissions import is_fachdienst
from sozialraeume.services import akteur_set_trusted


class ReturnForm(AccessibleFormMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Was soll der Anbieter ändern?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Der Anbieter bekommt diesen Text per E-Mail."),
    )


def _require_fachdienst(request: HttpRequest) -> None:
    if not is_fachdienst(request.user):
        raise Http404


def _in_review(pk: int) -> Angebot:
    queryset = selectors.angebote_with_details(
        Angebot.objects.filter(status=Angebot.Status.REVIEW)
    ).select_related("draft_of")
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _require_fachdienst(request)
    items = (
        Angebot.objects.filter(status=Angebot.Status.REVIEW)
        .select_related("akteur", "sozialraum", "draft_of")
        .order_by("updated_at")
    )
    return render(
        request,
        "angebote/moderation/queue.html",
        {
            "new_items": [item for item in items if item.draft_of_id is None],
            "changes": [item for item in items if item.draft_of_id is not None],
        },
    )


@login_required
@require_GET
def moderation_item(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    return _render_item(request, _in_review(pk), ReturnForm())


def _render_item(request: HttpRequest, item: Angebot, form: ReturnForm, status: int = 200):
    context = {
        "item": item,
        "changes": selectors.angebot_changes(item) if item.draft_of_id else [],
        "languages": language_names(item),
        "form": form,
    }
    return render(request, "angebote/moderation/item.html", context, status=status)


@login_required
@require_POST
def moderation_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    item = _in_review(pk)
    try:
        published = services.angebot_approve(
            angebot=item, user=request.user, seen=parse_datetime(request.POST.get("seen", ""))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("moderation:item", pk=pk)
    messages.success(request, _("„%(title)s“ ist freigegeben.") % {"title": published.title})
    return redirect("moderation:queue")


@login_required
@require_POST
def moderation_return(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    item = _in_review(pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_item(request, item, form, status=400)
    services.angebot_return(angebot=item, user=request.user, comment=form.cleaned_data["comment"])
    messages.success(
        request, _("„%(title)s“ ist an den Anbieter zurückgegeben.") % {"title": item.title}
    )
    return redirect("moderation:queue")


@login_required
@require_POST
def moderation_trust(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the actor of an item in review as trusted (or not) and go back to the item."""
    _require_fachdienst(request)
    item = _in_review(pk)
    trusted = request.POST.get("trusted") == "1"
    akteur_set_trusted(akteur=item.akteur, user=request.user, trusted=trusted)
    if trusted:
        message = _("„%(name)s“ veröffentlicht ab jetzt ohne Prüfung.")
    else:
        message = _("Angebote von „%(name)s“ werden wieder geprüft.")
    messages.success(request, message % {"name": item.akteur.name})
    return redirect("moderation:item", pk=pk)
