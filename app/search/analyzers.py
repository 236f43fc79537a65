"""Text analysis per language. Whoosh pickles analyzers into the index, so every piece is a module-level class.

Measured pitfalls this module exists for: Whoosh's default tokenizer splits Bengali and vocalised Arabic into single
letters (its word class leaves out combining marks), Chinese has no spaces, Whoosh's Arabic stemmer over-stems
(السكن -> الس), and Polish ł does not fold with Unicode decomposition.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
MAX_TOKEN = 64


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern:
    """Runs of word characters (letters, digits, "_") plus every combining mark (Mn, Mc, Me) and the zero-width
    (non-)joiners used inside Persian and Bengali words. Built once, on first use."""
    marks = "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)).startswith("M"))
    return re.compile(f"[\\w{marks}\u200c\u200d]+")


class UnicodeWordTokenizer(Tokenizer):
    """Words with their combining marks kept inside; a run of Han characters becomes overlapping pairs."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        position = start_pos
        for match in _word_pattern().finditer(value):
            for piece_start, piece_end in _pieces(match):
                text = value[piece_start:piece_end][:MAX_TOKEN]
                token.text = text
                token.boost, token.stopped = 1.0, False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = position
                    position += 1
                if chars:
                    token.startchar, token.endchar = start_char + piece_start, start_char + piece_end
                yield token


def _pieces(match: re.Match):
    """Split a word where Han and other scripts meet; Han stretches become overlapping character pairs."""
    start, end = match.span()
    word = match.group()
    if not _HAN_RUN.search(word):
        yield start, end
        return
    position = 0
    for han in _HAN_RUN.finditer(word):
        if han.start() > position:
            yield start + position, start + han.start()
        first, last = start + han.start(), start + han.end()
        if last - first == 1:
            yield first, last
        for pair in range(first, last - 1):
            yield pair, pair + 2
        position = han.end()
    if position < len(word):
        yield start + position, end


_SPECIAL_FOLDS = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe"})


@lru_cache(maxsize=200_000)
def fold_accents(word: str) -> str:
    """Latin-script folding: café -> cafe, łódź -> lodz, ș -> s (cached: words repeat)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_SPECIAL_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class AccentFoldFilter(Filter):
    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_accents(token.text)
            yield token


_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ے": "ي",
        "ک": "ك",
        "ګ": "ك",
        "گ": "ك",
        "ہ": "ه",
        "ھ": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
        "\u200c": None,
    }
)


def fold_arabic_script(text: str, teh_marbuta: bool = True) -> str:
    """Strip harakat and tatweel, unify alef/hamza forms, Persian/Urdu yeh and kaf to Arabic, and (unless Snowball's
    Arabic stemmer follows, which handles it itself and stems inconsistently once it is folded) ة -> ه."""
    text = "".join(c for c in text if not ("\u064b" <= c <= "\u065f" or c == "\u0670"))
    text = text.translate(_ARABIC_FOLDS)
    return text.replace("ة", "ه") if teh_marbuta else text


class ArabicScriptFoldFilter(Filter):
    def __init__(self, teh_marbuta: bool = True) -> None:
        self.teh_marbuta = teh_marbuta

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.teh_marbuta == self.teh_marbuta

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_arabic_script(token.text, self.teh_marbuta)
            yield token


_THREAD = threading.local()


def _stemmer(language: str):
    """One stemmer per thread and language: snowballstemmer's stemmers keep state while they work."""
    stemmers = _THREAD.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


class SnowballFilter(Filter):
    """Snowball stemming (snowballstemmer); the stemmer itself is not pickled, only the language name. Marked as a
    morphological filter so that spelling suggestions are built from unstemmed words."""

    is_morph = True

    def __init__(self, language: str) -> None:
        self.language = language

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.language == self.language

    def __call__(self, tokens):
        stem = _stemmer(self.language).stemWord
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def _latin(language: str | None):
    """Stem first (Snowball knows the language's accents), then fold accents so "cafe" finds "café"."""
    if language is None:
        return UnicodeWordTokenizer() | LowercaseFilter() | AccentFoldFilter()
    return UnicodeWordTokenizer() | LowercaseFilter() | SnowballFilter(language) | AccentFoldFilter()


def _arabic_script(language: str | None):
    fold = ArabicScriptFoldFilter(teh_marbuta=language != "arabic")
    analyzer = UnicodeWordTokenizer() | LowercaseFilter() | fold
    return analyzer | SnowballFilter(language) if language else analyzer


_FACTORIES = {
    "english": lambda: _latin("english"),
    "spanish": lambda: _latin("spanish"),
    "french": lambda: _latin("french"),
    "italian": lambda: _latin("italian"),
    "portuguese": lambda: _latin("portuguese"),
    "romanian": lambda: _latin("romanian"),
    "turkish": lambda: _latin("turkish"),
    "polish": lambda: _latin("polish"),
    "russian": lambda: UnicodeWordTokenizer() | LowercaseFilter() | SnowballFilter("russian"),
    "tagalog": lambda: _latin(None),
    "somali": lambda: _latin(None),
    "arabic": lambda: _arabic_script("arabic"),
    "persian": lambda: _arabic_script("persian"),
    "urdu": lambda: _arabic_script(None),
    "bengali": lambda: UnicodeWordTokenizer() | LowercaseFilter(),
    "chinese": lambda: UnicodeWordTokenizer() | LowercaseFilter(),
    "simple": lambda: UnicodeWordTokenizer() | LowercaseFilter() | AccentFoldFilter(),
}


def analyzer_for(name: str):
    """The analyzer named by a locale's ``analyzer`` slot in the registry."""
    return _FACTORIES.get(name, _FACTORIES["simple"])()


def terms(text: str, analyzer_name: str) -> list[str]:
    return [token.text for token in analyzer_for(analyzer_name)(text)]
