"""Sample ideas for development and demonstrations: ideas, needs and problems in every social
space, published ones in every status (some answered, supported and linked to sample offers or
funded applications), one waiting for moderation, one not published, one hidden after an abuse
report and one with an open report. Marked as sample data; the same call gives the same ideas,
dated relative to today.

The Fachdienst's decisions are written directly (with full_clean), not through services_ideen:
those need an active Fachdienst account and send e-mails, and the demo has neither.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from angebote.selectors import angebote_public
from budgets.models import Foerderantrag
from budgets.selectors import COMMITTED
from sozialraeume.models import Bezirk, Idee, IdeeMeldung, IdeeUnterstuetzung, Sozialraum

K, S, M = Idee.Kind, Idee.Status, Idee.Moderation


@dataclass
class Sample:
    space: str
    kind: str
    title: str
    text: str
    days_ago: int
    moderation: str = M.PUBLISHED
    status: str = S.NEW
    answer: str = ""
    answer_from: str = Idee.AnswerFrom.FACHDIENST
    supports: int = 0
    place: str = "point"  # "point", "district" or "space"
    offers: int = 0  # link this many public sample offers of the space
    application: bool = False  # link a funded application of the space
    report: str = ""  # outcome of an abuse report, if any
    email: str = ""


SAMPLES = [
    Sample(
        "nord",
        K.NEED,
        "Offener Treff für Jugendliche am Abend",
        "In Jena-Nord gibt es abends keinen Ort für Jugendliche, außer der Bushaltestelle. "
        "Ein offener Treff mit Kicker und Musik, zwei Abende in der Woche, wäre toll.",
        days_ago=60,
        status=S.IN_PROGRESS,
        answer="Die Sozialraumkonferenz Nord hat den Bedarf bestätigt. Ein Träger plant einen "
        "Jugendabend im Stadtteilzentrum; ein Förderantrag ist bewilligt.",
        answer_from=Idee.AnswerFrom.KONFERENZ,
        supports=23,
        application=True,
    ),
    Sample(
        "nord",
        K.PROBLEM,
        "Sichere Querung zur Schule",
        "Auf dem Schulweg gibt es an der großen Kreuzung keine Ampel. Viele Kinder laufen "
        "zwischen den parkenden Autos über die Straße.",
        days_ago=35,
        status=S.REVIEW,
        answer="Wir haben das Anliegen an das Verkehrsamt weitergegeben und melden uns hier, "
        "sobald es eine Antwort gibt.",
        supports=17,
    ),
    Sample(
        "lobeda",
        K.IDEA,
        "Mehr Sitzbänke an den Wegen",
        "Ältere Menschen können die langen Wege zwischen Einkauf und Haltestelle kaum ohne "
        "Pause gehen. Ein paar Bänke im Schatten würden helfen.",
        days_ago=90,
        status=S.DONE,
        answer="Sechs neue Bänke stehen seit dem Frühjahr. Danke für die Idee!",
        supports=31,
    ),
    Sample(
        "lobeda",
        K.IDEA,
        "Gemeinschaftsgarten hinter dem Einkaufszentrum",
        "Auf der Wiese hinter dem Einkaufszentrum könnten Hochbeete stehen, die Nachbarinnen "
        "und Nachbarn gemeinsam pflegen.",
        days_ago=2,
        moderation=M.WAITING,
        email="gaertnerin@example.org",
    ),
    Sample(
        "winzerla",
        K.PROBLEM,
        "Kaputte Schaukel auf dem Spielplatz",
        "Auf dem Spielplatz ist seit Wochen eine Schaukel kaputt und mit Band abgesperrt.",
        days_ago=50,
        status=S.DONE,
        answer="Die Schaukel ist repariert.",
        supports=6,
        place="district",
    ),
    Sample(
        "winzerla",
        K.NEED,
        "Deutschkurs am Vormittag mit Kinderbetreuung",
        "Viele Mütter können abends nicht zum Kurs. Ein Kurs am Vormittag, während die Kinder "
        "betreut werden, würde vielen helfen.",
        days_ago=20,
        status=S.IN_PROGRESS,
        answer="Zwei Träger im Sozialraum bieten das an; siehe die verknüpften Angebote.",
        supports=12,
        offers=2,
    ),
    Sample(
        "winzerla",
        K.IDEA,
        "Werbung für meinen Lieferdienst",
        "Bestellen Sie jetzt bei uns, schnell und günstig!",
        days_ago=15,
        moderation=M.REJECTED,
    ),
    Sample(
        "west-zentrum",
        K.IDEA,
        "Repair-Café in der Innenstadt",
        "Ein Ort, an dem man einmal im Monat kaputte Dinge gemeinsam repariert, statt sie "
        "wegzuwerfen.",
        days_ago=10,
        supports=3,
        place="district",
        report="offen",
    ),
    Sample(
        "west-zentrum",
        K.NEED,
        "Beratung zu Wohngeld in einfacher Sprache",
        "Die Anträge sind schwer zu verstehen. Eine Sprechstunde, in der jemand beim Ausfüllen "
        "hilft, fehlt im Zentrum.",
        days_ago=40,
        status=S.NOT_FEASIBLE,
        answer="Eine eigene Sprechstunde ist im Moment nicht möglich. Die Wohngeldstelle bietet "
        "aber Termine mit Hilfe beim Ausfüllen an.",
        supports=8,
        place="space",
    ),
    Sample(
        "ost",
        K.IDEA,
        "Seniorentreff mit Mittagstisch",
        "Ein Mittagstisch einmal in der Woche, bei dem ältere Menschen aus Wenigenjena "
        "zusammen essen und reden können.",
        days_ago=25,
        status=S.REVIEW,
        supports=9,
    ),
    Sample(
        "ost",
        K.PROBLEM,
        "Beschimpfung der Nachbarn",
        "Ein Text, der eine bestimmte Familie im Haus beleidigt.",
        days_ago=12,
        moderation=M.HIDDEN,
        report="versteckt",
    ),
]


def _hash(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, ("demo-idee", *parts))).encode()).hexdigest()


@transaction.atomic
def demo_ideen_seed(*, now: datetime | None = None) -> int:
    """Create the sample ideas; returns their number (0 without social spaces)."""
    now = now or timezone.now()
    spaces = {space.slug: space for space in Sozialraum.objects.defer("boundary")}
    count = 0
    for index, sample in enumerate(SAMPLES):
        space = spaces.get(sample.space)
        if space is None:
            continue
        idee = _idea(sample, space, index, now)
        _links(idee, sample, space)
        _supports(idee, sample, index)
        _report(idee, sample, index, now)
        count += 1
    return count


def _idea(sample: Sample, space: Sozialraum, index: int, now: datetime) -> Idee:
    districts = list(Bezirk.objects.filter(sozialraum=space).order_by("number"))
    district = districts[index % len(districts)] if districts else None
    created = now - timedelta(days=sample.days_ago)
    answered = created + timedelta(days=min(7, sample.days_ago // 2)) if sample.answer else None
    idee = Idee(
        sozialraum=space,
        bezirk=district if sample.place != "space" else None,
        point=district.geometry.point_on_surface if district and sample.place == "point" else None,
        kind=sample.kind,
        title=sample.title,
        text=sample.text,
        email=sample.email,
        consent=True,
        status=sample.status,
        moderation=sample.moderation,
        answer=sample.answer,
        answer_from=sample.answer_from,
        answered_at=answered,
        ip_hash=_hash("ip", index),
        is_sample=True,
    )
    idee.full_clean()
    idee.save()
    # auto_now_add sets today; the sample's own date follows.
    Idee.objects.filter(pk=idee.pk).update(created_at=created)
    return idee


def _links(idee: Idee, sample: Sample, space: Sozialraum) -> None:
    if sample.offers:
        offers = angebote_public().filter(sozialraum=space, is_sample=True).order_by("pk")
        idee.angebote.set(offers[: sample.offers])
    if sample.application:
        funded = Foerderantrag.objects.filter(budget__sozialraum=space, status__in=COMMITTED)
        first = funded.order_by("pk").first()
        if first is not None:
            idee.antraege.set([first])


def _supports(idee: Idee, sample: Sample, index: int) -> None:
    IdeeUnterstuetzung.objects.bulk_create(
        IdeeUnterstuetzung(
            idee=idee, browser_hash=_hash("browser", index, n), ip_hash=_hash("ip", index, n % 5)
        )
        for n in range(sample.supports)
    )
    Idee.objects.filter(pk=idee.pk).update(support_count=sample.supports)


def _report(idee: Idee, sample: Sample, index: int, now: datetime) -> None:
    if not sample.report:
        return
    reviewed = sample.report != IdeeMeldung.Outcome.OPEN
    meldung = IdeeMeldung(
        idee=idee,
        reason="Das ist beleidigend." if reviewed else "Das ist doch Werbung für ein Café.",
        ip_hash=_hash("report", index),
        outcome=sample.report,
        reviewed_at=now - timedelta(days=1) if reviewed else None,
    )
    meldung.full_clean()
    meldung.save()
