"""Analyzers keep words whole in every script, fold what readers type differently, and stem lightly."""

import pickle

import pytest

from app.i18n.locales import LOCALES
from app.search.analyzers import analyzer_for, fold_arabic_script, terms


def test_bengali_words_stay_whole_with_their_vowel_signs():
    assert terms("বাংলা ভাষায় সাহায্য", "bengali") == ["বাংলা", "ভাষায়", "সাহায্য"]


def test_vocalised_arabic_is_not_split_into_letters_and_matches_plain_text():
    assert terms("السَّكَنُ", "arabic") == terms("السكن", "arabic") != []
    assert all(len(t) > 1 for t in terms("الرِّعَايَةُ الْمَنْزِلِيَّةُ", "arabic"))


def test_arabic_light_stemming_does_not_overstem():
    assert terms("السكن", "arabic") == ["سكن"]  # Whoosh's own stemmer gave "الس"


@pytest.mark.parametrize(
    "a, b", [("أمي", "امي"), ("إسلام", "اسلام"), ("ـمرحـبا", "مرحبا"), ("یک", "يك"), ("کتاب", "كتاب")]
)
def test_arabic_script_folding(a, b):
    assert fold_arabic_script(a) == fold_arabic_script(b)


def test_teh_marbuta_folds_except_before_the_arabic_stemmer():
    assert fold_arabic_script("مكتبة") == fold_arabic_script("مكتبه")
    assert terms("الرعاية", "arabic") == terms("رعاية", "arabic")


def test_persian_and_urdu_fold_to_the_same_letters_as_arabic():
    assert terms("کمک", "persian") == terms("كمك", "persian")
    assert terms("مدد کی ضرورت", "urdu") == terms("مدد كي ضرورت", "urdu")


def test_chinese_runs_become_overlapping_pairs():
    assert terms("照顾老人", "chinese") == ["照顾", "顾老", "老人"]
    assert terms("中文help", "chinese") == ["中文", "help"]
    assert terms("老", "chinese") == ["老"]


@pytest.mark.parametrize(
    "text, expected", [("Łódź", "lodz"), ("CAFÉ", "cafe"), ("șoseaua", "soseaua"), ("Ağrı", "agri")]
)
def test_latin_folding_handles_letters_that_do_not_decompose(text, expected):
    assert terms(text, "simple") == [expected]


@pytest.mark.parametrize(
    "name, word, other",
    [
        ("english", "carers", "carer"),
        ("spanish", "cuidadoras", "cuidadora"),
        ("polish", "opiekunem", "opiekun"),
        ("russian", "помощи", "помощь"),
        ("french", "aidants", "aidant"),
        ("turkish", "yardımlar", "yardım"),
    ],
)
def test_snowball_stemming_joins_word_forms(name, word, other):
    assert terms(word, name) == terms(other, name)


def test_somali_and_tagalog_tokenise_and_lowercase_only():
    assert terms("Caawimaad Guriga", "somali") == ["caawimaad", "guriga"]
    assert terms("Tulong sa Bahay", "tagalog") == ["tulong", "sa", "bahay"]


@pytest.mark.parametrize("locale", LOCALES, ids=lambda locale: locale.code)
def test_every_locale_has_a_picklable_analyzer(locale):
    analyzer = analyzer_for(locale.analyzer)
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer
    sample = "Carers' support at home, 2 days a week"
    tokens = [t.text for t in analyzer(sample)]
    assert tokens and [t.text for t in copy(sample)] == tokens, "the copy analyses text as the original does"
