"""Protected text comes back exactly; glossary terms come back as the agreed wording."""

import pytest

from app.translation.protect import PlaceholderLost, Term, glossary, protect, restore

TEXT = (
    "Call 020 7946 0123 or +44 20 7946 0999, email help@kingsmead.example, see [our page](https://x.example/a) "
    "or www.kingsmead.example/care. Visit N1 9GU. Ask Age UK Kingsmead about a care needs assessment."
)


def test_everything_protected_is_taken_out_and_put_back():
    held = protect(TEXT, names=("Age UK Kingsmead",))
    for kept in (
        "020 7946 0123",
        "+44 20 7946 0999",
        "help@kingsmead.example",
        "https://x.example/a",
        "www.kingsmead.example/care",
        "N1 9GU",
        "Age UK Kingsmead",
    ):
        assert kept not in held.text and kept in held.values
    assert "[our page](⟦" in held.text  # the link text is translated, its target is not
    assert restore(held.text, held) == TEXT


def test_glossary_terms_come_back_in_the_agreed_wording():
    held = protect("Ask for a Care Needs Assessment today.", terms=(Term("care needs assessment", "CNA-ar"),))
    assert restore(held.text, held) == "Ask for a CNA-ar today."


def test_longer_terms_win_over_shorter_ones_in_the_real_glossary():
    terms = glossary("ar")
    assert terms and len(terms[0].source) >= len(terms[-1].source)
    held = protect("Support for an unpaid carer.", terms=terms)
    unpaid = next(t.target for t in terms if t.source == "unpaid carer")
    assert restore(held.text, held) == f"Support for an {unpaid}."


@pytest.mark.parametrize("machine_output", ["Call ⟦0⟧ or ⟦0⟧", "Call now", "Call ⟦0⟧ and ⟦7⟧"])
def test_a_lost_doubled_or_invented_placeholder_is_refused(machine_output):
    held = protect("Call 020 7946 0123 now.")
    with pytest.raises(PlaceholderLost):
        restore(machine_output, held)


def test_spaces_the_machine_puts_inside_a_placeholder_are_forgiven():
    held = protect("Call 020 7946 0123 now.")
    assert restore("Appelez ⟦ 0 ⟧ maintenant.", held) == "Appelez 020 7946 0123 maintenant."


def test_a_locale_without_a_glossary_has_no_terms(tmp_path):
    assert glossary("xx", tmp_path) == ()
