"""The audit trail of one object for the Fachdienst: who changed which field when.

Every model with django-simple-history can be listed in HISTORY_MODELS; the page then exists at
/verwaltung/verlauf/<name>/<pk>/. Deleted objects keep their history and stay viewable.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from sozialraeume.permissions import is_fachdienst

HISTORY_MODELS = {
    "angebot": "angebote.Angebot",
    "zeitfenster": "angebote.Zeitfenster",
    "akteur": "sozialraeume.Akteur",
    "konferenz": "sozialraeume.Konferenz",
    "problemmeldung": "angebote.Problemmeldung",
    "idee": "sozialraeume.Idee",
    # Budgets: the ledger has no history model, it is append-only and is its own record.
    "foerderantrag": "budgets.Foerderantrag",
    "mittelabruf": "budgets.Mittelabruf",
    "quartalsbericht": "budgets.Quartalsbericht",
    "verwendungsnachweis": "budgets.Verwendungsnachweis",
}
RECORD_TYPES = {
    "+": gettext_lazy("angelegt"),
    "~": gettext_lazy("geändert"),
    "-": gettext_lazy("gelöscht"),
}


def _text(model, name: str, value) -> str:
    """A readable value: related objects and choices by their names, lists joined."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        ids = [row[field.m2m_reverse_field_name()] for row in value or []]
        return ", ".join(
            sorted(str(item) for item in field.related_model.objects.filter(pk__in=ids))
        )
    if field.is_relation and value is not None:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def history_entries(model, pk: int) -> list[dict]:
    """Newest first: each version with its user, type, reason and changed fields."""
    records = list(
        model.history.filter(id=pk).select_related("history_user").order_by("-history_date")
    )
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                changes.append(
                    {
                        "label": model._meta.get_field(change.field).verbose_name,
                        "old": _text(model, change.field, change.old),
                        "new": _text(model, change.field, change.new),
                    }
                )
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": RECORD_TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


@never_cache
@login_required
def history_view(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    if not is_fachdienst(request.user) or name not in HISTORY_MODELS:
        raise Http404
    model = apps.get_model(HISTORY_MODELS[name])
    entries = history_entries(model, pk)
    current = model.objects.filter(pk=pk).first()
    if current is None and not entries:
        raise Http404
    context = {
        "model_name": model._meta.verbose_name,
        "title": str(current) if current else _("gelöschtes Objekt #%(pk)s") % {"pk": pk},
        "current": current,
        "entries": entries,
    }
    return render(request, "verlauf.html", context)
