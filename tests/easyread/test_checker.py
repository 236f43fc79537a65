"""Leaflet-level rules, the demo leaflets and their translations passing the checker, and the CLI."""

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.easyread.checker import check, check_sentence, errors, sentences
from app.easyread.schema import LeafletFile
from app.easyread.source import read_leaflet
from tests.conftest import DEMO_EASYREAD


def leaflet(*texts: str, **changes) -> dict:
    rows = [{"picture": "openmoji:1F4DE", "alt": "A telephone", "text": text} for text in texts]
    return {"title": "Test", "summary": "A test.", "rows": rows, "glossary": []} | changes


def rules(data: dict) -> set[str]:
    return {finding.rule for finding in check(data)}


def test_a_good_leaflet_has_no_findings():
    assert check(leaflet("You can phone us for help.", "We will visit you at home.")) == []


def test_every_row_needs_a_known_picture_with_a_description():
    data = leaflet("You can phone us.", "We can visit you.", "We can help.")
    data["rows"][0]["picture"] = ""
    data["rows"][1]["alt"] = " "
    data["rows"][2]["picture"] = "openmoji:FFFFF"
    found = [(f.rule, f.row, f.severity) for f in check(data)]
    assert ("picture", 1, "error") in found and ("alt-text", 2, "error") in found and ("picture", 3, "error") in found
    assert rules(leaflet("Hi.", cover="openmoji:1F4DE")) == {"alt-text"}


def test_a_picture_inside_the_text_is_not_on_the_start_side():
    assert "picture-side" in rules(leaflet("Call us. ![phone](openmoji:1F4DE)"))


def test_at_most_two_sentences_a_row_but_a_short_list_counts_as_one():
    found = [f for f in check(leaflet("We help. We visit. We call.")) if f.rule == "row-sentences"]
    assert found and found[0].is_error and found[0].words == ("3 sentences",)
    assert "row-sentences" not in rules(leaflet("We can:\n- visit you\n- call you\n- write to you"))
    assert sentences("We can:\n- visit you\n- call you") == ["We can:", "visit you", "call you"]


def test_long_leaflets_are_warned_about():
    many = leaflet(*["You can phone us."] * 21)
    assert [f.words for f in check(many) if f.rule == "length"] == [("21 rows",)]
    two_sentences = " ".join(["help"] * 15) + ". " + " ".join(["call"] * 10) + "."
    assert "length" not in rules(leaflet(*[two_sentences] * 20))  # 500 words in 20 rows
    assert [f.words for f in check(leaflet(*[two_sentences] * 41)) if f.rule == "length"] == [
        ("41 rows",),
        ("1025 words",),
    ]


def test_hard_english_gets_a_reading_grade_warning():
    hard = leaflet(
        "Comprehensive multidisciplinary assessments determine eligibility.",
        "Subsequent reassessment necessitates documentation.",
    )
    [grade] = [f for f in check(hard) if f.rule == "reading-grade"]
    assert grade.severity == "warning" and grade.words[0].startswith("grade ")
    assert "reading-grade" not in rules(leaflet("You can phone us.", "We will help you."))


def test_the_checker_runs_on_translations_with_the_rules_of_that_language():
    arabic = leaflet(" ".join(["كلمة"] * 21) + ".")
    assert {(f.rule, f.severity) for f in check(arabic, "ar")} >= {("long", "error")}
    assert "reading-grade" not in rules(arabic)  # English only: the grade is not measured in Arabic


@pytest.mark.parametrize("path", sorted(DEMO_EASYREAD.glob("*.md")), ids=lambda p: p.stem)
def test_the_demo_leaflets_have_no_errors(path):
    data = LeafletFile.model_validate(read_leaflet(path).data).model_dump(mode="json")
    assert not errors(check(data)), [f.line() for f in errors(check(data))]


def test_there_are_at_least_8_demo_leaflets():
    assert len(list(DEMO_EASYREAD.glob("*.md"))) >= 8


def test_cli_checks_files_and_fails_on_errors(tmp_path):
    runner = CliRunner()
    good = runner.invoke(cli, ["easyread", "check", str(DEMO_EASYREAD / "staying-safe.md")])
    assert good.exit_code == 0, good.output
    assert "0 errors" in good.output
    bad = tmp_path / "bad.md"
    bad.write_text(
        "---\nslug: bad\ntitle: Bad\nsummary: Bad.\n---\n\n![](openmoji:1F4DE)\n"
        "We help. We visit. We call you every day of the week, even at night, when you need us most.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["easyread", "check", str(bad)])
    assert result.exit_code == 1
    assert "ERROR row 1: No alt text" in result.output and "Too many sentences in a row (3 sentences)" in result.output
    broken = tmp_path / "broken.md"
    broken.write_text(
        "---\nslug: broken\ntitle: Broken\nsummary: B.\n---\n\nText before any picture.\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["easyread", "check", str(broken)])
    assert (
        result.exit_code == 1 and f"{broken}:7: each row starts with a line holding only its picture" in result.output
    )


def test_cli_checks_a_leaflet_and_its_translations_in_the_database(engine, settings, monkeypatch):
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    from app.config import get_settings

    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(
            cli, ["easyread", "check", "staying-safe", "getting-a-care-needs-assessment", "--locale", "ar"]
        )
        assert result.exit_code == 0, result.output
        assert "staying-safe: 0 errors" in result.output
        result = runner.invoke(cli, ["easyread", "check", "help-in-your-language", "--locale", "bn"])
        assert result.exit_code == 0 and "0 errors" in result.output, result.output
        result = runner.invoke(cli, ["easyread", "check", "direct-payments", "--locale", "bn"])
        assert result.exit_code == 1 and "There is no leaflet 'direct-payments' translated into bn" in result.output
        assert runner.invoke(cli, ["easyread", "check", "staying-safe", "--locale", "xx"]).exit_code == 1
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    "lang, sentence", [("so", "Waxaan ku caawinnaa dadka maanta."), ("zh-Hans", "我们今天帮助大家。")]
)
def test_languages_without_word_frequencies_are_checked_without_the_rare_word_rule(lang, sentence):
    """wordfreq has no Somali and no segmenter for Chinese: the other rules still run, and nothing fails."""
    findings = check_sentence(sentence, lang)
    assert all(finding.rule != "hard-word" for finding in findings)
