"""Ideen-Melder: residents submit ideas, needs and problems for a social space; the Fachdienst
publishes, answers and links them to offers and applications; residents support published
ideas once per browser and report abuse, which the Fachdienst reviews.

Limits per IP address and hour: jena_sozialraum.ratelimit. The submitter's e-mail address is
only used for status e-mails and is removed once the idea is settled (done, not feasible,
rejected, hidden).
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.contrib.gis.db.models.functions import PointOnSurface
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail, send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from angebote.models import Angebot
from budgets.models import Foerderantrag
from jena_sozialraum.ratelimit import Scope, ip_hash, refuse_over_limit
from sozialraeume.models import Bezirk, Sozialraum, User
from sozialraeume.models.beteiligung import Idee, IdeeMeldung, IdeeUnterstuetzung
from sozialraeume.permissions import is_fachdienst
from sozialraeume.selectors import locate

M = Idee.Moderation
# After these the submitter hears nothing more, so their address is deleted.
FINAL_STATUSES = {Idee.Status.DONE, Idee.Status.NOT_FEASIBLE}


# --- Reads -----------------------------------------------------------------------------------


def ideen_public() -> QuerySet[Idee]:
    """Ideas everybody may see: published by the Fachdienst, not hidden or rejected."""
    return Idee.objects.filter(moderation=M.PUBLISHED)


def ideen_with_place(queryset: QuerySet[Idee]) -> QuerySet[Idee]:
    """Ideas with `map_point`: their own point, or for an idea given by district the district's
    point on surface; None for ideas that only name a social space (no marker)."""
    # The outlines stay in the database: only names are shown, PostGIS computes the point.
    queryset = queryset.select_related("sozialraum", "bezirk").defer(
        "sozialraum__boundary", "bezirk__geometry"
    )
    return queryset.annotate(
        map_point=Coalesce(
            F("point"),
            PointOnSurface("bezirk__geometry"),
            output_field=PointField(srid=settings.GEO_SRID),
        )
    )


def browser_hash(token: str) -> str:
    """A keyed hash of the browser's random support token; only the hash is stored."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"idee-browser:{token}".encode(), hashlib.sha256
    ).hexdigest()


def idee_supported_by(idee: Idee, token: str | None) -> bool:
    if not token:
        return False
    return IdeeUnterstuetzung.objects.filter(idee=idee, browser_hash=browser_hash(token)).exists()


# --- Residents -------------------------------------------------------------------------------


def idee_submit(
    *,
    sozialraum: Sozialraum | None,
    bezirk: Bezirk | None,
    point: Point | None,
    kind: str,
    title: str,
    text: str,
    email: str,
    consent: bool,
    ip: str,
) -> Idee:
    """Store a new idea, waiting for moderation.

    The place is a point, a district or a social space; a point decides district and space, a
    district decides the space, and a choice that contradicts them is refused. A point outside
    Jena is refused. At most IDEA_RATE_LIMIT ideas per IP address and hour; more raise
    ValidationError (code "rate_limit"). Nothing is stored on any error.
    """
    idee = Idee(
        kind=kind,
        title=title.strip(),
        text=text.replace("\r\n", "\n").strip(),
        email=email.strip(),
        consent=consent,
        point=point,
        ip_hash=ip_hash(ip),
    )
    _place(idee, sozialraum=sozialraum, bezirk=bezirk, point=point)
    with transaction.atomic():
        refuse_over_limit(
            Scope.IDEA,
            idee.ip_hash,
            Idee.objects.all(),
            settings.IDEA_RATE_LIMIT,
            _(
                "Von Ihrem Anschluss kamen in der letzten Stunde schon mehrere Ideen. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
        idee.full_clean()
        idee.save()
        _mail_fachdienst_after_commit(
            "fachdienst_idee_neu",
            gettext_lazy("Neue Idee wartet auf Freigabe: %(title)s"),
            idee=idee,
        )
    return idee


def _place(
    idee: Idee, *, sozialraum: Sozialraum | None, bezirk: Bezirk | None, point: Point | None
) -> None:
    if point is not None:
        location = locate(point)
        if location is None:
            raise ValidationError(
                {
                    "point": _(
                        "Dieser Ort liegt nicht in Jena. Bitte setzen Sie den Punkt in Jena "
                        "oder lassen Sie die Koordinaten leer."
                    )
                }
            )
        if bezirk is not None and bezirk != location.bezirk:
            raise ValidationError(
                {
                    "bezirk": _(
                        "Der Ort auf der Karte liegt im Bezirk %(found)s. Bitte wählen Sie "
                        "diesen Bezirk oder lassen Sie das Feld leer."
                    )
                    % {"found": location.bezirk.name}
                }
            )
        bezirk = location.bezirk
    if bezirk is not None:
        if sozialraum is not None and sozialraum != bezirk.sozialraum:
            raise ValidationError(
                {
                    "sozialraum": _(
                        "Der Ort liegt im Sozialraum %(found)s. Bitte wählen Sie diesen "
                        "Sozialraum oder lassen Sie das Feld leer."
                    )
                    % {"found": bezirk.sozialraum.name}
                }
            )
        sozialraum = bezirk.sozialraum
    if sozialraum is None:
        raise ValidationError(
            {
                "sozialraum": _(
                    "Bitte wählen Sie einen Sozialraum, einen Bezirk oder einen Ort auf der Karte."
                )
            }
        )
    idee.sozialraum, idee.bezirk = sozialraum, bezirk


def idee_support(*, idee: Idee, browser_token: str, ip: str) -> bool:
    """Count one support of a published idea from this browser; False if it already counted.

    At most IDEA_SUPPORT_RATE_LIMIT supports per IP address and hour (ValidationError, code
    "rate_limit"); a repeated support from the same browser neither counts nor uses the limit.
    """
    if idee.moderation != M.PUBLISHED:
        raise ValidationError(_("Diese Idee ist nicht veröffentlicht."), code="not_public")
    support = IdeeUnterstuetzung(
        idee=idee, browser_hash=browser_hash(browser_token), ip_hash=ip_hash(ip)
    )
    with transaction.atomic():
        existing = IdeeUnterstuetzung.objects.filter(idee=idee, browser_hash=support.browser_hash)
        if existing.exists():
            return False
        refuse_over_limit(
            Scope.IDEA_SUPPORT,
            support.ip_hash,
            IdeeUnterstuetzung.objects.all(),
            settings.IDEA_SUPPORT_RATE_LIMIT,
            _(
                "Von Ihrem Anschluss kamen in der letzten Stunde sehr viele Unterstützungen. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
        support.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                support.save()
        except IntegrityError:
            # The same browser from another address in the same moment: that request counted.
            return False
        # An UPDATE, not a save: the count is not part of the audit trail and a support is no
        # reason to clear every cached page (the idea's own page is never cached).
        Idee.objects.filter(pk=idee.pk).update(support_count=F("support_count") + 1)
    return True


def idee_report(*, idee: Idee, reason: str, ip: str) -> IdeeMeldung:
    """Store an abuse report on a published idea for the Fachdienst's review.

    Shares REPORT_RATE_LIMIT (per IP address and hour) with problem reports on offers.
    """
    if idee.moderation != M.PUBLISHED:
        raise ValidationError(_("Diese Idee ist nicht veröffentlicht."), code="not_public")
    meldung = IdeeMeldung(
        idee=idee, reason=reason.replace("\r\n", "\n").strip(), ip_hash=ip_hash(ip)
    )
    with transaction.atomic():
        refuse_over_limit(
            Scope.IDEA_REPORT,
            meldung.ip_hash,
            IdeeMeldung.objects.all(),
            settings.REPORT_RATE_LIMIT,
            _(
                "Sie haben in der letzten Stunde schon viele Meldungen geschickt. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
        meldung.full_clean()
        meldung.save()
        _mail_fachdienst_after_commit(
            "fachdienst_idee_gemeldet",
            gettext_lazy("Idee gemeldet: %(title)s"),
            idee=idee,
            meldung=meldung,
        )
    return meldung


# --- Fachdienst ------------------------------------------------------------------------------


def _require_fachdienst(user: User) -> None:
    if not is_fachdienst(user):
        raise PermissionDenied("Only the Fachdienst moderates ideas.")


def _locked(idee: Idee) -> Idee:
    return Idee.objects.select_for_update().get(pk=idee.pk)


def idee_publish(*, idee: Idee, user: User) -> Idee:
    """Publish a waiting idea; the submitter is told by e-mail if they left an address."""
    _require_fachdienst(user)
    with transaction.atomic():
        idee = _locked(idee)
        if idee.moderation != M.WAITING:
            raise ValidationError(_("Diese Idee wartet nicht auf Freigabe."), code="not_waiting")
        idee.moderation = M.PUBLISHED
        _save(idee, user, _("Veröffentlicht"))
        _mail_after_commit(idee, "idee_freigegeben")
    return idee


def idee_reject(*, idee: Idee, user: User, note: str = "") -> Idee:
    """Do not publish a waiting idea. The optional note goes only to the submitter (by e-mail)
    and into the audit trail; their address is deleted afterwards."""
    _require_fachdienst(user)
    with transaction.atomic():
        idee = _locked(idee)
        if idee.moderation != M.WAITING:
            raise ValidationError(_("Diese Idee wartet nicht auf Freigabe."), code="not_waiting")
        idee.moderation = M.REJECTED
        _mail_after_commit(idee, "idee_abgelehnt", note=note.strip())
        idee.email = ""
        _save(idee, user, note.strip() or _("Nicht veröffentlicht"))
    return idee


def idee_answer(
    *,
    idee: Idee,
    user: User,
    status: str,
    answer: str,
    answer_from: str = Idee.AnswerFrom.FACHDIENST,
    angebote: QuerySet[Angebot] | list[Angebot],
    antraege: QuerySet[Foerderantrag] | list[Foerderantrag],
) -> Idee:
    """Set the status and the public answer of a published idea (given by the Fachdienst or by
    the space's conference, `answer_from`) and link the offers and applications that answer it.
    A new status or answer is e-mailed to the submitter (after commit); after a final status
    their address is deleted."""
    _require_fachdienst(user)
    answer = answer.replace("\r\n", "\n").strip()
    with transaction.atomic():
        idee = _locked(idee)
        if idee.moderation != M.PUBLISHED:
            raise ValidationError(
                _("Nur veröffentlichte Ideen bekommen einen Stand und eine Antwort."),
                code="not_public",
            )
        news = status != idee.status or answer != idee.answer
        if answer != idee.answer:
            idee.answered_at = timezone.now() if answer else None
        idee.status, idee.answer, idee.answer_from = status, answer, answer_from
        if news:
            _mail_after_commit(idee, "idee_status")
            if status in FINAL_STATUSES:
                idee.email = ""
        _save(idee, user, "")
        idee.angebote.set(angebote)
        idee.antraege.set(antraege)
    return idee


def idee_meldung_review(*, meldung: IdeeMeldung, user: User, hide: bool) -> IdeeMeldung:
    """Decide on an abuse report: hide the idea (moderation "versteckt") or keep it.

    The decision settles every open report of the idea; who decided and when is recorded on
    each report and, for a hidden idea, in the idea's audit trail.
    """
    _require_fachdienst(user)
    outcome = IdeeMeldung.Outcome.HIDDEN if hide else IdeeMeldung.Outcome.KEPT
    with transaction.atomic():
        meldung = IdeeMeldung.objects.select_for_update().get(pk=meldung.pk)
        if meldung.outcome != IdeeMeldung.Outcome.OPEN:
            raise ValidationError(_("Diese Meldung ist schon geprüft."), code="reviewed")
        idee = Idee.objects.select_for_update().get(pk=meldung.idee_id)
        now = timezone.now()
        for report in idee.meldungen.select_for_update().filter(outcome=IdeeMeldung.Outcome.OPEN):
            report.outcome, report.reviewed_at, report.reviewed_by = outcome, now, user
            report._history_user = user  # read by django-simple-history for the audit trail
            report.full_clean()
            report.save(update_fields=["outcome", "reviewed_at", "reviewed_by"])
            if report.pk == meldung.pk:
                meldung = report
        if hide and idee.moderation == M.PUBLISHED:
            idee.moderation = M.HIDDEN
            idee.email = ""
            _save(idee, user, _("Nach Meldung versteckt"))
    return meldung


def _save(idee: Idee, user: User, reason: str) -> None:
    idee._history_user = user  # read by django-simple-history for the audit trail
    if reason:
        idee._change_reason = reason
    idee.full_clean()
    idee.save()


def _mail_after_commit(idee: Idee, template: str, **context) -> None:
    """E-mail the submitter after commit, if they left an address; written in the portal's
    language (their language is not stored). robust: a failing mail server is logged, the
    decision stands."""
    address = idee.email
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"sozialraeume/mail/{template}.txt",
            {
                "idee": idee,
                "link": settings.SITE_URL + idee.get_absolute_url(),
                "status": idee.get_status_display(),
                **context,
            },
        )
        subject = _("Ihre Idee im Sozialraum-Portal Jena: %(title)s") % {
            "title": " ".join(idee.title.split())
        }
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [address], fail_silently=False), robust=True
    )


def _mail_fachdienst_after_commit(template: str, subject, *, idee: Idee, **context) -> None:
    """Tell every active Fachdienst member (one message each) that an idea needs them: a new
    one waits for approval, or a published one was reported. Only the title goes into the
    subject; the submitter's e-mail address is never part of it."""

    def send() -> None:
        recipients = sorted(
            {
                address
                for address in User.objects.filter(is_fachdienst=True, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            }
        )
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):
            link = settings.SITE_URL + reverse("ideenverwaltung:idee", kwargs={"pk": idee.pk})
            body = render_to_string(
                f"sozialraeume/mail/{template}.txt", {"idee": idee, "link": link, **context}
            )
            title = str(subject) % {"title": " ".join(idee.title.split())}
        send_mass_mail([(title, body, None, [address]) for address in recipients])

    # robust: a failing mail server is logged; the idea or report is stored and queued anyway.
    transaction.on_commit(send, robust=True)
