"""The closed lists the help form and the equality questionnaire use, with the English wording residents see.

Communication needs follow the categories of the NHS and adult social care Accessible Information Standard
(DCB1605): how to contact the person, the format information must be in, the communication professional they need,
and other support. Equality questions follow the ONS 2021 census categories for England and Wales.
"""

from app.i18n.context import lazy_gettext as _

CONTACT_METHODS = {
    "phone": _("Phone call"),
    "text": _("Text message"),
    "email": _("Email"),
    "letter": _("Letter"),
    "someone-else": _("Through someone else, such as a family member, carer or advocate"),
}
# What "how to reach you" must hold for each method.
CONTACT_DETAIL = {
    "phone": _("Your phone number"),
    "text": _("Your mobile phone number"),
    "email": _("Your email address"),
    "letter": _("Your postal address"),
    "someone-else": _("Their name, how they know you, and their phone number or email address"),
}

# Accessible Information Standard: communication professional.
PROFESSIONALS = {
    "bsl-interpreter": _("British Sign Language interpreter"),
    "deafblind-manual": _("Deafblind manual interpreter"),
    "hands-on-signing": _("Hands-on signing interpreter"),
    "lipspeaker": _("Lipspeaker"),
    "speech-to-text": _("Speech-to-text reporter"),
    "note-taker": _("Note-taker"),
    "advocate": _("Advocate"),
}
# Accessible Information Standard: information format.
FORMATS = {
    "easy-read": _("Easy read"),
    "large-print": _("Large print"),
    "braille": _("Braille"),
    "audio": _("Audio"),
    "bsl-video": _("British Sign Language video"),
    "email-format": _("By email, so I can use my own software"),
}
# Accessible Information Standard: other communication support.
SUPPORT = {
    "hearing-loop": _("A hearing loop"),
    "extra-time": _("More time, or a longer appointment"),
    "someone-with-me": _("Someone to be with me"),
    "quiet-place": _("A quiet place to talk"),
}
NEEDS = {**PROFESSIONALS, **FORMATS, **SUPPORT}

# Sign languages and other ways of communicating that CLDR does not name.
EXTRA_LANGUAGES = {
    "bfi": _("British Sign Language"),
    "ase": _("American Sign Language"),
    "isg": _("Irish Sign Language"),
    "x-makaton": _("Makaton"),
    "x-sse": _("Sign Supported English"),
}

PREFER_NOT_TO_SAY = "prefer-not-to-say"
AGE_BANDS = {
    "18-24": _("18 to 24"),
    "25-34": _("25 to 34"),
    "35-49": _("35 to 49"),
    "50-64": _("50 to 64"),
    "65-74": _("65 to 74"),
    "75-84": _("75 to 84"),
    "85+": _("85 or over"),
}
ETHNIC_GROUPS = {  # ONS 2021 census, high-level groups for England and Wales
    "asian": _("Asian, Asian British or Asian Welsh"),
    "black": _("Black, Black British, Black Welsh, Caribbean or African"),
    "mixed": _("Mixed or multiple ethnic groups"),
    "white": _("White"),
    "other": _("Other ethnic group"),
}
YES_NO = {"yes": _("Yes"), "no": _("No")}
SEXUAL_ORIENTATIONS = {  # ONS 2021 census
    "straight": _("Straight or heterosexual"),
    "gay-lesbian": _("Gay or lesbian"),
    "bisexual": _("Bisexual"),
    "other": _("Another sexual orientation"),
}
QUESTIONS = {  # field -> (question, options); every question also offers "prefer not to say"
    "age_band": (_("How old are you?"), AGE_BANDS),
    "ethnic_group": (_("What is your ethnic group?"), ETHNIC_GROUPS),
    "disability": (
        _(
            "Do you have a physical or mental health condition or illness that has lasted or is "
            "expected to last 12 months or more?"
        ),
        YES_NO,
    ),
    "carer": (
        _(
            "Do you look after, or give any help or support to, anyone because of their long-term physical "
            "or mental health condition or illness, or problems related to old age?"
        ),
        YES_NO,
    ),
    "sexual_orientation": (_("Which of the following best describes your sexual orientation?"), SEXUAL_ORIENTATIONS),
    "gender_identity": (_("Is the gender you identify with the same as your sex registered at birth?"), YES_NO),
}
