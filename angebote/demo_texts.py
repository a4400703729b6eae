"""German building blocks for demo actors and offers (see angebote/demo.py).

Every text is invented. Titles may contain `{ort}` (a district name). The words are the ones
residents search for ("Beratung", "Frühstück", "Sport"), so full-text search shows real hits.
"""

from typing import NamedTuple

SAMPLE_PREFIX = "Beispiel: "
SAMPLE_NOTE = "Beispieldaten: Dieses Angebot ist erfunden und dient nur dazu, das Portal zu zeigen."
SAMPLE_NOTE_ACTOR = (
    "Beispieldaten: Diesen Akteur gibt es nicht, er dient nur dazu, das Portal zu zeigen."
)
SAMPLE_NOTE_EASY = "Achtung: Das ist nur ein Beispiel. Dieses Angebot gibt es nicht wirklich."


class CategoryText(NamedTuple):
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]
    easy: tuple[str, ...]


CATEGORY_TEXTS: dict[str, CategoryText] = {
    "treffpunkt": CategoryText(
        titles=(
            "Offenes Frühstück in {ort}",
            "Nachbarschaftscafé {ort}",
            "Stadtteiltreff am Nachmittag",
            "Seniorentreff {ort}",
            "Kaffee und Kuchen für alle",
            "Spieleabend im Stadtteilzentrum",
            "Offener Treff für junge Erwachsene",
        ),
        summaries=(
            "Ein offener Treffpunkt: Kaffee trinken, reden und Menschen aus der Nachbarschaft "
            "kennenlernen.",
            "Gemeinsames Frühstück in ruhiger Runde, ohne Anmeldung und ohne Verpflichtung.",
            "Ein Ort zum Ankommen: Gespräche, Spiele und Zeitung lesen im Stadtteil.",
        ),
        sentences=(
            "Jede und jeder ist willkommen, auch wer zum ersten Mal kommt.",
            "Es gibt Kaffee, Tee und belegte Brötchen gegen eine kleine Spende.",
            "Ehrenamtliche begleiten den Treff und helfen beim Ankommen.",
            "Brettspiele, Zeitungen und eine Leseecke stehen bereit.",
            "Wer mag, bringt eigene Ideen für gemeinsame Ausflüge mit.",
        ),
        easy=(
            "Hier treffen sich Menschen aus der Nachbarschaft. Sie können Kaffee trinken und "
            "reden.",
            "Wir frühstücken zusammen. Sie müssen sich nicht anmelden.",
        ),
    ),
    "beratung": CategoryText(
        titles=(
            "Sozialberatung {ort}",
            "Offene Sprechstunde Schuldnerberatung",
            "Beratung zu Rente und Grundsicherung",
            "Beratung für Angehörige",
            "Mieterberatung im Stadtteil",
            "Teilhabeberatung für Menschen mit Behinderung",
            "Beratung bei Behördenpost",
        ),
        summaries=(
            "Vertrauliche Beratung zu Anträgen, Geldsorgen und Briefen vom Amt.",
            "Wir beraten Sie unabhängig zu Leistungen, Ansprüchen und Hilfen im Alltag.",
            "Beratung auf Augenhöhe: Wir hören zu und suchen gemeinsam nach einer Lösung.",
        ),
        sentences=(
            "Die Beratung ist vertraulich und unterliegt der Schweigepflicht.",
            "Bitte bringen Sie Ihre Unterlagen und Bescheide mit.",
            "Wir helfen beim Ausfüllen von Anträgen, etwa für Wohngeld oder Grundsicherung.",
            "Bei Bedarf vermitteln wir an Fachstellen weiter.",
            "Auch Angehörige und Betreuerinnen können sich beraten lassen.",
        ),
        easy=(
            "Sie haben Fragen zu Geld oder Briefen vom Amt? Wir helfen Ihnen. Wir sagen "
            "niemandem etwas weiter.",
            "Wir beraten Sie. Bringen Sie Ihre Briefe mit.",
        ),
    ),
    "freizeit-kultur": CategoryText(
        titles=(
            "Kulturcafé {ort}",
            "Gemeinsam ins Theater",
            "Erzählcafé: Geschichten aus {ort}",
            "Lesekreis im Stadtteil",
            "Kinonachmittag für alle",
            "Musik am Abend",
        ),
        summaries=(
            "Kultur für alle: gemeinsam Musik hören, Filme schauen und darüber sprechen.",
            "Wir besuchen Konzerte, Theater und Museen in Jena und fahren gemeinsam hin.",
            "Ein Nachmittag mit Geschichten, Musik und Gesprächen.",
        ),
        sentences=(
            "Karten gibt es oft ermäßigt oder kostenlos über den Kulturpass.",
            "Treffpunkt ist vor dem Eingang, eine Begleitperson ist dabei.",
            "Vorkenntnisse braucht niemand, Neugier reicht.",
            "Nach der Veranstaltung gibt es Zeit für Gespräche bei Tee.",
        ),
        easy=(
            "Wir gehen zusammen ins Theater oder ins Kino. Eine Begleitung ist dabei.",
            "Wir hören Musik und reden darüber.",
        ),
    ),
    "sport-bewegung": CategoryText(
        titles=(
            "Sport für alle in {ort}",
            "Bewegung im Park",
            "Sitzgymnastik für Ältere",
            "Inklusive Tischtennisgruppe",
            "Spaziergang-Gruppe {ort}",
            "Rollstuhlsport am Abend",
            "Yoga für Anfängerinnen und Anfänger",
        ),
        summaries=(
            "Gemeinsam Sport treiben, ohne Leistungsdruck und für jedes Alter.",
            "Bewegung an der frischen Luft, in kleiner Gruppe und mit Pausen.",
            "Sanfte Gymnastik und Dehnübungen, auch im Sitzen möglich.",
        ),
        sentences=(
            "Bitte bequeme Kleidung und etwas zu trinken mitbringen.",
            "Eine Übungsleiterin mit Erfahrung im inklusiven Sport leitet die Gruppe.",
            "Jede Übung lässt sich an die eigenen Möglichkeiten anpassen.",
            "Bei schlechtem Wetter treffen wir uns in der Turnhalle.",
            "Rollstuhlfahrende und Menschen mit Rollator machen selbstverständlich mit.",
        ),
        easy=(
            "Wir machen zusammen Sport. Jede Person macht so viel, wie sie kann.",
            "Wir gehen zusammen spazieren. Es gibt Pausen.",
        ),
    ),
    "bildung": CategoryText(
        titles=(
            "Lerncafé {ort}",
            "Deutschkurs für Anfängerinnen und Anfänger",
            "Lesen und Schreiben lernen",
            "Vortragsreihe Gesund älter werden",
            "Hausaufgabenhilfe im Stadtteil",
            "Sprachcafé Deutsch",
        ),
        summaries=(
            "Lernen in kleinen Gruppen: Deutsch, Lesen, Schreiben und Rechnen.",
            "Ein Ort zum gemeinsamen Lernen mit Unterstützung durch Ehrenamtliche.",
            "Vorträge und Gespräche zu Themen, die im Alltag helfen.",
        ),
        sentences=(
            "Das Tempo bestimmt die Gruppe, niemand wird abgefragt.",
            "Lernmaterial wird gestellt.",
            "Auch Menschen, die schon lange nicht mehr gelernt haben, sind willkommen.",
            "Die Gruppe ist klein, damit Zeit für Fragen bleibt.",
        ),
        easy=(
            "Hier können Sie lernen. Zum Beispiel Deutsch oder Lesen.",
            "Wir lernen zusammen. Niemand muss eine Prüfung machen.",
        ),
    ),
    "arbeit-tagesstruktur": CategoryText(
        titles=(
            "Tagesstätte {ort}",
            "Zuverdienst in der Holzwerkstatt",
            "Tagesstruktur mit Garten und Küche",
            "Bewerbungswerkstatt",
            "Beschäftigung im Stadtteilladen",
        ),
        summaries=(
            "Ein fester Rahmen für den Tag: gemeinsam arbeiten, kochen und Pausen machen.",
            "Sinnvolle Tätigkeit in kleinen Schritten, mit Begleitung und ohne Druck.",
            "Unterstützung bei Bewerbung, Lebenslauf und dem Weg in Arbeit.",
        ),
        sentences=(
            "Wer mitmacht, bestimmt den Umfang selbst.",
            "Ein Team aus Fachkräften begleitet die Arbeit.",
            "Mittags wird gemeinsam gekocht und gegessen.",
            "Ein Probetag ist jederzeit möglich.",
        ),
        easy=("Hier können Sie arbeiten. Sie bekommen Hilfe. Der Tag hat eine feste Ordnung.",),
    ),
    "wohnen": CategoryText(
        titles=(
            "Wohnberatung {ort}",
            "Hilfe bei der Wohnungssuche",
            "Beratung zum barrierefreien Umbau",
            "Mietertreff im Wohngebiet",
        ),
        summaries=(
            "Beratung rund ums Wohnen: Wohnungssuche, Mietfragen und Umbau.",
            "Wir zeigen, wie die Wohnung barrierefrei wird und wer den Umbau bezahlt.",
        ),
        sentences=(
            "Bei Bedarf kommen wir auch zu Ihnen nach Hause.",
            "Wir kennen die Förderprogramme der Pflegekasse und der Stadt.",
            "Fragen zur Nebenkostenabrechnung klären wir gemeinsam.",
        ),
        easy=(
            "Sie suchen eine Wohnung? Wir helfen Ihnen.",
            "Wir beraten Sie zu Ihrer Wohnung.",
        ),
    ),
    "gesundheit": CategoryText(
        titles=(
            "Gesundheitssprechstunde {ort}",
            "Sturzprävention für Ältere",
            "Gesprächsgruppe Psychische Gesundheit",
            "Pflegeberatung im Stadtteil",
            "Gesund kochen mit wenig Geld",
        ),
        summaries=(
            "Information und Beratung zu Gesundheit, Pflege und Vorsorge.",
            "Wir sprechen über seelische Gesundheit und stärken uns gegenseitig.",
        ),
        sentences=(
            "Eine Pflegefachkraft beantwortet Fragen zu Pflegegrad und Hilfsmitteln.",
            "Die Gruppe ersetzt keine Therapie, kann sie aber gut ergänzen.",
            "Es gibt Informationen zu Ärztinnen und Ärzten mit barrierefreier Praxis.",
        ),
        easy=(
            "Sie haben Fragen zu Ihrer Gesundheit? Wir beraten Sie.",
            "Wir sprechen darüber, wie es uns geht.",
        ),
    ),
    "selbsthilfe": CategoryText(
        titles=(
            "Selbsthilfegruppe Depression",
            "Selbsthilfegruppe Angehörige",
            "Gruppe für Menschen mit chronischen Schmerzen",
            "Selbsthilfe Sucht {ort}",
            "Treffen für Eltern von Kindern mit Behinderung",
        ),
        summaries=(
            "Menschen mit ähnlichen Erfahrungen treffen sich, hören zu und stärken sich.",
            "Eine Selbsthilfegruppe: Austausch in geschütztem Rahmen.",
        ),
        sentences=(
            "Was in der Gruppe gesagt wird, bleibt in der Gruppe.",
            "Neue Teilnehmende melden sich bitte vorher kurz telefonisch.",
            "Die Kontaktstelle für Selbsthilfe unterstützt die Gruppe.",
        ),
        easy=("Menschen mit den gleichen Sorgen treffen sich. Sie reden miteinander.",),
    ),
    "mobilitaet": CategoryText(
        titles=(
            "Einkaufsbegleitung {ort}",
            "Mobilitätstraining für Bus und Bahn",
            "Fahrdienst für Ältere",
            "Rollator-Training an der Haltestelle",
        ),
        summaries=(
            "Unterwegs sicher ankommen: Begleitung und Training für Bus und Bahn.",
            "Ehrenamtliche begleiten zum Einkaufen, zum Arzt oder zu Behörden.",
        ),
        sentences=(
            "Wir üben das Ein- und Aussteigen mit Rollator und Rollstuhl.",
            "Die Begleitung bitte zwei Tage vorher anfragen.",
            "Fahrkarten und Tarife erklären wir gern.",
        ),
        easy=(
            "Wir üben zusammen Bus fahren.",
            "Jemand geht mit Ihnen einkaufen.",
        ),
    ),
    "guenstig-essen": CategoryText(
        titles=(
            "Mittagstisch {ort}",
            "Suppenküche am Mittwoch",
            "Lebensmittelausgabe",
            "Gemeinsam kochen und essen",
            "Offenes Frühstück mit Suppe",
        ),
        summaries=(
            "Ein warmes Mittagessen für wenig Geld, in Gesellschaft statt allein.",
            "Gerettete Lebensmittel für alle, die sie brauchen.",
        ),
        sentences=(
            "Das Essen ist frisch gekocht, auch vegetarisch.",
            "Mit Jena-Pass ist das Essen günstiger.",
            "Lebensmittel gibt es ohne Nachweis, solange der Vorrat reicht.",
        ),
        easy=("Hier gibt es warmes Essen. Das Essen kostet wenig Geld.",),
    ),
    "ehrenamt": CategoryText(
        titles=(
            "Ehrenamtsbörse {ort}",
            "Lesepatinnen und Lesepaten gesucht",
            "Besuchsdienst für Ältere",
            "Mitmachen im Stadtteilgarten",
        ),
        summaries=(
            "Sich engagieren: Wir vermitteln Ehrenamt, das zu Ihnen und Ihrer Zeit passt.",
            "Zeit schenken: Ehrenamtliche besuchen ältere Menschen zu Hause.",
        ),
        sentences=(
            "Ehrenamtliche sind versichert und bekommen eine Einführung.",
            "Schon eine Stunde in der Woche hilft.",
            "Regelmäßige Treffen bieten Austausch und Fortbildung.",
        ),
        easy=("Sie möchten anderen Menschen helfen? Hier finden Sie eine Aufgabe.",),
    ),
    "umsonstladen": CategoryText(
        titles=(
            "Umsonstladen {ort}",
            "Kleidertausch im Stadtteil",
            "Tauschregal und Bücherschrank",
            "Repair-Café",
        ),
        summaries=(
            "Bringen, tauschen, mitnehmen: Kleidung, Bücher und Haushaltsdinge kostenlos.",
            "Gemeinsam reparieren statt wegwerfen.",
        ),
        sentences=(
            "Bitte nur saubere und heile Dinge bringen.",
            "Ehrenamtliche reparieren Toaster, Fahrräder und Kleidung.",
            "Alles ist kostenlos, eine Spende hilft beim Betrieb.",
        ),
        easy=("Hier gibt es Kleidung und Bücher. Alles ist kostenlos.",),
    ),
    "nachbarschaftshilfe": CategoryText(
        titles=(
            "Nachbarschaftshilfe {ort}",
            "Hilfe im Haushalt von Nachbarn",
            "Telefonkette gegen Einsamkeit",
        ),
        summaries=(
            "Nachbarn helfen Nachbarn: bei kleinen Erledigungen, Einkauf und Gesellschaft.",
            "Ein regelmäßiger Anruf, damit niemand allein bleibt.",
        ),
        sentences=(
            "Die Hilfe ist kostenlos und wird von Ehrenamtlichen geleistet.",
            "Wir bringen Menschen zusammen, die nah beieinander wohnen.",
            "Anruf genügt, wir melden uns zurück.",
        ),
        easy=("Nachbarn helfen Ihnen. Zum Beispiel beim Einkaufen.",),
    ),
    "kreativ": CategoryText(
        titles=(
            "Kreativwerkstatt {ort}",
            "Malgruppe für alle",
            "Nähcafé",
            "Töpfern am Nachmittag",
        ),
        summaries=(
            "Malen, nähen, basteln: kreativ sein in entspannter Runde.",
            "Gemeinsam etwas mit den eigenen Händen herstellen.",
        ),
        sentences=(
            "Material ist vorhanden, eigene Ideen sind willkommen.",
            "Eine Künstlerin gibt Tipps, wenn Sie möchten.",
            "Die fertigen Werke stellen wir einmal im Jahr im Stadtteil aus.",
        ),
        easy=("Wir malen und basteln zusammen.",),
    ),
    "digitales": CategoryText(
        titles=(
            "Handy-Sprechstunde {ort}",
            "Computerkurs für Einsteiger",
            "Digitale Hilfe bei Online-Anträgen",
            "Tablet-Treff für Ältere",
        ),
        summaries=(
            "Hilfe bei Handy, Tablet und Computer, geduldig und Schritt für Schritt.",
            "Wir helfen bei Online-Anträgen, E-Mails und Videoanrufen.",
        ),
        sentences=(
            "Bitte das eigene Gerät und die Zugangsdaten mitbringen.",
            "Es gibt Leihgeräte zum Ausprobieren.",
            "Junge Ehrenamtliche erklären in Ruhe, ohne Fachwörter.",
        ),
        easy=("Sie haben Fragen zu Ihrem Handy? Wir helfen Ihnen.",),
    ),
}

# Sentences that fit any offer, appended to descriptions.
GENERAL_SENTENCES = (
    "Sprechen Sie uns an, wenn Sie Unterstützung beim Weg zu uns brauchen.",
    "Bitte sagen Sie uns vorher, wenn Sie etwas brauchen, damit Sie gut teilnehmen können.",
    "Das Angebot wird gefördert durch die Stadt Jena.",
    "Kommen Sie einfach vorbei, wir freuen uns auf Sie.",
)

PLACE_SENTENCES = {
    "telefon": "Das Angebot findet am Telefon statt.",
    "online": "Das Angebot findet online per Video statt, den Link bekommen Sie per E-Mail.",
    "aufsuchend": "Wir kommen zu Ihnen nach Hause oder treffen Sie an einem Ort Ihrer Wahl.",
}

EASY_FREE = "Das Angebot kostet nichts."
EASY_APPOINTMENT = "Bitte rufen Sie vorher an. Dann machen wir einen Termin aus."

# Actor names per Akteur.Kind value; `{ort}` is a district name.
ACTOR_NAMES: dict[str, tuple[str, ...]] = {
    "traeger": (
        "Sozialwerk {ort} gGmbH",
        "Teilhabe-Dienste Saaletal gGmbH, Standort {ort}",
        "Begegnungszentrum {ort}",
    ),
    "verein": (
        "Nachbarschaftsverein {ort} e. V.",
        "Sportverein Blau-Weiß {ort} e. V.",
        "Kulturverein {ort} e. V.",
    ),
    "selbsthilfegruppe": (
        "Selbsthilfegruppe Lichtblick {ort}",
        "Selbsthilfegruppe Miteinander {ort}",
    ),
    "stadtteilbuero": ("Stadtteilbüro {ort}",),
    "quartiersmanagement": ("Quartiersmanagement {ort}",),
    "ortsteilbuergermeister": (
        "Ortsteilbürgermeisterin {ort}",
        "Ortsteilbürgermeister {ort}",
    ),
    "wohnungsunternehmen": (
        "Wohnungsgenossenschaft {ort} eG",
        "Wohnen am Saalehang GmbH, Servicebüro {ort}",
    ),
    "ehrenamtsinitiative": (
        "Initiative Gute Nachbarn {ort}",
        "Freiwilligenkreis {ort}",
    ),
    "verwaltung": (
        "Stadt Jena, Bürgerservice {ort}",
        "Stadt Jena, Fachdienst Soziales, Außenstelle {ort}",
    ),
    "sonstige": (
        "Stadtteilbibliothek {ort}",
        "Kirchgemeinde {ort}",
    ),
}

ACTOR_DESCRIPTIONS: dict[str, str] = {
    "traeger": "Ein Träger sozialer Dienste mit Beratung, Begegnung und Begleitung im Alltag.",
    "verein": "Ein Verein, in dem sich Menschen aus dem Stadtteil ehrenamtlich engagieren.",
    "selbsthilfegruppe": "Eine Gruppe von Menschen, die sich gegenseitig unterstützen.",
    "stadtteilbuero": "Anlaufstelle für alle Fragen rund um das Leben im Stadtteil.",
    "quartiersmanagement": "Bringt Menschen, Vereine und Verwaltung im Quartier zusammen.",
    "ortsteilbuergermeister": "Vertritt die Anliegen des Ortsteils gegenüber der Stadt.",
    "wohnungsunternehmen": "Vermietet Wohnungen und unterstützt das Zusammenleben im Haus.",
    "ehrenamtsinitiative": "Freiwillige, die Nachbarinnen und Nachbarn im Alltag helfen.",
    "verwaltung": "Eine Stelle der Stadtverwaltung mit Sprechzeiten vor Ort.",
    "sonstige": "Ein Ort im Stadtteil, an dem sich Menschen begegnen.",
}

# Invented street names: the demo places are random points, so real addresses would mislead.
STREETS = (
    "Am Anger",
    "Lindenweg",
    "Schulstraße",
    "Gartenweg",
    "Am Kirchplatz",
    "Saaleweg",
    "Birkenallee",
    "Am Mühlgraben",
    "Wiesenstraße",
    "Bergstraße",
    "Ahornweg",
    "Am Marktplatz",
)

# Postal codes roughly matching each social space.
POSTAL_CODES = {
    "lobeda": ("07747",),
    "winzerla": ("07745",),
    "west-zentrum": ("07743", "07745"),
    "nord": ("07743",),
    "ost": ("07749",),
}
