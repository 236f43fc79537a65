"""Sentence-level easy-read rules: each looks at one sentence and says which words break it.

Thresholds and advice follow the UK guidance: Department of Health / Office for Disability Issues, "Making written
information easier to understand for people with learning disabilities" (2010); Mencap, "Am I making myself
clear?"; Inclusion Europe, "Information for all" (2009). Rules that only make sense in English say so in
``languages``; the others run in every language.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex
from wordfreq import available_languages, zipf_frequency

from app.ui.validators import PHONE_IN_TEXT

DOH = "Department of Health / Office for Disability Issues easy read guidance"
MENCAP = "Mencap, Am I making myself clear?"
INCLUSION_EUROPE = "Inclusion Europe, Information for all"
ENGLISH = frozenset({"en"})
# A word is rare below Zipf 2.5 (about 3 times in 10 million words). The guidance's "about 3" flagged plain words
# of social care ("carer" is 2.86); 2.5 did better on the labelled sentences used while writing the rules.
HARD_WORD_ZIPF = 2.5
LONG_WORD_ZIPF = 4.0  # a word of 3 syllables or more is hard below this
SENTENCE_WARNING, SENTENCE_ERROR = 15, 20


@dataclass(frozen=True)
class Hit:
    words: tuple[str, ...]
    severity: str = "warning"


@dataclass(frozen=True)
class Context:
    lang: str
    glossary: frozenset[str]  # lower-case words and phrases the leaflet explains


@dataclass(frozen=True)
class SentenceRule:
    id: str
    title: str
    source: str
    suggestion: str
    check: Callable[[str, Context], Hit | None]
    languages: frozenset[str] | None = None  # None: every language

    def applies(self, lang: str) -> bool:
        return self.languages is None or lang in self.languages


# A word: letters with their combining marks (Bengali and Arabic vowel signs), joined by an apostrophe or a hyphen.
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}\p{Nd}]*(?:['’.-]\p{L}[\p{L}\p{M}]*)*\.?")


def words(sentence: str) -> list[str]:
    """The words as a reader counts them: things separated by spaces (a phone number's groups count too)."""
    return [w for w in re.split(r"\s+", re.sub(r"^\s*[-*]\s+", "", sentence)) if re.search(r"\w", w)]


_ADDRESSES = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+")


def _tokens(sentence: str) -> list[str]:
    return _TOKEN.findall(_ADDRESSES.sub(" ", sentence))


def _explained(word: str, ctx: Context) -> bool:
    """The glossary explains the word (or its singular)."""
    lowered = word.lower().strip(".")
    forms = {lowered, lowered.removesuffix("s"), lowered.removesuffix("es")}
    return any(
        form in ctx.glossary or any(form in entry.split() for entry in ctx.glossary if " " in entry) for form in forms
    )


def _long(sentence: str, _ctx: Context) -> Hit | None:
    count = len(words(sentence))
    if count > SENTENCE_ERROR:
        return Hit((f"{count} words",), "error")
    return Hit((f"{count} words",)) if count > SENTENCE_WARNING else None


@cache
def _wordfreq_language(lang: str) -> str | None:
    code = {"tl": "fil", "zh-Hans": "zh"}.get(lang, lang)
    return code if code in available_languages() and code not in ("zh", "ja", "ko") else None


def _syllables(word: str) -> int:
    return max(1, len(re.findall(r"[aeiouy]+", word.lower().removesuffix("e"))))


def _hard_words(sentence: str, ctx: Context) -> Hit | None:
    lang = _wordfreq_language(ctx.lang)
    if lang is None:
        return None  # no word frequencies for this language (Somali, Chinese): the rule cannot judge
    found = []
    tokens = _tokens(sentence)
    for index, token in enumerate(tokens):
        word = token.strip(".")
        # A capital letter inside a sentence marks a name; the first word is a name when it stands alone (a list
        # item) or the next word has a capital too (Ashfield Community Hub).
        name = word[:1].isupper() and (index > 0 or len(tokens) == 1 or tokens[1][:1].isupper())
        if name or word.isupper() or _explained(word, ctx) or "'" in word or "’" in word:
            continue  # initials and contractions have rules of their own
        zipf = zipf_frequency(word, lang)
        if zipf < HARD_WORD_ZIPF or (ctx.lang == "en" and _syllables(word) >= 3 and zipf < LONG_WORD_ZIPF):
            found.append(word)
    return Hit(tuple(dict.fromkeys(found))) if found else None


_DOTTED = re.compile(
    r"\b(?:e\.\s?g|i\.\s?e|etc|approx|incl|tel|no|nos|vs|dept|govt|mins?|hrs?|wk|yrs?|Dr|Mrs?|"
    r"Ms|St|Rd|Ave|Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|"
    r"Dec)\b\.?",
    re.IGNORECASE,
)
_EMPHASIS = frozenset(
    {
        "NOT",
        "NO",
        "DO",
        "YOU",
        "ALL",
        "ANY",
        "ONLY",
        "MUST",
        "NEVER",
        "ALWAYS",
        "YES",
        "NOW",
        "CAN",
        "WILL",
        "ARE",
        "IS",
        "OR",
        "AND",
        "THE",
        "OUR",
        "OFF",
        "OUT",
        "SAY",
        "ASK",
        "WHY",
    }
)


def _is_emphasis(word: str) -> bool:
    return word in _EMPHASIS or (len(word) >= 4 and zipf_frequency(word.lower(), "en") >= 4.2)


def _capitals(sentence: str) -> list[str]:
    return [w for w in re.findall(r"\b[A-Z][A-Z']+\b", sentence) if len(w.strip("'")) >= 2]


_TITLES = frozenset({"dr", "mr", "mrs", "ms", "st", "rd", "ave"})
_ALWAYS = frozenset({"eg", "ie", "etc", "approx", "incl", "vs", "dept", "govt", "mins", "hrs", "hr", "wk", "yrs", "yr"})
_UNSURE = frozenset({"no", "nos", "sun", "sat", "wed", "mar", "min", "tel"})  # also everyday words


def _short_form(word: str) -> bool:
    base = word.lower().rstrip(".").replace(".", "").replace(" ", "")
    if base in _ALWAYS:
        return True
    if base in _TITLES:
        return word[0].isupper()
    if base in _UNSURE:
        return word[0].isupper() and word.endswith(".") and base != "no"
    return word[0].isupper()  # a day or a month cut short: Mon, Tues, Sept


def _abbreviations(sentence: str, ctx: Context) -> Hit | None:
    found = [m.group(0) for m in _DOTTED.finditer(sentence) if _short_form(m.group(0))]
    found += [w for w in _capitals(sentence) if not _is_emphasis(w)]
    found += re.findall(r"\b(?:[A-Z][a-z]+[A-Z]\w*|[a-z]+[A-Z]\w*|[A-Z]\.(?:[A-Z]\.)+)", sentence)
    found = [w for w in found if not _explained(w, ctx)]
    return Hit(tuple(dict.fromkeys(found))) if found else None


_CONTRACTION = re.compile(
    r"\b\w+(?:n['’]t|['’](?:re|ll|ve|m|d))\b|\b(?:it|that|what|there|he|she|who|let|here|"
    r"where|how|when)['’]s\b",
    re.IGNORECASE,
)


def _contractions(sentence: str, _ctx: Context) -> Hit | None:
    found = _CONTRACTION.findall(sentence)
    return Hit(tuple(found)) if found else None


_NUMBER_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozen",
]
_NUMBER_WORD = re.compile(
    r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b|\b(?:thousand|million|billion)\b|"
    r"\bone\b(?!\s+(?:of|another|who|that|you|is|thing|by\s+one|or\s+two|if|when|at|now|today|"
    r"for|from|here|there)\b|\s*[.,;!?]|\s*$)",
    re.IGNORECASE,
)
_ORDINAL_DATE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|tenth|twentieth|thirtieth)\s+of\s+(?:January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)
_NOT_ONE = re.compile(
    r"\b(?:the|no|any|each|every|some|this|that|which|a|someone|anyone|no-)\s+one\b|"
    r"\bone\s+(?:to\s+one|or\s+more)\b",
    re.IGNORECASE,
)


def _number_words(sentence: str, _ctx: Context) -> Hit | None:
    cleaned = _NOT_ONE.sub(" ", sentence)
    cleaned = re.sub(r"\d[\d,.]*\s+(?:thousand|million|billion)\b", " ", cleaned, flags=re.IGNORECASE)
    found = [m.group(0) for m in _NUMBER_WORD.finditer(cleaned)] + _ORDINAL_DATE.findall(sentence)
    return Hit(tuple(found)) if found else None


_PERCENT = re.compile(r"\d+(?:\.\d+)?\s?%|\b(?:per\s?cent|percent)\b", re.IGNORECASE)
_FRACTION = re.compile(
    r"\b\d+/\d+\b|[½⅓⅔¼¾⅕⅛]|\b(?:half|halves)\b|"
    r"\b(?:a|one|two|three|four|\d+)\s+(?:quarters?|thirds?|fifths?)\b",
    re.IGNORECASE,
)
_LARGE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s*(?:million|billion|bn)\b|\b\d{4,}\b", re.IGNORECASE)


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))


def _number_format(sentence: str, _ctx: Context) -> Hit | None:
    text = PHONE_IN_TEXT.sub(" ", sentence)  # a phone number is not a big number
    found = [m.group(0) for m in _PERCENT.finditer(text)] + [m.group(0) for m in _FRACTION.finditer(text)]
    found += [m.group(0) for m in _LARGE.finditer(text) if not _is_year(m.group(0))]
    return Hit(tuple(found)) if found else None


def _all_caps(sentence: str, _ctx: Context) -> Hit | None:
    found = [w for w in _capitals(sentence) if _is_emphasis(w)]
    return Hit(tuple(found)) if found else None


_SYMBOL = re.compile(
    r"&|(?<=[^\W\d])/(?=[^\W\d])|\b\d+\+|(?<=\s)[+=@~<>](?=\s)|\bw/|"
    r"\b(?:Mon|Tues?|Wed|Thu|Fri|Sat|Sun)\w*\s?[-–]\s?\w+"
)


def _symbols(sentence: str, _ctx: Context) -> Hit | None:
    text = _ADDRESSES.sub(" ", sentence)
    found = [m.group(0).strip() for m in _SYMBOL.finditer(text)]
    return Hit(tuple(found)) if found else None


_FORMATTING = re.compile(
    r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)|(?<![_\w])_(?!_)[^_\n]+_(?![_\w])|<u>.*?</u>|<i>.*?</i>|"
    r"<em>.*?</em>"
)


def _formatting(sentence: str, _ctx: Context) -> Hit | None:
    found = _FORMATTING.findall(sentence)
    return Hit(tuple(found)) if found else None


_STATES = frozenset(
    [
        "closed",
        "worried",
        "scared",
        "frightened",
        "tired",
        "married",
        "interested",
        "pleased",
        "excited",
        "bored",
        "confused",
        "concerned",
        "located",
        "based",
        "disabled",
        "qualified",
        "retired",
        "related",
        "supposed",
        "called",
        "upset",
        "stuck",
        "open",
        "aged",
        "entitled",
        "welcome",
        "unable",
        "able",
        "allowed",
    ]
)
_IRREGULAR = frozenset(
    [
        "given",
        "taken",
        "told",
        "sent",
        "seen",
        "made",
        "done",
        "known",
        "shown",
        "paid",
        "kept",
        "left",
        "found",
        "brought",
        "bought",
        "written",
        "chosen",
        "held",
        "met",
        "put",
        "read",
        "set",
        "spent",
        "taught",
        "thought",
        "understood",
        "won",
        "heard",
        "hurt",
        "lost",
        "sold",
    ]
)
_PASSIVE = re.compile(
    r"\b(am|is|are|was|were|be|been|being|get|gets|got|getting)\s+(?:\w+ly\s+|not\s+)?"
    r"(\w+)\b(\s+by\b)?",
    re.IGNORECASE,
)


def _passive(sentence: str, _ctx: Context) -> Hit | None:
    found = []
    for match in _PASSIVE.finditer(sentence):
        verb = match.group(2).lower()
        if verb in _STATES and not match.group(3):  # "is closed" is a state; "is closed by us" is not
            continue
        if verb in _IRREGULAR or (verb.endswith("ed") and len(verb) > 4 and zipf_frequency(verb, "en") > 0):
            if match.group(1).lower() in ("get", "gets", "got", "getting") and verb not in _IRREGULAR:
                continue
            found.append(match.group(0))
    return Hit(tuple(found)) if found else None


_VERBS = [
    "talk",
    "call",
    "tell",
    "ask",
    "help",
    "visit",
    "get",
    "go",
    "come",
    "see",
    "send",
    "make",
    "take",
    "give",
    "find",
    "pay",
    "write",
    "read",
    "meet",
    "check",
    "look",
    "use",
    "work",
    "keep",
    "say",
    "speak",
    "stay",
    "bring",
    "choose",
    "decide",
    "plan",
    "apply",
    "book",
    "join",
    "contact",
    "email",
    "phone",
    "ring",
    "arrange",
    "show",
    "explain",
    "learn",
    "fill",
    "sign",
    "agree",
    "need",
    "want",
    "have",
    "do",
    "start",
    "stop",
    "leave",
    "move",
]
_IDEAS = re.compile(
    r";|,\s*(?:and|but|so|or)\s|\b(?:but|because|although|though|whereas|however|which|unless)\b|"
    r"\band\s+(?:then\s+)?(?:we|you|they|he|she|it|I|your|our|this|there)\b|"
    r"\band\s+(?:" + "|".join(_VERBS) + r")\b",
    re.IGNORECASE,
)


def _many_ideas(sentence: str, _ctx: Context) -> Hit | None:
    found = [m.group(0).strip(" ,") for m in _IDEAS.finditer(sentence)]
    return Hit(tuple(found)) if found else None


SENTENCE_RULES: tuple[SentenceRule, ...] = (
    SentenceRule(
        "long", "Sentence too long", DOH, "Keep sentences to 15 words or fewer. Split this one in two.", _long
    ),
    SentenceRule(
        "hard-word",
        "Hard words",
        MENCAP,
        "Use an everyday word, or explain the word in the leaflet's list of hard words.",
        _hard_words,
    ),
    SentenceRule(
        "abbreviation",
        "Initials or short forms",
        INCLUSION_EUROPE,
        "Write the words out in full, or explain them in the list of hard words.",
        _abbreviations,
        ENGLISH,
    ),
    SentenceRule(
        "contraction",
        "Shortened words",
        MENCAP,
        'Write the words in full: "do not", not "don\'t".',
        _contractions,
        ENGLISH,
    ),
    SentenceRule(
        "number-words", "Numbers written as words", DOH, 'Use digits: "3", not "three".', _number_words, ENGLISH
    ),
    SentenceRule(
        "number-format",
        "Percentages, fractions or big numbers",
        DOH,
        'Say it in words people use: "some", "most", "half" may be clearer than a percentage; avoid numbers over 1000.',
        _number_format,
        ENGLISH,
    ),
    SentenceRule(
        "all-caps",
        "Words in capital letters",
        INCLUSION_EUROPE,
        "Write words in normal letters. Use bold for the one important word, if needed.",
        _all_caps,
    ),
    SentenceRule(
        "symbol",
        "Symbols used for words",
        INCLUSION_EUROPE,
        'Write the word: "and", "or", "and over", not "&", "/" or "+".',
        _symbols,
    ),
    SentenceRule(
        "formatting",
        "Italic or underlined words",
        INCLUSION_EUROPE,
        "Do not use italics or underlining. Use bold for an important word.",
        _formatting,
    ),
    SentenceRule(
        "passive",
        "Passive voice",
        MENCAP,
        'Say who does it: "We will send you a letter", not "A letter will be sent".',
        _passive,
        ENGLISH,
    ),
    SentenceRule("many-ideas", "More than one idea", DOH, "Put each idea in its own sentence.", _many_ideas, ENGLISH),
)
RULE_IDS = tuple(rule.id for rule in SENTENCE_RULES)
