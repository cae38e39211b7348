"""The one list of rule ids: severity and a short Dutch summary per rule.

The checker only emits ids listed here, and ``docs/bijdragen/regels.md`` must
document every one of them (a test checks both).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """A rule id with its severity and a one-line Dutch summary."""

    id: str
    severity: str
    summary: str


_RULES = (
    # Files
    Rule(
        "file-unreadable", ERROR, "Het bestand kan niet gelezen worden (rechten, kapotte of rondlopende snelkoppeling)."
    ),
    Rule("file-encoding", ERROR, "Het bestand is geen UTF-8-tekst."),
    Rule("file-binary", ERROR, "Het bestand bevat binaire gegevens (NUL-tekens)."),
    Rule("file-empty", ERROR, "Het bestand is leeg."),
    Rule("file-too-large", ERROR, "Het bestand is te groot voor een pagina."),
    Rule("file-symlink", ERROR, "In docs/ staat een snelkoppeling (symbolische link); die is niet toegestaan."),
    Rule("file-name", ERROR, "De bestandsnaam is niet in kleine letters met streepjes."),
    Rule("file-location", ERROR, "De pagina staat in een map waar de site geen pagina's verwacht."),
    # Front matter
    Rule("fm-missing", ERROR, "De pagina begint niet met front matter tussen twee regels ---."),
    Rule("fm-unclosed", ERROR, "De front matter wordt niet afgesloten met een regel ---."),
    Rule("fm-yaml", ERROR, "De front matter is geen geldige YAML."),
    Rule("fm-not-mapping", ERROR, "De front matter is geen lijst van velden (veld: waarde)."),
    Rule("fm-required", ERROR, "Een verplicht veld ontbreekt."),
    Rule("fm-field-type", ERROR, "Een veld heeft de verkeerde soort waarde (tekst, lijst, datum)."),
    Rule("fm-unknown-key", ERROR, "Een veld bestaat niet in het inhoudsmodel."),
    Rule("fm-date", ERROR, "Een datum is geen echte datum (JJJJ-MM-DD)."),
    Rule("fm-future-date", ERROR, "Een datum ligt in de toekomst."),
    Rule("fm-type-folder", ERROR, "Het type past niet bij de map waarin de pagina staat."),
    Rule("fm-tag", ERROR, "Een thema staat niet in de lijst met thema's."),
    Rule("fm-city", ERROR, "Een gemeente of organisatie staat niet in de toegestane lijst."),
    Rule("fm-duplicate", ERROR, "Een waarde staat twee keer in dezelfde lijst."),
    Rule("fm-description-length", ERROR, "De beschrijving is te lang."),
    Rule("fm-source-url", ERROR, "De bron-URL begint niet met https://."),
    Rule(
        "fm-listing",
        ERROR,
        "Een pagina vraagt om een onbekende lijst, of om een lijst van een onbekend thema, stad of type.",
    ),
    Rule("fm-markup", ERROR, "In een veld van de front matter staat HTML-code."),
    # Links and images
    Rule("link-missing", ERROR, "Een link of afbeelding wijst naar een bestand dat niet bestaat."),
    Rule("link-case", ERROR, "Een link gebruikt andere hoofdletters of kleine letters dan de bestandsnaam."),
    Rule("link-outside-docs", ERROR, "Een link wijst naar een bestand buiten de map docs/."),
    Rule("link-absolute", ERROR, "Een link naar de eigen site begint met / in plaats van relatief te zijn."),
    Rule("link-anchor", ERROR, "Een link wijst naar een kopje (#anker) dat niet bestaat."),
    Rule("link-undefined-ref", ERROR, "Een link verwijst naar een linkdefinitie [naam] die nergens staat."),
    Rule("link-snippet", ERROR, "Een ingevoegd fragment (--8<--) bestaat niet."),
    Rule("link-http", WARNING, "Een link gebruikt http:// in plaats van https://."),
    # Safety of contributed content
    Rule("safety-script", ERROR, "De pagina bevat een <script>."),
    Rule("safety-embed", ERROR, "De pagina sluit een andere pagina of plug-in in (<iframe>, <object>, <embed>)."),
    Rule("safety-event-attribute", ERROR, "Een HTML-element heeft een on…=-attribuut dat code uitvoert."),
    Rule(
        "safety-javascript-url", ERROR, "Een link of afbeelding gebruikt een adres met javascript:, vbscript: of data:."
    ),
    Rule(
        "safety-remote-media", ERROR, "Een afbeelding, video, geluid of stijlblad wordt van een andere website geladen."
    ),
    Rule("safety-html", ERROR, "Een HTML-element of -attribuut staat niet op de lijst van toegestane HTML."),
    # Site level
    Rule("site-duplicate-title", WARNING, "Twee pagina's hebben dezelfde titel."),
    Rule("site-orphan", WARNING, "Geen enkele pagina of lijst linkt naar deze pagina."),
    Rule("site-review-due", WARNING, "De pagina is te lang niet inhoudelijk gecontroleerd."),
    # External links (only with --external)
    Rule("ext-broken", WARNING, "Een externe link geeft een foutcode (bijvoorbeeld 404)."),
    Rule("ext-unreachable", WARNING, "Een externe website reageert niet (time-out of verbindingsfout)."),
    Rule("ext-refused", WARNING, "Een externe link leidt naar een adres dat niet op het openbare internet ligt."),
    # The checker itself
    Rule("internal-error", ERROR, "De controle liep bij dit bestand vast; meld dit aan de beheerders."),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
