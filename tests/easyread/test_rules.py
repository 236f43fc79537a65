"""Each sentence rule, caught and not caught, and the rules measured on two labelled sets of sentences."""

from pathlib import Path

import pytest
import yaml

from app.easyread.checker import check_sentence
from app.easyread.rules import RULE_IDS

DATA = Path(__file__).parent / "data"
# (rule, a sentence it must flag, a close sentence it must not flag)
CASES = [
    (
        "long",
        "You can ask us for help with shopping, cleaning, cooking and getting out to see your friends.",
        "You can ask us for help with shopping and cleaning.",
    ),
    ("hard-word", "We offer reablement after you leave hospital.", "We help you after you leave hospital."),
    ("abbreviation", "Your GP can tell us about your health.", "Your doctor can tell us about your health."),
    ("abbreviation", "Bring your letters, bills etc. to the meeting.", "Bring your letters and bills to the meeting."),
    ("contraction", "We can't visit you on Sundays.", "We cannot visit you on Sundays."),
    ("contraction", "It's free to join.", "Your carer's assessment is free."),
    ("number-words", "The group meets three times a week.", "The group meets 3 times a week."),
    ("number-words", "You can come one day a week.", "No one will be angry with you."),
    ("number-format", "About 20% of people use this service.", "Some people use this service."),
    ("number-format", "Half of the money is for you.", "Call us on 020 7946 0100."),
    ("number-format", "We helped 3,200 people last year.", "We opened the hub in 2021."),
    ("all-caps", "This service is FREE for carers.", "This service is free for carers."),
    ("symbol", "You & your carer can come.", "You and your carer can come."),
    ("symbol", "Ask your son/daughter to help.", "Email us at help@kingsmead.example today."),
    ("formatting", "You *must* tell us.", "You **must** tell us."),
    ("passive", "You will be sent a letter.", "We will send you a letter."),
    ("passive", "The form is checked by our team.", "The hub is closed on Sundays."),
    ("many-ideas", "We will visit you and we will talk about your needs.", "We will visit you at home."),
    ("many-ideas", "You can come, but you must book first.", "You can have tea and coffee."),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CASES)
def test_each_rule_flags_the_breach_and_not_the_close_good_sentence(rule, bad, good):
    assert rule in {finding.rule for finding in check_sentence(bad)}, bad
    assert rule not in {finding.rule for finding in check_sentence(good)}, good


def test_a_finding_names_the_words_the_rule_and_its_source():
    [finding] = [f for f in check_sentence("We can't visit you.") if f.rule == "contraction"]
    assert finding.words == ("can't",) and finding.severity == "warning"
    assert "Mencap" in finding.source and "do not" in finding.suggestion


def test_sentences_over_20_words_are_errors_and_16_to_20_warnings():
    def long(words: int) -> str:
        return " ".join(["word"] * words) + "."

    assert not [f for f in check_sentence(long(15)) if f.rule == "long"]
    assert [f.severity for f in check_sentence(long(16)) if f.rule == "long"] == ["warning"]
    assert [f.severity for f in check_sentence(long(20)) if f.rule == "long"] == ["warning"]
    assert [f.severity for f in check_sentence(long(21)) if f.rule == "long"] == ["error"]


def test_words_the_leaflet_explains_are_not_hard():
    sentence = "Ask for an advocate and an interpreter."
    assert "hard-word" not in {
        f.rule for f in check_sentence(sentence, glossary=frozenset({"advocate", "interpreter"}))
    }
    assert "reablement" in next(f for f in check_sentence("We offer reablement.") if f.rule == "hard-word").words


def test_names_and_web_addresses_are_not_hard_words():
    found = check_sentence("Go to Ashfield Community Hub or email help@kingsmead.example.")
    assert "hard-word" not in {f.rule for f in found}


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("bn", "আমরা আপনাকে বিনামূল্যে সাহায্য করতে পারি।"),  # vowel signs are part of Bengali words
        ("ar", "يمكنك أن تطلب مترجما مجانًا."),  # so is Arabic tanween
    ],
)
def test_words_in_scripts_with_combining_marks_are_read_whole(lang, sentence):
    assert not [f for f in check_sentence(sentence, lang) if f.rule == "hard-word"]


def test_english_grammar_rules_do_not_run_in_other_languages():
    rules = {f.rule for f in check_sentence("Você será contactado por nós.", "pt")}
    assert "passive" not in rules
    assert "long" in {f.rule for f in check_sentence(" ".join(["palavra"] * 21), "pt")}


def _measure(name: str) -> dict[str, tuple[float, float]]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    scores = {}
    for rule in RULE_IDS:
        hits = [(rule in {f.rule for f in check_sentence(item["text"])}, rule in item["labels"]) for item in items]
        true_positive = sum(found and wanted for found, wanted in hits)
        flagged, labelled = sum(found for found, _ in hits), sum(wanted for _, wanted in hits)
        scores[rule] = (true_positive / flagged if flagged else 0.0, true_positive / labelled if labelled else 0.0)
    print(f"\n{name}: {len(items)} sentences")
    for rule, (precision, recall) in scores.items():
        print(f"  {rule:14} precision {precision:.2f} recall {recall:.2f}")
    return scores


# The floors sit a little under what was measured, to catch a rule getting worse. sentences.yml was used while
# writing the rules; sentences_holdout.yml was written by someone who saw neither the rules nor the first set.
FLOORS = {
    "sentences.yml": dict.fromkeys(RULE_IDS, (0.85, 0.75)) | {"hard-word": (0.8, 0.55)},
    "sentences_holdout.yml": dict.fromkeys(RULE_IDS, (0.75, 0.75))
    | {"hard-word": (0.5, 0.4), "many-ideas": (0.85, 0.45), "passive": (0.9, 0.7)},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_precision_and_recall_on_labelled_sentences(name):
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert len(items) >= 150 if name == "sentences.yml" else len(items) >= 100
    scores = _measure(name)
    for rule, (precision, recall) in scores.items():
        floor_precision, floor_recall = FLOORS[name][rule]
        assert precision >= floor_precision and recall >= floor_recall, (rule, precision, recall)
