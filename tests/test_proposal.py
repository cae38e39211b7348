"""The proposal form and its parser (``smartcity.proposal``): the form matches the content model and the templates;
an issue body as GitHub renders a form is read back exactly; a body edited by hand is refused in Dutch; a new
place becomes one line in ``mkdocs.yml``."""

from __future__ import annotations

import pytest
import sitekit
import yaml
from smartcity import proposal
from smartcity.model import MKDOCS_YML, ContentModel, load_model, parse_model, read_config

FIELDS = proposal.load_form()
BY_ID = {f.id: f for f in FIELDS}
AGREEMENTS = BY_ID["afspraken"].required_options


def form_body(answers: dict[str, str], *, ticked: bool = True) -> str:
    """An issue body exactly as GitHub renders the form: ``### Label``, blank line, answer, blank line."""
    parts = []
    for f in FIELDS:
        if f.kind == "checkboxes":
            mark = "X" if ticked else " "
            value = "\n".join(f"- [{mark}] {option}" for option in f.options)
        else:
            value = answers.get(f.id) or "_No response_"
        parts.append(f"### {f.label}\n\n{value}")
    return "\n\n".join(parts) + "\n"


FILLED = {
    "soort": "Les",
    "titel": "Open data in de wijk",
    "beschrijving": "Hoe een gemeente open data met bewoners deelde.",
    "gemeenten": "Utrecht",
    "themas": "Open data, Kennisdeling",
    "deel_1": "Bewoners vroegen om **gegevens** over hun straat.",
    "deel_2": "- Deel vroeg.\n- Luister goed.",
}


# --- the form against the content model and the templates ------------------------------------------------


def test_form_options_are_taken_from_the_content_model() -> None:
    """The dropdowns offer only what the model allows. A place added to mkdocs.yml alone (the one line CONTRIBUTING.md
    asks for) keeps this green: the proposer types it under "nieuwe plaats" until an editor adds it to the form."""
    model = load_model(MKDOCS_YML)
    assert list(BY_ID["soort"].options) == [t.label for t in model.types.values()], (
        "the options of 'soort' in les-voorstellen.yml must be the type labels in mkdocs.yml"
    )
    for field_id, allowed in (("gemeenten", model.cities), ("themas", model.themes)):
        options = list(BY_ID[field_id].options)
        unknown = [option for option in options if option not in allowed]
        assert unknown == [], f"'{field_id}' in les-voorstellen.yml offers what mkdocs.yml does not allow: {unknown}"
        assert options == [value for value in allowed if value in options], f"'{field_id}' is not in the model's order"
    for f in ("gemeenten", "themas"):
        assert BY_ID[f].multiple
        assert not any("," in option for option in BY_ID[f].options), "a comma would split one option in two"


def test_form_section_descriptions_name_the_template_headings() -> None:
    """Field deel_N is the text under the N-th heading of every page template; its description names it."""
    model = load_model(MKDOCS_YML)
    data = yaml.safe_load(proposal.FORM_FILE.read_text(encoding="utf-8"))
    descriptions = {e["id"]: e["attributes"].get("description", "") for e in data["body"] if "id" in e}
    sections = [f.id for f in FIELDS if f.id.startswith(proposal.SECTION_PREFIX)]
    for page_type in model.types.values():
        headings = proposal.template_headings(proposal.scaffold.TEMPLATES_DIR / f"{page_type.template}.md")
        assert len(headings) == len(sections), f"{page_type.template}.md has {len(headings)} headings"
        for field_id, heading in zip(sections, headings, strict=True):
            assert f'{page_type.label}: "{heading}"' in " ".join(descriptions[field_id].split())


def test_no_form_applies_the_conversion_label_itself() -> None:
    """Only someone with triage rights may start a conversion; a form that set the label would let anyone."""
    for path in (proposal.FORM_FILE.parent).glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        labels = data.get("labels") or []
        labels = labels.split(",") if isinstance(labels, str) else labels
        assert "omzetten" not in [str(label).strip() for label in labels], path.name


def test_form_ids_and_labels() -> None:
    ids = [f.id for f in FIELDS]
    labels = [f.label for f in FIELDS]
    assert len(set(labels)) == len(labels), "the converter finds answers by label: every label once"
    for needed in (*proposal.ANSWERS, proposal.PLACES, proposal.NEW_PLACES, "afspraken"):
        assert needed in ids


# --- parsing an issue body -------------------------------------------------------------------------------


def test_parse_reads_every_answer_back() -> None:
    answers = proposal.parse_body(form_body(FILLED), FIELDS)
    for key, value in FILLED.items():
        assert answers[key] == value
    assert answers["bron_url"] == ""  # "_No response_"
    assert proposal.check_choices(answers, FIELDS) == []


def test_parse_a_list_with_nothing_chosen_is_empty() -> None:
    body = form_body(FILLED).replace(
        "### Gemeenten en organisaties\n\nUtrecht", "### Gemeenten en organisaties\n\nNone"
    )
    answers = proposal.parse_body(body, FIELDS)
    assert answers["gemeenten"] == ""
    assert proposal.check_choices(answers, FIELDS) == []  # optional; the converter then asks for a place


def test_parse_windows_line_ends_and_control_characters() -> None:
    body = form_body({**FILLED, "titel": "Open\x1b[31m data\x00 in de wijk"}).replace("\n", "\r\n")
    answers = proposal.parse_body(body, FIELDS)
    assert answers["titel"] == "Open[31m data in de wijk"
    assert answers["deel_2"] == FILLED["deel_2"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Gewoon een verhaal zonder kopjes.", "niet met het formulier"),
        (form_body(FILLED).replace("### Titel\n", "### Kop\n"), "“Titel” ontbreekt"),
        (form_body({**FILLED, "deel_1": "Tekst\n\n### Titel\n\nEen andere titel"}), "meer dan eens"),
        ("x" * (proposal.MAX_BODY + 1), "te lang"),
        (form_body({**FILLED, "titel": "Open data \u202eatad nepo"}), "leesrichting"),
    ],
    ids=["not-a-form", "heading-renamed", "heading-twice", "too-long", "bidi-override"],
)
def test_parse_refuses_edited_forms(body: str, expected: str) -> None:
    with pytest.raises(proposal.ProposalError) as caught:
        proposal.parse_body(body, FIELDS)
    assert any(expected in message for message in caught.value.messages), caught.value.messages


@pytest.mark.parametrize(
    ("answers", "ticked", "expected"),
    [
        ({**FILLED, "gemeenten": "Utrecht, Amsterdam"}, True, "“Amsterdam” staat niet in de lijst"),
        ({**FILLED, "themas": "Privacy"}, True, "“Privacy” staat niet in de lijst"),
        ({**FILLED, "soort": "Blog"}, True, "“Blog” staat niet in de lijst"),
        ({**FILLED, "titel": ""}, True, "“Titel” is niet ingevuld"),
        (FILLED, False, "Vink bij “Afspraken over inhoud” aan"),
    ],
    ids=["place-typed-into-list", "theme", "type", "empty-title", "agreements-unticked"],
)
def test_choices_refused(answers: dict[str, str], ticked: bool, expected: str) -> None:
    parsed = proposal.parse_body(form_body(answers, ticked=ticked), FIELDS)
    problems = proposal.check_choices(parsed, FIELDS)
    assert any(expected in problem for problem in problems), problems


def test_agreements_in_lower_case_x_count() -> None:
    body = form_body(FILLED).replace("- [X] ", "- [x] ")
    assert proposal.check_choices(proposal.parse_body(body, FIELDS), FIELDS) == []
    assert AGREEMENTS


# --- sections and places ---------------------------------------------------------------------------------


def test_fill_sections_keeps_guidance_of_empty_parts() -> None:
    body = "<!-- intro -->\n\n## Een\n\n<!-- uitleg 1 -->\n\n## Twee\n\n<!-- uitleg 2 -->\n"
    filled = proposal.fill_sections(body, ["Tekst één.", "", "Te veel."])
    assert filled == "<!-- intro -->\n\n## Een\n\nTekst één.\n\n## Twee\n\nTe veel.\n"
    assert proposal.fill_sections(body, ["", ""]) == body


def test_add_places_one_line_each_in_the_repository_config() -> None:
    text = MKDOCS_YML.read_text(encoding="utf-8")
    result = proposal.add_places(text, ["Zwolle", "Ja: nee"])
    added = [line for line in result.splitlines() if line not in text.splitlines()]
    assert [line.strip() for line in added] == ["- Zwolle", "- 'Ja: nee'"]
    assert len(result.splitlines()) == len(text.splitlines()) + 2


def test_add_form_options_one_line_each_under_the_places_field(tmp_path) -> None:
    text = proposal.FORM_FILE.read_text(encoding="utf-8")
    result = proposal.add_form_options(text, ["Zwolle", "Ja: nee"])
    assert len(result.splitlines()) == len(text.splitlines()) + 2
    form = tmp_path / "form.yml"
    form.write_text(result, encoding="utf-8")
    places = {f.id: f for f in proposal.load_form(form)}["gemeenten"].options
    assert places == (*BY_ID["gemeenten"].options, "Zwolle", "Ja: nee")
    assert {f.id: f for f in proposal.load_form(form)}["themas"].options == BY_ID["themas"].options


def test_add_places_in_a_fixture_project(tmp_path) -> None:
    config = sitekit.make_project(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text(proposal.add_places(text, ["Zwolle"]), encoding="utf-8")
    model: ContentModel = parse_model(read_config(config), tmp_path)
    assert model.cities == (*sitekit.CITIES, "Zwolle")


@pytest.mark.parametrize(
    ("typed", "existing", "new", "refused"),
    [
        ("zwolle, Utrecht", ["Utrecht"], ["zwolle"], 0),
        ("utrecht", ["Utrecht"], [], 0),
        ("<b>Zwolle</b>", [], [], 1),
        ("Zwolle; rm -rf /", [], [], 1),
        ("x" * 100, [], [], 1),
        ("Gemeente 's-Hertogenbosch, Gemeente 's-Hertogenbosch", [], ["Gemeente 's-Hertogenbosch"], 0),
    ],
)
def test_new_place_names(typed: str, existing: list[str], new: list[str], refused: int) -> None:
    found_existing, found_new, problems = proposal.new_place_names(typed, sitekit.CITIES)
    assert (found_existing, found_new, len(problems)) == (existing, new, refused)


def test_markdown_text_escapes_everything_that_could_be_markup() -> None:
    import proposal_to_pr

    escaped = proposal_to_pr.markdown_text("[klik](https://x.example) ![](y) <b> @team #1 `c`\n## kop")
    for raw in ("[klik]", "](", "![", "<b>", "@team", "`c`", "## kop"):
        assert raw not in escaped
    assert "@\u2060team" in escaped
    assert "\n" not in escaped


# --- the workflows: the proposal workflow's safety, and the preview only after every check -------------------

WORKFLOWS = proposal.REPO_ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_proposal_workflow_runs_trusted_code_on_the_issue_as_data() -> None:
    flow = workflow("voorstel-omzetten.yml")
    assert flow[True] == {"issues": {"types": ["labeled"]}}  # PyYAML reads the key "on" as True
    assert flow["permissions"] == {}
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "github.event.label.name == 'omzetten'" in job["if"]
    steps = job["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), f"{step['name']}: no expression inside a script"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
            assert "ref" not in step["with"]  # the default branch, never a branch named in the issue
    convert = next(step for step in steps if "proposal_to_pr.py" in step.get("run", ""))
    assert '--event "$GITHUB_EVENT_PATH"' in convert["run"]
    assert convert["env"] == {"GITHUB_TOKEN": "${{ steps.app-token.outputs.token || github.token }}"}
    app = next(step for step in steps if step.get("id") == "app-token")
    assert app["uses"] == "actions/create-github-app-token@fee1f7d63c2ff003460e3d139729b119787bc349"
    assert app["if"] == "${{ vars.PROPOSAL_APP_ID != '' }}"
    assert app["with"]["private-key"] == "${{ secrets.PROPOSAL_APP_PRIVATE_KEY }}"


def test_preview_artifact_comes_after_every_check_of_the_build() -> None:
    steps = workflow("pr.yml")["jobs"]["site"]["steps"]
    runs = [step.get("run", "") + step.get("uses", "") for step in steps]
    preview = next(i for i, run in enumerate(runs) if "scripts/disk_preview.py site voorbeeld" in run)
    upload = next(i for i, step in enumerate(steps) if step.get("with", {}).get("name") == "voorbeeld")
    checks = [i for i, run in enumerate(runs) if "check_content.py" in run or "mkdocs build --strict" in run]
    checks += [i for i, run in enumerate(runs) if "publish_gate" in run]
    assert len(checks) >= 2
    assert max(checks) < preview < upload
    for step in steps[: upload + 1]:
        assert "always()" not in str(step.get("if", "")) and "failure()" not in str(step.get("if", ""))
